import { open, type Connection, type Receiver, type ServerSpec } from '../contenders.js';
import { collectGarbage, withTimeout, type ContenderId } from '../harness.js';
import { echoMismatch, echoRequest } from '../messages.js';

/** How many requests are outstanding: a fixed window, or all of them at once. */
export type Window = number | 'burst';

/** A receiver whose handlers the current phase sets. */
function router(): Receiver & { set(next: Receiver): void } {
  let current: Receiver = {
    message: () => undefined,
    error: () => undefined,
  };
  return {
    message: (message) => current.message(message),
    error: (error) => current.error(error),
    set(next) {
      current = next;
    },
  };
}

/**
 * Sends `total` echo requests with ids `firstId…`, keeping `window` outstanding (or sending all
 * at once), and checks every answer: in order, the right id, the payload intact.
 */
function exchange(
  connection: Connection,
  route: ReturnType<typeof router>,
  firstId: number,
  total: number,
  window: Window,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let sent = 0;
    let received = 0;
    route.set({
      message(message) {
        const problem = echoMismatch(message, firstId + received);
        if (problem !== null) {
          reject(new Error(problem));
          return;
        }
        received += 1;
        if (received === total) resolve();
        else if (sent < total) {
          connection.send(echoRequest(firstId + sent));
          sent += 1;
        }
      },
      error: reject,
    });
    const initial = window === 'burst' ? total : Math.min(window, total);
    while (sent < initial) {
      connection.send(echoRequest(firstId + sent));
      sent += 1;
    }
  });
}

/**
 * One measurement: start a server, warm up with the same traffic, then time `total` round trips.
 *
 * @returns Elapsed milliseconds for the `total` round trips.
 */
export async function measureRoundTrips(
  contender: ContenderId,
  total: number,
  window: Window,
  spec: ServerSpec = {},
): Promise<number> {
  const route = router();
  const connection = open(contender, spec, route);
  try {
    await withTimeout(connection.ready, 10_000, `${contender}: server did not start`);
    const warmUp = Math.min(2000, Math.ceil(total / 10));
    await withTimeout(
      exchange(connection, route, 1, warmUp, window),
      60_000,
      `${contender}: warm-up stalled`,
    );
    collectGarbage();
    const start = performance.now();
    await withTimeout(
      exchange(connection, route, warmUp + 1, total, window),
      180_000,
      `${contender}: ${total} round trips stalled`,
    );
    return performance.now() - start;
  } finally {
    route.set({ message: () => undefined, error: () => undefined });
    await withTimeout(connection.close(), 10_000, `${contender}: close() did not settle`);
  }
}
