import { concat, filter, firstValueFrom, map, switchMap, take, tap, timeout, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { mcpSession, McpError } from '../../lib/session/index.js';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { descendantsOf, waitUntilGone } from '../support/processes.js';
import { build, explain, firstProgressOnly } from './sessionRequests.example.js';
import { sessionWithForms } from './sessionElicitation.example.js';
import { toolsAndSum } from './sessionSharing.example.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

describe('docs/session.md examples', () => {
  it('sharing: two consumers of one session$ on server-everything, one process, gone after', async () => {
    const before = new Set(descendantsOf(process.pid));
    const [names, sum] = await toolsAndSum(process.execPath, [everything, 'stdio']);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    expect(sum).toBe('The sum of 2 and 40 is 42.');
    const spawned = descendantsOf(process.pid).filter((pid) => !before.has(pid));
    expect(await waitUntilGone(spawned, 8000)).toEqual([]);
  });

  describe('requests, progress, cancellation, errors (virtual time, fake server)', () => {
    /** A `build` tool: progress 1/2 at 10 ms, 2/2 at 20 ms, the result at 30 ms. */
    function buildServer(cold: TestScheduler['createColdObservable'], options: { slow?: boolean } = {}) {
      return fakeMcpServer({
        tools: [
          {
            name: 'build',
            inputSchema: { type: 'object' },
            call: (args, context) => {
              if (args.target === 'nothing') throw new McpError(-32602, 'Nothing to build');
              return cold(options.slow === true ? '100ms r' : '10ms a 9ms b 9ms r').pipe(
                tap((step) => {
                  if (step === 'a') context.progress(1, 2);
                  if (step === 'b') context.progress(2, 2);
                }),
                filter((step) => step === 'r'),
                map(() => ({ content: [{ type: 'text' as const, text: 'built' }] })),
              );
            },
          },
        ],
      });
    }

    it('build(): each progress, then the result', () => {
      newTestScheduler().run(({ expectObservable, cold }) => {
        const server = buildServer(cold);
        expectObservable(build(mcpSession(server.transport))).toBe('10ms a 9ms b 9ms (c|)', {
          a: '1/2',
          b: '2/2',
          c: 'done: ok',
        });
      });
    });

    it('firstProgressOnly(): leaving before the answer sends notifications/cancelled', () => {
      const testScheduler = newTestScheduler();
      testScheduler.run(({ expectObservable, cold, flush }) => {
        const server = buildServer(cold);
        const session$ = mcpSession(server.transport);
        // The app holds the session, so the call ends alone (not the whole session with it).
        expectObservable(session$.pipe(map(() => 'ready')), '^ 40ms !').toBe('r', { r: 'ready' });
        expectObservable(firstProgressOnly(session$)).toBe('10ms (a|)', { a: '1/2' });
        flush();
        expect(server.connections[0]?.cancelled).toEqual([1]);
        expect(server.connections[0]?.inFlight).toBe(0);
      });
    });

    it('explain(): a server error, a timeout, an argument JSON cannot carry; the session goes on', () => {
      newTestScheduler().run(({ expectObservable, cold, flush }) => {
        const server = buildServer(cold, { slow: true });
        const session$ = mcpSession(server.transport);
        expectObservable(session$.pipe(map(() => 'ready')), '^ 60ms !').toBe('r', { r: 'ready' });
        expectObservable(explain(session$, { target: 'nothing' })).toBe('(e|)', {
          e: 'server error -32602: Nothing to build',
        });
        expectObservable(explain(session$, { target: 'app' })).toBe('50ms (e|)', {
          e: 'timed out: MCP request tools/call timed out after 50 ms',
        });
        expectObservable(explain(session$, { size: 10n })).toBe('(e|)', {
          e: 'not sent: Do not know how to serialize a BigInt',
        });
        flush();
        expect(server.connections).toHaveLength(1);
        expect(server.count('initialize')).toBe(1);
        expect(server.count('tools/call')).toBe(2);
      });
    });
  });

  it('elicitation: a form with only a name comes back with the defaults; URL mode is declared and reaches the handler', async () => {
    const before = new Set(descendantsOf(process.pid));
    const texts = await firstValueFrom(
      sessionWithForms(process.execPath, [everything, 'stdio']).pipe(
        switchMap((session) =>
          concat(
            session.callTool('trigger-elicitation-request'),
            session.callTool('trigger-url-elicitation', { url: 'https://example.com/consent' }),
          ),
        ),
        filter((event) => event.type === 'result'),
        map(({ result }) =>
          result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n'),
        ),
        // The session stays up: the two results are the end (and every wait is bounded).
        take(2),
        toArray(),
        timeout(20_000),
      ),
    );
    expect(texts[0]).toContain('- Name: Ada');
    expect(texts[0]).toContain('- Favorite Integer: 42');
    expect(texts[1]).toContain('User declined to open the URL');
    const spawned = descendantsOf(process.pid).filter((pid) => !before.has(pid));
    expect(await waitUntilGone(spawned, 8000)).toEqual([]);
  });
});
