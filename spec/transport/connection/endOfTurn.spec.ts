/**
 * The writer's end of a turn: a microtask (a settled promise's then) in real time, `asapScheduler` (virtual time) while
 * a TestScheduler runs, cancellable either way.
 */
import { asapScheduler } from 'rxjs';
import { scheduleEndOfTurn } from '../../../lib/transport/connection/endOfTurn.js';
import { marbles } from '../../support/marbles.js';

/** Resolves once the microtasks queued so far, and those they queue, have run. */
const afterMicrotasks = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

describe('scheduleEndOfTurn', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('runs the work after the microtasks queued before it, on a microtask of its own, not on asapScheduler', async () => {
    const asap = jest.spyOn(asapScheduler, 'schedule');
    const order: string[] = [];
    queueMicrotask(() => order.push('queued before'));
    scheduleEndOfTurn(() => order.push('end of turn'));
    queueMicrotask(() => order.push('queued after'));
    order.push('synchronous');
    expect(order).toEqual(['synchronous']);
    await afterMicrotasks();
    expect(order).toEqual(['synchronous', 'queued before', 'end of turn', 'queued after']);
    expect(asap).not.toHaveBeenCalled();
  });

  it('runs nothing once unsubscribed, and runs the work once', async () => {
    const cancelled = jest.fn();
    const kept = jest.fn();
    scheduleEndOfTurn(cancelled).unsubscribe();
    const subscription = scheduleEndOfTurn(kept);
    await afterMicrotasks();
    expect(cancelled).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
    // Done: it is closed, and unsubscribing it now is harmless.
    expect(subscription.closed).toBe(true);
    subscription.unsubscribe();
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it("still ends the turn under jest's fake timers, which replace queueMicrotask and setImmediate", async () => {
    const ended = jest.fn();
    const order: string[] = [];
    jest.useFakeTimers();
    try {
      scheduleEndOfTurn(ended);
      scheduleEndOfTurn(() => order.push('second'));
      // Promise callbacks are real microtasks under fake timers: two awaits let the turn end.
      await Promise.resolve();
      await Promise.resolve();
    } finally {
      jest.useRealTimers();
    }
    expect(ended).toHaveBeenCalledTimes(1);
    expect(order).toEqual(['second']);
  });

  it('runs in virtual time on asapScheduler while a TestScheduler runs, and can be cancelled there', () => {
    const asap = jest.spyOn(asapScheduler, 'schedule');
    const order: string[] = [];
    marbles(({ flush }, scheduler) => {
      scheduleEndOfTurn(() => order.push(`end of turn at ${scheduler.now()}`));
      scheduleEndOfTurn(() => order.push('cancelled')).unsubscribe();
      expect(order).toEqual([]);
      flush();
      expect(order).toEqual(['end of turn at 0']);
    });
    expect(asap).toHaveBeenCalledTimes(2);
  });
});
