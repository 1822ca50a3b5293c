// docs example: keep-alive.example.ts
import { filter, firstValueFrom } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';

/** Two visits to a screen that needs the server, one after the other: one process serves both. */
export async function twoVisits(serverScript: string): Promise<(number | undefined)[]> {
  const pids: (number | undefined)[] = [];
  const server$ = fromStdioServer({
    command: process.execPath,
    args: [serverScript],
    keepAlive: 30_000, // keep the process 30 s after the last subscriber leaves
    spawnObserver: { next: ({ pid }) => pids.push(pid) },
  });
  for (const id of [1, 2]) {
    // firstValueFrom subscribes, and unsubscribes once the answer is in: the visit is over.
    const answer = firstValueFrom(server$.pipe(filter((m) => m.id === id)));
    server$.next({ jsonrpc: '2.0', id, method: 'ping' });
    console.log(await answer);
  }
  server$.complete(); // leaving for good: shut the kept process down now
  return pids; // one pid: the second visit got the process the first one left
}
