/**
 * What `next()` does with what it is given, in virtual time over the fake server: after
 * `complete()` or `error()` it drops messages (none reaches a later process), a message that
 * cannot be serialized never throws into the caller and is never handed to a later subscriber,
 * and `maxFrameLength` counts a frame without its line ending, `\r\n` as `\n`, on both pipes.
 */
import { config } from 'rxjs';
import type { MalformedFrame } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { exit, msg, received, setup, spawn, stdinClosed } from '../support/fakeTransport.js';
import { marbles } from '../support/marbles.js';

/** Collects what reaches `config.onUnhandledError` while `body` runs. */
function unhandledDuring(body: () => void): unknown[] {
  const unhandled: unknown[] = [];
  const previous = config.onUnhandledError;
  config.onUnhandledError = (e) => unhandled.push(e);
  try {
    body();
  } finally {
    config.onUnhandledError = previous;
  }
  return unhandled;
}

const circular = (): JsonRpcMessage => {
  const message: Record<string, unknown> = { jsonrpc: '2.0', id: 9, method: 'loop' };
  message.self = message;
  return message as unknown as JsonRpcMessage;
};

describe('next() after complete() or error() (virtual time)', () => {
  it.each(['complete', 'error'] as const)(
    'after %s() a message reaches neither the closing process nor the next one; the next process takes new ones',
    (end) => {
      marbles(({ expectObservable, cold }, scheduler) => {
        const { server, server$ } = setup(scheduler, { exitOnStdinEnd: 20 });
        // msg(1) is sent after the end at 10 (the process still runs until 30): dropped.
        // A new subscriber at 50 spawns 10001, which gets msg(2) only.
        expectObservable(server.events, '^ 100ms !').toBe('a 9ms b 19ms c 19ms d 9ms e', {
          a: spawn(10000),
          b: stdinClosed(10000),
          c: exit(0, null, 10000),
          d: spawn(10001),
          e: received(msg(2), 10001),
        });
        server$.subscribe({ error: () => undefined });
        cold('10ms x').subscribe(() => {
          if (end === 'complete') server$.complete();
          else server$.error(new Error('bye'));
          server$.next(msg(1));
        });
        cold('20ms x').subscribe(() => server$.next(msg(1)));
        cold('50ms x').subscribe(() => server$.subscribe());
        cold('60ms x').subscribe(() => server$.next(msg(2)));
      });
    },
  );

  it('complete() with no process drops what was queued and what comes after, until a subscription', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler);
      expectObservable(server.events, '^ 40ms !').toBe('20ms a 9ms b', { a: spawn(), b: received(msg(3)) });
      server$.next(msg(1));
      server$.complete();
      server$.next(msg(2));
      cold('20ms x').subscribe(() => server$.subscribe());
      cold('30ms x').subscribe(() => server$.next(msg(3)));
    });
  });
});

describe('next() with a message that cannot be serialized (virtual time)', () => {
  it('with a running process: every subscriber gets the serializer’s error, the server is shut down, nothing throws', () => {
    const unhandled = unhandledDuring(() => {
      marbles(({ expectObservable, cold }, scheduler) => {
        const { server, server$ } = setup(scheduler);
        expectObservable(server.events, '^ 20ms !').toBe('a 9ms (bc)', {
          a: spawn(),
          b: stdinClosed(),
          c: exit(0),
        });
        const errors: unknown[] = [];
        server$.subscribe({ error: (e: unknown) => errors.push(e) });
        server$.subscribe({ error: (e: unknown) => errors.push(e) });
        cold('10ms x').subscribe(() => {
          expect(() => server$.next(circular())).not.toThrow();
          expect(errors.map((e) => (e as Error).name)).toEqual(['TypeError', 'TypeError']);
        });
      });
    });
    expect(unhandled).toEqual([]);
  });

  it('the error reaches the subscribers at once, with the serializer’s own message', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server$ } = setup(scheduler);
      let message = '';
      try {
        JSON.stringify(circular());
      } catch (e) {
        message = (e as Error).message;
      }
      const source = server$;
      expectObservable(source, '^ 20ms !').toBe('10ms #', undefined, new TypeError(message));
      expectObservable(source, '^ 20ms !').toBe('10ms #', undefined, new TypeError(message));
      cold('10ms x').subscribe(() => server$.next(circular()));
    });
  });

  it('with no process: dropped alone, never thrown, never handed to a later subscriber', () => {
    const unhandled = unhandledDuring(() => {
      marbles(({ expectObservable, cold }, scheduler) => {
        const { server, server$ } = setup(scheduler);
        server$.next(msg(1));
        expect(() => server$.next(circular())).not.toThrow();
        server$.next(msg(2));
        // The later subscriber runs normally and the messages queued around the bad one arrive.
        expectObservable(server.events, '^ 20ms !').toBe('10ms (abc) (de)', {
          a: spawn(),
          b: received(msg(1)),
          c: received(msg(2)),
          d: stdinClosed(),
          e: exit(0),
        });
        const late = cold('10ms x');
        late.subscribe(() => {
          const subscriber = server$.subscribe();
          cold('5ms x').subscribe(() => subscriber.unsubscribe());
        });
        expectObservable(server$, '10ms ^ 4ms !').toBe('');
      });
    });
    expect(unhandled).toEqual([]);
  });
});

