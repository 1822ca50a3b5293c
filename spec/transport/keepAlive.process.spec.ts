/**
 * `keepAlive` on a real process: two visits one after the other (each subscribes, sends, and
 * leaves once its answer is in) get one process; `complete()` then ends it at once, without
 * waiting for the window. The timings are in keepAlive.marble.spec.ts; this is about the process.
 */
import { filter, firstValueFrom } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import { fixturePath, waitUntilGone } from '../support/processes.js';

/** Long enough that only `complete()` can end the process before the test's bound. */
const KEEP_ALIVE_MS = 60_000;

describe('keepAlive, real process', () => {
  it('two visits, one process; complete() ends the kept process at once', async () => {
    const pids: (number | undefined)[] = [];
    const exits: unknown[] = [];
    const server$ = fromStdioServer({
      command: process.execPath,
      args: [fixturePath('echo.js')],
      keepAlive: KEEP_ALIVE_MS,
      spawnObserver: { next: ({ pid }) => pids.push(pid) },
      exitObserver: { next: (exit) => exits.push(exit) },
    });
    const answers: unknown[] = [];
    for (const id of [1, 2]) {
      // firstValueFrom subscribes, and unsubscribes once the answer is in: the visit is over.
      const answer = firstValueFrom(server$.pipe(filter((message) => message.id === id)));
      server$.next({ jsonrpc: '2.0', id, method: 'ping' });
      answers.push(await answer);
    }
    expect(answers).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
    expect(pids).toEqual([expect.any(Number)]);
    expect(exits).toEqual([]);

    server$.complete();
    // Far sooner than the window: complete() closed stdin, and the echo server exits on EOF.
    expect(await waitUntilGone(pids as number[], 10_000)).toEqual([]);
  });
});
