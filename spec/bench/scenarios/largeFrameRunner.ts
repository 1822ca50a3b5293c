/**
 * One large-frame measurement in a fresh Node process, so that its peak RSS is its own: forked
 * by largeFrames.ts with a job as argv[2], it answers with one IPC message and exits.
 */
import type { JsonRpcMessage } from '../../../lib/session/index.js';
import { loadContenders, open, type ServerSpec } from '../contenders.js';
import { collectGarbage, errorText, withTimeout, type ContenderId } from '../harness.js';
import { blobMismatch, pattern, pingMismatch, pingRequest, sinkMismatch } from '../messages.js';
import { peakRss, peakSource, resetPeak } from '../../support/peakRss.js';

export interface LargeFrameJob {
  contender: ContenderId;
  /** `s2c`: the server sends the frame; `c2s`: the client does. */
  direction: 's2c' | 'c2s';
  /** Characters of pattern data in the frame (the frame is that plus a ~60-byte envelope). */
  size: number;
  sdkMaxBufferSize?: number | 'default';
  timeoutMs: number;
}

export interface LargeFrameResult {
  ok: boolean;
  error?: string;
  /** From sending the request to receiving the whole answer. */
  ms?: number;
  /** Peak RSS during the transfer minus the RSS just before it, in bytes. */
  peakRssDelta?: number;
  /** How the peak was read: the resettable high-water mark, or getrusage (a lifetime maximum). */
  peakSource?: 'VmHWM' | 'maxRSS';
}

async function measure(job: LargeFrameJob): Promise<LargeFrameResult> {
  await loadContenders([job.contender]);
  const spec: ServerSpec = { sdkMaxBufferSize: job.sdkMaxBufferSize };
  let deliver: (message: JsonRpcMessage) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const connection = open(job.contender, spec, {
    message: (message) => deliver(message),
    error: (error) => fail(error),
  });
  const next = (): Promise<JsonRpcMessage> =>
    new Promise<JsonRpcMessage>((resolve, reject) => {
      deliver = resolve;
      fail = reject;
    });
  try {
    await withTimeout(connection.ready, 10_000, 'server did not start');
    const pong = next();
    connection.send(pingRequest(1));
    const problem = pingMismatch(await withTimeout(pong, 10_000, 'ping'), 1);
    if (problem !== null) throw new Error(problem);

    // The client's own payload is not the transport's cost: it exists before the baseline.
    const data = job.direction === 'c2s' ? pattern(job.size) : '';
    const request: JsonRpcMessage =
      job.direction === 's2c'
        ? { jsonrpc: '2.0', id: 2, method: 'blob', params: { size: job.size } }
        : { jsonrpc: '2.0', id: 2, method: 'sink', params: { data } };
    collectGarbage();
    const baseline = process.memoryUsage().rss;
    resetPeak();
    const answer = next();
    const start = performance.now();
    connection.send(request);
    const message = await withTimeout(answer, job.timeoutMs, `${job.size}-character frame`);
    const ms = performance.now() - start;
    const peakRssDelta = Math.max(0, peakRss() - baseline);
    const mismatch =
      job.direction === 's2c' ? blobMismatch(message, 2, job.size) : sinkMismatch(message, 2, job.size);
    if (mismatch !== null) throw new Error(mismatch);
    return { ok: true, ms, peakRssDelta, peakSource };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  } finally {
    await withTimeout(connection.close(), 10_000, 'close() did not settle').catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as LargeFrameJob;
  const result = await measure(job);
  if (process.send !== undefined) process.send(result, () => process.exit(0));
  else {
    console.log(JSON.stringify(result));
    process.exit(0);
  }
}

void main();
