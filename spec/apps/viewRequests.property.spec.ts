/**
 * A view's requests under any interleaving (fast-check): the view calls a slow app tool, the
 * server answers the oldest call, and at the end the view is torn down. Invariants, checked after
 * every step against a model: never more than `maxPendingRequests` calls reach the server at once;
 * a call past the bound fails at once as a flood and never reaches the server; every answered
 * call resolves in the view with its own answer; after teardown every call still open fails, the
 * server hears each one cancelled, and no new call reaches it.
 */
import fc from 'fast-check';
import { Subject } from 'rxjs';
import { mcpAppView, sessionAppServer, type McpAppViewEvent } from '../../lib/apps/index.js';
import { mcpSession, type CallToolResult, type McpSession } from '../../lib/session/index.js';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { fakeAppFrame, until } from './fakeAppFrame.js';

const MAX = 3;
const uri = 'ui://slow/view.html';

async function run(commands: ('call' | 'answer')[]): Promise<void> {
  const scheduler = newTestScheduler();
  const answers: Subject<CallToolResult>[] = [];
  let answered = 0;
  const server = fakeMcpServer({
    tools: [
      { name: 'show', inputSchema: { type: 'object' }, _meta: { ui: { resourceUri: uri } } },
      {
        name: 'slow',
        inputSchema: { type: 'object' },
        _meta: { ui: { visibility: ['app'] } },
        call: () => {
          const answer = new Subject<CallToolResult>();
          answers.push(answer);
          return answer;
        },
      },
    ],
    resources: [
      {
        uri,
        name: 'view',
        read: () => ({ contents: [{ uri, mimeType: 'text/html;profile=mcp-app', text: '<p>…</p>' }] }),
      },
    ],
  });
  let session: McpSession | undefined;
  const hold = mcpSession(server.transport, { scheduler }).subscribe((ready) => (session = ready));
  const wait = (done: () => boolean, what: string): Promise<void> => until(done, what, scheduler);
  await wait(() => session !== undefined, 'the session');
  const { frame, frames } = fakeAppFrame();
  const events: McpAppViewEvent[] = [];
  const view = mcpAppView({
    tool: { name: 'show', inputSchema: { type: 'object' }, _meta: { ui: { resourceUri: uri } } },
    server: sessionAppServer(session as McpSession),
    frame,
    scheduler,
    maxPendingRequests: MAX,
  }).subscribe((event) => events.push(event));
  await wait(() => events.some((event) => event.type === 'initialized'), 'the view initialized');
  const app = frames[0].app;
  if (app === undefined) throw new Error('no view');

  const floods = (): number => events.filter((e) => e.type === 'refused' && e.refusal === 'flood').length;
  const reached = (): number => server.count('tools/call');
  const outcomes: (string | undefined)[] = [];
  let open: number[] = []; // indexes of calls in flight at the server, oldest first
  let expectedFloods = 0;
  for (const command of commands) {
    if (command === 'call') {
      const index = outcomes.length;
      outcomes.push(undefined);
      void app.callServerTool({ name: 'slow', arguments: {} }).then(
        (result) => (outcomes[index] = result.content[0]?.type === 'text' ? result.content[0].text : '?'),
        (error: unknown) =>
          (outcomes[index] = `error: ${error instanceof Error ? error.message : String(error)}`),
      );
      if (open.length < MAX) {
        const before = reached();
        open.push(index);
        await wait(() => reached() === before + 1, 'the call reached the server');
      } else {
        expectedFloods += 1;
        await wait(() => outcomes[index] !== undefined, 'the flood refusal');
        expect(outcomes[index]).toMatch(/^error: .*More than 3 requests/);
      }
    } else if (open.length > 0) {
      const [index] = open;
      open = open.slice(1);
      answered += 1;
      const answer = answers[reached() - open.length - 1];
      answer.next({ content: [{ type: 'text', text: `answer ${answered}` }] });
      answer.complete();
      await wait(() => outcomes[index] !== undefined, 'the answer reached the view');
      expect(outcomes[index]).toBe(`answer ${answered}`);
    }
    expect(floods()).toBe(expectedFloods);
    expect(reached() - answered).toBe(open.length);
    expect(open.length).toBeLessThanOrEqual(MAX);
  }
  // Teardown: the calls still open fail in the view and are cancelled at the server; no new call.
  const reachedAtTeardown = reached();
  view.unsubscribe();
  void app.callServerTool({ name: 'slow', arguments: {} }).catch(() => undefined);
  await wait(() => open.every((index) => outcomes[index] !== undefined), 'the open calls failed');
  await wait(
    () => server.count('notifications/cancelled') === open.length,
    'the server heard them cancelled',
  );
  await wait(() => frames[0].removed, 'the frame removed');
  expect(reached()).toBe(reachedAtTeardown);
  for (const index of open) expect(outcomes[index]).toMatch(/^error: /);
  expect(outcomes.every((outcome) => outcome !== undefined)).toBe(true);
  hold.unsubscribe();
}

describe('a view’s requests under any interleaving (property)', () => {
  it('keeps the bound, answers each call with its own answer, and ends every call at teardown', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('call' as const, 'answer' as const), { maxLength: 14 }), run),
      { numRuns: 25 },
    );
  });
});
