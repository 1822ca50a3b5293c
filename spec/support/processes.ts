/**
 * Process helpers for the real-process tests: who is alive, who descends from whom, and safety
 * nets that end what a failed test left behind (always by pid, never by name).
 *
 * Linux first: processes are read from /proc. A zombie (state Z, or X) counts as gone: in this
 * sandbox PID 1 does not reap orphans, so a dead orphan may stay a zombie forever. (A zombie main
 * thread with other threads still exiting is not gone yet: see `isAlive`.) Elsewhere,
 * `isAlive`, `waitUntilGone`, `killIfAlive` and `openFdCount` fall back to `kill(pid, 0)` and
 * /dev/fd, while `descendantsOf`, `processGroupMembers` and `processInfo` throw an explicit error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasLiveThreads } from './leftovers.js';

/** What /proc/<pid>/stat tells about one process. */
export interface ProcessInfo {
  pid: number;
  /** One letter: R running, S sleeping, D disk, Z zombie, T stopped, X dead, ... */
  state: string;
  ppid: number;
  pgid: number;
  /** Session id. */
  sid: number;
}

const hasProc = process.platform === 'linux';

function requireProc(what: string): void {
  if (!hasProc) {
    throw new Error(
      `spec/support/processes: ${what} reads /proc, which only Linux has (${process.platform})`,
    );
  }
}

function parseStat(pid: number, stat: string): ProcessInfo {
  // The command name is in parentheses and may hold spaces or ')': fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]) };
}

/** The /proc view of `pid`, or `undefined` if there is no such process (zombies included). */
export function processInfo(pid: number): ProcessInfo | undefined {
  requireProc('processInfo');
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}

/** Every process in /proc right now (zombies included). */
function allProcesses(): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = processInfo(Number(entry));
    if (info !== undefined) all.push(info);
  }
  return all;
}

const isZombie = (info: ProcessInfo): boolean => info.state === 'Z' || info.state === 'X';
/** Alive by the rule of `isAlive`, from an already read stat. */
const isLive = (info: ProcessInfo): boolean => !isZombie(info) || hasLiveThreads(info.pid);

/**
 * Whether `pid` exists and is not a zombie. A zombie main thread whose other threads are still
 * exiting counts as alive: the process is gone only once its pipes are closed.
 */
export function isAlive(pid: number): boolean {
  if (hasProc) {
    const info = processInfo(pid);
    return info !== undefined && isLive(info);
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live (non-zombie) descendants of `pid`, following parent links, in no particular order. */
export function descendantsOf(pid: number): number[] {
  requireProc('descendantsOf');
  const children = new Map<number, ProcessInfo[]>();
  for (const info of allProcesses()) {
    const siblings = children.get(info.ppid);
    if (siblings === undefined) children.set(info.ppid, [info]);
    else siblings.push(info);
  }
  const found: number[] = [];
  const pending = [pid];
  for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
    for (const child of children.get(parent) ?? []) {
      if (isLive(child)) found.push(child.pid);
      pending.push(child.pid);
    }
  }
  return found;
}

/** The live (non-zombie) members of process group `pgid`. */
export function processGroupMembers(pgid: number): number[] {
  requireProc('processGroupMembers');
  return allProcesses()
    .filter((info) => info.pgid === pgid && isLive(info))
    .map((info) => info.pid);
}

/**
 * Polls every 20 ms until none of `pids` is alive, or `timeoutMs` has passed.
 * @returns The pids still alive at the end: empty means success (`expect(left).toEqual([])`).
 */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/**
 * SIGKILLs each of `pids` that is still alive, by pid. A safety net for afterEach hooks only:
 * tests prove their processes are gone with `waitUntilGone`.
 * @returns The pids that were signalled.
 */
export function killIfAlive(pids: readonly number[]): number[] {
  const killed: number[] = [];
  for (const pid of pids) {
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid || !isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return killed;
}

/**
 * The safety net of an afterEach that reports: waits up to `graceMs` for `pids` to go, SIGKILLs
 * by pid those still alive, and returns them, so that the hook fails with them
 * (`expect(await endLeftovers(pids)).toEqual([])`). A net that killed quietly would hide the very
 * leak the shared check (leakCheckEnvironment.js) looks for.
 */
export async function endLeftovers(pids: Iterable<number>, graceMs = 3000): Promise<number[]> {
  const left = await waitUntilGone([...new Set(pids)], graceMs);
  killIfAlive(left);
  return left;
}

/**
 * SIGKILLs the whole process group `pgid` if any member is alive (a safety net for a child
 * spawned `detached`, which leads its own group). Refuses the test runner's own group.
 * @returns Whether a signal was sent.
 */
export function killGroupIfAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  if (hasProc && processInfo(process.pid)?.pgid === pgid) {
    throw new Error(`killGroupIfAlive: ${pgid} is the test runner's own process group`);
  }
  if (hasProc && processGroupMembers(pgid).length === 0) return false;
  try {
    process.kill(-pgid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** How many file descriptors this process has open (to catch leaked pipes). */
export function openFdCount(): number {
  return readdirSync(hasProc ? '/proc/self/fd' : '/dev/fd').length;
}

/** The absolute path of a fixture: `fixturePath('echo.js')` is spec/fixtures/echo.js. */
export function fixturePath(name: string): string {
  return path.join(__dirname, '..', 'fixtures', name);
}
