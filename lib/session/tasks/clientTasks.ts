// Client-side tasks: the server asks this client to run `sampling/createMessage` or
// `elicitation/create` as a task. The request is answered at once with the new task; the
// caller's handler runs detached from that request (its Observable *is* the task), and the
// server's `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel` are answered from the
// record kept here. Cancelling unsubscribes the handler; the session's end stops them all.
import {
  defer,
  filter,
  first,
  map,
  Observable,
  of,
  ReplaySubject,
  throwError,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { boundedTimer } from '../../transport/timing/boundedTimer.js';
import { isRecord, toJsonRpcError } from '../jsonRpcErrors.js';
import { McpError } from '../McpError.js';
import { McpErrorCode } from '../McpErrorCode.js';
import type { McpPeerConfig } from '../McpPeer.js';
import type { ClientCapabilities } from '../McpTypes.js';
import { relatedTaskAnswers } from './relatedTaskAnswers.js';
import { withRelatedTask } from './taskMeta.js';
import { isTerminalStatus, type McpTask, type McpTaskStatus } from './taskSchemas.js';

/** The poll interval this client suggests to the server. */
const CLIENT_TASK_POLL_INTERVAL = 500;

/** A task this client runs for the server. */
interface ClientTask {
  task: McpTask;
  /** The handler's outcome: its result or its error. */
  outcome: { result: unknown } | { error: unknown } | null;
  /** Emits each time the task changes (tasks/result waits on it). */
  changes: ReplaySubject<McpTask>;
  /** The handler's subscription and the ttl timer. */
  running: Subscription | null;
  expiry: Subscription | null;
  controller: AbortController;
}

/** The server requests a client may run as a task, by the capability that allows it. */
function taskable(method: string, capabilities: ClientCapabilities): boolean {
  const requests = capabilities.tasks?.requests;
  if (method === 'sampling/createMessage') return requests?.sampling?.createMessage !== undefined;
  if (method === 'elicitation/create') return requests?.elicitation?.create !== undefined;
  return false;
}

/**
 * Wraps a session's handler of server requests with the task side of the protocol: the answer
 * to a request tied to a task names the task (see `relatedTaskAnswers`), and, where the client
 * declares a `tasks` capability, the server's requests may run as client-side tasks.
 *
 * @param capabilities The capabilities the client declares.
 * @param handleRequest The session's handler (runs the caller's sampling/elicitation handlers).
 * @param scheduler The scheduler of ttl expiry and timestamps.
 * @returns The handler for `McpPeer`, and `close()` that stops every task (call at session end).
 */
export function clientTaskHandler(
  capabilities: ClientCapabilities,
  handleRequest: McpPeerConfig['handleRequest'],
  scheduler: SchedulerLike,
): { handleRequest: McpPeerConfig['handleRequest']; close: () => void } {
  if (capabilities.tasks === undefined) {
    return { handleRequest: relatedTaskAnswers(handleRequest), close: () => undefined };
  }
  const tasks = new Map<string, ClientTask>();
  const prefix = Math.random().toString(36).slice(2, 10);
  let count = 0;
  const now = (): string => new Date(scheduler.now()).toISOString();

  const update = (entry: ClientTask, status: McpTaskStatus, statusMessage?: string): void => {
    if (isTerminalStatus(entry.task.status)) return;
    const { taskId, ttl, createdAt, pollInterval } = entry.task;
    entry.task = {
      taskId,
      ttl,
      createdAt,
      ...(pollInterval === undefined ? {} : { pollInterval }),
      status,
      lastUpdatedAt: now(),
      ...(statusMessage === undefined ? {} : { statusMessage }),
    };
    entry.changes.next(entry.task);
  };
  const forget = (taskId: string): void => {
    const entry = tasks.get(taskId);
    if (entry === undefined) return;
    entry.running?.unsubscribe();
    entry.expiry?.unsubscribe();
    entry.controller.abort();
    entry.changes.complete();
    tasks.delete(taskId);
  };
  const find = (params: unknown): ClientTask => {
    const taskId = isRecord(params) && typeof params.taskId === 'string' ? params.taskId : undefined;
    const entry = taskId === undefined ? undefined : tasks.get(taskId);
    if (entry === undefined) {
      throw new McpError(McpErrorCode.InvalidParams, `Task not found: ${String(taskId)}`);
    }
    return entry;
  };

  const start = (method: string, params: Record<string, unknown>, requestId: string | number) => {
    const { task: requested, ...request } = params;
    const ttlAsked = isRecord(requested) && typeof requested.ttl === 'number' ? requested.ttl : null;
    const taskId = `${prefix}-${count++}`;
    const created = now();
    const entry: ClientTask = {
      task: {
        taskId,
        status: 'working',
        ttl: ttlAsked,
        createdAt: created,
        lastUpdatedAt: created,
        pollInterval: CLIENT_TASK_POLL_INTERVAL,
      },
      outcome: null,
      changes: new ReplaySubject<McpTask>(1),
      running: null,
      expiry: null,
      controller: new AbortController(),
    };
    tasks.set(taskId, entry);
    if (ttlAsked !== null) {
      entry.expiry = boundedTimer(ttlAsked, scheduler).subscribe(() => {
        forget(taskId);
      });
    }
    entry.running = defer(() =>
      handleRequest(method, request, { requestId, signal: entry.controller.signal }),
    )
      .pipe(first())
      .subscribe({
        next: (result) => {
          entry.outcome = { result };
          update(entry, 'completed');
        },
        error: (error: unknown) => {
          entry.outcome = { error };
          update(entry, 'failed', error instanceof Error ? error.message : String(error));
        },
      });
    return { task: entry.task };
  };

  const result = (entry: ClientTask): Observable<unknown> =>
    entry.changes.pipe(
      filter((task) => isTerminalStatus(task.status)),
      first(),
      map((task) => {
        const outcome = entry.outcome;
        if (task.status === 'cancelled' || outcome === null) {
          throw new McpError(McpErrorCode.InvalidParams, `Task ${task.taskId} was cancelled`);
        }
        if ('error' in outcome) {
          const error = toJsonRpcError(outcome.error);
          throw new McpError(error.code, error.message, error.data);
        }
        return withRelatedTask(outcome.result, task.taskId);
      }),
    );

  return {
    handleRequest: relatedTaskAnswers((method, params, context) => {
      if (taskable(method, capabilities) && isRecord(params) && isRecord(params.task)) {
        return of(start(method, params, context.requestId));
      }
      switch (method) {
        case 'tasks/get':
          return defer(() => of(find(params).task));
        case 'tasks/result':
          return defer(() => result(find(params)));
        case 'tasks/list':
          return of({ tasks: [...tasks.values()].map((entry) => entry.task) });
        case 'tasks/cancel':
          return defer(() => {
            const entry = find(params);
            if (isTerminalStatus(entry.task.status)) {
              return throwError(
                () =>
                  new McpError(
                    McpErrorCode.InvalidParams,
                    `Cannot cancel task ${entry.task.taskId}: it is already ${entry.task.status}`,
                  ),
              );
            }
            entry.running?.unsubscribe();
            entry.controller.abort();
            update(entry, 'cancelled', 'Cancelled by the server');
            return of(entry.task);
          });
        default:
          return handleRequest(method, params, context);
      }
    }),
    close: () => {
      for (const taskId of [...tasks.keys()]) forget(taskId);
    },
  };
}
