import { map, switchMap, throwError } from 'rxjs';
import { McpError, McpErrorCode } from '../../lib/session/index.js';
import { fakeMcpServer, type FakeMcpHandler } from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { afterHandshake, openSession, shapeErrors, withSession } from './marbleHelpers.js';

const tool = (name: string) => ({ name, inputSchema: { type: 'object' as const } });
/** A fake with every list capability, answering as `handlers` say. */
const listServer = (handlers: Record<string, FakeMcpHandler>) =>
  fakeMcpServer({ tools: [], prompts: [], resources: [], handlers });

describe('live lists', () => {
  it('tools$ fetches every page by cursor, emits the whole list once, and replays it to late subscribers', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = listServer({
        'tools/list': (params) =>
          cold('1ms r', {
            r:
              params.cursor === undefined ? { tools: [tool('a')], nextCursor: 'p2' } : { tools: [tool('b')] },
          }),
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const names$ = session.tools$.pipe(map((tools) => tools.map((t) => t.name).join()));
      expectObservable(names$, '^ 9ms !').toBe('2ms l', { l: 'a,b' });
      expectObservable(cold('5ms (x|)').pipe(switchMap(() => names$)), '^ 9ms !').toBe('5ms l', { l: 'a,b' });
      expectObservable(afterHandshake(server)).toBe('a b', {
        a: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
        b: { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { cursor: 'p2' } },
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });

  it('tools$ fetches again on notifications/tools/list_changed, a newer change cancelling the fetch in flight', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      let version = 0;
      const server = listServer({
        'tools/list': () => cold('2ms r', { r: { tools: [tool(`v${++version}`)] } }),
      });
      cold('10ms a b').subscribe(() => {
        server.notify('notifications/tools/list_changed');
      });
      const names$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.tools$.pipe(map((tools) => tools.map((t) => t.name).join())),
      );
      expectObservable(names$).toBe('2ms a 10ms c', { a: 'v1', c: 'v3' });
      expectObservable(afterHandshake(server).pipe(map((m) => [m.method, m.id ?? m.params?.requestId]))).toBe(
        'a 9ms b (cd)',
        {
          a: ['tools/list', 1],
          b: ['tools/list', 2],
          c: ['notifications/cancelled', 2],
          d: ['tools/list', 3],
        },
      );
    });
  });

  it('prompts$, resources$ and resourceTemplates$ follow their own list_changed notifications', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const counts: Record<string, number> = {};
      const count = (method: string) => (counts[method] = (counts[method] ?? 0) + 1);
      const server = listServer({
        'prompts/list': () => ({ prompts: [{ name: `p${count('p')}` }] }),
        'resources/list': () => ({ resources: [{ uri: 'demo://r', name: `r${count('r')}` }] }),
        'resources/templates/list': () => ({
          resourceTemplates: [{ uriTemplate: 'demo://{id}', name: `t${count('t')}` }],
        }),
      });
      cold('3ms a 2ms b', {
        a: 'notifications/prompts/list_changed',
        b: 'notifications/resources/list_changed',
      }).subscribe((method) => {
        server.notify(method);
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const first = (list: { name: string }[]) => list[0]?.name;
      expectObservable(session.prompts$.pipe(map(first))).toBe('p 2ms q 13ms |', { p: 'p1', q: 'p2' });
      expectObservable(session.resources$.pipe(map(first))).toBe('r 5ms s 10ms |', { r: 'r1', s: 'r2' });
      expectObservable(session.resourceTemplates$.pipe(map(first))).toBe('t 5ms u 10ms |', {
        t: 't1',
        u: 't2',
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 17);
    });
  });

  it('a list whose capability the server lacks is [] and is never requested', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer({ tools: [tool('unseen')], capabilities: { logging: {} } });
      expectObservable(withSession(server, { scheduler: testScheduler }, (s) => s.tools$)).toBe('e', {
        e: [],
      });
      expectObservable(afterHandshake(server)).toBe('');
    });
  });

  it('a cursor that comes back fails the list with McpProtocolError', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = listServer({ 'tools/list': () => ({ tools: [], nextCursor: 'again' }) });
      expectObservable(withSession(server, { scheduler: testScheduler }, (s) => s.tools$)).toBe(
        '#',
        undefined,
        {
          name: 'McpProtocolError',
          message: 'tools/list repeated the cursor "again"',
        },
      );
    });
  });

  it('stops when the last subscriber leaves and fetches anew for the next one', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      let version = 0;
      const server = listServer({
        'tools/list': () => cold('1ms r', { r: { tools: [tool(`v${++version}`)] } }),
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const names$ = session.tools$.pipe(map((tools) => tools[0]?.name));
      expectObservable(names$, '^ 3ms !').toBe('1ms a', { a: 'v1' });
      expectObservable(names$, '5ms ^ 3ms !').toBe('6ms b', { b: 'v2' });
      expectObservable(afterHandshake(server).pipe(map((m) => m.id))).toBe('a 4ms b', { a: 1, b: 2 });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });
});

