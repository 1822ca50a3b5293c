/**
 * `progress: false` on a call: no progressToken leaves, a stray progress notification for the id
 * is ignored, and the result still arrives; two calls in one session, one with and one without.
 */
import { filter } from 'rxjs';
import { afterHandshake, newTestScheduler, withSession } from '../session/marbleHelpers.js';
import { notification, reply, scriptedServer, type ClientMessage } from '../session/scriptedServer.js';

const textResult = (text: string) => ({ content: [{ type: 'text', text }] });
const tokenOf = (m: ClientMessage): unknown =>
  (m.params?._meta as { progressToken?: unknown } | undefined)?.progressToken;

describe('progress only where it is wanted', () => {
  it('callTool with progress: false sends no progressToken and emits only the result', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = scriptedServer({
        'tools/call': (m) =>
          cold('1ms a 1ms r', {
            // A server that reports progress for the id anyway: nobody asked, nothing is emitted.
            a: notification('notifications/progress', { progressToken: tokenOf(m) ?? m.id, progress: 1 }),
            r: reply(m, textResult(String(m.params?.name))),
          }),
      });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.callTool('quiet', undefined, { progress: false }),
      );
      expectObservable(events$).toBe('3ms (r|)', { r: { type: 'result', result: textResult('quiet') } });
      expectObservable(afterHandshake(server.sent$).pipe(filter((m) => m.method === 'tools/call'))).toBe(
        'c',
        {
          c: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'quiet' } },
        },
      );
    });
  });

  it('requestWithProgress sends a progressToken by default', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = scriptedServer({ 'tools/call': (m) => [reply(m, textResult('ok'))] });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.requestWithProgress('tools/call', { name: 'a' }),
      );
      expectObservable(events$).toBe('(r|)', { r: { type: 'result', result: textResult('ok') } });
      expectObservable(afterHandshake(server.sent$).pipe(filter((m) => m.method === 'tools/call'))).toBe(
        'c',
        {
          c: {
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'a', _meta: { progressToken: 1 } },
          },
        },
      );
    });
  });
});
