/**
 * The one way tests build virtual time: a `TestScheduler` that compares with jest's `toEqual`,
 * and `marbles()` to run a body in it with the scheduler passed along (to give as every
 * `scheduler` param and to fakes).
 */
import type { VirtualTimeScheduler } from 'rxjs';
import { TestScheduler, type RunHelpers } from 'rxjs/testing';

/** A TestScheduler comparing with jest's `toEqual`. */
export function newTestScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

/** Runs `body` in virtual time; the TestScheduler itself is passed as every `scheduler`. */
export function marbles(body: (helpers: RunHelpers, scheduler: TestScheduler) => void): void {
  const scheduler = newTestScheduler();
  scheduler.run((helpers) => {
    body(helpers, scheduler);
  });
}

/**
 * Outside run mode: runs the actions due in the next `ms` of virtual time (none later), and
 * leaves the clock at exactly `ms` from now, whether or not anything was due then.
 */
export function advance(scheduler: VirtualTimeScheduler, ms: number): void {
  const target = scheduler.frame + ms;
  scheduler.schedule(() => undefined, ms);
  scheduler.maxFrames = target;
  scheduler.flush();
}