describe('watchResource', () => {
  const contents = (text: string) => ({ contents: [{ uri: 'demo://doc', text }] });

  it('subscribes, reads, reads again on each update of its URI, and unsubscribes at the end', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      let version = 0;
      const server = listServer({
        'resources/subscribe': () => cold('1ms r', { r: {} }),
        'resources/read': () => cold('1ms r', { r: contents(`v${++version}`) }),
      });
      cold('5ms a b', { a: 'demo://doc', b: 'demo://other' }).subscribe((uri) => {
        server.notify('notifications/resources/updated', { uri });
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.watchResource('demo://doc'), '^ 9ms !').toBe('2ms a 3ms b', {
        a: contents('v1'),
        b: contents('v2'),
      });
      expectObservable(afterHandshake(server).pipe(map((m) => [m.method, m.params]))).toBe(
        's r 3ms r 4ms u',
        {
          s: ['resources/subscribe', { uri: 'demo://doc' }],
          r: ['resources/read', { uri: 'demo://doc' }],
          u: ['resources/unsubscribe', { uri: 'demo://doc' }],
        },
      );
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });

  it('watchers of one URI share one server subscription and the latest contents', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = listServer({ 'resources/read': () => contents('now') });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.watchResource('demo://doc'), '^ 5ms !').toBe('a', { a: contents('now') });
      expectObservable(session.watchResource('demo://doc'), '3ms ^ 5ms !').toBe('3ms a', {
        a: contents('now'),
      });
      expectObservable(afterHandshake(server).pipe(map((m) => m.method))).toBe('(sr) 5ms u', {
        s: 'resources/subscribe',
        r: 'resources/read',
        u: 'resources/unsubscribe',
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });

  it('fails with the McpError of a refused subscription and sends no unsubscribe', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = listServer({
        'resources/subscribe': () =>
          throwError(() => new McpError(McpErrorCode.MethodNotFound, 'Method not found')),
      });
      const watch$ = withSession(server, { scheduler: testScheduler }, (s) => s.watchResource('demo://doc'));
      expectObservable(watch$).toBe('#', undefined, {
        name: 'McpError',
        message: 'Method not found',
        code: -32601,
      });
      expectObservable(afterHandshake(server).pipe(map((m) => m.method))).toBe('s', {
        s: 'resources/subscribe',
      });
    });
  });

  it('reports a read failure to the watcher', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = listServer({
        'resources/read': () =>
          throwError(() => new McpError(-32002, 'Resource not found', { uri: 'demo://doc' })),
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(shapeErrors(session.watchResource('demo://doc'))).toBe('#', undefined, {
        name: 'McpError',
        message: 'Resource not found',
        code: -32002,
        data: { uri: 'demo://doc' },
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });
});
