/**
 * Model-based test of a shared session: random interleavings, in virtual time over the fake MCP
 * server, of consumers subscribing and leaving, tool calls with random arguments (some that JSON
 * cannot carry) and random answer delays, cancellations, server requests, crashes and exits. After
 * every run the invariants of issue 8 must hold.
 */
import fc from 'fast-check';
import { config, filter, map, switchMap, take, timer, type Subscription } from 'rxjs';
import { mcpSession, McpSessionClosedError } from '../../lib/session/index.js';
import { fakeMcpServer } from '../../lib/testing/index.js';
import { newTestScheduler } from '../support/marbles.js';

type Args = 'plain' | 'bigint' | 'circular' | 'toJSON';
type Action =
  | { at: number; kind: 'hold'; holder: number }
  | { at: number; kind: 'release'; holder: number }
  | { at: number; kind: 'call'; args: Args; delay: number; cancelAfter: number | null }
  | { at: number; kind: 'crash' }
  | { at: number; kind: 'exit' }
  | { at: number; kind: 'ping' };

const at = fc.nat(60);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ at, kind: fc.constant('hold' as const), holder: fc.nat(2) }),
  fc.record({ at, kind: fc.constant('release' as const), holder: fc.nat(2) }),
  fc.record({
    at,
    kind: fc.constant('call' as const),
    args: fc.constantFrom<Args>('plain', 'plain', 'bigint', 'circular', 'toJSON'),
    delay: fc.nat(8),
    cancelAfter: fc.option(fc.nat(8)),
  }),
  fc.record({ at, kind: fc.constant('crash' as const) }),
  fc.record({ at, kind: fc.constant('exit' as const) }),
  fc.record({ at, kind: fc.constant('ping' as const) }),
);

function argsOf(kind: Args, tag: number): Record<string, unknown> {
  switch (kind) {
    case 'plain':
      return { tag };
    case 'bigint':
      return { tag, big: BigInt(tag) };
    case 'circular': {
      const loop: Record<string, unknown> = { tag };
      loop.self = loop;
      return { tag, loop };
    }
    case 'toJSON':
      return {
        tag,
        bad: {
          toJSON: () => {
            throw new Error(`toJSON ${String(tag)} refused`);
          },
        },
      };
  }
}

const SERIALIZER_ERRORS: Record<Exclude<Args, 'plain'>, (tag: number) => RegExp> = {
  bigint: () => /BigInt/,
  circular: () => /circular/i,
  toJSON: (tag) => new RegExp(`^toJSON ${String(tag)} refused$`),
};

interface Call {
  tag: number;
  args: Args;
  outcome: { ok: string } | { error: unknown } | null;
  outcomes: number;
  cancelled: boolean;
}

