import { config, retry, type Observer } from 'rxjs';
import {
  fromStdioServer,
  StdioParamsError,
  StdioServerExitError,
  StdioSpawnError,
  StdioWriteOverflowError,
  type MalformedFrame,
} from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { fakeServer } from '../../lib/testing/index.js';
import {
  CLOSE,
  exit,
  msg,
  received,
  reply,
  setup,
  signal,
  spawn,
  stdinClosed,
  TERM,
} from '../support/fakeTransport.js';
import { marbles } from '../support/marbles.js';

describe('fromStdioServer lifecycle (virtual time)', () => {
  it('spawns nothing until subscribed, then spawns on subscribe', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler);
      expectObservable(server.events).toBe('10ms a', { a: spawn() });
      cold('10ms x').subscribe(() => server$.subscribe());
    });
  });

  it('flushes messages queued before the spawn, in order', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler);
      server$.next(msg(1));
      server$.next(msg(2));
      expectObservable(server.events).toBe('5ms (abc)', {
        a: spawn(),
        b: received(msg(1)),
        c: received(msg(2)),
      });
      cold('5ms x').subscribe(() => server$.subscribe());
    });
  });

  it('emits the frames the server writes, answers included', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server$ } = setup(scheduler, {
        stdout: cold('-a--b', {
          a: { jsonrpc: '2.0', method: 'hello' },
          b: { jsonrpc: '2.0', method: 'bye' },
        }),
        respond: (m) => cold('--r', { r: reply((m as JsonRpcMessage).id as number) }),
      });
      cold('3ms x').subscribe(() => server$.next(msg(7)));
      expectObservable(server$, '^ 20ms !').toBe('-a--br', {
        a: { jsonrpc: '2.0', method: 'hello' },
        b: { jsonrpc: '2.0', method: 'bye' },
        r: reply(7),
      });
    });
  });

  it('on unsubscribe closes stdin at t, and stops there when the server exits on EOF', () => {
    marbles(({ expectObservable }, scheduler) => {
      const { server, server$ } = setup(scheduler, { exitOnStdinEnd: 30 });
      expectObservable(server.events).toBe('a 9ms b 29ms c', { a: spawn(), b: stdinClosed(), c: exit(0) });
      expectObservable(server$, '^ 9ms !').toBe('');
    });
  });

  it('SIGTERMs the tree at t+closeTimeout when the server ignores EOF', () => {
    marbles(({ expectObservable }, scheduler) => {
      const { server, server$ } = setup(scheduler, { exitOnStdinEnd: null, exitOnSigterm: 5 });
      expectObservable(server.events).toBe(`a 9ms b ${CLOSE - 1}ms c 4ms d`, {
        a: spawn(),
        b: stdinClosed(),
        c: signal('SIGTERM'),
        d: exit(null, 'SIGTERM'),
      });
      expectObservable(server$, '^ 9ms !').toBe('');
    });
  });

  it('SIGKILLs the tree at t+closeTimeout+termTimeout when the server ignores EOF and SIGTERM', () => {
    marbles(({ expectObservable }, scheduler) => {
      const { server, server$ } = setup(scheduler, { exitOnStdinEnd: null, exitOnSigterm: null });
      expectObservable(server.events).toBe(`a 9ms b ${CLOSE - 1}ms c ${TERM - 1}ms (de)`, {
        a: spawn(),
        b: stdinClosed(),
        c: signal('SIGTERM'),
        d: signal('SIGKILL'),
        e: exit(null, 'SIGKILL'),
      });
      expectObservable(server$, '^ 9ms !').toBe('');
    });
  });

  it('runs the shutdown to its end even though the subscriber is gone, and tells the observers', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const closing: number[] = [];
      const exits: unknown[] = [];
      const { server$ } = setup(
        scheduler,
        { exitOnStdinEnd: null, exitOnSigterm: null },
        {
          closingObserver: { next: () => closing.push(scheduler.now()) },
          exitObserver: { next: (e) => exits.push({ ...e, at: scheduler.now() }) },
        },
      );
      const subscription = server$.subscribe();
      cold('10ms x').subscribe(() => subscription.unsubscribe());
      expectObservable(cold(`${10 + CLOSE + TERM + 1}ms x`)).toBe(`${10 + CLOSE + TERM + 1}ms x`);
      scheduler.schedule(
        () => {
          expect(closing).toEqual([10]);
          expect(exits).toEqual([{ code: null, signal: 'SIGKILL', at: 10 + CLOSE + TERM }]);
        },
        10 + CLOSE + TERM + 1,
      );
    });
  });

  it('spawns a fresh process for a subscription that comes during a shutdown, leaving the old one be', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler, { exitOnStdinEnd: 50 });
      expectObservable(server.events, '^ 100ms !').toBe('a 9ms b 9ms c 39ms d', {
        a: spawn(10000),
        b: stdinClosed(10000),
        c: spawn(10001),
        d: exit(0, null, 10000),
      });
      const first = server$.subscribe();
      cold('10ms x').subscribe(() => first.unsubscribe());
      cold('20ms x').subscribe(() => server$.subscribe());
    });
  });

  it('shares one process between concurrent subscribers and keeps it while one remains', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler, {
        stdout: cold('5ms a 9ms b', { a: msg(1), b: msg(2) }),
      });
      expectObservable(server.events, '^ 40ms !').toBe('a 29ms (bc)', {
        a: spawn(),
        b: stdinClosed(),
        c: exit(0),
      });
      expectObservable(server$, '^ 8ms !').toBe('5ms a', { a: msg(1) });
      expectObservable(server$, '^ 29ms !').toBe('5ms a 9ms b', { a: msg(1), b: msg(2) });
    });
  });

  it('complete() closes stdin politely and completes subscribers when the server exits', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler, { exitOnStdinEnd: 7 });
      cold('10ms x').subscribe(() => {
        server$.next(msg(1));
        server$.complete();
      });
      expectObservable(server$).toBe('17ms |');
      // A group `(bc)` lasts as many frames as it has characters: 10 + 4 + 3 = 17.
      expectObservable(server.events).toBe('a 9ms (bc) 3ms d', {
        a: spawn(),
        b: received(msg(1)),
        c: stdinClosed(),
        d: exit(0),
      });
    });
  });

  it('error(e) errors the subscribers at once and shuts the server down', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler, { exitOnStdinEnd: 3 });
      cold('10ms x').subscribe(() => server$.error(new Error('host gave up')));
      expectObservable(server$).toBe('10ms #', undefined, new Error('host gave up'));
      expectObservable(server.events).toBe('a 9ms b 2ms c', { a: spawn(), b: stdinClosed(), c: exit(0) });
    });
  });

  it('completes when the server exits 0 on its own, after delivering its frames', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server$ } = setup(scheduler, {
        stdout: cold('3ms a', { a: msg(1) }),
        crash: { after: 3, code: 0 },
      });
      expectObservable(server$).toBe('3ms (a|)', { a: msg(1) });
    });
  });

  it('errors with StdioServerExitError (code, signal, stderr tail) when the server crashes', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const lines: string[] = [];
      const { server$ } = setup(
        scheduler,
        {
          stdout: cold('4ms a', { a: msg(1) }),
          stderr: ['starting', 'fatal: boom'],
          crash: { after: 4, code: 3 },
        },
        { stderr: { next: (line) => lines.push(line) } },
      );
      const error = new StdioServerExitError(3, null, ['starting', 'fatal: boom']);
      expectObservable(server$).toBe('4ms (a#)', { a: msg(1) }, error);
      scheduler.schedule(() => {
        expect(lines).toEqual(['starting', 'fatal: boom']);
      }, 5);
    });
  });

  it('reports a server killed by a signal with that signal', () => {
    marbles(({ expectObservable }, scheduler) => {
      const { server$ } = setup(scheduler, { crash: { after: 2, signal: 'SIGSEGV' } });
      expectObservable(server$).toBe('2ms #', undefined, new StdioServerExitError(null, 'SIGSEGV'));
    });
  });

  it('errors with StdioSpawnError when the process cannot start', () => {
    marbles(({ expectObservable }, scheduler) => {
      const { server$ } = setup(scheduler, { spawnError: 'ENOENT' });
      expectObservable(server$).toBe(
        '#',
        undefined,
        new StdioSpawnError(
          'failed to start MCP server: command not found: "fake-server"',
          'ENOENT',
          'fake-server',
        ),
      );
    });
  });

  it('errors with StdioParamsError on subscribe and spawns nothing when the params are invalid', () => {
    marbles(({ expectObservable }, scheduler) => {
      const server = fakeServer({}, scheduler);
      const server$ = fromStdioServer({ command: 'fake', args: ['a\0b'], spawn: server.spawn });
      expectObservable(server$).toBe(
        '#',
        undefined,
        new StdioParamsError('params.args[0] contains a NUL byte', 'args[0]'),
      );
      expectObservable(server.events).toBe('');
    });
  });

  it('retry() restarts a server that crashed, with a fresh process each time', () => {
    marbles(({ expectObservable }, scheduler) => {
      const { server, server$ } = setup(scheduler, { crash: { after: 5, code: 1 } });
      expectObservable(server$.pipe(retry(2))).toBe('15ms #', undefined, new StdioServerExitError(1, null));
      expectObservable(server.events).toBe('a 4ms (bc) 1ms (de) 1ms f', {
        a: spawn(10000),
        b: exit(1, null, 10000),
        c: spawn(10001),
        d: exit(1, null, 10001),
        e: spawn(10002),
        f: exit(1, null, 10002),
      });
    });
  });

  it('shuts down a server that closes stdout but keeps running, and completes', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(scheduler, {
        stdout: cold('2ms a 3ms |', { a: msg(1) }),
        closeStdoutWhenDone: true,
        exitOnStdinEnd: null,
        exitOnSigterm: 0,
      });
      expectObservable(server$).toBe(`2ms a ${CLOSE + 3}ms |`, { a: msg(1) });
      expectObservable(server.events).toBe(`a 5ms b ${CLOSE - 1}ms (cd)`, {
        a: spawn(),
        b: stdinClosed(),
        c: signal('SIGTERM'),
        d: exit(null, 'SIGTERM'),
      });
    });
  });

  it('waits for drain with a single listener, then writes the rest in order', () => {
    marbles(({ cold, flush }, scheduler) => {
      const { server, server$ } = setup(scheduler, { stallReading: true });
      server$.subscribe();
      const big = 'x'.repeat(6000);
      cold('1ms x').subscribe(() => {
        for (let id = 1; id <= 20; id++) server$.next({ jsonrpc: '2.0', id, method: big });
      });
      flush();
      const child = server.processes[0];
      expect(child?.received).toEqual([]);
      expect(child?.stdin.listenerCount('drain')).toBe(1);
      child?.resumeReading();
      expect(child?.received.map((m) => (m as JsonRpcMessage).id)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(child?.stdin.listenerCount('drain')).toBe(0);
    });
  });

  it('errors with StdioWriteOverflowError instead of growing without bound when the server stops reading', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, server$ } = setup(
        scheduler,
        { stallReading: true, exitOnStdinEnd: 0, exitOnSigterm: 0 },
        { maxWriteQueueLength: 100_000 },
      );
      const request = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, method: 'x'.repeat(5000) });
      cold('1ms x').subscribe(() => {
        for (let id = 1; id <= 50; id++) server$.next(request(id));
      });
      // The first message that does not fit is refused: find it from the line sizes.
      let queued = 0;
      for (let id = 1; queued <= 100_000; id++)
        queued += Buffer.byteLength(`${JSON.stringify(request(id))}\n`);
      expectObservable(server$).toBe('1ms #', undefined, new StdioWriteOverflowError(100_000, queued));
      expectObservable(server.events).toBe(`a ${CLOSE}ms (bc)`, {
        a: spawn(),
        b: signal('SIGTERM'),
        c: exit(null, 'SIGTERM'),
      });
    });
  });

  it('skips malformed lines, reports them, and still delivers the next good frame', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const reports: MalformedFrame[] = [];
      const { server$ } = setup(
        scheduler,
        { stdout: cold('1ms abcd', { a: 'not json', b: '[1,2]', c: '', d: msg(5) }) },
        { malformedObserver: { next: (r) => reports.push(r) } },
      );
      expectObservable(server$, '^ 10ms !').toBe('4ms d', { d: msg(5) });
      scheduler.schedule(() => {
        expect(reports.map((r) => r.line)).toEqual(['not json', '[1,2]']);
        expect(reports[1]?.reason).toBe('not a JSON-RPC message: expected a JSON object, got an array');
      }, 5);
    });
  });

  it('does not let a throwing observer break the transport', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const errors: unknown[] = [];
      const unhandled: unknown[] = [];
      config.onUnhandledError = (e) => unhandled.push(e);
      const { server$ } = setup(
        scheduler,
        { stdout: cold('1ms a', { a: msg(1) }) },
        {
          spawnObserver: {
            next: () => {
              throw new Error('observer bug');
            },
          },
        },
      );
      const observer: Partial<Observer<JsonRpcMessage>> = { error: (e) => errors.push(e) };
      server$.subscribe(observer);
      expectObservable(server$, '^ 5ms !').toBe('1ms a', { a: msg(1) });
      scheduler.schedule(() => {
        expect(errors).toEqual([]);
        expect(unhandled).toEqual([new Error('observer bug')]);
      }, 6);
    });
  });
});

afterEach(() => {
  config.onUnhandledError = null;
});
