import { fork } from 'node:child_process';
import path from 'node:path';
import { errorText, type ContenderId } from '../harness.js';
import type { LargeFrameJob, LargeFrameResult } from './largeFrameRunner.js';

const RUNNER = path.join(__dirname, 'largeFrameRunner.ts');

/**
 * Runs one large-frame job in a fresh Node process (the tsx loader is inherited through
 * `execArgv`), so the peak RSS it reports is that of one transfer by one contender.
 */
export function runLargeFrameJob(job: LargeFrameJob): Promise<LargeFrameResult> {
  return new Promise<LargeFrameResult>((resolve) => {
    const child = fork(RUNNER, [JSON.stringify(job)], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: LargeFrameResult | null = null;
    const timer = setTimeout(() => {
      result ??= { ok: false, error: `runner gave no result within ${job.timeoutMs + 30_000} ms` };
      child.kill('SIGKILL');
    }, job.timeoutMs + 30_000);
    child.on('message', (message: LargeFrameResult) => {
      result ??= message;
    });
    child.on('error', (error) => {
      result ??= { ok: false, error: errorText(error) };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(result ?? { ok: false, error: `runner exited (${code ?? signal}) without a result` });
    });
  });
}

export type { LargeFrameJob, LargeFrameResult };

/** Convenience for scripts: one job per contender. */
export function jobFor(
  contender: ContenderId,
  direction: 's2c' | 'c2s',
  size: number,
  timeoutMs: number,
): LargeFrameJob {
  return { contender, direction, size, timeoutMs };
}
