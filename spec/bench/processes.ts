import { readdirSync, readFileSync } from 'node:fs';

/**
 * Finding the bench's servers and everything they started, on Linux, through /proc. Each server
 * is started with a unique `BENCH_TAG` in its environment, which its descendants inherit even
 * after a wrapper in between has died and they were re-parented: so "descendants left alive"
 * does not depend on a parent chain that teardown may have broken.
 */

const TAG_VARIABLE = 'BENCH_TAG';
const runPrefix = `bench-${process.pid}-`;
let counter = 0;

/** A fresh tag for one server (put it in the server's environment as `BENCH_TAG`). */
export function newTag(): string {
  counter += 1;
  return `${runPrefix}${counter}`;
}

/** The environment entry that carries `tag`. */
export function tagEnv(tag: string): Record<string, string> {
  return { [TAG_VARIABLE]: tag };
}

/** Whether /proc can be used (Linux). Elsewhere the descendant counts read as unknown. */
export const procAvailable = process.platform === 'linux';

function numericEntries(): string[] {
  try {
    return readdirSync('/proc').filter((entry) => entry.charCodeAt(0) >= 0x30 && entry.charCodeAt(0) <= 0x39);
  } catch {
    return [];
  }
}

function isLive(pid: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * The live processes (zombies excluded) whose environment holds a tag matching `match`.
 *
 * @param match A whole tag, or a prefix when `prefix` is true.
 */
function findTagged(match: string, prefix: boolean): number[] {
  const needle = `\0${TAG_VARIABLE}=${match}`;
  const found: number[] = [];
  for (const pid of numericEntries()) {
    if (Number(pid) === process.pid) continue;
    let environ: string;
    try {
      environ = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
    } catch {
      continue; // gone, or not ours to read
    }
    const at = environ.indexOf(needle);
    if (at === -1) continue;
    if (!prefix && environ.charCodeAt(at + needle.length) !== 0) continue;
    if (isLive(pid)) found.push(Number(pid));
  }
  return found;
}

/** Live processes carrying exactly `tag`. */
export function taggedProcesses(tag: string): number[] {
  return findTagged(tag, false);
}

/**
 * Waits until no live process carries `tag`, polling every `interval` ms, or until `deadline`
 * (a `performance.now()` time).
 *
 * @returns When the last one was seen gone (`performance.now()`), or null at the deadline.
 */
export async function waitUntilGone(tag: string, deadline: number, interval = 5): Promise<number | null> {
  for (;;) {
    if (taggedProcesses(tag).length === 0) return performance.now();
    if (performance.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** SIGKILLs every live process carrying `tag` (all started by this bench). Returns how many. */
export function killTagged(tag: string): number {
  return killPids(taggedProcesses(tag));
}

/** SIGKILLs every process any server of this run left behind. Returns how many. */
export function killEverythingTagged(): number {
  return killPids(findTagged(runPrefix, true));
}

function killPids(pids: readonly number[]): number {
  let killed = 0;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
      killed += 1;
    } catch {
      // already gone
    }
  }
  return killed;
}
