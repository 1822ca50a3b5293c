/**
 * "The end of this turn of the event loop", for the stdin writer. A bare microtask is the
 * cheapest there is; RxJS's `asapScheduler` costs an action, a bound flush and a handle table
 * per turn, and measured several microseconds of round-trip latency on a path that runs once per
 * request. But a `TestScheduler` in run mode virtualizes `asapScheduler`, not bare microtasks, and
 * marble tests (ours, and users' with `fakeServer()`) expect writes to happen in virtual time.
 * So the turn ends on a microtask, unless a `TestScheduler` runs; then on `asapScheduler`.
 *
 * The microtask is a settled promise's `then`, not `queueMicrotask`: jest's fake timers replace
 * `queueMicrotask` (and `setImmediate`), and a user's test with them would wait forever for the
 * writes. They leave promises alone, as `asapScheduler` relies on too.
 */
import { asapScheduler, Subscription } from 'rxjs';

/** Where a turn ends, as the writer needs it: any RxJS scheduler fits (tests flush their own). */
export interface TurnScheduler {
  schedule(work: () => void): Subscription;
}

/**
 * How far `asapScheduler.now()` may be from `Date.now()` and still be the wall clock. In run mode
 * it is the `TestScheduler`'s virtual time, which starts at 0; the wall clock is decades past.
 */
const WALL_CLOCK_SKEW_MS = 60_000;

/** Settled once; each `then` on it is one microtask. */
const settled = Promise.resolve();

/** Whether a `TestScheduler` runs (run mode routes every scheduler's `now()` to virtual time). */
function virtualTimeRuns(): boolean {
  return Math.abs(asapScheduler.now() - Date.now()) > WALL_CLOCK_SKEW_MS;
}

/**
 * Runs `work` once the current turn's synchronous code and the microtasks queued before it have
 * run, unless the returned subscription is unsubscribed first.
 */
export function scheduleEndOfTurn(work: () => void): Subscription {
  if (virtualTimeRuns()) return asapScheduler.schedule(work);
  const pending = new Subscription();
  void settled.then(() => {
    if (pending.closed) return;
    pending.unsubscribe();
    work();
  });
  return pending;
}

/** The writer's default turn: `scheduleEndOfTurn`. */
export const endOfTurn: TurnScheduler = { schedule: scheduleEndOfTurn };