describe('maxFrameLength counts a frame without its line ending (virtual time)', () => {
  /** A JSON frame of exactly `bytes` bytes. */
  const frameOf = (bytes: number): string => {
    const head = '{"jsonrpc":"2.0","method":"n","params":"';
    const tail = '"}';
    return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
  };

  it.each([
    ['\n', 'in one chunk'],
    ['\r\n', 'in one chunk'],
    ['\r\n', 'cut between \\r and \\n'],
    ['\r\n', 'cut byte by byte at the end'],
  ])(
    'stdout: a frame of exactly the limit ending %j is accepted, one byte more is not (%s)',
    (ending, how) => {
      marbles((_helpers, scheduler) => {
        const malformed: MalformedFrame[] = [];
        const frames: unknown[] = [];
        const { server, server$ } = setup(
          scheduler,
          {},
          {
            maxFrameLength: 1000,
            malformedObserver: { next: (r) => malformed.push(r) },
          },
        );
        server$.subscribe((m) => frames.push(m));
        scheduler.schedule(() => {
          const stdout = server.processes[0]?.stdout;
          for (const size of [1000, 1001]) {
            const bytes = Buffer.from(frameOf(size) + ending);
            const cuts =
              how === 'in one chunk'
                ? [bytes.length]
                : how === 'cut between \\r and \\n'
                  ? [bytes.length - 1, bytes.length]
                  : [bytes.length - 3, bytes.length - 2, bytes.length - 1, bytes.length];
            let start = 0;
            for (const cut of cuts) {
              stdout?.emit('data', bytes.subarray(start, cut));
              start = cut;
            }
          }
        }, 1);
        scheduler.schedule(() => {
          expect(frames).toEqual([JSON.parse(frameOf(1000))]);
          expect(malformed.map((r) => [r.length, r.reason])).toEqual([
            [1001, 'line of 1001 bytes exceeds maxFrameLength (1000)'],
          ]);
        }, 2);
      });
    },
  );

  it('stderr: a line of exactly 64 KiB ending \\r\\n is kept whole, a longer one is cut', () => {
    marbles((_helpers, scheduler) => {
      const lines: string[] = [];
      const { server, server$ } = setup(scheduler, {}, { stderr: { next: (line) => lines.push(line) } });
      server$.subscribe();
      scheduler.schedule(() => {
        const stderr = server.processes[0]?.stderr;
        const limit = 64 * 1024;
        const exact = Buffer.from('e'.repeat(limit) + '\r\n');
        stderr?.emit('data', exact.subarray(0, limit + 1));
        stderr?.emit('data', exact.subarray(limit + 1));
        stderr?.emit('data', Buffer.from('f'.repeat(limit + 1) + '\r\n'));
      }, 1);
      scheduler.schedule(() => {
        expect(lines.map((l) => l.length)).toEqual([64 * 1024, 256 + `… [${64 * 1024 + 1} bytes]`.length]);
        expect(lines[0]).toBe('e'.repeat(64 * 1024));
      }, 2);
    });
  });
});
