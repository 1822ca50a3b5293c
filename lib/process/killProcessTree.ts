import { ChildProcess } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import treeKill from 'tree-kill';
import type { StdioChildProcess } from './StdioChildProcess.js';

/**
 * Sends `signal` to a server and every process it started.
 *
 * - POSIX: the server was spawned `detached`, so it leads a process group of its own that its
 *   descendants inherit (through `sh -c`, `npx`, `uvx` and other wrappers); one `kill(-pgid)`
 *   reaches all of them at once, even after the server itself has exited, without listing
 *   processes (no race with forks in flight, no `ps`). A descendant that deliberately leaves the
 *   group (`setsid`, `detached: true`) is out of reach, as it is for any supervisor short of
 *   cgroups. If the server is not a group leader (a custom spawner ignored `detached`), it falls
 *   back to tree-kill's `ps` walk, but only when `ps` exists: tree-kill does not handle the
 *   spawn error of a missing `ps`, which would crash the host.
 * - Windows: tree-kill runs `taskkill /T /F`, which ends the tree forcefully whatever the signal.
 * - A process that is not a Node `ChildProcess` (a test's fake) gets `kill(signal)`, so fakes
 *   observe SIGTERM and SIGKILL.
 *
 * @param child The server process.
 * @param signal `'SIGTERM'` or `'SIGKILL'`.
 * @param groupLeader Whether the server was spawned as the leader of its own process group.
 */
export function killProcessTree(
  child: StdioChildProcess,
  signal: NodeJS.Signals,
  groupLeader: boolean,
): void {
  const pid = child.pid;
  if (!(child instanceof ChildProcess) || pid === undefined) {
    child.kill(signal);
    return;
  }
  if (process.platform === 'win32') {
    treeKill(pid, signal, () => undefined);
    return;
  }
  if (groupLeader && signalGroup(pid, signal)) return;
  if (child.exitCode === null && child.signalCode === null) {
    if (hasPs()) treeKill(pid, signal, () => undefined);
    else child.kill(signal);
  }
}

/**
 * Whether any process of the group `pgid` is still alive (POSIX; always `false` elsewhere).
 * A zombie does not count: where PID 1 does not reap orphans (many containers), the dead stay
 * in the process table and `kill(-pgid, 0)` alone would report them alive forever. On Linux the
 * members are therefore checked in /proc.
 *
 * @param pgid The group id: the pid of the server that leads it.
 */
export function processGroupAlive(pgid: number): boolean {
  if (process.platform === 'win32') return false;
  if (!signalGroup(pgid, 0)) return false;
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

/** `kill(-pgid, signal)`; `false` when no such group exists (ESRCH) or it may not be signalled. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

let psFound: boolean | undefined;

/** Whether a `ps` executable is on the PATH (checked once). */
function hasPs(): boolean {
  if (psFound === undefined) {
    psFound = (process.env.PATH ?? '').split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, 'ps'), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  }
  return psFound;
}
