/**
 * The session-level measurements, one function each, all driving a contender through the same
 * `OpenSession` shape. Calls are driven by one driver for every contender (`inFlight` async
 * workers, each awaiting one call at a time), so what differs between rows is the client.
 * Process lifetimes are checked by pid: the pids of a server's tree are found by its tag when it
 * is ready, and "gone" means none of those pids (nor any later process with the tag) is alive.
 */
import { readFileSync } from 'node:fs';
import { lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { isAlive } from '../../support/processes.js';
import { collectGarbage, withTimeout } from '../harness.js';
import { killTagged, taggedProcesses } from '../processes.js';
import {
  openSession,
  type OpenSession,
  type ServerId,
  type SessionContenderId,
} from './sessionContenders.js';

/** Bound on any one measurement, so that nothing hangs. */
const MEASUREMENT_TIMEOUT_MS = 120_000;
/** Bound on a server tree disappearing after its client closed. */
const GONE_TIMEOUT_MS = 15_000;

/**
 * Runs `total` calls with `inFlight` workers, each awaiting its call before taking the next.
 *
 * @returns Calls per second.
 */
export async function driveWorkers(session: OpenSession, total: number, inFlight: number): Promise<number> {
  let next = 0;
  let answered = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next += 1;
      try {
        await session.call();
      } catch (error) {
        next = total; // the other workers stop after their current call
        throw error;
      }
      answered += 1;
    }
  };
  const start = performance.now();
  await withTimeout(
    Promise.all(Array.from({ length: inFlight }, worker)),
    MEASUREMENT_TIMEOUT_MS,
    `${total} calls`,
  );
  const seconds = (performance.now() - start) / 1000;
  if (answered !== total) throw new Error(`${answered} answers of ${total}`);
  return total / seconds;
}

/**
 * Informational: ours driven the RxJS way, `range(0, total).pipe(mergeMap(call, inFlight))`.
 *
 * @returns Calls per second.
 */
export async function driveMergeMap(session: OpenSession, total: number, inFlight: number): Promise<number> {
  const call$ = session.call$;
  if (call$ === undefined) throw new Error('this contender has no Observable call');
  const start = performance.now();
  const answered = await withTimeout(
    lastValueFrom(
      range(0, total).pipe(
        mergeMap(() => call$(), inFlight),
        reduce((count, answer) => {
          session.check(answer);
          return count + 1;
        }, 0),
      ),
    ),
    MEASUREMENT_TIMEOUT_MS,
    `${total} calls through mergeMap`,
  );
  const seconds = (performance.now() - start) / 1000;
  if (answered !== total) throw new Error(`${answered} answers of ${total}`);
  return total / seconds;
}

/** Microseconds per call with one call in flight. */
export async function roundTrip(session: OpenSession, total: number): Promise<number> {
  const start = performance.now();
  await withTimeout(
    (async () => {
      for (let i = 0; i < total; i += 1) await session.call();
    })(),
    MEASUREMENT_TIMEOUT_MS,
    `${total} calls one at a time`,
  );
  return ((performance.now() - start) * 1000) / total;
}

/** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every usual kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) used so far by the live processes of a server's tree, in µs, read from
 * /proc/<pid>/stat; NaN where /proc cannot be read. Coarse (10 ms ticks): only differences over
 * runs of a second or more mean anything.
 */
export function serverCpuMicros(session: OpenSession): number {
  let ticks = 0;
  for (const pid of taggedProcesses(session.tag)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // Fields after the command's closing parenthesis: state is the 3rd field; utime, stime the 14th, 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return Number.NaN;
    }
  }
  return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** The live pids of a server's tree, found by its tag; at least one, or the server is not running. */
function treeOf(session: OpenSession): number[] {
  const pids = taggedProcesses(session.tag);
  if (pids.length === 0) throw new Error(`no live process carries ${session.tag}`);
  return pids;
}

/** Waits (polling every 2 ms) until none of `pids` is alive and nothing else carries `tags`; bounded. */
async function untilGone(pids: readonly number[], tags: readonly string[]): Promise<void> {
  const deadline = performance.now() + GONE_TIMEOUT_MS;
  const anyLeft = () => pids.some(isAlive) || tags.some((tag) => taggedProcesses(tag).length > 0);
  while (anyLeft()) {
    if (performance.now() > deadline) {
      const left = pids.filter(isAlive);
      for (const tag of tags) killTagged(tag);
      throw new Error(`still running ${GONE_TIMEOUT_MS} ms after close: ${left.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Cold start and teardown of one session. */
export interface LifecycleSample {
  /** From the start of `openSession` to a ready session (handshake done). */
  readyMs: number;
  /** From `close()` to every pid of the server's tree gone. */
  goneMs: number;
}

/**
 * Opens a session on a fresh server, checks one call, closes it, and proves the tree gone by pid.
 */
export async function lifecycle(server: ServerId, id: SessionContenderId): Promise<LifecycleSample> {
  const start = performance.now();
  const session = await withTimeout(openSession(server, id), MEASUREMENT_TIMEOUT_MS, 'open');
  const readyMs = performance.now() - start;
  try {
    await withTimeout(session.call(), MEASUREMENT_TIMEOUT_MS, 'first call');
  } catch (error) {
    await session.close().catch(() => undefined);
    killTagged(session.tag);
    throw error;
  }
  const pids = treeOf(session);
  const end = performance.now();
  await withTimeout(session.close(), GONE_TIMEOUT_MS, 'close');
  await untilGone(pids, [session.tag]);
  return { readyMs, goneMs: performance.now() - end };
}

/** Many sessions at once. */
export interface FleetSample {
  /** From starting them all to all ready. */
  readyMs: number;
  /** From closing them all to every pid of every tree gone. */
  goneMs: number;
  /** This (host) process's RSS when all were ready, MiB. */
  rssMiB: number;
  /** Growth of the host's RSS over the fleet's start (after a GC), MiB. */
  rssGrowthMiB: number;
}

/** Starts `count` sessions at once, checks a call on each, closes them all at once. */
export async function fleet(server: ServerId, id: SessionContenderId, count: number): Promise<FleetSample> {
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const opening = Array.from({ length: count }, () => openSession(server, id));
  const settled = await withTimeout(Promise.allSettled(opening), MEASUREMENT_TIMEOUT_MS, 'fleet open');
  const readyMs = performance.now() - start;
  const rss = process.memoryUsage().rss;
  const sessions = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const tags = sessions.map((s) => s.tag);
  try {
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    await withTimeout(Promise.all(sessions.map((s) => s.call())), MEASUREMENT_TIMEOUT_MS, 'fleet calls');
  } catch (error) {
    await Promise.allSettled(sessions.map((s) => s.close()));
    for (const tag of tags) killTagged(tag);
    throw error;
  }
  const pids = sessions.flatMap(treeOf);
  const end = performance.now();
  await withTimeout(Promise.all(sessions.map((s) => s.close())), GONE_TIMEOUT_MS, 'fleet close');
  await untilGone(pids, tags);
  const goneMs = performance.now() - end;
  return { readyMs, goneMs, rssMiB: rss / 2 ** 20, rssGrowthMiB: (rss - rssBefore) / 2 ** 20 };
}

/**
 * Heap retained across `total` calls on an open, warmed-up session: `heapUsed` after a forced
 * full GC, after the calls minus before them, in KiB.
 */
export async function heapGrowth(session: OpenSession, total: number, inFlight: number): Promise<number> {
  collectGarbage();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  await driveWorkers(session, total, inFlight);
  collectGarbage();
  collectGarbage();
  return (process.memoryUsage().heapUsed - before) / 1024;
}
