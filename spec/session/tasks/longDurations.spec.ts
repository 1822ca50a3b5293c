// Durations of 2^31 ms and more (a server's ttl or pollInterval, a caller's timeout or keepAlive)
// on the real asyncScheduler, in a Node process of their own so that the process's 'warning'
// events can be heard: none of them is over at once, Node emits no TimeoutOverflowWarning, and
// the process ends by itself (no wait is left behind). The cases are in longDurations.probe.ts.
import { runTsx } from '../../support/runTsx.js';
import { waitUntilGone } from '../../support/processes.js';

const seen = new Set<number>();

afterAll(async () => {
  expect(await waitUntilGone([...seen], 5000)).toEqual([]);
});

describe('durations of 2^31 ms and more', () => {
  it('neither expire at once nor make Node warn, and leave no wait behind', async () => {
    const run = await runTsx(['spec/session/tasks/longDurations.probe.ts'], { timeoutMs: 25_000, seen });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      // The task runs to its result instead of expiring.
      taskTtl: 'task task result',
      // No poll before the notification ended the task.
      longPollInterval: 'result, 0 polls',
      // The task the server asked this client to run is still there.
      clientTaskTtl: 'completed',
      // The request is answered instead of timing out.
      requestTimeout: 'result',
      // The session is kept after its last subscriber left.
      keepAlive: 'kept',
      warnings: [],
    });
  });
});
