import type { JsonRpcMessage } from '../../../lib/session/index.js';
import { open, SENDS_BEFORE_SPAWN } from '../contenders.js';
import { withTimeout, type ContenderId } from '../harness.js';
import { pingMismatch, pingRequest } from '../messages.js';

/**
 * Cold start: from subscribe (or `new` + `start()` for the SDK, `spawn()` for raw) to the first
 * frame, the answer to a request sent as early as the contender's API allows: at once for raw
 * and ours (written or queued before the process runs), after `start()` resolves for the SDK.
 *
 * @returns Milliseconds to the first frame.
 */
export async function measureColdStart(contender: ContenderId): Promise<number> {
  let firstFrame: (message: JsonRpcMessage) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const first = new Promise<JsonRpcMessage>((resolve, reject) => {
    firstFrame = resolve;
    fail = reject;
  });
  let arrived = 0;
  const start = performance.now();
  const connection = open(
    contender,
    {},
    {
      message: (message) => {
        if (arrived === 0) arrived = performance.now();
        firstFrame(message);
      },
      error: (error) => fail(error),
    },
  );
  try {
    if (!SENDS_BEFORE_SPAWN[contender]) await withTimeout(connection.ready, 10_000, 'server did not start');
    connection.send(pingRequest(1));
    const problem = pingMismatch(await withTimeout(first, 10_000, `${contender}: no first frame`), 1);
    if (problem !== null) throw new Error(problem);
    return arrived - start;
  } finally {
    await withTimeout(connection.close(), 10_000, `${contender}: close() did not settle`);
  }
}
