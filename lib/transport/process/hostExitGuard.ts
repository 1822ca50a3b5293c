/**
 * No server outlives its host: while a server tree is live it is in one registry per process,
 * and when the host exits (or is ended by a SIGINT, SIGTERM or SIGHUP it does not handle itself)
 * every live tree gets SIGKILL, synchronously.
 *
 * The registry lives on `globalThis` under a `Symbol.for` key, so every copy of this package
 * loaded in one process (the ESM and the CommonJS build side by side, or two versions in
 * node_modules) shares one set of servers and one set of listeners. With a listener per copy,
 * each copy would see the other's and conclude the host handles the signal itself: nobody would,
 * Ctrl+C would not end the host, and the servers would live on. The key carries a version: the
 * shape below never changes under it.
 *
 * Worker threads: each thread has its own `globalThis`, hence its own registry. A worker's
 * `'exit'` (its natural end or `process.exit()` in it) kills its servers. Signals are delivered to
 * the main thread only, so a worker's servers are killed on the host's SIGINT/SIGTERM/SIGHUP and
 * on the main thread's `'exit'` only through the main thread's registry: the worker's registry
 * enrols its servers there (see `enrolInMainThread`).
 */

/** A live server as the guard sees it. */
export interface GuardedTree {
  /** Sends SIGKILL to the server's whole tree, synchronously (it runs in `'exit'`). */
  killNow(): void;
}

/**
 * The shared registry, version 1. Its shape is frozen: a change needs a new key. Nothing in it is
 * reassigned (whether the listeners are installed is read from `process`), so no copy can hold a
 * stale value.
 */
interface GuardRegistryV1 {
  readonly live: Set<GuardedTree>;
  readonly onExit: () => void;
  readonly onSignal: (signal: GuardSignal) => void;
}

type GuardSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const REGISTRY_KEY = Symbol.for('rxjs-mcp-stdio/host-exit-guard@1');
const SIGNALS: readonly GuardSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** This process's (or worker thread's) registry, made by whichever copy of the package came first. */
function registry(): GuardRegistryV1 {
  const holder = globalThis as { [REGISTRY_KEY]?: GuardRegistryV1 };
  const existing = holder[REGISTRY_KEY];
  if (existing !== undefined) return existing;
  const live = new Set<GuardedTree>();
  const killAll = (): void => {
    for (const tree of live) {
      try {
        tree.killNow();
      } catch {
        // Already gone: nothing to do, and an exiting host must not throw here.
      }
    }
    live.clear();
  };
  const created: GuardRegistryV1 = {
    live,
    onExit: killAll,
    onSignal: (signal) => {
      // Another listener means the host handles the signal itself (it may not exit at all):
      // leave the servers to the 'exit' handler or to the host's own shutdown.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      uninstall(created);
      // Without our listener Node's default action applies: end the host as the signal meant to.
      process.kill(process.pid, signal);
    },
  };
  Object.defineProperty(holder, REGISTRY_KEY, { value: Object.freeze(created) });
  return created;
}

function installed(guard: GuardRegistryV1): boolean {
  return process.listeners('exit').includes(guard.onExit);
}

function install(guard: GuardRegistryV1): void {
  if (installed(guard)) return;
  process.on('exit', guard.onExit);
  for (const signal of SIGNALS) process.on(signal, guard.onSignal);
}

function uninstall(guard: GuardRegistryV1): void {
  if (!installed(guard)) return;
  process.removeListener('exit', guard.onExit);
  for (const signal of SIGNALS) process.removeListener(signal, guard.onSignal);
}

/**
 * Guards `tree` until the returned function is called (once the tree is gone). Listeners are
 * installed only while a server is live, so an idle host is untouched.
 */
export function guardUntilHostExit(tree: GuardedTree): () => void {
  const guard = registry();
  guard.live.add(tree);
  install(guard);
  return () => {
    guard.live.delete(tree);
    if (guard.live.size === 0) uninstall(guard);
  };
}
