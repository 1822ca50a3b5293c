/**
 * Everything that touches a server's process tree, in one place: signalling it, asking whether
 * any of it is alive, killing it synchronously (for the host's exit), and the one bounded
 * termination (SIGTERM, wait, SIGKILL) used for every kill, whether the server is being shut
 * down or has exited and left descendants behind. Timing runs on a scheduler only.
 *
 * POSIX: the server is spawned `detached`, so it leads a process group its descendants inherit
 * (through `sh -c`, `npx`, `uvx`…); `kill(-pgid)` reaches all of them at once, even after the
 * leader exited, with no process listing (no race with forks in flight). A descendant that leaves
 * the group (`setsid`) is out of reach, as for any supervisor short of cgroups. A server that is
 * not a group leader (a custom spawner ignored `detached`) falls back to tree-kill's `ps` walk.
 * Windows: tree-kill runs `taskkill /T /F`. A process that is not a Node `ChildProcess` (a fake)
 * gets `kill(signal)`, so tests observe SIGTERM and SIGKILL.
 */
import { ChildProcess, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  concat,
  defer,
  EMPTY,
  filter,
  first,
  ignoreElements,
  merge,
  race,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import treeKill from 'tree-kill';
import { boundedTimer } from '../timing/boundedTimer.js';
import type { StdioChildProcess } from './StdioChildProcess.js';

/** How often the group is checked for survivors during their SIGTERM grace. */
const POLL_INTERVAL = 50;

/** A server's process tree: the leader and, on POSIX, its process group. */
export class ProcessTree {
  private leaderExited = false;

  /**
   * @param child The server process (the tree's leader).
   * @param groupLeader Whether it was spawned as the leader of its own process group.
   * @param exited Emits once the leader has exited.
   */
  constructor(
    private readonly child: StdioChildProcess,
    private readonly groupLeader: boolean,
    private readonly exited: Observable<unknown>,
  ) {
    // Not part of any wait: only remembers the exit for `alive()`.
    exited.pipe(first()).subscribe(() => (this.leaderExited = true));
  }

  /** Whether the leader or (POSIX, real process) any other member of its group still lives. */
  alive(): boolean {
    if (!this.leaderExited) return true;
    const pid = this.child.pid;
    if (!(this.child instanceof ChildProcess) || pid === undefined || !this.groupLeader) return false;
    return processGroupAlive(pid);
  }

  /** Sends `signal` to the whole tree (see the module comment for how, per platform). */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    const { child } = this;
    const pid = child.pid;
    if (!(child instanceof ChildProcess) || pid === undefined) {
      child.kill(signal);
      return;
    }
    if (process.platform === 'win32') {
      treeKill(pid, signal, () => undefined);
      return;
    }
    if (this.groupLeader && signalGroup(pid, signal) === 'sent') return;
    if (child.exitCode === null && child.signalCode === null) {
      // tree-kill does not handle the spawn error of a missing `ps`, which would crash the host.
      if (hasPs()) treeKill(pid, signal, () => undefined);
      else child.kill(signal);
    }
  }

  /** SIGKILL to the whole tree, synchronously: for the host's `'exit'`, where nothing async runs. */
  killNow(): void {
    const { child } = this;
    const pid = child.pid;
    if (!(child instanceof ChildProcess) || pid === undefined) child.kill('SIGKILL');
    else if (process.platform === 'win32') {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else if (this.groupLeader) process.kill(-pid, 'SIGKILL');
    else child.kill('SIGKILL');
  }

  /**
   * The one termination of the tree: SIGTERM, up to `termTimeout` for every member to go, then
   * SIGKILL to whatever is left. A leader that dies on SIGTERM does not restart the grace for its
   * leftovers: they share the same deadline.
   *
   * @returns An Observable that completes once the tree is gone or has been sent SIGKILL.
   */
  terminate(termTimeout: number, scheduler: SchedulerLike): Observable<never> {
    return defer(() => {
      this.signal('SIGTERM');
      // The leader's exit is seen at once; other members are polled (no event tells of them).
      const gone = merge(this.exited, timer(POLL_INTERVAL, POLL_INTERVAL, scheduler)).pipe(
        filter(() => !this.alive()),
      );
      return concat(
        race(gone, boundedTimer(termTimeout, scheduler)).pipe(first(), ignoreElements()),
        defer(() => {
          if (this.alive()) this.signal('SIGKILL');
          return EMPTY;
        }),
      );
    });
  }
}

/**
 * Whether any process of the group `pgid` is still alive (POSIX; always `false` elsewhere).
 * A zombie does not count: where PID 1 does not reap orphans (many containers), the dead stay in
 * the process table and `kill(-pgid, 0)` alone would report them alive forever, so on Linux the
 * members are checked in /proc. EPERM (a member we may not signal) proves nothing is gone.
 */
export function processGroupAlive(pgid: number): boolean {
  if (process.platform === 'win32') return false;
  const probe = signalGroup(pgid, 0);
  if (probe === 'no-such-group') return false;
  if (process.platform !== 'linux') return true;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 0x30 || first > 0x39) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the parenthesized command name: state, ppid, pgrp, ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[2] === String(pgid) && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

/**
 * `kill(-pgid, signal)`. Only ESRCH means the group is gone; EPERM means a member exists that we
 * may not signal (it changed credentials), which proves nothing about the rest.
 */
export function signalGroup(
  pgid: number,
  signal: 'SIGTERM' | 'SIGKILL' | 0,
  kill: (pid: number, signal: 'SIGTERM' | 'SIGKILL' | 0) => void = (pid, s) => process.kill(pid, s),
): 'sent' | 'no-such-group' | 'not-permitted' {
  try {
    kill(-pgid, signal);
    return 'sent';
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM' ? 'not-permitted' : 'no-such-group';
  }
}

let psFound: boolean | undefined;

/** Whether a `ps` executable is on the PATH (checked once). */
function hasPs(): boolean {
  psFound ??= (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'ps'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return psFound;
}
