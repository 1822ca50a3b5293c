import {
  catchError,
  concat,
  filter,
  interval,
  map,
  NEVER,
  of,
  switchMap,
  take,
  tap,
  type Observable,
} from 'rxjs';
import { McpError, McpErrorCode } from '../../lib/session/index.js';
import {
  fakeMcpServer,
  type FakeMcpHandler,
  type FakeMcpRequestContext,
  type FakeMcpServer,
} from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';
import {
  afterHandshake,
  errorShape,
  openSession,
  sendFrame,
  shapeErrors,
  withSession,
} from './marbleHelpers.js';

/** A step of a slow answer: a progress report, or the result. */
type Step = { progress: number; total?: number; message?: string } | { result: unknown };
/** Reports each progress step through the fake's context; the first result step is the answer. */
const stepped = (context: FakeMcpRequestContext, steps: Observable<Step>): Observable<unknown> =>
  steps.pipe(
    tap((step) => {
      if ('progress' in step) context.progress(step.progress, step.total, step.message);
    }),
    filter((step) => 'result' in step),
    map((step) => step.result),
  );
/** A fake with the tools capability (an empty list: the tools called here are not declared). */
const toolServer = (handlers: Record<string, FakeMcpHandler> = {}) => fakeMcpServer({ tools: [], handlers });
/** Sends an answer to the client's first request of `method` now, whatever became of that request. */
const lateAnswer = (server: FakeMcpServer, method: string, result: unknown) => {
  const request = server.received.find((m) => m.method === method);
  sendFrame(server, { jsonrpc: '2.0', id: request?.id ?? null, result });
};
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
      const server = toolServer({
        'tools/call': (_params, context) =>
          stepped(
            context,
            cold('2ms a 1ms b 1ms r', {
              a: { progress: 1, total: 2 },
              b: { progress: 2, total: 2, message: 'almost' },
              r: { result: textResult('done') },
            }),
          ),
      });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) => s.callTool('slow', { x: 1 }));
      expectObservable(events$).toBe('2ms a 1ms b 1ms (r|)', {
        a: { type: 'progress', progress: 1, total: 2 },
        b: { type: 'progress', progress: 2, total: 2, message: 'almost' },
        r: { type: 'result', result: textResult('done') },
      });
      // With the result in, the tool list is read once to check structured output.
      expectObservable(afterHandshake(server)).toBe('c 5ms l', {
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
      const server = toolServer({ 'tools/call': () => failed });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) => s.callTool('read'));
      expectObservable(events$).toBe('(r|)', { r: { type: 'result', result: failed } });
    });
  });

  it('unsubscribing before the answer sends notifications/cancelled and drops the late answer', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = toolServer({
        'tools/call': () => NEVER,
        ping: () => cold('1ms r', { r: {} }),
      });
      // The answer comes after the cancellation, as from a server that had sent it already.
      testScheduler.schedule(() => {
        lateAnswer(server, 'tools/call', textResult('late'));
      }, 10);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callTool('slow'), '^ 3ms !').toBe('');
      expectObservable(session.notifications$).toBe('20ms |');
      expectObservable(cold('12ms (p|)').pipe(switchMap(() => session.ping()))).toBe('13ms (p|)', {
        p: undefined,
      });
      expectObservable(afterHandshake(server).pipe(map((m) => m.method))).toBe('c 3ms x 7ms p', {
        c: 'tools/call',
        x: 'notifications/cancelled',
        p: 'ping',
      });
      expectObservable(afterHandshake(server).pipe(take(2))).toBe('c 3ms (x|)', {
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
      const server = toolServer({
        'tools/call': (params) => cold('10ms r', { r: textResult(String(params.name)) }),
      });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        cold('a 2ms b', { a: 'first', b: 'second' }).pipe(switchMap((name) => s.callTool(name))),
      );
      expectObservable(events$).toBe('13ms r', { r: { type: 'result', result: textResult('second') } });
      expectObservable(afterHandshake(server).pipe(map((m) => [m.method, m.id ?? m.params?.requestId]))).toBe(
        'a 2ms (bc) 6ms l',
        {
          a: ['tools/call', 1],
          b: ['notifications/cancelled', 1],
          c: ['tools/call', 2],
          l: ['tools/list', 3],
        },
      );
    });
  });

  it('times out after requestTimeout: errors with McpTimeoutError and sends notifications/cancelled', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = toolServer({ 'tools/call': () => cold('60ms r', { r: textResult('late') }) });
      const events$ = withSession(server, { scheduler: testScheduler, requestTimeout: 50 }, (s) =>
        s.callTool('slow'),
      );
      expectObservable(events$).toBe('50ms #', undefined, {
        name: 'McpTimeoutError',
        message: 'MCP request tools/call timed out after 50 ms',
      });
      expectObservable(afterHandshake(server).pipe(map((m) => m.method))).toBe('c 49ms x', {
        c: 'tools/call',
        x: 'notifications/cancelled',
      });
      expectObservable(
        afterHandshake(server).pipe(
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
      const server = toolServer({ 'tools/list': () => NEVER });
      testScheduler.schedule(() => {
        lateAnswer(server, 'tools/list', { tools: [] });
      }, 8);
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
      const handlers = {
        'tools/call': (_params: unknown, context: FakeMcpRequestContext) =>
          stepped(
            context,
            cold('3ms a 2ms b 2ms r', {
              a: { progress: 1 },
              b: { progress: 2 },
              r: { result: textResult('ok') },
            }),
          ),
      };
      const reset = toolServer(handlers);
      const strict = toolServer(handlers);
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
      const server = toolServer({
        'tools/call': (_params, context) =>
          stepped(
            context,
            interval(2).pipe(
              take(10),
              map((i) => ({ progress: i + 1 })),
            ),
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
      const server = toolServer();
      const pings$ = withSession(server, { scheduler: testScheduler }, (s) => {
        const ping$ = s.ping();
        return concat(ping$, ping$, ping$);
      });
      expectObservable(pings$).toBe('(ppp|)', { p: undefined });
      expectObservable(afterHandshake(server)).toBe('(abc)', {
        a: { jsonrpc: '2.0', id: 1, method: 'ping' },
        b: { jsonrpc: '2.0', id: 2, method: 'ping' },
        c: { jsonrpc: '2.0', id: 3, method: 'ping' },
      });
    });
  });

  it('a JSON-RPC error becomes an McpError with code, message and data', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = toolServer({
        'prompts/get': () =>
          cold(
            '2ms #',
            undefined,
            new McpError(McpErrorCode.InvalidParams, 'Unknown prompt', { name: 'nope' }),
          ),
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
      const server = toolServer({ 'resources/read': () => ({ contents: [{ text: 'no uri' }] }) });
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
      const server = toolServer({
        'resources/read': () => contents,
        'prompts/get': () => prompt,
        'completion/complete': () => completion,
        'custom/echo': (params) => ({ echoed: params }),
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
      expectObservable(afterHandshake(server).pipe(map((m) => [m.method, m.params]))).toBe('(rpcle)', {
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
      const server = toolServer({
        'custom/work': (_params, context) =>
          stepped(
            context,
            cold('1ms a 1ms r', { a: { progress: 50, total: 100 }, r: { result: { answer: 42 } } }),
          ),
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
      const server = toolServer({ 'tools/call': () => NEVER });
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
      const ending = toolServer({ ping: () => NEVER });
      const failing = toolServer({ ping: () => NEVER });
      const closedByServer = openSession(ending, { scheduler: testScheduler }).session;
      const brokenTransport = openSession(failing, { scheduler: testScheduler }).session;
      testScheduler.schedule(() => {
        ending.exit();
        failing.crash(new Error('EPIPE'));
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
      const server = toolServer();
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const log = { level: 'warning', logger: 'disk', data: { free: 1 } };
      cold('1ms a 1ms b 1ms c', {
        a: ['notifications/message', log],
        b: ['notifications/message', { level: 'loud', data: 'x' }],
        c: ['notifications/tools/list_changed'],
      } as Record<string, [string, Record<string, unknown>?]>).subscribe(([method, params]) => {
        server.notify(method, params);
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
