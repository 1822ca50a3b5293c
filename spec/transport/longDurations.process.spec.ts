// A shutdown wait of 2^31 ms on a real process: Node's timers cannot wait that long (a longer
// delay fires after 1 ms), so the polite close must still be given its time, not cut short by a
// SIGTERM 1 ms after stdin closed.
import { fromStdioServer, type StdioExitEvent } from '../../lib/index.js';
import { fixturePath, waitUntilGone } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

describe('fromStdioServer with shutdown waits of 2^31 ms', () => {
  it('lets a server that exits 200 ms after EOF exit on its own', async () => {
    const pids: number[] = [];
    const exits: StdioExitEvent[] = [];
    const server$ = fromStdioServer({
      command: process.execPath,
      args: [fixturePath('slow-exit.js'), '200'],
      stderr: 'ignore',
      shutdown: { closeTimeout: 2 ** 31, termTimeout: 2 ** 31 },
      spawnObserver: { next: ({ pid }) => pid !== undefined && pids.push(pid) },
      exitObserver: { next: (exit) => exits.push(exit) },
    });
    const subscription = server$.subscribe();
    try {
      await waitFor(() => pids.length === 1, 'the spawn');
      subscription.unsubscribe();
      await waitFor(() => exits.length === 1, 'the exit');
      expect(exits).toEqual([{ code: 0, signal: null }]);
    } finally {
      subscription.unsubscribe();
      expect(await waitUntilGone(pids, 5000)).toEqual([]);
    }
  });
});