describe('a shared session under random interleavings (model-based)', () => {
  it('every call gets its own answer or a clear error; one initialize per connection; nothing left over', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), fc.constantFrom(0, 5, 20), (actions, keepAlive) => {
        const unhandled: unknown[] = [];
        const previous = config.onUnhandledError;
        config.onUnhandledError = (error) => unhandled.push(error);
        const calls: Call[] = [];
        const crashes: number[] = [];
        const testScheduler = newTestScheduler();
        let server = fakeMcpServer();
        let sent: jest.SpyInstance | undefined;
        try {
          testScheduler.run(() => {
            server = fakeMcpServer({
              tools: [
                {
                  name: 'echo',
                  inputSchema: { type: 'object' },
                  call: (args, context) =>
                    timer(Number(args.delay ?? 0)).pipe(
                      map(() => ({
                        content: [
                          {
                            type: 'text' as const,
                            text: `echo ${String(args.tag)} ${String(context.requestId)}`,
                          },
                        ],
                      })),
                    ),
                },
              ],
            });
            sent = jest.spyOn(server.transport, 'next');
            const session$ = mcpSession(server.transport, { keepAlive, requestTimeout: 1000 });
            const holders = new Map<number, Subscription>();
            const open: Subscription[] = [];
            for (const step of actions) {
              testScheduler.schedule(() => {
                switch (step.kind) {
                  case 'hold':
                    if (!holders.has(step.holder))
                      holders.set(step.holder, session$.subscribe({ error: () => undefined }));
                    break;
                  case 'release':
                    holders.get(step.holder)?.unsubscribe();
                    holders.delete(step.holder);
                    break;
                  case 'call': {
                    const call: Call = {
                      tag: calls.length,
                      args: step.args,
                      outcome: null,
                      outcomes: 0,
                      cancelled: false,
                    };
                    calls.push(call);
                    const args = { ...argsOf(step.args, call.tag), delay: step.delay };
                    const subscription = session$
                      .pipe(
                        switchMap((session) => session.callTool('echo', args)),
                        filter((event) => event.type === 'result'),
                        take(1),
                      )
                      .subscribe({
                        next: (event) => {
                          call.outcomes += 1;
                          const [block] = event.result.content;
                          call.outcome = { ok: block.type === 'text' ? block.text : '?' };
                        },
                        error: (error: unknown) => {
                          call.outcomes += 1;
                          call.outcome = { error };
                        },
                      });
                    open.push(subscription);
                    if (step.cancelAfter !== null) {
                      testScheduler.schedule(() => {
                        if (call.outcome === null) call.cancelled = true;
                        subscription.unsubscribe();
                      }, step.cancelAfter);
                    }
                    break;
                  }
                  case 'crash':
                    crashes.push(server.connections.length);
                    server.crash(new Error('crashed'));
                    break;
                  case 'exit':
                    crashes.push(server.connections.length);
                    server.exit();
                    break;
                  case 'ping':
                    server.request('ping').subscribe({ error: () => undefined });
                    break;
                }
              }, step.at);
            }
            // Everyone leaves at the end; keepAlive (if any) then ends the last connection.
            testScheduler.schedule(() => {
              for (const holder of holders.values()) holder.unsubscribe();
              for (const subscription of open) subscription.unsubscribe();
            }, 100);
          });
        } finally {
          config.onUnhandledError = previous;
        }

        // No unhandled error anywhere.
        expect(unhandled).toEqual([]);
        // Every call that was not cancelled settled exactly once, with its own answer or a clear error.
        for (const call of calls) {
          if (call.cancelled) {
            expect(call.outcomes).toBe(0);
            continue;
          }
          expect(call.outcomes).toBe(1);
          const outcome = call.outcome;
          if (outcome === null) throw new Error('unreachable');
          if (call.args !== 'plain') {
            expect(
              'error' in outcome &&
                outcome.error instanceof Error &&
                SERIALIZER_ERRORS[call.args](call.tag).test(outcome.error.message),
            ).toBe(true);
          } else if ('ok' in outcome) {
            expect(outcome.ok).toMatch(new RegExp(`^echo ${String(call.tag)} \\d+$`));
          } else {
            // Only the end of the server explains a plain call's error.
            expect(crashes.length).toBeGreaterThan(0);
            const error = outcome.error;
            expect(
              error instanceof McpSessionClosedError ||
                (error instanceof Error && error.message === 'crashed'),
            ).toBe(true);
          }
        }
        // Exactly one initialize per connection; every connection ended; nothing in flight.
        for (const connection of server.connections) {
          expect(connection.received.filter((m) => m.method === 'initialize')).toHaveLength(1);
          expect(connection.open).toBe(false);
          expect(connection.inFlight).toBe(0);
          // A server request is answered at most once (exactly once unless the connection ended first).
          const answers = connection.received.filter((m) => m.method === undefined);
          expect(answers.every((m) => typeof m.id === 'number')).toBe(true);
          expect(new Set(answers.map((m) => m.id)).size).toBe(answers.length);
        }
        // Nothing JSON cannot carry ever reached the transport (the session refuses it first).
        const unsendable = (sent?.mock.calls ?? []).filter(([message]) => {
          try {
            JSON.stringify(message);
            return false;
          } catch {
            return true;
          }
        });
        // (The spy sees what was sent: an initialize for each connection at least.)
        expect(sent?.mock.calls.length ?? 0).toBeGreaterThanOrEqual(server.connections.length);
        expect(unsendable).toEqual([]);
        expect(server.current).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});
