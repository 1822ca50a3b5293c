// `McpRequestOptions.meta`: what the SDK's Client takes as `params._meta`, sent by every request
// helper of the session (merged with a `_meta` already in the params and the progress token).
import { concat, last } from 'rxjs';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { withSession } from './marbleHelpers.js';

describe('request _meta (McpRequestOptions.meta)', () => {
  it('is sent as params._meta by each request helper, merged with what the params carry; absent, nothing is added', () => {
    const server = fakeMcpServer({
      tools: [{ name: 'echo', inputSchema: { type: 'object' } }],
      prompts: [{ name: 'greet' }],
      resources: [{ uri: 'mem://a', name: 'a', text: 'A' }],
      handlers: { 'completion/complete': () => ({ completion: { values: [] } }) },
    });
    const meta = { 'example.com/trace': 't-1' };
    newTestScheduler().run(({ expectObservable }) => {
      const all$ = withSession(server, {}, (session) =>
        concat(
          session.callTool('echo', { x: 1 }, { meta }).pipe(last()),
          session.getPrompt('greet', undefined, { meta }),
          session.readResource('mem://a', { meta }),
          session.complete(
            { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'who', value: 'A' } },
            { meta },
          ),
          session.ping({ meta }),
          session.setLoggingLevel('info', { meta }),
          session.request('tools/list', { _meta: { kept: true } }, { meta }),
          session.request('tools/list'),
        ),
      );
      expectObservable(all$.pipe(last())).toBe('(l|)', { l: expect.anything() as unknown });
    });
    const sent = server.received.filter(
      (m) => m.method !== undefined && !m.method.startsWith('notifications/'),
    );
    expect(sent.map((m) => [m.method, (m.params as { _meta?: unknown } | undefined)?._meta])).toEqual([
      ['initialize', undefined],
      ['tools/call', { ...meta, progressToken: expect.anything() as unknown }],
      // The session's own read of the tool list, for the call's outputSchema check.
      ['tools/list', undefined],
      ['prompts/get', meta],
      ['resources/read', meta],
      ['completion/complete', meta],
      ['ping', meta],
      ['logging/setLevel', meta],
      ['tools/list', { kept: true, ...meta }],
      ['tools/list', undefined],
    ]);
  });
});
