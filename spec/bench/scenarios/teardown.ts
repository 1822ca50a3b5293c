import { open } from '../contenders.js';
import { withTimeout, type ContenderId } from '../harness.js';
import { pingMismatch, pingRequest } from '../messages.js';
import { killTagged, newTag, taggedProcesses, waitUntilGone } from '../processes.js';

/** The three kinds of server a teardown meets. */
export const TEARDOWN_SERVERS = {
  'exits on EOF': [],
  'ignores EOF': ['--ignore-eof'],
  'ignores EOF and SIGTERM': ['--ignore-eof', '--ignore-sigterm'],
} as const satisfies Record<string, readonly string[]>;
export type TeardownServer = keyof typeof TEARDOWN_SERVERS;

/**
 * How long after the teardown starts the tree is given to disappear before what is still alive
 * counts as left behind: both shutdown waits of every contender (2 s + 2 s), the 2 s our
 * transport gives a wrapper's orphan after SIGTERM, and half a second of slack.
 */
export const LEFTOVER_DEADLINE_MS = 6500;

export interface TeardownSample {
  /** From unsubscribe / close() to the contender observing the exit. */
  exitMs: number;
  /** From the same start until no process of the server's tree was alive, or null if some were at the deadline. */
  treeGoneMs: number | null;
  /** Processes of the tree (the server, a wrapper, the wrapper's child) alive at the deadline. */
  left: number;
}

/**
 * Starts a server (through the forking wrapper or not), makes sure it answers, then times the
 * contender's teardown and watches the whole tree until it is gone or the deadline passes.
 * Whatever is left is SIGKILLed afterwards (by pid: all of it was started by this bench).
 */
export async function measureTeardown(
  contender: ContenderId,
  server: TeardownServer,
  viaWrapper: boolean,
): Promise<TeardownSample> {
  const tag = newTag();
  let deliver: (id: unknown) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const connection = open(
    contender,
    { flags: TEARDOWN_SERVERS[server], viaWrapper, tag },
    { message: (message) => deliver(message), error: (error) => fail(error) },
  );
  try {
    await withTimeout(connection.ready, 10_000, `${contender}: server did not start`);
    const answer = new Promise<unknown>((resolve, reject) => {
      deliver = resolve;
      fail = reject;
    });
    connection.send(pingRequest(1));
    const reply = await withTimeout(answer, 10_000, `${contender}: no answer to ping`);
    const problem = pingMismatch(reply as Parameters<typeof pingMismatch>[0], 1);
    if (problem !== null) throw new Error(problem);
    deliver = () => undefined;
    fail = () => undefined;

    const start = performance.now();
    await withTimeout(connection.close(), 15_000, `${contender}: teardown never observed the exit`);
    const exitMs = performance.now() - start;
    const gone = await waitUntilGone(tag, start + LEFTOVER_DEADLINE_MS);
    const left = gone === null ? taggedProcesses(tag).length : 0;
    return { exitMs, treeGoneMs: gone === null ? null : gone - start, left };
  } finally {
    killTagged(tag);
  }
}
