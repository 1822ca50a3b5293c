import { asyncScheduler, Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { StdioSpawn } from '../transport/process/StdioChildProcess.js';
import type { FakeServerBehavior } from './FakeServerBehavior.js';
import type { FakeServerEvent } from './FakeServerEvent.js';
import { FakeServerProcess } from './FakeServerProcess.js';

/** A scripted fake MCP server: give `spawn` to `fromStdioServer()`, then watch `events`. */
export interface FakeServer {
  /** The spawner to put in `params.spawn`: each call starts a new `FakeServerProcess`. */
  spawn: StdioSpawn;
  /** Every process spawned so far, oldest first. */
  processes: FakeServerProcess[];
  /** What happens to every process (spawn, messages, stdin closed, signals, exit), as it happens. */
  events: Observable<FakeServerEvent>;
}

/**
 * Makes a fake server for marble tests of code built on `fromStdioServer()`. Processes live in
 * the time of `scheduler`, so inside `TestScheduler.run` the whole lifecycle (spawn, answers,
 * shutdown steps) happens in virtual time.
 *
 * @example
 * ```ts
 * testScheduler.run(({ expectObservable }) => {
 *   const server = fakeServer({ respond: (m) => [{ jsonrpc: '2.0', id: (m as { id: number }).id, result: {} }] });
 *   const server$ = fromStdioServer({ command: 'fake', spawn: server.spawn, scheduler: testScheduler });
 *   server$.next({ jsonrpc: '2.0', id: 1, method: 'ping' });
 *   expectObservable(server$, '^ 10ms !').toBe('a', { a: { jsonrpc: '2.0', id: 1, result: {} } });
 * });
 * ```
 *
 * @param behavior The script every spawned process follows.
 * @param scheduler The scheduler of its delays. Default `asyncScheduler` (virtual inside `run`).
 * @returns The spawner, the processes and their events.
 */
export function fakeServer(
  behavior: FakeServerBehavior = {},
  scheduler: SchedulerLike = asyncScheduler,
): FakeServer {
  const events = new Subject<FakeServerEvent>();
  const processes: FakeServerProcess[] = [];
  const spawn: StdioSpawn = (_command, _args, options) => {
    const child = new FakeServerProcess(
      processes.length,
      behavior,
      scheduler,
      (event) => {
        events.next(event);
      },
      options.stdio[2] === 'pipe',
    );
    processes.push(child);
    return child;
  };
  return { spawn, processes, events: events.asObservable() };
}
