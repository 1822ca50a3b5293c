// boundedTimer and scheduleAfter: waits of any length, exact in virtual time, and never a delay
// above what a host timer takes (2^31 - 1 ms) handed to setInterval under the asyncScheduler.
// That Node then prints no TimeoutOverflowWarning is proven in a process of its own by
// spec/session/tasks/longDurations.spec.ts.
import { asyncScheduler, firstValueFrom, timer } from 'rxjs';
import {
  boundedTimer,
  MAX_TIMER_DELAY,
  MAX_WAIT,
  scheduleAfter,
} from '../../../lib/transport/timing/boundedTimer.js';
import { newTestScheduler } from '../../support/marbles.js';

describe('boundedTimer', () => {
  it('emits once at exactly the delay, however long, in virtual time', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(boundedTimer(5, testScheduler)).toBe('5ms (z|)', { z: 0 });
      expectObservable(boundedTimer(0, testScheduler)).toBe('(z|)', { z: 0 });
      expectObservable(boundedTimer(-3, testScheduler)).toBe('(z|)', { z: 0 });
      expectObservable(boundedTimer(MAX_TIMER_DELAY, testScheduler)).toBe(`${MAX_TIMER_DELAY}ms (z|)`, {
        z: 0,
      });
      expectObservable(boundedTimer(2 ** 31 + 5, testScheduler)).toBe(`${2 ** 31 + 5}ms (z|)`, { z: 0 });
      expectObservable(boundedTimer(3 * MAX_TIMER_DELAY + 2, testScheduler)).toBe(
        `${3 * MAX_TIMER_DELAY + 2}ms (z|)`,
        { z: 0 },
      );
    });
  });

  it('never emits past MAX_WAIT (about 1,100 years), for Infinity or NaN; stops when unsubscribed mid-chain', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(boundedTimer(MAX_WAIT, testScheduler)).toBe(`${MAX_WAIT}ms (z|)`, { z: 0 });
      expectObservable(boundedTimer(MAX_WAIT + 1, testScheduler)).toBe('');
      expectObservable(boundedTimer(Number.MAX_SAFE_INTEGER, testScheduler)).toBe('');
      expectObservable(boundedTimer(Infinity, testScheduler)).toBe('');
      expectObservable(boundedTimer(NaN, testScheduler)).toBe('');
      // Unsubscribed after the first link of the chain: nothing at 2^31 + 5.
      expectObservable(boundedTimer(2 ** 31 + 5, testScheduler), `^ ${2 ** 31}ms !`).toBe('');
    });
  });

  it('runs work through scheduleAfter, cancellable, on any scheduler', () => {
    const testScheduler = newTestScheduler();
    const ran: number[] = [];
    testScheduler.run(() => {
      scheduleAfter(testScheduler, 2 ** 32, () => ran.push(testScheduler.now()));
      const cancelled = scheduleAfter(testScheduler, 10, () => ran.push(-1));
      cancelled.unsubscribe();
      scheduleAfter(testScheduler, Infinity, () => ran.push(-2));
    });
    expect(ran).toEqual([2 ** 32]);
  });

  it('hands setInterval no delay above 2^31 - 1 ms under the asyncScheduler, and is not over at once', async () => {
    const asked: number[] = [];
    const setIntervalSpy = jest.spyOn(globalThis, 'setInterval');
    const order: string[] = [];
    try {
      const long = boundedTimer(2 ** 31, asyncScheduler).subscribe(() => order.push('long'));
      const longer = scheduleAfter(asyncScheduler, 5 * 2 ** 31, () => order.push('longer'));
      // The short wait ends first; the long ones must still be waiting then.
      await firstValueFrom(timer(30, asyncScheduler));
      order.push('short');
      for (const call of setIntervalSpy.mock.calls) asked.push(Number(call[1]));
      long.unsubscribe();
      longer.unsubscribe();
    } finally {
      setIntervalSpy.mockRestore();
    }
    expect(order).toEqual(['short']);
    expect(asked).toContain(MAX_TIMER_DELAY);
    expect(Math.max(...asked)).toBeLessThanOrEqual(MAX_TIMER_DELAY);
  });
});
