/**
 * The host-exit guard in this process, written from its mutants: the real-process specs
 * (spec/transport/process/hostExitGuard.spec.ts) prove that a dying host takes its servers along, but run the guard in
 * a child where no mutant is seen. Here the guard's listeners are called directly, with
 * `process.kill` replaced so that the signal it re-sends to the host lands nowhere; the trees are
 * recording fakes. Two copies of the module (as the ESM and CommonJS builds would be) share one
 * registry.
 */
import { guardUntilHostExit, type GuardedTree } from '../../../lib/transport/process/hostExitGuard.js';

type Listener = (...args: unknown[]) => void;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The listeners this file's guard added, per event (the runner may have its own). */
function added(before: Map<string, Listener[]>): Map<string, Listener[]> {
  const result = new Map<string, Listener[]>();
  for (const event of ['exit', ...SIGNALS]) {
    const now = process.listeners(event as 'exit') as Listener[];
    result.set(
      event,
      now.filter((listener) => !(before.get(event) ?? []).includes(listener)),
    );
  }
  return result;
}

function snapshot(): Map<string, Listener[]> {
  return new Map(
    ['exit', ...SIGNALS].map((event) => [event, [...(process.listeners(event as 'exit') as Listener[])]]),
  );
}

function recordingTree(log: string[], name: string, fails = false): GuardedTree {
  return {
    killNow: () => {
      log.push(name);
      if (fails) throw new Error('ESRCH');
    },
  };
}

let before: Map<string, Listener[]>;
const releases: (() => void)[] = [];
beforeEach(() => {
  before = snapshot();
});
afterEach(() => {
  for (const release of releases.splice(0)) release();
  jest.restoreAllMocks();
});

function guard(tree: GuardedTree): () => void {
  const release = guardUntilHostExit(tree);
  releases.push(release);
  return release;
}

describe('guardUntilHostExit', () => {
  it('installs one exit and one listener per signal while a tree is live, and removes them after the last', () => {
    const log: string[] = [];
    const releaseA = guard(recordingTree(log, 'a'));
    const releaseB = guard(recordingTree(log, 'b'));
    for (const listeners of added(before).values()) expect(listeners).toHaveLength(1);
    releaseA();
    for (const listeners of added(before).values()) expect(listeners).toHaveLength(1);
    releaseB();
    for (const listeners of added(before).values()) expect(listeners).toHaveLength(0);
    expect(log).toEqual([]);
  });

  it("on the host's exit kills every live tree, past one that throws, and forgets them", () => {
    const log: string[] = [];
    guard(recordingTree(log, 'a', true));
    guard(recordingTree(log, 'b'));
    const released = recordingTree(log, 'released');
    guard(released)();
    const [onExit] = added(before).get('exit') ?? [];
    expect(() => onExit?.()).not.toThrow();
    expect(log).toEqual(['a', 'b']);
    onExit?.();
    expect(log).toEqual(['a', 'b']);
  });

  it.each(SIGNALS)(
    'on an unhandled %s kills the trees, removes its listeners and re-sends the signal',
    (signal) => {
      const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
      const log: string[] = [];
      guard(recordingTree(log, 'a'));
      const onSignal = added(before).get(signal)?.[0];
      onSignal?.(signal);
      expect(log).toEqual(['a']);
      for (const listeners of added(before).values()) expect(listeners).toHaveLength(0);
      expect(kill.mock.calls).toEqual([[process.pid, signal]]);
    },
  );

  it('leaves the trees alone when the host handles the signal itself', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    const hostHandler = (): void => undefined;
    process.on('SIGTERM', hostHandler);
    try {
      const log: string[] = [];
      guard(recordingTree(log, 'a'));
      const onSignal = added(before)
        .get('SIGTERM')
        ?.find((listener) => listener !== hostHandler);
      onSignal?.('SIGTERM');
      expect(log).toEqual([]);
      expect(kill).not.toHaveBeenCalled();
      expect(added(before).get('exit')).toHaveLength(1);
    } finally {
      process.removeListener('SIGTERM', hostHandler);
    }
  });

  it('keeps its registry under the versioned global key every copy of the package looks for', () => {
    const log: string[] = [];
    guard(recordingTree(log, 'a'));
    const key = Symbol.for('rxjs-mcp-stdio/host-exit-guard@1');
    const registry = (globalThis as Record<symbol, { live?: Set<unknown> } | undefined>)[key];
    expect(registry?.live?.size).toBe(1);
  });

  it('shares one registry between two copies of the module', () => {
    let other: typeof guardUntilHostExit | undefined;
    jest.isolateModules(() => {
      // A second copy of the module, as a second build of the package would load it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const copy = require('../../../lib/transport/process/hostExitGuard.js') as {
        guardUntilHostExit: typeof guardUntilHostExit;
      };
      other = copy.guardUntilHostExit;
    });
    expect(other).not.toBe(guardUntilHostExit);
    const log: string[] = [];
    guard(recordingTree(log, 'a'));
    const releaseB = other?.(recordingTree(log, 'b'));
    if (releaseB !== undefined) releases.push(releaseB);
    expect(added(before).get('exit')).toHaveLength(1);
    added(before).get('exit')?.[0]?.();
    expect(log).toEqual(['a', 'b']);
  });
});
