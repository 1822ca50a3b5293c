/**
 * A session in a worker thread over a real `worker_threads` MessagePort, whose owner is this
 * thread serving a real stdio server (`@modelcontextprotocol/server-everything`). Two consumers
 * use the session at once in the worker: one follows the live tool list, the other calls a tool
 * with progress, answers an elicitation, lists and reads resources and runs a task. Terminating
 * the worker ends the connection (the port reports it) and the server's whole process tree, by
 * pid; a worker whose consumers leave drops its server, and gets a fresh one when it rejoins.
 */
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import {
  filter,
  firstValueFrom,
  ReplaySubject,
  take,
  takeWhile,
  timeout,
  toArray,
  type Observable,
} from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import { serveMessagePort, type MessagePortServeEvent } from '../../lib/port/index.js';
import { descendantsOf, killIfAlive, waitUntilGone } from '../support/processes.js';
import type { WorkerReport } from './sessionWorker.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const WORKER = path.join(__dirname, 'sessionWorker.ts');
/** Bound of each wait for the worker (a task takes about 4 s; the machine may be loaded). */
const WAIT_MS = 45_000;

/** Every server process this file started (a safety net; each test proves its own are gone). */
const spawned: number[] = [];
afterAll(() => {
  killIfAlive(spawned);
});

interface Harness {
  worker: Worker;
  /** Everything the worker reported, replayed to each subscriber. */
  reports: Observable<WorkerReport>;
  /** Everything the owner's side reported, replayed; completes when the port has closed. */
  served: Observable<MessagePortServeEvent>;
  /** The pids of the servers started, in order. */
  pids: number[];
}

/** A worker running sessionWorker.ts on one end of a channel; this thread serves the other. */
function start(): Harness {
  const { port1, port2 } = new MessageChannel();
  const pids: number[] = [];
  const server$ = fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: {
      next: ({ pid }) => {
        if (pid !== undefined) {
          pids.push(pid);
          spawned.push(pid);
        }
      },
    },
  });
  const served = new ReplaySubject<MessagePortServeEvent>();
  serveMessagePort(port1, server$).subscribe(served);
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER)});`, {
    eval: true,
    workerData: { port: port2 },
    transferList: [port2],
  });
  const reports = new ReplaySubject<WorkerReport>();
  worker.on('message', (report: WorkerReport) => reports.next(report));
  worker.on('error', (error) => reports.error(error));
  return { worker, reports, served, pids };
}

/** The first report (past or future) that matches. */
const next = <T extends WorkerReport>(h: Harness, match: (r: WorkerReport) => r is T): Promise<T> =>
  firstValueFrom(h.reports.pipe(filter(match), timeout(WAIT_MS)));

/** Every server process of the harness and their descendants, right now. */
const treeOf = (h: Harness): number[] => h.pids.flatMap((pid) => [pid, ...descendantsOf(pid)]);

describe('a session in a worker thread over a MessagePort, served from this thread', () => {
  it(
    'gives two consumers the whole session at once; terminating the worker ends the server tree',
    async () => {
      const h = start();
      h.worker.postMessage('run');
      const done = await next(
        h,
        (r): r is Extract<WorkerReport, { type: 'done' | 'error' }> =>
          r.type === 'done' || r.type === 'error',
      );
      expect(done).toEqual({ type: 'done' });
      const reports = await firstValueFrom(
        h.reports.pipe(
          takeWhile((r) => r.type !== 'done'),
          toArray(),
        ),
      );
      const steps = Object.fromEntries(
        reports.flatMap((r) => (r.type === 'step' ? [[r.step, r.value] as const] : [])),
      );
      expect(steps['progress']).toEqual(['1/3', '2/3', '3/3', 'result']);
      expect(steps['elicitation']).toContain('Ada');
      expect(steps['resources']).toContain('demo://resource/static/document/features.md');
      expect(steps['read']).toMatchObject({
        uri: 'demo://resource/dynamic/text/7',
        text: expect.stringContaining('Resource 7'),
      });
      expect((steps['task'] as string[]).at(-1)).toBe('result');
      expect(steps['task']).toContain('completed');
      const tools = reports.find((r) => r.type === 'tools');
      expect(tools?.type === 'tools' && tools.names).toEqual(
        expect.arrayContaining(['echo', 'trigger-long-running-operation', 'trigger-elicitation-request']),
      );
      // One server for both consumers.
      expect(h.pids).toHaveLength(1);
      const tree = treeOf(h);
      expect(tree.length).toBeGreaterThanOrEqual(1);

      await h.worker.terminate();
      const events = await firstValueFrom(h.served.pipe(toArray(), timeout(WAIT_MS)));
      expect(events.map((e) => (e.type === 'disconnected' ? `disconnected:${e.reason}` : e.type))).toEqual([
        'connected',
        'disconnected:closed',
      ]);
      expect(await waitUntilGone(tree, 15_000)).toEqual([]);
    },
    WAIT_MS * 2,
  );

  it(
    'drops the server when the consumers leave, starts a fresh one when they rejoin',
    async () => {
      const h = start();
      h.worker.postMessage('join');
      await next(h, (r): r is Extract<WorkerReport, { type: 'tools' }> => r.type === 'tools');
      const first = treeOf(h);
      h.worker.postMessage('leave');
      const left = await firstValueFrom(
        h.served.pipe(
          filter((e) => e.type === 'disconnected'),
          timeout(WAIT_MS),
        ),
      );
      expect(left).toEqual({ type: 'disconnected', reason: 'page' });
      expect(await waitUntilGone(first, 15_000)).toEqual([]);

      h.worker.postMessage('join');
      await firstValueFrom(
        h.reports.pipe(
          filter((r) => r.type === 'tools'),
          take(2),
          toArray(),
          timeout(WAIT_MS),
        ),
      );
      expect(h.pids).toHaveLength(2);
      const second = treeOf(h);
      expect(second).toContain(h.pids[1]);
      await h.worker.terminate();
      expect(await waitUntilGone(second, 15_000)).toEqual([]);
    },
    WAIT_MS * 2,
  );
});
