/**
 * `keepAlive` on fromStdioServer, in virtual time over the fake server: the process outlives its
 * last subscriber by the window, a subscriber within it gets the same process, and nothing of an
 * old process's end ever touches a new one.
 */
import type { StdioExitEvent } from '../../lib/index.js';
import { exit, received, msg, setup, signal, spawn, stdinClosed } from '../support/fakeTransport.js';
import { marbles } from '../support/marbles.js';

const KEEP = 50;

describe('keepAlive (virtual time)', () => {
  it('a subscriber within the window gets the same process; two of them share it; it ends a window after the last', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler, {}, { keepAlive: KEEP });
      // One spawn only; stdin closes one window after the last of the later pair left (at 80).
      expectObservable(server.events, '^ 200ms !').toBe(`a 29ms b 99ms (cd)`, {
        a: spawn(),
        b: received(msg(1)),
        c: stdinClosed(),
        d: exit(0),
      });
      const first = server$.subscribe();
      cold('10ms x').subscribe(() => first.unsubscribe());
      cold('40ms x').subscribe(() => {
        const second = server$.subscribe();
        const third = server$.subscribe();
        cold('30ms x').subscribe(() => second.unsubscribe());
        cold('40ms x').subscribe(() => third.unsubscribe());
      });
      cold('30ms x').subscribe(() => server$.next(msg(1)));
    });
  });

  it('a subscriber after the window spawns afresh', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler, {}, { keepAlive: KEEP });
      expectObservable(server.events, '^ 200ms !').toBe(`a ${10 + KEEP - 1}ms (bc) 36ms d`, {
        a: spawn(10000),
        b: stdinClosed(10000),
        c: exit(0, null, 10000),
        d: spawn(10001),
      });
      const first = server$.subscribe();
      cold('10ms x').subscribe(() => first.unsubscribe());
      cold('100ms x').subscribe(() => server$.subscribe());
    });
  });

  it('a crash within the window ends the process; the next subscriber gets a fresh one, not the error', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const exits: StdioExitEvent[] = [];
      const { server, server$ } = setup(
        scheduler,
        { crash: { after: 30, code: 1 } },
        { keepAlive: KEEP, exitObserver: { next: (e) => exits.push(e) } },
      );
      // The crash is reported to the exit observer; nobody subscribed hears an error of it.
      expectObservable(server.events, '^ 60ms !').toBe('a 29ms b 9ms c', {
        a: spawn(10000),
        b: exit(1, null, 10000),
        c: spawn(10001),
      });
      const first = server$.subscribe();
      cold('10ms x').subscribe(() => first.unsubscribe());
      cold('40ms x').subscribe(() => {
        const errors: unknown[] = [];
        server$.subscribe({ error: (e: unknown) => errors.push(e) });
        scheduler.schedule(() => {
          expect(errors).toEqual([]);
          expect(exits).toEqual([{ code: 1, signal: null }]);
        }, 5);
      });
    });
  });

  it("the old process's shutdown never touches the new one, nor does the new one's unsubscribe touch the old", () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      // Both processes ignore EOF and SIGTERM: their whole shutdowns show, each on its own pid.
      const { server, server$ } = setup(
        scheduler,
        { exitOnStdinEnd: null, exitOnSigterm: null },
        { keepAlive: KEEP },
      );
      // Old: left at 10, window to 60, SIGTERM at 160, SIGKILL at 360.
      // New: joined at 70 (a fresh spawn), left at 80, window to 130, SIGTERM 230, SIGKILL 430.
      expectObservable(server.events, '^ 500ms !').toBe(
        'a 59ms b 9ms c 59ms d 29ms e 69ms f 129ms (gh) 66ms (ij)',
        {
          a: spawn(10000),
          b: stdinClosed(10000),
          c: spawn(10001),
          d: stdinClosed(10001),
          e: signal('SIGTERM', 10000),
          f: signal('SIGTERM', 10001),
          g: signal('SIGKILL', 10000),
          h: exit(null, 'SIGKILL', 10000),
          i: signal('SIGKILL', 10001),
          j: exit(null, 'SIGKILL', 10001),
        },
      );
      const first = server$.subscribe();
      cold('10ms x').subscribe(() => first.unsubscribe());
      cold('70ms x').subscribe(() => {
        const second = server$.subscribe();
        cold('10ms x').subscribe(() => second.unsubscribe());
      });
    });
  });

  it('is off by default: the last unsubscribe closes stdin at once', () => {
    marbles(({ expectObservable }, scheduler) => {
      const { server, server$ } = setup(scheduler);
      expectObservable(server.events, '^ 50ms !').toBe('a 9ms (bc)', {
        a: spawn(),
        b: stdinClosed(),
        c: exit(0),
      });
      expectObservable(server$, '^ 9ms !').toBe('');
    });
  });
});
