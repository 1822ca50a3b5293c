import { catchError, concat, interval, map, of, switchMap, take } from 'rxjs';
import { McpErrorCode } from '../../lib/session/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { afterHandshake, errorShape, openSession, shapeErrors, withSession } from './marbleHelpers.js';
import { notification, reply, replyError, scriptedServer, type ClientMessage } from './scriptedServer.js';

const tokenOf = (m: ClientMessage): unknown =>
  (m.params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
const progress = (m: ClientMessage, value: number, extra: Record<string, unknown> = {}) =>
  notification('notifications/progress', { progressToken: tokenOf(m), progress: value, ...extra });
const cancelled = (requestId: number, reason: string) => ({
  jsonrpc: '2.0',
  method: 'notifications/cancelled',
  params: { requestId, reason },
});
const textResult = (text: string) => ({ content: [{ type: 'text', text }] });

describe('session requests', () => {
  it('callTool sends a progressToken, emits each progress notification, then the result', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'tools/call': (m) =>
          cold('2ms a 1ms b 1ms r', {
            a: progress(m, 1, { total: 2 }),
            b: progress(m, 2, { total: 2, message: 'almost' }),
            r: reply(m, textResult('done')),
          }),
      });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) => s.callTool('slow', { x: 1 }));
      expectObservable(events$).toBe('2ms a 1ms b 1ms (r|)', {
        a: { type: 'progress', progress: 1, total: 2 },
        b: { type: 'progress', progress: 2, total: 2, message: 'almost' },
        r: { type: 'result', result: textResult('done') },
      });
      // With the result in, the tool list is read once to check structured output.
      expectObservable(afterHandshake(server.sent$)).toBe('c 5ms l', {
        c: {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'slow', arguments: { x: 1 }, _meta: { progressToken: 1 } },
        },
        l: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      });
    });
  });

  it('callTool treats a result with isError: true as a result', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const failed = { content: [{ type: 'text', text: 'no such file' }], isError: true };
      const server = scriptedServer({ 'tools/call': (m) => [reply(m, failed)] });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) => s.callTool('read'));
      expectObservable(events$).toBe('(r|)', { r: { type: 'result', result: failed } });
    });
  });

  it('unsubscribing before the answer sends notifications/cancelled and drops the late answer', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'tools/call': (m) => cold('10ms r', { r: reply(m, textResult('late')) }),
        ping: (m) => cold('1ms r', { r: reply(m, {}) }),
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callTool('slow'), '^ 3ms !').toBe('');
      expectObservable(session.notifications$).toBe('20ms |');
      expectObservable(cold('12ms (p|)').pipe(switchMap(() => session.ping()))).toBe('13ms (p|)', {
        p: undefined,
      });
      expectObservable(afterHandshake(server.sent$).pipe(map((m) => m.method))).toBe('c 3ms x 7ms p', {
        c: 'tools/call',
        x: 'notifications/cancelled',
        p: 'ping',
      });
      expectObservable(afterHandshake(server.sent$).pipe(take(2))).toBe('c 3ms (x|)', {
        c: {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'slow', _meta: { progressToken: 1 } },
        },
        x: cancelled(1, 'The client unsubscribed'),
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });

  it('switchMap cancels the call in flight on the server when a new one starts', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'tools/call': (m) =>
          cold('10ms r', { r: reply(m, textResult(String((m.params as { name: string }).name))) }),
      });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        cold('a 2ms b', { a: 'first', b: 'second' }).pipe(switchMap((name) => s.callTool(name))),
      );
      expectObservable(events$).toBe('13ms r', { r: { type: 'result', result: textResult('second') } });
      expectObservable(
        afterHandshake(server.sent$).pipe(map((m) => [m.method, m.id ?? m.params?.requestId])),
      ).toBe('a 2ms (bc) 6ms l', {
        a: ['tools/call', 1],
        b: ['notifications/cancelled', 1],
        c: ['tools/call', 2],
        l: ['tools/list', 3],
      });
    });
  });

  it('times out after requestTimeout: errors with McpTimeoutError and sends notifications/cancelled', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'tools/call': (m) => cold('60ms r', { r: reply(m, textResult('late')) }),
      });
      const events$ = withSession(server, { scheduler: testScheduler, requestTimeout: 50 }, (s) =>
        s.callTool('slow'),
      );
      expectObservable(events$).toBe('50ms #', undefined, {
        name: 'McpTimeoutError',
        message: 'MCP request tools/call timed out after 50 ms',
      });
      expectObservable(afterHandshake(server.sent$).pipe(map((m) => m.method))).toBe('c 49ms x', {
        c: 'tools/call',
        x: 'notifications/cancelled',
      });
      expectObservable(
        afterHandshake(server.sent$).pipe(
          take(2),
          map((m) => m.params),
        ),
      ).toBe('c 49ms (x|)', {
        c: { name: 'slow', _meta: { progressToken: 1 } },
        x: { requestId: 1, reason: 'Request timed out after 50 ms' },
      });
    });
  });

  it('a request timeout overrides requestTimeout, and a late answer after it is dropped', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'tools/list': (m) => cold('8ms r', { r: reply(m, { tools: [] }) }),
        ping: (m) => [reply(m, {})],
      });
      const { session, subscription } = openSession(server, {
        scheduler: testScheduler,
        requestTimeout: 1000,
      });
      expectObservable(shapeErrors(session.request('tools/list', undefined, { timeout: 5 }))).toBe(
        '5ms #',
        undefined,
        {
          name: 'McpTimeoutError',
          message: 'MCP request tools/list timed out after 5 ms',
        },
      );
      expectObservable(session.notifications$).toBe('20ms |');
      expectObservable(cold('9ms (p|)').pipe(switchMap(() => session.ping()))).toBe('9ms (p|)', {
        p: undefined,
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });

  it('progress restarts the timeout, unless resetTimeoutOnProgress is false', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const script = {
        'tools/call': (m: ClientMessage) =>
          cold('3ms a 2ms b 2ms r', { a: progress(m, 1), b: progress(m, 2), r: reply(m, textResult('ok')) }),
      };
      const reset = scriptedServer(script);
      const strict = scriptedServer(script);
      const options = { scheduler: testScheduler, requestTimeout: 5 };
      expectObservable(withSession(reset, options, (s) => s.callTool('slow'))).toBe('3ms a 2ms b 2ms (r|)', {
        a: { type: 'progress', progress: 1 },
        b: { type: 'progress', progress: 2 },
        r: { type: 'result', result: textResult('ok') },
      });
      expectObservable(
        withSession(strict, options, (s) => s.callTool('slow', {}, { resetTimeoutOnProgress: false })),
      ).toBe(
        '3ms a 1ms #',
        { a: { type: 'progress', progress: 1 } },
        {
          name: 'McpTimeoutError',
          message: 'MCP request tools/call timed out after 5 ms',
        },
      );
    });
  });

  it('maxTotalTimeout ends a request however much progress arrives', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = scriptedServer({
        'tools/call': (m) =>
          interval(2).pipe(
            take(10),
            map((i) => progress(m, i + 1)),
          ),
      });
      const events$ = withSession(server, { scheduler: testScheduler, requestTimeout: 5 }, (s) =>
        s
          .callTool('endless', {}, { maxTotalTimeout: 9 })
          .pipe(map((e) => (e.type === 'progress' ? e.progress : -1))),
      );
      expectObservable(events$).toBe(
        '2ms a 1ms b 1ms c 1ms d #',
        { a: 1, b: 2, c: 3, d: 4 },
        {
          name: 'McpTimeoutError',
          message: 'MCP request tools/call timed out after 9 ms',
        },
      );
    });
  });

  it('each subscription sends the request anew with a fresh id', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = scriptedServer({ ping: (m) => [reply(m, {})] });
      const pings$ = withSession(server, { scheduler: testScheduler }, (s) => {
        const ping$ = s.ping();
        return concat(ping$, ping$, ping$);
      });
      expectObservable(pings$).toBe('(ppp|)', { p: undefined });
      expectObservable(afterHandshake(server.sent$)).toBe('(abc)', {
        a: { jsonrpc: '2.0', id: 1, method: 'ping' },
        b: { jsonrpc: '2.0', id: 2, method: 'ping' },
        c: { jsonrpc: '2.0', id: 3, method: 'ping' },
      });
    });
  });

  it('a JSON-RPC error becomes an McpError with code, message and data', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'prompts/get': (m) =>
          cold('2ms e', { e: replyError(m, McpErrorCode.InvalidParams, 'Unknown prompt', { name: 'nope' }) }),
      });
      const prompt$ = withSession(server, { scheduler: testScheduler }, (s) => s.getPrompt('nope'));
      expectObservable(prompt$).toBe('2ms #', undefined, {
        name: 'McpError',
        message: 'Unknown prompt',
        code: -32602,
        data: { name: 'nope' },
      });
    });
  });

  it('a malformed result fails that request only', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = scriptedServer({
        'resources/read': (m) => [reply(m, { contents: [{ text: 'no uri' }] })],
        ping: (m) => [reply(m, {})],
      });
      const results$ = withSession(server, { scheduler: testScheduler }, (s) =>
        concat(
          s.readResource('demo://x').pipe(catchError((e: unknown) => of(errorShape(e)))),
          s.ping().pipe(map(() => 'pong')),
        ),
      );
      expectObservable(results$).toBe('(ep|)', {
        e: {
          name: 'McpProtocolError',
          message: 'Invalid result for resources/read: contents.0: Invalid input',
        },
        p: 'pong',
      });
    });
  });

  it('sends the params of each method and validates its result', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const contents = { contents: [{ uri: 'demo://a', text: 'A' }] };
      const prompt = { messages: [{ role: 'user', content: { type: 'text', text: 'Hi Paris' } }] };
      const completion = { completion: { values: ['Paris'], total: 1, hasMore: false } };
      const server = scriptedServer({
        'resources/read': (m) => [reply(m, contents)],
        'prompts/get': (m) => [reply(m, prompt)],
        'completion/complete': (m) => [reply(m, completion)],
        'logging/setLevel': (m) => [reply(m, {})],
        'custom/echo': (m) => [reply(m, { echoed: m.params })],
      });
      const results$ = withSession(server, { scheduler: testScheduler }, (s) =>
        concat(
          s.readResource('demo://a'),
          s.getPrompt('greet', { city: 'Paris' }),
          s.complete({ ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'city', value: 'Pa' } }),
          s.setLoggingLevel('warning'),
          s.request('custom/echo', { a: 1 }),
        ),
      );
      expectObservable(results$).toBe('(rpcle|)', {
        r: contents,
        p: prompt,
        c: completion,
        l: undefined,
        e: { echoed: { a: 1 } },
      });
      expectObservable(afterHandshake(server.sent$).pipe(map((m) => [m.method, m.params]))).toBe('(rpcle)', {
        r: ['resources/read', { uri: 'demo://a' }],
        p: ['prompts/get', { name: 'greet', arguments: { city: 'Paris' } }],
        c: [
          'completion/complete',
          { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'city', value: 'Pa' } },
        ],
        l: ['logging/setLevel', { level: 'warning' }],
        e: ['custom/echo', { a: 1 }],
      });
    });
  });

  it('requestWithProgress and a custom schema work for any method', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'custom/work': (m) =>
          cold('1ms a 1ms r', { a: progress(m, 50, { total: 100 }), r: reply(m, { answer: 42 }) }),
      });
      const answerSchema = {
        safeParse: (data: unknown) =>
          typeof (data as { answer?: unknown }).answer === 'number'
            ? { success: true as const, data: data as { answer: number } }
            : { success: false as const, error: { message: 'no answer' } },
      };
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.requestWithProgress('custom/work', { n: 1 }, { schema: answerSchema }),
      );
      expectObservable(events$).toBe('1ms a 1ms (r|)', {
        a: { type: 'progress', progress: 50, total: 100 },
        r: { type: 'result', result: { answer: 42 } },
      });
    });
  });

  it('pending requests fail with McpSessionClosedError when the session is unsubscribed, and later ones at once', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer();
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 4);
      const closed = { name: 'McpSessionClosedError', message: 'The MCP session is closed' };
      expectObservable(shapeErrors(session.callTool('never-answered'))).toBe('4ms #', undefined, closed);
      expectObservable(shapeErrors(cold('6ms a').pipe(switchMap(() => session.ping())))).toBe(
        '6ms #',
        undefined,
        closed,
      );
      expectObservable(session.notifications$).toBe('4ms |');
    });
  });

  it('pending requests fail when the server closes the connection or the transport fails', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const ending = scriptedServer();
      const failing = scriptedServer();
      const closedByServer = openSession(ending, { scheduler: testScheduler }).session;
      const brokenTransport = openSession(failing, { scheduler: testScheduler }).session;
      testScheduler.schedule(() => {
        ending.end();
        failing.fail(new Error('EPIPE'));
      }, 3);
      expectObservable(shapeErrors(closedByServer.ping())).toBe('3ms #', undefined, {
        name: 'McpSessionClosedError',
        message: 'The MCP server closed the connection',
      });
      expectObservable(shapeErrors(brokenTransport.ping())).toBe('3ms #', undefined, {
        name: 'Error',
        message: 'EPIPE',
      });
    });
  });

  it('notifications$ emits every notification and logs$ the valid log messages', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer();
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const log = { level: 'warning', logger: 'disk', data: { free: 1 } };
      cold('1ms a 1ms b 1ms c', {
        a: notification('notifications/message', log),
        b: notification('notifications/message', { level: 'loud', data: 'x' }),
        c: notification('notifications/tools/list_changed'),
      }).subscribe((frame) => {
        server.emit(frame);
      });
      expectObservable(session.logs$).toBe('1ms l 8ms |', { l: log });
      expectObservable(session.notifications$).toBe('1ms a 1ms b 1ms c 4ms |', {
        a: { method: 'notifications/message', params: log },
        b: { method: 'notifications/message', params: { level: 'loud', data: 'x' } },
        c: { method: 'notifications/tools/list_changed' },
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
  });
});
