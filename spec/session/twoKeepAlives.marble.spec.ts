/**
 * The two keepAlives together, in virtual time: `mcpSession(server$, { keepAlive })` over
 * `fromStdioServer({ keepAlive })` on a fake process. The session's window holds its subscription
 * to the transport, so the transport's window starts only when the session's ends: the process
 * outlives the last subscriber by the sum. Back within the session's window: the same session, no
 * second handshake. Back after it but within the transport's: the same process, a second
 * `initialize` on it (why docs/lifecycle.md says to set only the session's under a session).
 */
import { map, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { fromStdioServer } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { mcpSession, type McpSession } from '../../lib/session/index.js';
import { fakeServer, type FakeServerEvent } from '../../lib/testing/index.js';
import { marbles } from '../support/marbles.js';

/** The session's window and the transport's, in virtual ms. */
const SESSION_KEEP = 20;
const TRANSPORT_KEEP = 50;
/** When the last subscriber leaves. */
const LEAVE = 10;

/** A fake MCP server process that answers `initialize` and `ping`. */
function mcpProcess(scheduler: TestScheduler) {
  return fakeServer(
    {
      respond: (message) => {
        const { id, method, params } = message as JsonRpcMessage & { params?: { protocolVersion?: string } };
        if (id === undefined) return [];
        if (method === 'initialize') {
          return [
            {
              jsonrpc: '2.0',
              id,
              result: {
                protocolVersion: params?.protocolVersion,
                capabilities: {},
                serverInfo: { name: 'fake', version: '1.0.0' },
              },
            },
          ];
        }
        return [{ jsonrpc: '2.0', id, result: {} }];
      },
    },
    scheduler,
  );
}

/** A session with `sessionKeep` over a transport with `transportKeep`, on one fake server. */
function setup(scheduler: TestScheduler, sessionKeep: number, transportKeep: number) {
  const server = mcpProcess(scheduler);
  const server$ = fromStdioServer({
    command: 'fake-mcp-server',
    spawn: server.spawn,
    scheduler,
    keepAlive: transportKeep,
    shutdown: { closeTimeout: 100, termTimeout: 100 },
  });
  const session$ = mcpSession(server$, { keepAlive: sessionKeep, scheduler });
  return { server, session$ };
}

/** The events of interest: spawns, handshakes (by pid), stdin closed. */
function lifecycle(events: Observable<FakeServerEvent>): Observable<string> {
  return events.pipe(
    map((event) => {
      if (event.type === 'received')
        return `${String((event.message as JsonRpcMessage).method)} ${event.pid}`;
      return `${event.type} ${'pid' in event ? event.pid : ''}`;
    }),
  );
}

const handshake = (pid = 10000) => ({
  s: `spawn ${pid}`,
  i: `initialize ${pid}`,
  n: `notifications/initialized ${pid}`,
});

describe('the two keepAlives (virtual time)', () => {
  it.each([
    { sessionKeep: 0, transportKeep: 0, end: LEAVE },
    { sessionKeep: SESSION_KEEP, transportKeep: 0, end: LEAVE + SESSION_KEEP },
    { sessionKeep: 0, transportKeep: TRANSPORT_KEEP, end: LEAVE + TRANSPORT_KEEP },
    { sessionKeep: SESSION_KEEP, transportKeep: TRANSPORT_KEEP, end: LEAVE + SESSION_KEEP + TRANSPORT_KEEP },
  ])(
    'session keepAlive $sessionKeep, transport keepAlive $transportKeep: stdin closes at $end ms',
    ({ sessionKeep, transportKeep, end }) => {
      marbles(({ expectObservable, cold }, scheduler) => {
        const { server, session$ } = setup(scheduler, sessionKeep, transportKeep);
        // The transport's window starts only when the session's has ended: the two add up.
        expectObservable(lifecycle(server.events), '^ 200ms !').toBe(`(sin) ${end - 5}ms (ce)`, {
          ...handshake(),
          c: 'stdin-closed 10000',
          e: 'exit 10000',
        });
        // Two consumers of the one session: the windows count from the last one out.
        const early = session$.subscribe();
        const last = session$.subscribe();
        cold('5ms x').subscribe(() => early.unsubscribe());
        cold(`${LEAVE}ms x`).subscribe(() => last.unsubscribe());
      });
    },
  );

  it("back within the session's window: the same session, no second handshake", () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, session$ } = setup(scheduler, SESSION_KEEP, TRANSPORT_KEEP);
      const sessions: McpSession[] = [];
      // Back at 25 (within 10 + 20), gone at 30: the windows then run 30 + 20 + 50.
      expectObservable(lifecycle(server.events), '^ 200ms !').toBe('(sin) 95ms (ce)', {
        ...handshake(),
        c: 'stdin-closed 10000',
        e: 'exit 10000',
      });
      const first = session$.subscribe((session) => sessions.push(session));
      cold(`${LEAVE}ms x`).subscribe(() => first.unsubscribe());
      cold('25ms x').subscribe(() => {
        const second = session$.subscribe((session) => sessions.push(session));
        cold('5ms x').subscribe(() => second.unsubscribe());
      });
      scheduler.schedule(() => {
        expect(sessions).toHaveLength(2);
        expect(sessions[1]).toBe(sessions[0]);
      }, 100);
    });
  });

  it("back after the session's window, within the transport's: the same process, a second initialize on it", () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, session$ } = setup(scheduler, SESSION_KEEP, TRANSPORT_KEEP);
      const sessions: McpSession[] = [];
      // The session ended at 30; back at 40, within the transport's window (30 + 50): no spawn,
      // but a fresh session and a fresh handshake on process 10000. Gone at 45: 45 + 20 + 50.
      expectObservable(lifecycle(server.events), '^ 200ms !').toBe('(sin) 35ms (in) 71ms (ce)', {
        ...handshake(),
        c: 'stdin-closed 10000',
        e: 'exit 10000',
      });
      const first = session$.subscribe((session) => sessions.push(session));
      cold(`${LEAVE}ms x`).subscribe(() => first.unsubscribe());
      cold('40ms x').subscribe(() => {
        const second = session$.subscribe((session) => sessions.push(session));
        cold('5ms x').subscribe(() => second.unsubscribe());
      });
      scheduler.schedule(() => {
        expect(sessions).toHaveLength(2);
        expect(sessions[1]).not.toBe(sessions[0]);
      }, 100);
    });
  });

  it('back after both windows: a fresh process and a fresh handshake', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, session$ } = setup(scheduler, SESSION_KEEP, TRANSPORT_KEEP);
      expectObservable(lifecycle(server.events), '^ 200ms !').toBe('(sin) 75ms (ce) 16ms (SIN)', {
        ...handshake(),
        c: 'stdin-closed 10000',
        e: 'exit 10000',
        S: 'spawn 10001',
        I: 'initialize 10001',
        N: 'notifications/initialized 10001',
      });
      const first = session$.subscribe();
      cold(`${LEAVE}ms x`).subscribe(() => first.unsubscribe());
      cold('100ms x').subscribe(() => session$.subscribe());
    });
  });
});
