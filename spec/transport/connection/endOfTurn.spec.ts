/**
 * The writer's end of a turn: `params.scheduler` when given, else a microtask (a settled
 * promise's then), cancellable; nothing is guessed from whether a TestScheduler runs.
 */
import { asapScheduler, asyncScheduler } from 'rxjs';
import { endOfTurn, scheduleEndOfTurn } from '../../../lib/transport/connection/endOfTurn.js';
import { resolveParams } from '../../../lib/transport/connection/resolveParams.js';
import { marbles, newTestScheduler } from '../../support/marbles.js';

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

  it('guesses nothing: inside a TestScheduler run it still ends the turn on a microtask, never on asapScheduler', async () => {
    const asap = jest.spyOn(asapScheduler, 'schedule');
    const order: string[] = [];
    marbles(({ flush }) => {
      scheduleEndOfTurn(() => order.push('end of turn'));
      scheduleEndOfTurn(() => order.push('cancelled')).unsubscribe();
      flush();
      // Virtual time does not reach it: a marble test gives its TestScheduler as params.scheduler.
      expect(order).toEqual([]);
    });
    await afterMicrotasks();
    expect(order).toEqual(['end of turn']);
    expect(asap).not.toHaveBeenCalled();
  });
});

describe("the writer's turn in the resolved params", () => {
  it("is params.scheduler when given (a marble test's TestScheduler), else the microtask", () => {
    const scheduler = newTestScheduler();
    expect(resolveParams({ command: 'node', scheduler }).turn).toBe(scheduler);
    expect(resolveParams({ command: 'node', scheduler: asyncScheduler }).turn).toBe(asyncScheduler);
    expect(resolveParams({ command: 'node' }).turn).toBe(endOfTurn);
  });
});
