/**
 * The whole session over a port, unchanged, in virtual time: `mcpSession(fromMessagePort(port))`
 * on the page's side, the owner serving the process-free fake MCP server. Two consumers share
 * the session at once: one follows the live tool list, the other calls a tool that reports
 * progress and asks the page an elicitation question; a resource is read. The port adds its
 * latency (1 ms each way) and nothing else.
 */
import { map, of, switchMap, take, timer } from 'rxjs';
import { fromMessagePort, serveMessagePort, type MessagePortServeEvent } from '../../lib/port/index.js';
import { mcpSession, type McpRequestEvent, type CallToolResult } from '../../lib/session/index.js';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { marbles } from '../support/marbles.js';
import { fakePortPair } from './fakePorts.js';

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });

describe('mcpSession over fromMessagePort, served from a fake MCP server', () => {
  it('two consumers share one session: a live list, a call with progress and elicitation, a resource', () => {
    marbles((_helpers, scheduler) => {
      const [pagePort, ownerPort] = fakePortPair(scheduler, { style: 'emitter', closeEvent: true });
      const server = fakeMcpServer({
        tools: [
          {
            name: 'ask',
            inputSchema: { type: 'object' },
            // Progress at once, then the question to the page, then (10 ms later) the answer.
            call: (_args, context) => {
              context.progress(1, 2);
              return context
                .request('elicitation/create', {
                  message: 'Your name?',
                  requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
                })
                .pipe(
                  switchMap((answer) => timer(10, scheduler).pipe(map(() => text(JSON.stringify(answer))))),
                );
            },
          },
        ],
        resources: [{ uri: 'memo://one', name: 'one', text: 'the memo' }],
      });
      const events: MessagePortServeEvent[] = [];
      serveMessagePort(ownerPort, server.transport, { scheduler, heartbeat: 0 }).subscribe((e) =>
        events.push(e),
      );
      const session$ = mcpSession(fromMessagePort(pagePort, { scheduler }), {
        scheduler,
        elicitation: (params) =>
          of({ action: 'accept' as const, content: { name: `Ada (${params.message})` } }),
      });

      const lists: [number, string[]][] = [];
      const lister = session$
        .pipe(switchMap((session) => session.tools$))
        .subscribe((tools) => lists.push([scheduler.now(), tools.map((t) => t.name)]));
      const call: [number, McpRequestEvent<CallToolResult>][] = [];
      const caller = session$
        .pipe(switchMap((session) => session.callTool('ask', {})))
        .subscribe((event) => call.push([scheduler.now(), event]));
      const memo: string[] = [];
      scheduler.schedule(() => {
        session$
          .pipe(
            take(1),
            switchMap((session) => session.readResource('memo://one')),
          )
          .subscribe((result) => memo.push(JSON.stringify(result.contents)));
      }, 30);
      scheduler.schedule(
        () =>
          server.setTools([
            { name: 'ask', inputSchema: { type: 'object' } },
            { name: 'later', inputSchema: { type: 'object' } },
          ]),
        40,
      );
      scheduler.schedule(() => {
        lister.unsubscribe();
        caller.unsubscribe();
      }, 60);

      scheduler.schedule(() => {
        // One connection, one handshake, for every consumer.
        expect(server.connections).toHaveLength(1);
        expect(server.count('initialize')).toBe(1);
        expect(lists.map(([, names]) => names)).toEqual([['ask'], ['ask', 'later']]);
        // The list change is sent at 40 and read at 41; the fresh list asked for then arrives at 43.
        expect(lists[1][0]).toBe(43);
        expect(call.map(([, e]) => e)).toEqual([
          { type: 'progress', progress: 1, total: 2 },
          {
            type: 'result',
            result: text(JSON.stringify({ action: 'accept', content: { name: 'Ada (Your name?)' } })),
          },
        ]);
        // Progress and question reach the page together; the answer takes 1 ms to the server, which
        // answers 10 ms later, and its result 1 ms back.
        expect(call[1][0] - call[0][0]).toBe(1 + 10 + 1);
        expect(memo).toEqual([JSON.stringify([{ uri: 'memo://one', text: 'the memo' }])]);
        // The last consumer left at 60: the owner dropped the server at 61.
        expect(events.map((e) => e.type)).toEqual(['connected', 'disconnected']);
        expect(server.current).toBeUndefined();
      }, 100);
    });
  });
});
