/**
 * Starting fixture servers with plain child_process (no library code), for the tests of the
 * fixtures themselves and for any test that needs a raw process. Every process started here is
 * remembered; `cleanupFixtures()` (in afterEach) reports and SIGKILLs whatever is left, by pid.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import { record, type Recording } from './collect.js';
import { endLeftovers, fixturePath, processGroupMembers } from './processes.js';

/** How a process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running fixture and everything it has said so far. */
export interface FixtureProcess {
  child: ChildProcessWithoutNullStreams;
  pid: number;
  /** Every stdout line (without `\n`), recorded from the start; completes at stdout's end. */
  lines: Recording<string>;
  /** All stdout bytes so far. */
  stdout(): Buffer;
  /** All stderr text so far. */
  stderr(): string;
  /** Resolves when the process has exited (its output may still be arriving). */
  exited: Promise<ExitStatus>;
  /** Writes one JSON message and a newline on the fixture's stdin. */
  send(message: unknown): void;
  /** Resolves with the first stdout line that parses as JSON and satisfies `predicate`. */
  waitForFrame(
    predicate: (frame: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
}

const started = new Set<number>();
const extra = new Set<number>();

/**
 * Splits a byte stream into lines (without the `\n`); a last line without one is emitted at the
 * end. Linear in the bytes: each chunk is scanned once.
 */
export function linesOf(stream: Readable): Observable<string> {
  return new Observable<string>((subscriber) => {
    let pending: Buffer[] = [];
    const onData = (chunk: Buffer): void => {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        pending.push(chunk.subarray(start, nl));
        subscriber.next(Buffer.concat(pending).toString('utf8'));
        pending = [];
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    };
    const onEnd = (): void => {
      if (pending.length > 0) subscriber.next(Buffer.concat(pending).toString('utf8'));
      subscriber.complete();
    };
    const onError = (error: Error): void => subscriber.error(error);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    return () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
  });
}

/** Parses a line as a JSON object, or `undefined`. */
export function parseFrame(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `node spec/fixtures/<name> ...args` with all three stdio piped. By default it is
 * `detached`: it leads a process group of its own (pgid = its pid), which the cleanup kills.
 */
export function spawnFixture(
  name: string,
  args: readonly string[] = [],
  options: { env?: NodeJS.ProcessEnv; detached?: boolean } = {},
): FixtureProcess {
  const child = spawn(process.execPath, [fixturePath(name), ...args], {
    stdio: 'pipe',
    detached: options.detached ?? true,
    env: { ...process.env, ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn fixture ${name}`);
  started.add(pid);
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (err += text));
  // A fixture that exits early must not turn our later writes into an uncaught EPIPE.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const lines = record(linesOf(child.stdout));
  return {
    child,
    pid,
    lines,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    exited,
    send: (message) => {
      child.stdin.write(`${JSON.stringify(message)}\n`);
    },
    waitForFrame: async (predicate, timeoutMs) => {
      const line = await lines.waitFor((l) => {
        const frame = parseFrame(l);
        return frame !== undefined && predicate(frame);
      }, timeoutMs);
      return parseFrame(line) ?? {};
    },
  };
}

/** Also kill these pids at cleanup (grandchildren reported by a fixture, daemons). */
export function trackPids(pids: readonly number[]): void {
  for (const pid of pids) extra.add(pid);
}

/**
 * For afterEach: waits a moment for every fixture (and its group) and every tracked pid to be
 * gone, SIGKILLs by pid what is still alive, and returns it, so the hook can fail with it
 * (`expect(await cleanupFixtures()).toEqual([])`).
 */
export async function cleanupFixtures(): Promise<number[]> {
  const pids = [...started, ...[...started].flatMap(processGroupMembers), ...extra];
  started.clear();
  extra.clear();
  return endLeftovers(pids);
}
