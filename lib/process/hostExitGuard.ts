import { spawnSync } from 'node:child_process';

/** A live server as the guard sees it: how to kill its whole tree at once, synchronously. */
export interface GuardedProcess {
  /** Sends SIGKILL to the server's process tree (must be synchronous: it runs in `'exit'`). */
  killNow(): void;
}

const live = new Set<GuardedProcess>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function killAll(): void {
  for (const entry of live) {
    try {
      entry.killNow();
    } catch {
      // Already gone: nothing to do, and an exiting host must not throw here.
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // With other listeners the host decided to handle the signal itself (it may not exit at all):
  // leave the servers to the 'exit' handler or to the host's own shutdown.
  if (process.listenerCount(signal) > 1) return;
  killAll();
  uninstall();
  // Without our listener Node's default action applies: end the host as the signal meant to.
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', killAll);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/**
 * Keeps the set of live servers so that none outlives the host: when the host exits (or is ended
 * by SIGINT, SIGTERM or SIGHUP that it does not handle itself) every live tree gets SIGKILL.
 * Listeners are installed only while a server is live, so an idle host is untouched.
 *
 * @param entry The server to guard.
 * @returns A function that stops guarding it (call once its tree is gone).
 */
export function guardUntilHostExit(entry: GuardedProcess): () => void {
  live.add(entry);
  install();
  return () => {
    live.delete(entry);
    if (live.size === 0) uninstall();
  };
}

/**
 * Kills a Windows process tree synchronously (`taskkill /T /F`), for the host's `'exit'` handler
 * where nothing asynchronous runs any more.
 *
 * @param pid The root of the tree.
 */
export function killWindowsTreeNow(pid: number): void {
  spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
}
