/**
 * One server's life under the restart policy, as an Observable of its states. Written as a small
 * state machine inside `new Observable` rather than `retry({ delay })`: the policy needs to emit
 * a `restarting` state with the delay it chose, to reset the count only after the server stayed
 * up for a while (not on its first value), and to treat a clean exit as final. Every wait is a
 * timer on the scheduler, so the policy runs in virtual time.
 */
import { combineLatest, exhaustMap, ignoreElements, merge, NEVER, Observable, repeat, tap } from 'rxjs';
import { Subscription, type SchedulerLike } from 'rxjs';
import { mcpSession, type McpSession, type McpSessionOptions, type McpTransport } from '../session/index.js';
import { boundedTimer } from '../transport/timing/boundedTimer.js';
import type { McpServerState } from './McpHostState.js';
import type { McpServerDefinition, McpStdioServerDefinition } from '../config/index.js';
import { restartDelay, type ResolvedRestartPolicy } from './McpRestartPolicy.js';

/**
 * Makes the transport of one start of a server. The default runs `fromStdioServer()`; tests
 * give a fake. Call `onSpawn` with the process id when it is known.
 */
export type McpHostConnect = (
  name: string,
  server: McpStdioServerDefinition,
  onSpawn: (pid: number) => void,
) => McpTransport;

/**
 * A ping on an interval; no answer within `timeout` (or an error) counts as a crash.
 *
 * @example
 * ```ts
 * mcpHost(config, { healthCheck: { interval: 30_000, timeout: 5_000 } });
 * ```
 */
export interface McpHealthCheck {
  /** Milliseconds between pings (the first one `interval` after the server is ready). */
  interval: number;
  /** Milliseconds to wait for each answer. */
  timeout: number;
}

/** What the supervisor needs, all resolved. */
export interface SupervisorContext {
  scheduler: SchedulerLike;
  policy: ResolvedRestartPolicy;
  healthCheck: McpHealthCheck | undefined;
  sessionOptions: McpSessionOptions;
  connect: McpHostConnect;
}

/** A server's state, and its session while it is ready (for routing calls). */
export interface SupervisedServer {
  state: McpServerState;
  session: McpSession | null;
}

const NO_LISTS = { tools: [], prompts: [], resources: [] } as const;

/**
 * Runs one server: starts it, emits its states, restarts it after a crash, a failed handshake or
 * a failed health check (with the policy's backoff), gives up after `maxRestarts` in a row.
 * Disabled and unsupported servers emit their one state and start nothing. Unsubscribing ends
 * the session, which shuts the process down (whole tree, bounded).
 *
 * @param name The server's name.
 * @param definition Its definition.
 * @param context Policy, scheduler, session options, transport factory.
 * @returns The server's states.
 */
export function superviseServer(
  name: string,
  definition: McpServerDefinition,
  context: SupervisorContext,
): Observable<SupervisedServer> {
  return new Observable<SupervisedServer>((subscriber) => {
    const base = { name, definition, ...NO_LISTS };
    if (definition.kind === 'disabled') {
      subscriber.next({ state: { ...base, status: 'disabled' }, session: null });
      return undefined;
    }
    if (definition.kind === 'unsupported') {
      subscriber.next({
        state: { ...base, status: 'unsupported', transport: definition.transport },
        session: null,
      });
      return undefined;
    }
    const { policy, scheduler } = context;
    /** Failures in a row (reset after `policy.resetAfter` of being ready). */
    let failures = 0;
    let run: Subscription | undefined;
    let whileReady: Subscription | undefined;
    let pending: Subscription | undefined;

    const stopRun = (): void => {
      whileReady?.unsubscribe();
      run?.unsubscribe();
    };
    const onFailure = (error: unknown, pid: number | undefined): void => {
      stopRun();
      failures++;
      const restartBase = pid === undefined ? base : { ...base, pid };
      if (failures > policy.maxRestarts) {
        subscriber.next({
          state: { ...restartBase, status: 'failed', error, restarts: failures - 1 },
          session: null,
        });
        return;
      }
      const delay = restartDelay(policy, failures);
      subscriber.next({
        state: { ...restartBase, status: 'restarting', attempt: failures, nextTryIn: delay, error },
        session: null,
      });
      pending = boundedTimer(delay, scheduler).subscribe(start);
    };

    function start(): void {
      let pid: number | undefined;
      let ready = false;
      /** Whether this start is over (failed or stopped): later events of it are ignored. */
      let ended = false;
      const withPid = () => (pid === undefined ? base : { ...base, pid });
      const emitStarting = (): void => {
        subscriber.next({
          state: { ...withPid(), status: 'starting', attempt: failures + 1 },
          session: null,
        });
      };
      const fail = (error: unknown): void => {
        if (ended) return;
        ended = true;
        onFailure(error, pid);
      };
      const transport = context.connect(name, definition as McpStdioServerDefinition, (spawned) => {
        pid = spawned;
        if (!ended && !ready) emitStarting();
      });
      emitStarting();
      // A Subscription first: if the session ends synchronously (invalid params), stopRun() has
      // already closed it, and adding the session's subscription to it ends that at once.
      const thisRun = new Subscription();
      run = thisRun;
      thisRun.add(
        mcpSession(transport, context.sessionOptions).subscribe({
          next: (session) => {
            whileReady = merge(
              combineLatest([session.tools$, session.prompts$, session.resources$]),
              healthChecks(session, context.healthCheck, scheduler),
              boundedTimer(policy.resetAfter, scheduler).pipe(
                tap(() => {
                  failures = 0;
                }),
                ignoreElements(),
              ),
            ).subscribe({
              next: ([tools, prompts, resources]) => {
                ready = true;
                subscriber.next({
                  state: {
                    ...withPid(),
                    status: 'ready',
                    serverInfo: session.serverInfo,
                    capabilities: session.serverCapabilities,
                    tools,
                    prompts,
                    resources,
                  },
                  session,
                });
              },
              error: fail,
            });
          },
          error: fail,
          complete: () => {
            if (ended) return;
            ended = true;
            whileReady?.unsubscribe();
            subscriber.next({ state: { ...withPid(), status: 'stopped' }, session: null });
          },
        }),
      );
    }

    start();
    return () => {
      pending?.unsubscribe();
      stopRun();
    };
  });
}

/** Pings on the interval, each with its own timeout; errors when one fails. Emits nothing. */
function healthChecks(
  session: McpSession,
  healthCheck: McpHealthCheck | undefined,
  scheduler: SchedulerLike,
): Observable<never> {
  if (healthCheck === undefined) return NEVER;
  return boundedTimer(healthCheck.interval, scheduler).pipe(
    repeat(),
    exhaustMap(() => session.ping({ timeout: healthCheck.timeout })),
    ignoreElements(),
  );
}
