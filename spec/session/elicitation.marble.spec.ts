// Elicitation in virtual time: an accepted form gets its schema defaults (SEP-1034) and is checked
// against the requested schema, a bad answer fails its request alone, the declared capability is
// the switch (as in the SDK), and URL mode (2025-11-25) reaches the handler only when declared.
import fc from 'fast-check';
import { catchError, filter, map, merge, of, switchMap, timer, type Observable } from 'rxjs';
import {
  McpError,
  McpErrorCode,
  type ClientCapabilities,
  type ElicitRequestParams,
  type ElicitResult,
  type McpServerRequestError,
  type McpSessionOptions,
} from '../../lib/session/index.js';
import { fakeMcpServer, type FakeMcpServer } from '../../lib/testing/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { afterHandshake, openSession, sendFrame, serverRequest, withSession } from './marbleHelpers.js';

/** The SEP-1034 form: every field optional, each with a default. */
const profileSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', default: 'John Doe' },
    age: { type: 'integer', default: 30 },
    score: { type: 'number', default: 95.5 },
    status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
    verified: { type: 'boolean', default: true },
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, default: ['a'] },
    nickname: { type: 'string' },
  },
  required: [],
};
const profileDefaults = {
  name: 'John Doe',
  age: 30,
  score: 95.5,
  status: 'active',
  verified: true,
  tags: ['a'],
};
const elicit = (id: number | string, requestedSchema: object = profileSchema, message = 'Profile?') =>
  serverRequest(id, 'elicitation/create', { message, requestedSchema });
const answer = (id: number | string, result: unknown) => ({ jsonrpc: '2.0', id, result });
const failure = (id: number | string, code: number, message: string) => ({
  jsonrpc: '2.0',
  id,
  error: { code, message },
});
const accept = (content?: Record<string, unknown>): ElicitResult =>
  (content === undefined ? { action: 'accept' } : { action: 'accept', content }) as ElicitResult;

/** Sends each frame as it is emitted (virtual time) to the client of `server`. */
function sendAll(server: FakeMcpServer, frames: Observable<JsonRpcMessage>): void {
  frames.subscribe((frame) => {
    sendFrame(server, frame);
  });
}

/** Runs `frames` against a session with `options`; returns what the client answered, in order. */
function answersTo(frames: JsonRpcMessage[], options: Omit<McpSessionOptions, 'scheduler'>): unknown[] {
  const testScheduler = newTestScheduler();
  const server = fakeMcpServer();
  testScheduler.run(() => {
    const { subscription } = openSession(server, { ...options, scheduler: testScheduler });
    for (const frame of frames) sendFrame(server, frame);
    testScheduler.schedule(() => {
      subscription.unsubscribe();
    }, 50);
  });
  return server.received.filter((m) => m.method === undefined);
}

