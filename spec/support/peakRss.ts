/**
 * The peak resident memory of this process, for measurements run in a fresh child process (the
 * bench's large frames, the fault suite's flood). On Linux the kernel's high-water mark (VmHWM)
 * can be reset just before a measurement; elsewhere the lifetime maximum from getrusage is used.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Whether VmHWM can be reset here (Linux, /proc writable). */
export const canResetPeak = ((): boolean => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return /VmHWM:\s+\d+/.test(readFileSync('/proc/self/status', 'latin1'));
  } catch {
    return false;
  }
})();

/** How `peakRss()` is read: the resettable high-water mark, or getrusage (a lifetime maximum). */
export const peakSource: 'VmHWM' | 'maxRSS' = canResetPeak ? 'VmHWM' : 'maxRSS';

/** Starts a new peak from the current RSS (where the kernel allows it). */
export function resetPeak(): void {
  if (canResetPeak) writeFileSync('/proc/self/clear_refs', '5');
}

/** The peak RSS since `resetPeak()` (or since the start), in bytes. */
export function peakRss(): number {
  if (canResetPeak) {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'latin1'));
    if (match !== null) return Number(match[1]) * 1024;
  }
  return process.resourceUsage().maxRSS * 1024;
}
