// Waits of any length on a scheduler. Node's and browsers' timers take at most 2^31 - 1 ms (about
// 24.9 days): a longer delay fires after 1 ms, and Node prints a TimeoutOverflowWarning. RxJS's
// asyncScheduler hands delays to setInterval as they are, so `timer(ttl)` with a server's ttl of
// 30 days would end at once. Here a long wait is a chain of waits of at most MAX_TIMER_DELAY on
// the scheduler, so virtual time (TestScheduler) sees one wait of the whole length. Every wait of the package whose length comes from a server or a caller goes
// through this module; browser-safe (nothing but RxJS).
import { asyncScheduler, Observable, Subscription, type SchedulerLike } from 'rxjs';

/** The longest delay a host timer takes at once: 2^31 - 1 ms (setTimeout's limit, about 24.9 days). */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * The longest wait that ends: 2^14 host timers, about 1,100 years. A longer one never ends (no
 * process runs that long), which keeps the chain short where virtual time runs it to the end:
 * a server's ttl of `Number.MAX_SAFE_INTEGER` would otherwise be four million steps.
 */
export const MAX_WAIT = MAX_TIMER_DELAY * 2 ** 14;

/**
 * Runs `work` once, `ms` milliseconds from now on `scheduler`, however long that is: a wait over
 * `MAX_TIMER_DELAY` is chained from shorter ones. Below 0 counts as 0; a duration over `MAX_WAIT`,
 * or not a number at all (`NaN`), never elapses.
 *
 * @param scheduler The scheduler.
 * @param ms The delay in milliseconds.
 * @param work What to run.
 * @returns The wait: unsubscribe to cancel it.
 */
export function scheduleAfter(scheduler: SchedulerLike, ms: number, work: () => void): Subscription {
  if (Number.isNaN(ms) || ms > MAX_WAIT) return new Subscription();
  let left = Math.max(0, ms);
  // A fresh action per link, only the pending one held: a virtual-time action rescheduled from
  // inside itself nests the new one in the old, and a long chain would nest deep.
  let pending: Subscription | null = null;
  const link = (): void => {
    const delay = Math.min(left, MAX_TIMER_DELAY);
    left -= delay;
    pending = scheduler.schedule(() => {
      pending = null;
      if (left === 0) work();
      else link();
    }, delay);
  };
  link();
  return new Subscription(() => {
    pending?.unsubscribe();
  });
}

/**
 * Like RxJS `timer(ms, scheduler)` (emits `0` after `ms`, then completes), for a delay of any
 * length: see `scheduleAfter`. A delay over `MAX_WAIT` (`Infinity` too) or `NaN` never emits.
 *
 * @example
 * ```ts
 * boundedTimer(task.ttl, scheduler).subscribe(() => giveUp()); // a ttl of 30 days waits 30 days
 * ```
 *
 * @param ms The delay in milliseconds.
 * @param scheduler The scheduler. Default `asyncScheduler`.
 * @returns An Observable of one `0`.
 */
export function boundedTimer(ms: number, scheduler: SchedulerLike = asyncScheduler): Observable<0> {
  return new Observable<0>((subscriber) =>
    scheduleAfter(scheduler, ms, () => {
      subscriber.next(0);
      subscriber.complete();
    }),
  );
}
