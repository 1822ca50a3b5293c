/**
 * The stdout-flood scenario in a fresh Node process, so that the peak RSS it reports is the
 * transport's alone (not the jest worker's or the report's). Forked by `scenarios.ts` with a
 * `FloodJob` as JSON in argv[2] and the tsx loader; it sends `{ type: 'spawned', pid }` as soon as
 * the server runs, then one `FloodReport`, and exits.
 *
 * The subscriber is slow on purpose: it burns `burnMicros` of CPU per frame. RxJS has no
 * backpressure, but the transport delivers frames synchronously from the stdout 'data' handler,
 * so a slow subscriber slows the reads, the pipe fills, and the server's writes block: memory
 * stays bounded by the pipe, whatever the flood's size.
 */
import { performance } from 'node:perf_hooks';
import { fromStdioServer, type StdioExitEvent } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { peakRss, peakSource, resetPeak } from '../support/peakRss.js';
import { fixturePath, openFdCount } from '../support/processes.js';
import { collectGarbage, describeError, until } from './probe.js';

export interface FloodJob {
  totalBytes: number;
  frameBytes: number;
  /** CPU burnt per frame by the subscriber, in µs. */
  burnMicros: number;
  closeTimeout: number;
  termTimeout: number;
  /** How long the flood server may live (its own safety net). */
  lifetimeMs: number;
}

export interface FloodReport {
  type: 'report';
  serverPid: number | null;
  expected: number;
  /** Frames received. */
  frames: number;
  /** Frames whose `n` was not the one after the previous frame's. */
  outOfOrder: number;
  terminal: string;
  exit: StdioExitEvent | null;
  /** Peak RSS during the flood minus the RSS just before it, in bytes. */
  peakRssDelta: number;
  peakSource: 'VmHWM' | 'maxRSS';
  /** From subscribe to the terminal event. */
  ms: number;
  /** From the server's exit to the terminal event. */
  teardownMs: number | null;
  fdsLeft: number;
  stderrTail: string[];
}

function burn(micros: number): void {
  if (micros <= 0) return;
  const end = performance.now() + micros / 1000;
  while (performance.now() < end) {
    // the slow subscriber's synchronous work
  }
}

async function run(job: FloodJob): Promise<FloodReport> {
  const expected = Math.floor(job.totalBytes / job.frameBytes);
  const stderrTail: string[] = [];
  let serverPid: number | null = null;
  let exit: (StdioExitEvent & { at: number }) | null = null;
  collectGarbage();
  const fdBaseline = openFdCount();
  resetPeak();
  const baseline = process.memoryUsage.rss();
  const server$ = fromStdioServer<JsonRpcMessage, JsonRpcMessage>({
    command: process.execPath,
    args: [
      fixturePath('flood-frames.js'),
      String(job.totalBytes),
      String(job.frameBytes),
      String(job.lifetimeMs),
    ],
    shutdown: { closeTimeout: job.closeTimeout, termTimeout: job.termTimeout },
    stderr: {
      next: (line) => {
        stderrTail.push(line);
        if (stderrTail.length > 20) stderrTail.shift();
      },
    },
    spawnObserver: {
      next: ({ pid }) => {
        serverPid = pid ?? null;
        process.send?.({ type: 'spawned', pid });
      },
    },
    exitObserver: { next: (e) => (exit = { ...e, at: performance.now() }) },
  });
  let next = 1;
  let frames = 0;
  let outOfOrder = 0;
  const start = performance.now();
  const terminal = await new Promise<string>((resolve) => {
    server$.subscribe({
      next: (message) => {
        const n = (message.params as { n?: unknown } | undefined)?.n;
        if (n !== next) outOfOrder += 1;
        next = typeof n === 'number' ? n + 1 : next + 1;
        frames += 1;
        burn(job.burnMicros);
      },
      error: (error: unknown) => resolve(`error ${describeError(error)}`),
      complete: () => resolve('complete'),
    });
  });
  const end = performance.now();
  const peak = peakRss();
  let fdsLeft = 0;
  await until(() => (fdsLeft = Math.max(0, openFdCount() - fdBaseline)) === 0, 3000);
  const exited = exit as (StdioExitEvent & { at: number }) | null;
  return {
    type: 'report',
    serverPid,
    expected,
    frames,
    outOfOrder,
    terminal,
    exit: exited === null ? null : { code: exited.code, signal: exited.signal },
    peakRssDelta: peak - baseline,
    peakSource,
    ms: Math.round(end - start),
    teardownMs: exited === null ? null : Math.round(end - exited.at),
    fdsLeft,
    stderrTail,
  };
}

if (require.main === module) {
  const job = JSON.parse(process.argv[2] ?? '{}') as FloodJob;
  run(job).then(
    (report) => {
      process.send?.(report, () => process.disconnect());
    },
    (error: unknown) => {
      process.send?.({ type: 'failed', error: describeError(error) }, () => process.disconnect());
    },
  );
}
