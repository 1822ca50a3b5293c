import { catchError, map, of, retry, switchMap, tap } from 'rxjs';
import {
  mcpSession,
  McpProtocolError,
  McpTransportInUseError,
  type McpSession,
} from '../../lib/session/index.js';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';

const text = (value: string) => ({ content: [{ type: 'text' as const, text: value }] });
const echoTool = {
  name: 'echo',
  inputSchema: { type: 'object' as const },
  call: (args: Record<string, unknown>) => text(JSON.stringify(args)),
};

describe('mcpSession is multicast', () => {
  it('subscribers during and after the handshake get the same session; one initialize', () => {
    newTestScheduler().run(({ cold, expectObservable, flush }) => {
      const server = fakeMcpServer({
        handlers: {
          initialize: (params) =>
            cold('3ms (r|)', {
              r: {
                protocolVersion: params.protocolVersion,
                capabilities: {},
                serverInfo: { name: 'slow', version: '1' },
              },
            }),
        },
      });
      const session$ = mcpSession(server.transport);
      const seen: McpSession[] = [];
      const record = tap((session: McpSession) => seen.push(session));
      const name = map((session: McpSession) => session.serverInfo.name);
      expectObservable(session$.pipe(record, name), '^ 10ms !').toBe('3ms s', { s: 'slow' });
      expectObservable(cold('1ms a').pipe(switchMap(() => session$.pipe(record, name))), '^ 10ms !').toBe(
        '3ms s',
        {
          s: 'slow',
        },
      );
      expectObservable(cold('6ms a').pipe(switchMap(() => session$.pipe(record, name))), '^ 10ms !').toBe(
        '6ms s',
        {
          s: 'slow',
        },
      );
      flush();
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(1);
      expect(server.count('initialize')).toBe(1);
      expect(server.count('notifications/initialized')).toBe(1);
      expect(server.connections.map((c) => c.endedBy)).toEqual(['client']);
    });
  });

  it('the last to leave ends the session; a later subscriber starts a fresh connection and handshake', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer({ tools: [echoTool] });
      const session$ = mcpSession(server.transport);
      const sessions: McpSession[] = [];
      expectObservable(
        session$.pipe(
          tap((s) => sessions.push(s)),
          map(() => 'ready'),
        ),
        '^ 2ms !',
      ).toBe('r', {
        r: 'ready',
      });
      expectObservable(
        cold('5ms a').pipe(
          switchMap(() =>
            session$.pipe(
              tap((s) => sessions.push(s)),
              map(() => 'ready'),
            ),
          ),
        ),
        '^ 8ms !',
      ).toBe('5ms r', { r: 'ready' });
      flush();
      expect(server.connections.map((c) => c.endedBy)).toEqual(['client', 'client']);
      expect(server.count('initialize')).toBe(2);
      expect(sessions[0]).not.toBe(sessions[1]);
    });
  });

  it('keepAlive: a subscriber within the window reuses the session; after it, the session ends', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer({ tools: [echoTool] });
      const session$ = mcpSession(server.transport, { keepAlive: 10 });
      const sessions: McpSession[] = [];
      const ready = () =>
        session$.pipe(
          tap((s) => sessions.push(s)),
          map(() => 'r'),
        );
      expectObservable(ready(), '^ 2ms !').toBe('r');
      // Back 5 ms after the last one left (within 10 ms): same session, no handshake.
      expectObservable(cold('7ms a').pipe(switchMap(ready)), '^ 9ms !').toBe('7ms r');
      // 30 ms later the window (9 + 10 ms) has passed: a fresh connection.
      expectObservable(cold('30ms a').pipe(switchMap(ready)), '^ 31ms !').toBe('30ms r');
      flush();
      expect(server.count('initialize')).toBe(2);
      expect(sessions[0]).toBe(sessions[1]);
      expect(sessions[2]).not.toBe(sessions[0]);
      expect(server.connections.map((c) => c.endedBy)).toEqual(['client', 'client']);
    });
  });

  it('keepAlive: a crash in the window ends the session; nothing is reused', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer({ tools: [echoTool] });
      const session$ = mcpSession(server.transport, { keepAlive: 10 });
      const sessions: McpSession[] = [];
      const ready = () =>
        session$.pipe(
          tap((s) => sessions.push(s)),
          map(() => 'r'),
        );
      expectObservable(ready(), '^ 2ms !').toBe('r');
      cold('4ms a').subscribe(() => {
        server.crash(new Error('boom'));
      });
      expectObservable(cold('6ms a').pipe(switchMap(ready)), '^ 8ms !').toBe('6ms r');
      flush();
      expect(server.connections.map((c) => c.endedBy)).toEqual(['crash', 'client']);
      expect(server.count('initialize')).toBe(2);
      expect(sessions[1]).not.toBe(sessions[0]);
    });
  });

  it('retry() after a crash restarts a fresh connection and handshake', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer({ tools: [echoTool] });
      const session$ = mcpSession(server.transport);
      cold('3ms a').subscribe(() => {
        server.crash(new Error('boom'));
      });
      expectObservable(
        session$.pipe(
          retry(1),
          map(() => 'r'),
        ),
        '^ 5ms !',
      ).toBe('r 2ms r');
      flush();
      expect(server.count('initialize')).toBe(2);
      expect(server.connections.map((c) => c.endedBy)).toEqual(['crash', 'client']);
    });
  });

  it('a server request is answered exactly once, however many subscribers', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer({ tools: [echoTool] });
      const session$ = mcpSession(server.transport);
      expectObservable(session$.pipe(map(() => 'r')), '^ 5ms !').toBe('r');
      expectObservable(session$.pipe(map(() => 'r')), '^ 5ms !').toBe('r');
      expectObservable(cold('2ms (a|)').pipe(switchMap(() => server.request('ping')))).toBe('2ms (p|)', {
        p: {},
      });
      flush();
      // The client's answers (frames without a method): one, to the fake's request 0.
      expect(server.received.filter((m) => m.method === undefined)).toEqual([
        { jsonrpc: '2.0', id: 0, result: {} },
      ]);
    });
  });

  it('a second mcpSession() Observable on a transport in use errors with McpTransportInUseError', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer({ tools: [echoTool] });
      const first$ = mcpSession(server.transport);
      const second$ = mcpSession(server.transport);
      const describe = catchError((error: unknown) =>
        of(error instanceof McpTransportInUseError ? `in use: ${error.message}` : 'other'),
      );
      expectObservable(first$.pipe(map(() => 'r')), '^ 5ms !').toBe('r');
      expectObservable(
        cold('1ms (a|)').pipe(
          switchMap(() =>
            second$.pipe(
              map(() => 'r'),
              describe,
            ),
          ),
        ),
      ).toBe('1ms (e|)', {
        e: expect.stringMatching(
          /^in use: .*already carries an mcpSession\(\).*Share one mcpSession\(\) Observable/,
        ) as unknown,
      });
      // Once the first has ended, the second may run.
      expectObservable(cold('8ms a').pipe(switchMap(() => second$.pipe(map(() => 'r')))), '^ 9ms !').toBe(
        '8ms r',
      );
      flush();
      expect(server.count('initialize')).toBe(2);
      expect(server.connections).toHaveLength(2);
    });
  });
});

