/**
 * "The end of this turn of the event loop", for the stdin writer when `params.scheduler` is not
 * given (with it, the turn ends on that scheduler, so a marble test that passes its
 * `TestScheduler` sees writes in virtual time). A bare microtask is the cheapest there is; RxJS's
 * `asapScheduler` costs an action, a bound flush and a handle table per turn, and measured
 * several microseconds of round-trip latency on a path that runs once per request.
 *
 * The microtask is a settled promise's `then`, not `queueMicrotask`: jest's fake timers replace
 * `queueMicrotask` (and `setImmediate`), and a user's test with them would wait forever for the
 * writes. They leave promises alone.
 */
import { Subscription } from 'rxjs';

/** Where a turn ends, as the writer needs it: any RxJS scheduler fits (tests pass their own). */
export interface TurnScheduler {
  schedule(work: () => void): Subscription;
}

/** Settled once; each `then` on it is one microtask. */
const settled = Promise.resolve();

/**
 * Runs `work` once the current turn's synchronous code and the microtasks queued before it have
 * run, unless the returned subscription is unsubscribed first.
 */
export function scheduleEndOfTurn(work: () => void): Subscription {
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
