import { filter, map, NEVER, of, switchMap, type Observable } from 'rxjs';
import { StdioServerExitError } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/transport/JsonRpcMessage.js';
import { mcpSession, McpError, type McpSession, type McpSessionOptions } from '../../lib/session/index.js';
import { fakeMcpServer, type FakeMcpServer } from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';

const text = (value: string) => ({ content: [{ type: 'text' as const, text: value }] });

/** What a consumer makes of the one shared session on the fake. */
function sessionOn(server: FakeMcpServer, options: McpSessionOptions = {}) {
  const session$ = mcpSession(server.transport, options);
  return <T>(f: (s: McpSession) => Observable<T>): Observable<T> => session$.pipe(switchMap(f));
}

describe('fakeMcpServer', () => {
  it('declares tools, prompts, resources and templates, paginated by pageSize', () => {
    newTestScheduler().run(({ expectObservable, flush }) => {
      const server = fakeMcpServer({
        tools: ['a', 'b', 'c'].map((name) => ({ name, inputSchema: { type: 'object' as const } })),
        prompts: [{ name: 'greet', arguments: [{ name: 'who' }] }],
        resources: [{ uri: 'mem://one', name: 'one', text: 'first' }],
        resourceTemplates: [{ uriTemplate: 'mem://{id}', name: 'by id' }],
        pageSize: 2,
        instructions: 'Be kind.',
      });
      const on = sessionOn(server);
      const names = <T extends { name: string }>(list: T[]) => list.map((x) => x.name).join();
      expectObservable(
        on((s) => s.tools$.pipe(map(names))),
        '^ 1ms !',
      ).toBe('t', { t: 'a,b,c' });
      expectObservable(
        on((s) => s.prompts$.pipe(map(names))),
        '^ 1ms !',
      ).toBe('p', { p: 'greet' });
      expectObservable(
        on((s) => s.resources$),
        '^ 1ms !',
      ).toBe('r', {
        r: [{ uri: 'mem://one', name: 'one' }],
      });
      expectObservable(
        on((s) => s.resourceTemplates$.pipe(map(names))),
        '^ 1ms !',
      ).toBe('t', {
        t: 'by id',
      });
      expectObservable(
        on((s) => of(s.instructions)),
        '^ 1ms !',
      ).toBe('i', { i: 'Be kind.' });
      flush();
      expect(server.count('tools/list')).toBe(2);
    });
  });

  it('answers prompts/get and resources/read; unknown names are McpError -32602', () => {
    newTestScheduler().run(({ expectObservable }) => {
      const server = fakeMcpServer({
        prompts: [{ name: 'greet' }],
        resources: [{ uri: 'mem://one', name: 'one', text: 'first' }],
      });
      const on = sessionOn(server);
      expectObservable(on((s) => s.getPrompt('greet', { who: 'you' }))).toBe('g', {
        g: { messages: [{ role: 'user', content: { type: 'text', text: 'greet {"who":"you"}' } }] },
      });
      expectObservable(on((s) => s.readResource('mem://one'))).toBe('r', {
        r: { contents: [{ uri: 'mem://one', text: 'first' }] },
      });
      expectObservable(on((s) => s.readResource('mem://two'))).toBe(
        '#',
        undefined,
        new McpError(-32602, 'Unknown resource: mem://two'),
      );
    });
  });

  it('setTools() announces the change and the live list follows; notify() sends log messages', () => {
    newTestScheduler().run(({ expectObservable, cold }) => {
      const server = fakeMcpServer({ tools: [{ name: 'a', inputSchema: { type: 'object' } }] });
      const on = sessionOn(server);
      cold('5ms x').subscribe(() => {
        server.setTools([{ name: 'b', inputSchema: { type: 'object' } }]);
        server.notify('notifications/message', { level: 'info', data: 'hello' });
      });
      expectObservable(
        on((s) => s.tools$.pipe(map((list) => list.map((t) => t.name).join()))),
        '^ 9ms !',
      ).toBe('a 4ms b', { a: 'a', b: 'b' });
      expectObservable(
        on((s) => s.logs$),
        '^ 9ms !',
      ).toBe('5ms l', { l: { level: 'info', data: 'hello' } });
    });
  });

  it('a tool asks the client for sampling during a call, and uses the answer', () => {
    newTestScheduler().run(({ expectObservable }) => {
      const server = fakeMcpServer({
        tools: [
          {
            name: 'summarize',
            inputSchema: { type: 'object' },
            call: (_args, context) =>
              context
                .request('sampling/createMessage', {
                  messages: [{ role: 'user', content: { type: 'text', text: 'summarize' } }],
                  maxTokens: 10,
                })
                .pipe(
                  map((answer) =>
                    text(`model said: ${JSON.stringify((answer as { content: unknown }).content)}`),
                  ),
                ),
          },
        ],
      });
      const on = sessionOn(server, {
        sampling: () =>
          of({ role: 'assistant' as const, content: { type: 'text' as const, text: 'short' }, model: 'm' }),
      });
      expectObservable(
        on((s) => s.callTool('summarize')).pipe(
          filter((e) => e.type === 'result'),
          map((e) => e.result),
        ),
      ).toBe('r', { r: text('model said: {"type":"text","text":"short"}') });
    });
  });

  it('a method with no handler is -32601; handlers replace built-ins', () => {
    newTestScheduler().run(({ expectObservable }) => {
      const server = fakeMcpServer({ handlers: { ping: () => ({ pong: true }) } });
      const on = sessionOn(server);
      expectObservable(on((s) => s.request('custom/thing'))).toBe(
        '#',
        undefined,
        new McpError(-32601, 'Method not found: custom/thing'),
      );
      expectObservable(on((s) => s.request('ping'))).toBe('p', { p: { pong: true } });
    });
  });

  it('received$ gives each subscriber what the client sent so far, then each message as it arrives', () => {
    newTestScheduler().run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      const on = sessionOn(server);
      const method = map((m: JsonRpcMessage) => m.method);
      const methods = { i: 'initialize', n: 'notifications/initialized', p: 'ping' };
      expectObservable(
        on((s) => cold('10ms a').pipe(switchMap(() => s.ping()))),
        '^ 12ms !',
      ).toBe('10ms p', {
        p: undefined,
      });
      // One subscriber from the start, one that comes after the handshake: both see all three.
      expectObservable(server.received$.pipe(method), '^ 12ms !').toBe('(in) 6ms p', methods);
      expectObservable(cold('5ms a').pipe(switchMap(() => server.received$.pipe(method))), '^ 12ms !').toBe(
        '5ms (in) 1ms p',
        methods,
      );
    });
  });
});

