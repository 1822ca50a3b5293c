// Structured output against the tool's outputSchema, in virtual time: a bad result fails that call
// alone, the next call (and a concurrent one) works, the tool list is read once.
import { filter, map, merge, NEVER, timer, switchMap } from 'rxjs';
import type { FakeMcpTool } from '../../lib/testing/index.js';
import { McpProtocolError, type McpSession } from '../../lib/session/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { openSession } from './marbleHelpers.js';
import { fakeMcpServer } from '../../lib/testing/index.js';

/** Answers each tools/call with the structuredContent given as the `answer` argument. */
const answerWith = (args: Record<string, unknown>) => ({
  content: [{ type: 'text' as const, text: 'ok' }],
  ...(args.answer === undefined ? {} : { structuredContent: args.answer as Record<string, unknown> }),
  ...(args.isError === true ? { isError: true } : {}),
});
const weather = {
  name: 'weather',
  inputSchema: { type: 'object' as const },
  outputSchema: {
    type: 'object' as const,
    properties: { temperature: { type: 'number' }, unit: { enum: ['C', 'F'] } },
    required: ['temperature', 'unit'],
  },
  call: answerWith,
};
const echo = { name: 'echo', inputSchema: { type: 'object' as const }, call: answerWith };

/** The fake with both tools, and how many times the client read the tool list. */
function weatherServer() {
  const server = fakeMcpServer({ tools: [weather, echo] });
  return { server, lists: () => server.count('tools/list') };
}

const structuredOf = (session: McpSession, name: string, args: Record<string, unknown>) =>
  session.callTool<{ temperature: number; unit: 'C' | 'F' }>(name, args).pipe(
    filter((e) => e.type === 'result'),
    // Typed by the caller: structuredContent.temperature is a number here.
    map((e) => e.result.structuredContent?.temperature ?? null),
  );

describe('structured output', () => {
  it('fails the call whose structuredContent breaks the outputSchema, naming the tool and the violations; the next call works', () => {
    const testScheduler = newTestScheduler();
    const { server, lists } = weatherServer();
    testScheduler.run(({ expectObservable }) => {
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(structuredOf(session, 'weather', { answer: { temperature: 'hot', unit: 'K' } })).toBe(
        '#',
        undefined,
        new McpProtocolError(
          'tools/call',
          'Tool "weather" returned structuredContent that does not match its outputSchema: #/temperature: Instance type "string" is invalid. Expected "number".; #/unit: Instance does not match any of ["C","F"].',
        ),
      );
      const later$ = timer(2, testScheduler).pipe(
        switchMap(() => structuredOf(session, 'weather', { answer: { temperature: 21, unit: 'C' } })),
      );
      expectObservable(later$).toBe('2ms (t|)', { t: 21 });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
    // The list is read once and kept for the next calls.
    expect(lists()).toBe(1);
  });

  it('fails a tool with an outputSchema that returns no structuredContent, unless the result is an error', () => {
    const testScheduler = newTestScheduler();
    const { server } = weatherServer();
    testScheduler.run(({ expectObservable }) => {
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(structuredOf(session, 'weather', {})).toBe(
        '#',
        undefined,
        new McpProtocolError(
          'tools/call',
          'Tool "weather" has an outputSchema but returned no structuredContent',
        ),
      );
      expectObservable(
        session
          .callTool('weather', { isError: true })
          .pipe(map((e) => e.type === 'result' && e.result.isError)),
      ).toBe('(t|)', { t: true });
      // A tool without outputSchema passes whatever it returns.
      expectObservable(structuredOf(session, 'echo', { answer: { temperature: 'any' } })).toBe('(t|)', {
        t: 'any',
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
  });

  it('keeps concurrent calls apart: the bad one fails, the good one passes', () => {
    const testScheduler = newTestScheduler();
    const { server, lists } = weatherServer();
    testScheduler.run(({ expectObservable }) => {
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const good$ = structuredOf(session, 'weather', { answer: { temperature: 3, unit: 'F' } });
      const bad$ = structuredOf(session, 'weather', { answer: { temperature: 3 } });
      expectObservable(merge(good$, bad$)).toBe(
        '(g#)',
        { g: 3 },
        new McpProtocolError(
          'tools/call',
          'Tool "weather" returned structuredContent that does not match its outputSchema: #: Instance does not have required property "unit".',
        ),
      );
      expectObservable(good$).toBe('(g|)', { g: 3 });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
    expect(lists()).toBe(1);
  });

  it('checks the next call against a changed tool list (notifications/tools/list_changed)', () => {
    const testScheduler = newTestScheduler();
    const loose: FakeMcpTool = { ...weather, outputSchema: undefined };
    const server = fakeMcpServer({ tools: [loose] });
    testScheduler.run(({ expectObservable }) => {
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const hot = { answer: { temperature: 'hot', unit: 'K' } };
      // No outputSchema yet: the result passes as it is.
      expectObservable(structuredOf(session, 'weather', hot)).toBe('(t|)', { t: 'hot' });
      testScheduler.schedule(() => {
        server.setTools([weather]);
      }, 2);
      // After the server's list_changed the session holds the new list: the same answer now fails.
      expectObservable(
        timer(4, testScheduler).pipe(switchMap(() => structuredOf(session, 'weather', hot))),
      ).toBe('4ms #', undefined, expect.objectContaining({ name: 'McpProtocolError' }));
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
    expect(server.count('tools/list')).toBe(2);
  });

  it('holds a result that arrives before the tool list until the list is there, then checks it', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      // The list answers 5 ms after it is asked, the call at once.
      const server = fakeMcpServer({
        tools: [weather],
        handlers: { 'tools/list': () => cold('-----(l|)', { l: { tools: [weather] } }) },
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(structuredOf(session, 'weather', { answer: { temperature: 'hot', unit: 'C' } })).toBe(
        '-----#',
        undefined,
        expect.objectContaining({ name: 'McpProtocolError' }),
      );
      expectObservable(structuredOf(session, 'weather', { answer: { temperature: 7, unit: 'C' } })).toBe(
        '-----(t|)',
        { t: 7 },
      );
      testScheduler.schedule(() => {
        // Both held results waited on the one read of the list.
        expect(server.count('tools/list')).toBe(1);
        subscription.unsubscribe();
      }, 10);
    });
  });

  it('does not stall a result waiting for a list that never comes when the session ends', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = fakeMcpServer({ tools: [weather], handlers: { 'tools/list': () => NEVER } });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      // The result arrived before the end; unchecked (no list was ever read), it is delivered.
      expectObservable(structuredOf(session, 'weather', { answer: { temperature: 7, unit: 'C' } })).toBe(
        '---(t|)',
        { t: 7 },
      );
      testScheduler.schedule(() => {
        server.exit();
        subscription.unsubscribe();
      }, 3);
    });
  });
});
