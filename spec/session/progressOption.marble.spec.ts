/**
 * `progress: false` on a call: no progressToken leaves, a stray progress notification for the id
 * is ignored, and the result still arrives; two calls in one session, one with and one without.
 */
import { filter, tap } from 'rxjs';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { afterHandshake, withSession } from './marbleHelpers.js';
import { newTestScheduler } from '../support/marbles.js';

const textResult = (text: string) => ({ content: [{ type: 'text', text }] });

describe('progress only where it is wanted', () => {
  it('callTool with progress: false sends no progressToken and emits only the result', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = fakeMcpServer({
        tools: [],
        handlers: {
          'tools/call': (params, context) =>
            cold('1ms a 1ms r', { a: null, r: textResult(String(params.name)) }).pipe(
              // A server that reports progress for the id anyway: nobody asked, nothing is emitted.
              tap((answer) => {
                if (answer === null)
                  context.notify('notifications/progress', { progressToken: context.requestId, progress: 1 });
              }),
              filter((answer) => answer !== null),
            ),
        },
      });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.callTool('quiet', undefined, { progress: false }),
      );
      expectObservable(events$).toBe('3ms (r|)', { r: { type: 'result', result: textResult('quiet') } });
      expectObservable(afterHandshake(server).pipe(filter((m) => m.method === 'tools/call'))).toBe('c', {
        c: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'quiet' } },
      });
    });
  });

  it('requestWithProgress sends a progressToken by default', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer({ tools: [], handlers: { 'tools/call': () => textResult('ok') } });
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.requestWithProgress('tools/call', { name: 'a' }),
      );
      expectObservable(events$).toBe('(r|)', { r: { type: 'result', result: textResult('ok') } });
      expectObservable(afterHandshake(server).pipe(filter((m) => m.method === 'tools/call'))).toBe('c', {
        c: {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'a', _meta: { progressToken: 1 } },
        },
      });
    });
  });
});