describe('fakeMcpServer: its transport is the real subject', () => {
  it('next() before a subscription is queued for the process to come; the client’s own ping is answered', () => {
    newTestScheduler().run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      server.transport.next({ jsonrpc: '2.0', id: 'early', method: 'ping' });
      const frames = cold('5ms a').pipe(
        switchMap(() => server.transport as unknown as Observable<JsonRpcMessage>),
      );
      expectObservable(frames, '^ 9ms !').toBe('5ms a', { a: { jsonrpc: '2.0', id: 'early', result: {} } });
      expectObservable(server.received$.pipe(map((m) => m.id)), '^ 9ms !').toBe('5ms e', { e: 'early' });
    });
  });

  it('complete() closes the input: the fake exits and the subscribers complete; later next() is dropped', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer();
      const transport = server.transport as unknown as Observable<JsonRpcMessage>;
      expectObservable(transport, '^ 9ms !').toBe('3ms |');
      cold('3ms a').subscribe(() => {
        server.transport.complete();
        server.transport.next({ jsonrpc: '2.0', id: 1, method: 'ping' });
      });
      flush();
      expect(server.connections.map((c) => c.endedBy)).toEqual(['client']);
      expect(server.received).toEqual([]);
    });
  });

  it('crash() without an error gives what fromStdioServer gives: StdioServerExitError, code 1', () => {
    newTestScheduler().run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      cold('4ms a').subscribe(() => server.crash());
      expectObservable(server.transport as unknown as Observable<JsonRpcMessage>).toBe(
        '4ms #',
        undefined,
        new StdioServerExitError(1, null),
      );
    });
  });

  it('its requests are numbered like a server’s; unsubscribing one sends notifications/cancelled', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const server = fakeMcpServer();
      let aborted = false;
      const on = sessionOn(server, {
        sampling: (_params, { signal }) => {
          signal.addEventListener('abort', () => (aborted = true));
          return cold('5ms (a|)', {
            a: { role: 'assistant' as const, content: { type: 'text' as const, text: 'late' }, model: 'm' },
          });
        },
      });
      expectObservable(
        on(() => NEVER),
        '^ 9ms !',
      ).toBe('');
      // What the fake sent the client (besides answers): its request, as id 0, then its cancellation.
      const toClient = (server.transport as unknown as Observable<JsonRpcMessage>).pipe(
        filter((m) => m.method !== undefined),
        map((m) => `${String(m.method)} ${String(m.id ?? (m.params as { requestId?: unknown }).requestId)}`),
      );
      expectObservable(toClient, '^ 9ms !').toBe('1ms a 1ms b', {
        a: 'sampling/createMessage 0',
        b: 'notifications/cancelled 0',
      });
      expectObservable(
        cold('1ms a').pipe(
          switchMap(() => server.request('sampling/createMessage', { messages: [], maxTokens: 1 })),
        ),
        '^ 2ms !',
      ).toBe('');
      flush();
      const sent = server.received.filter(
        (m) => m.method !== 'initialize' && m.method !== 'notifications/initialized',
      );
      expect(sent).toEqual([]);
      expect(aborted).toBe(true);
    });
  });

  it('a handler’s signal aborts when the client cancels; the call is listed as cancelled, nothing is in flight', () => {
    newTestScheduler().run(({ expectObservable, cold, flush }) => {
      const signals: AbortSignal[] = [];
      const server = fakeMcpServer({
        tools: [
          {
            name: 'slow',
            inputSchema: { type: 'object' },
            call: (_args, { signal }) => {
              signals.push(signal);
              return cold('10ms (r|)', { r: text('done') });
            },
          },
        ],
      });
      const on = sessionOn(server);
      expectObservable(
        on(() => NEVER),
        '^ 9ms !',
      ).toBe('');
      expectObservable(
        on((s) => s.callTool('slow')),
        '^ 3ms !',
      ).toBe('');
      flush();
      expect(signals.map((s) => s.aborted)).toEqual([true]);
      expect(server.connections[0].cancelled).toEqual([1]);
      expect(server.connections[0].inFlight).toBe(0);
    });
  });
});