describe('elicitation: defaults (SEP-1034)', () => {
  it('fills every field the user left out with its default: string, integer, number, enum, boolean, multi-select', () => {
    expect(answersTo([elicit(1)], { elicitation: () => of(accept({})) })).toEqual([
      answer(1, { action: 'accept', content: profileDefaults }),
    ]);
  });

  it('fills an accept without content, keeps what the user gave, fills a field given as undefined (or drops it)', () => {
    expect(
      answersTo([elicit(1), elicit(2)], {
        elicitation: (_params, { requestId }) =>
          of(
            requestId === 1
              ? accept()
              : accept({ name: 'Ada', verified: false, age: undefined, tags: [], nickname: undefined }),
          ),
      }),
    ).toEqual([
      answer(1, { action: 'accept', content: profileDefaults }),
      answer(2, {
        action: 'accept',
        content: { ...profileDefaults, name: 'Ada', verified: false, tags: [] },
      }),
    ]);
  });

  it('gives each answer its own copy of an array default (the schema and other answers are untouched)', () => {
    const answers: ElicitResult[] = [];
    const server = fakeMcpServer({
      tools: [
        {
          name: 'ask',
          inputSchema: { type: 'object' },
          call: (_args, context) =>
            context.request('elicitation/create', { message: 'Tags?', requestedSchema: profileSchema }).pipe(
              map((result) => {
                answers.push(result as ElicitResult);
                return { content: [] };
              }),
            ),
        },
      ],
    });
    newTestScheduler().run(({ expectObservable }) => {
      const calls = withSession(server, { elicitation: () => of(accept({})) }, (session) =>
        merge(session.callTool('ask'), session.callTool('ask')).pipe(filter((e) => e.type === 'result')),
      ).pipe(map(() => 'r'));
      expectObservable(calls).toBe('(rr|)');
    });
    expect(answers.map((a) => a.content?.tags)).toEqual([['a'], ['a']]);
    expect(answers[0].content?.tags).not.toBe(answers[1].content?.tags);
    expect(profileSchema.properties.tags.default).toEqual(['a']);
  });

  it('property: the answer is the defaults overlaid with what the user gave, for any subset given', () => {
    const given = fc.record(
      {
        name: fc.string(),
        age: fc.integer(),
        score: fc.double({ noNaN: true, noDefaultInfinity: true }),
        status: fc.constantFrom('active', 'inactive', 'pending'),
        verified: fc.boolean(),
        tags: fc.subarray(['a', 'b']),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(given, (content) => {
        const [sent] = answersTo([elicit(1)], { elicitation: () => of(accept(content)) });
        // As the wire carries it: JSON has no -0 (a score of -0 arrives as 0).
        const expected = answer(1, { action: 'accept', content: { ...profileDefaults, ...content } });
        expect(sent).toEqual(JSON.parse(JSON.stringify(expected)));
      }),
      { numRuns: 60 },
    );
  });

  it('leaves decline and cancel as they are', () => {
    expect(
      answersTo([elicit(1), elicit(2)], {
        elicitation: (_params, { requestId }) =>
          of({ action: requestId === 1 ? ('decline' as const) : ('cancel' as const) }),
      }),
    ).toEqual([answer(1, { action: 'decline' }), answer(2, { action: 'cancel' })]);
  });

  it('off switch, as in the SDK: capabilities.elicitation.form without applyDefaults sends the content as given', () => {
    const testScheduler = newTestScheduler();
    const server = fakeMcpServer();
    testScheduler.run(() => {
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        capabilities: { elicitation: { form: {} } },
        elicitation: () => of(accept({ name: 'Ada' })),
      });
      sendFrame(server, elicit(1));
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 5);
    });
    expect(server.received[0].params).toMatchObject({ capabilities: { elicitation: { form: {} } } });
    expect(server.received.filter((m) => m.id === 1)).toEqual([
      answer(1, { action: 'accept', content: { name: 'Ada' } }),
    ]);
  });
  it('fills the defaults of an elicitation the server asked to run as a task too (tasks/result)', () => {
    const testScheduler = newTestScheduler();
    const server = fakeMcpServer();
    testScheduler.run(() => {
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        capabilities: { tasks: { requests: { elicitation: { create: {} } } } },
        elicitation: () => of(accept({ name: 'Ada' })),
      });
      sendFrame(
        server,
        serverRequest('e1', 'elicitation/create', {
          task: { ttl: 100 },
          message: 'Profile?',
          requestedSchema: profileSchema,
        }),
      );
      const taskId = (server.received.find((m) => m.id === 'e1')?.result as { task: { taskId: string } }).task
        .taskId;
      testScheduler.schedule(() => {
        sendFrame(server, serverRequest('r1', 'tasks/result', { taskId }));
      }, 1);
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 5);
    });
    expect(server.received.find((m) => m.id === 'r1')?.result).toMatchObject({
      action: 'accept',
      content: { ...profileDefaults, name: 'Ada' },
    });
  });
});