describe('one request fails alone', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a BigInt', { n: 1n }, /BigInt/],
    ['a circular object', { c: circular }, /circular/i],
    [
      'a toJSON that throws',
      {
        x: {
          toJSON: () => {
            throw new Error('no JSON for you');
          },
        },
      },
      /^no JSON for you$/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`callTool with ${what} errors with the serializer's message; the session and other calls go on`, () => {
      newTestScheduler().run(({ expectObservable, cold, flush }) => {
        const server = fakeMcpServer({
          tools: [
            echoTool,
            {
              name: 'slow',
              inputSchema: { type: 'object' },
              call: () => cold('4ms (r|)', { r: text('ok') }),
            },
          ],
        });
        const session$ = mcpSession(server.transport);
        const result = (name: string, a: Record<string, unknown>) =>
          session$.pipe(
            switchMap((s) => s.callTool(name, a)),
            map((e) => (e.type === 'result' ? e.result.content : e)),
            catchError((error: unknown) => of(error instanceof Error ? error.message : 'not an Error')),
          );
        expectObservable(result('slow', {}), '^ 8ms !').toBe('4ms r', { r: text('ok').content });
        expectObservable(cold('1ms (a|)').pipe(switchMap(() => result('echo', args)))).toBe('1ms (e|)', {
          e: expect.stringMatching(message) as unknown,
        });
        expectObservable(cold('2ms a').pipe(switchMap(() => result('echo', { fine: true }))), '^ 8ms !').toBe(
          '2ms r',
          {
            r: text('{"fine":true}').content,
          },
        );
        flush();
        expect(server.connections.map((c) => c.endedBy)).toEqual(['client']);
        expect(server.count('tools/call')).toBe(2);
      });
    });
  }
});

describe('live lists are bounded', () => {
  it('a server returning a new cursor forever fails the list with McpProtocolError after maxListPages', () => {
    newTestScheduler().run(({ expectObservable, flush }) => {
      const server = fakeMcpServer({
        tools: [],
        handlers: {
          'tools/list': (params) => ({ tools: [], nextCursor: `${String(params.cursor ?? '')}x` }),
        },
      });
      const tools$ = mcpSession(server.transport, { maxListPages: 5 }).pipe(
        switchMap((s) => s.tools$),
        catchError((error: unknown) =>
          of(error instanceof McpProtocolError ? `${error.method}: ${error.message}` : 'other'),
        ),
      );
      expectObservable(tools$).toBe('(e|)', {
        e: 'tools/list: tools/list still had a next page after 5 pages (maxListPages); the list is not read further',
      });
      flush();
      expect(server.count('tools/list')).toBe(5);
    });
  });

  it('a list of exactly maxListPages pages is read whole', () => {
    newTestScheduler().run(({ expectObservable }) => {
      const tools = ['a', 'b', 'c'].map((name) => ({ name, inputSchema: { type: 'object' as const } }));
      const server = fakeMcpServer({ tools, pageSize: 1 });
      const names$ = mcpSession(server.transport, { maxListPages: 3 }).pipe(
        switchMap((s) => s.tools$),
        map((list) => list.map((t) => t.name).join()),
      );
      expectObservable(names$, '^ 1ms !').toBe('n', { n: 'a,b,c' });
    });
  });
});
