/**
 * A worker thread that runs an MCP session over the MessagePort it is given (`workerData.port`),
 * as an app in a worker would; the parent serves the port's other end with `serveMessagePort()`.
 * Run by workerThreads.spec.ts through `runWorker()` (tsx in the worker). It reports on
 * `parentPort` (see `WorkerReport`), and obeys `'run'` (both consumers), `'join'` (consumer 1
 * only) and `'leave'` (every consumer unsubscribes).
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  concat,
  filter,
  last,
  map,
  of,
  switchMap,
  take,
  toArray,
  type Observable,
  type Subscription,
} from 'rxjs';
import { fromMessagePort, type MessagePortLike } from '../../lib/port/index.js';
import { mcpSession, type CallToolResult } from '../../lib/session/index.js';

/** What the worker tells its parent. */
export type WorkerReport =
  /** Each tool list of the live list (consumer 1). */
  | { type: 'tools'; names: string[] }
  /** Each step of consumer 2: a call with progress, an elicitation, resources, a read, a task. */
  | { type: 'step'; step: string; value: unknown }
  /** Consumer 2 is done (consumer 1 stays). */
  | { type: 'done' }
  /** Every consumer has unsubscribed. */
  | { type: 'left' }
  | { type: 'error'; name: string; message: string };

const { port } = workerData as { port: MessagePortLike };
const parent = parentPort;
if (parent === null) throw new Error('sessionWorker.ts runs in a worker thread');

const session$ = mcpSession(fromMessagePort(port), {
  clientInfo: { name: 'port-worker', version: '1.0.0' },
  requestTimeout: 30_000,
  elicitation: () => of({ action: 'accept' as const, content: { name: 'Ada' } }),
});
const post = (report: WorkerReport): void => parent.postMessage(report);
const reportError = (error: Error): void => post({ type: 'error', name: error.name, message: error.message });
const textOf = (result: CallToolResult): string =>
  result.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n');
const consumers: Subscription[] = [];

function followTools(): void {
  consumers.push(
    session$.pipe(switchMap((session) => session.tools$)).subscribe({
      next: (tools) => post({ type: 'tools', names: tools.map((tool) => tool.name) }),
      error: reportError,
    }),
  );
}

function useTheSession(): void {
  const step = (name: string, source: Observable<unknown>) => source.pipe(map((value) => ({ name, value })));
  consumers.push(
    session$
      .pipe(
        take(1),
        switchMap((session) =>
          concat(
            step(
              'progress',
              session.callTool('trigger-long-running-operation', { duration: 0.3, steps: 3 }).pipe(
                map((e) => (e.type === 'result' ? 'result' : `${e.progress}/${e.total ?? '?'}`)),
                toArray(),
              ),
            ),
            step(
              'elicitation',
              session.callTool('trigger-elicitation-request').pipe(
                last(),
                map((e) => (e.type === 'result' ? textOf(e.result) : 'no result')),
              ),
            ),
            step(
              'resources',
              session.resources$.pipe(
                take(1),
                map((list) => list.map((r) => r.uri)),
              ),
            ),
            step(
              'read',
              session.readResource('demo://resource/dynamic/text/7').pipe(map((read) => read.contents[0])),
            ),
            step(
              'task',
              session.callToolTask('simulate-research-query', { topic: 'message ports' }).pipe(
                filter((e) => e.type === 'task' || e.type === 'result'),
                map((e) => (e.type === 'result' ? 'result' : e.task.status)),
                toArray(),
              ),
            ),
          ),
        ),
      )
      .subscribe({
        next: ({ name, value }) => post({ type: 'step', step: name, value }),
        error: reportError,
        complete: () => post({ type: 'done' }),
      }),
  );
}

parent.on('message', (command: unknown) => {
  if (command === 'run') {
    followTools();
    useTheSession();
  } else if (command === 'join') followTools();
  else if (command === 'leave') {
    for (const consumer of consumers.splice(0)) consumer.unsubscribe();
    post({ type: 'left' });
  }
});