describe('elicitation: the accepted content is checked against the requested schema', () => {
  const strict = {
    type: 'object',
    properties: {
      email: { type: 'string', format: 'email' },
      age: { type: 'integer', minimum: 0, default: 30 },
    },
    required: ['email'],
  };

  it('fails only the request whose content does not match, while a concurrent one and a tool call succeed', () => {
    const testScheduler = newTestScheduler();
    const errors: McpServerRequestError[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const server = fakeMcpServer({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] });
      const { session, subscription } = openSession(server, {
        scheduler: testScheduler,
        // Each answer comes 3 ms later, so the two requests are in flight together.
        elicitation: (params) =>
          timer(3, testScheduler).pipe(
            map(() =>
              accept(
                params.message === 'bad' ? { email: 'not an email', age: 'thirty' } : { email: 'a@b.co' },
              ),
            ),
          ),
      });
      session.serverRequestErrors$.subscribe((e) => errors.push(e));
      sendAll(
        server,
        cold('1ms (ab)', { a: elicit('bad', strict, 'bad'), b: elicit('good', strict, 'good') }),
      );
      // A tool call made while both are being answered.
      expectObservable(
        timer(2, testScheduler).pipe(
          switchMap(() => session.callTool('echo')),
          map((e) => e.type),
        ),
      ).toBe('2ms (r|)', { r: 'result' });
      expectObservable(afterHandshake(server).pipe(filter((m) => m.method === undefined))).toBe('4ms (xy)', {
        x: failure(
          'bad',
          McpErrorCode.InternalError,
          'The accepted elicitation content does not match the requested schema: ' +
            '#/email: String does not match format "email".; #/age: Instance type "string" is invalid. Expected "integer".',
        ),
        y: answer('good', { action: 'accept', content: { email: 'a@b.co', age: 30 } }),
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
    // The app hears of the failed answer too (what the server got, as an McpError).
    expect(
      errors.map(({ method, requestId, error }) => [method, requestId, error.code, error.message]),
    ).toEqual([
      [
        'elicitation/create',
        'bad',
        McpErrorCode.InternalError,
        expect.stringContaining('does not match the requested schema: #/email'),
      ],
    ]);
    expect(errors[0].error).toBeInstanceOf(McpError);
  });

  it('fails a required field left out that has no default, and answers that are not an ElicitResult', () => {
    expect(
      answersTo([elicit(1, strict), elicit(2, strict), elicit(3, strict)], {
        elicitation: (_params, { requestId }) =>
          of(
            requestId === 1
              ? accept({ age: 3 })
              : requestId === 2
                ? ({ action: 'yes' } as unknown as ElicitResult)
                : ({ action: 'accept', content: 'Ada' } as unknown as ElicitResult),
          ),
      }),
    ).toEqual([
      failure(
        1,
        McpErrorCode.InternalError,
        'The accepted elicitation content does not match the requested schema: #: Instance does not have required property "email".',
      ),
      failure(
        2,
        McpErrorCode.InternalError,
        expect.stringMatching(
          /^The elicitation handler's answer is not an ElicitResult: action: /,
        ) as unknown as string,
      ),
      failure(
        3,
        McpErrorCode.InternalError,
        "The elicitation handler's answer is not an ElicitResult: content: Invalid input: expected record, received string",
      ),
    ]);
  });

  it('checks against the fields the MCP schema allows: a server $ref or pattern never reaches the validator', () => {
    const hostile = {
      type: 'object',
      properties: { name: { type: 'string', pattern: '^(a+)+$' } },
      allOf: [{ $ref: 'https://example.com/elsewhere.json' }],
    };
    expect(answersTo([elicit(1, hostile)], { elicitation: () => of(accept({ name: 'b' })) })).toEqual([
      answer(1, { action: 'accept', content: { name: 'b' } }),
    ]);
  });
});

describe('elicitation: URL mode (2025-11-25)', () => {
  const urlParams = {
    mode: 'url',
    message: 'Sign in to continue',
    url: 'https://example.com/login',
    elicitationId: 'e-1',
  };

  it('is refused with -32602 when not declared; the handler never runs; form mode still works', () => {
    const seen: ElicitRequestParams[] = [];
    const answers = answersTo([serverRequest(1, 'elicitation/create', urlParams), elicit(2)], {
      elicitation: (params) => {
        seen.push(params);
        return of(accept({}));
      },
    });
    expect(answers).toEqual([
      failure(
        1,
        McpErrorCode.InvalidParams,
        'This client does not take URL-mode elicitation requests (it did not declare capabilities.elicitation.url)',
      ),
      answer(2, { action: 'accept', content: profileDefaults }),
    ]);
    expect(seen.map((p) => p.mode ?? 'form')).toEqual(['form']);
  });

  it('reaches the handler when declared, with its url and elicitationId; a URL-only client refuses forms', () => {
    const seen: ElicitRequestParams[] = [];
    const options = (
      elicitation: NonNullable<ClientCapabilities['elicitation']>,
    ): Omit<McpSessionOptions, 'scheduler'> => ({
      capabilities: { elicitation },
      elicitation: (params) => {
        seen.push(params);
        return of({ action: 'accept' as const });
      },
    });
    expect(
      answersTo(
        [serverRequest(1, 'elicitation/create', urlParams), elicit(2)],
        options({ form: {}, url: {} }),
      ),
    ).toEqual([answer(1, { action: 'accept' }), answer(2, { action: 'accept', content: {} })]);
    expect(answersTo([elicit(3)], options({ url: {} }))).toEqual([
      failure(
        3,
        McpErrorCode.InvalidParams,
        'This client does not take form-mode elicitation requests (it did not declare capabilities.elicitation.form)',
      ),
    ]);
    expect(seen).toEqual([urlParams, { message: 'Profile?', requestedSchema: profileSchema }]);
  });

  it('delivers notifications/elicitation/complete, and a -32042 error with its elicitations to the call', () => {
    const required = new McpError(McpErrorCode.UrlElicitationRequired, 'Sign in first', {
      elicitations: [urlParams],
    });
    const server = fakeMcpServer({
      tools: [
        {
          name: 'needs-login',
          inputSchema: { type: 'object' },
          call: () => {
            throw required;
          },
        },
      ],
    });
    newTestScheduler().run(({ cold, expectObservable }) => {
      const events$ = withSession(
        server,
        { capabilities: { elicitation: { url: {} } }, elicitation: () => of({ action: 'accept' as const }) },
        (session) =>
          merge(
            session.notifications$.pipe(
              filter((n) => n.method === 'notifications/elicitation/complete'),
              map((n) => `complete ${String(n.params?.elicitationId)}`),
            ),
            cold('2ms a').pipe(
              map(() => {
                server.notify('notifications/elicitation/complete', { elicitationId: 'e-1' });
                return 'notified';
              }),
            ),
            cold('6ms a').pipe(
              switchMap(() => session.callTool('needs-login')),
              map(() => 'no error'),
              catchError((error: unknown) => of(error)),
            ),
          ),
      );
      expectObservable(events$, '^ 8ms !').toBe('2ms (cn) e', {
        c: 'complete e-1',
        n: 'notified',
        e: new McpError(-32042, 'Sign in first', { elicitations: [urlParams] }),
      });
    });
  });
});
