/**
 * Just enough of /proc (Linux) for the demo to prove that the server and everything it started
 * are gone. Elsewhere `supported` is false and the demo skips that line.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Whether this platform has /proc to read processes from. */
export const supported = process.platform === 'linux';

interface Stat {
  state: string;
  ppid: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name is in parentheses and may hold spaces or ')': fields follow the last ')'.
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** A zombie (Z) or dead (X) process has exited; only its parent has yet to collect it. */
const exited = (s: Stat): boolean => s.state === 'Z' || s.state === 'X';

/**
 * Whether `pid` runs (a zombie does not).
 *
 * @param pid The process id.
 * @returns `true` while it runs.
 */
export function isRunning(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && !exited(s);
}

/**
 * The running descendants of `pid` (children, grandchildren…), read from /proc.
 *
 * @param pid The root process.
 * @returns Their pids, in no particular order.
 */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  const running = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = Number(entry);
    const s = stat(child);
    if (s === undefined) continue;
    if (!exited(s)) running.add(child);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), child]);
  }
  const found: number[] = [];
  const pending = [pid];
  for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
    for (const child of children.get(parent) ?? []) {
      if (running.has(child)) found.push(child);
      pending.push(child);
    }
  }
  return found;
}
