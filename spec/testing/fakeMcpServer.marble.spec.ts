import { filter, map, of, switchMap, type Observable } from 'rxjs';
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
