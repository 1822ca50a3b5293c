// Following a created task to its end, as one pipeline:
//   statuses   the CreateTaskResult's task, notifications/tasks/status and the polls, merged,
//              through latestStatus() (the one ordering) until a terminal status;
//   events     each change of those statuses, as `task` events;
//   outcome    a failed or cancelled status errors; input_required or completed opens
//              tasks/result, whose answer is the result (checked against the tool's outputSchema);
//   bounds     the task's ttl and the session's end error;
//   giving up  whatever ends the pipeline before the task did (an unsubscribe, the ttl, a
//              protocol error) cancels it on the server.
import {
  concatWith,
  connect,
  defer,
  filter,
  ignoreElements,
  map,
  merge,
  mergeMap,
  NEVER,
  of,
  switchMap,
  take,
  takeWhile,
  tap,
  throwError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { CallToolResultSchema } from '@modelcontextprotocol/core';
import { boundedTimer } from '../../transport/timing/boundedTimer.js';
import type { McpPeer } from '../McpPeer.js';
import { McpSessionClosedError } from '../McpSessionClosedError.js';
import type { CallToolResult, Tool } from '../McpTypes.js';
import { structuredOutputError } from '../structuredOutput.js';
import type { McpCreateTaskResult } from './createTask.js';
import { latestStatus, statusChanges, type TaskStatusInput } from './latestStatus.js';
import type { McpTaskEvent } from './McpTaskEvent.js';
import { McpTaskError } from './McpTaskError.js';
import type { McpTaskOptions } from './McpTaskOptions.js';
import { pollInterval, pollTask } from './pollTask.js';
import type { TaskContext } from './TaskContext.js';
import { modelImmediateResponseOf } from './taskMeta.js';
import { isTerminalStatus, McpTaskSchema, type McpTask } from './taskSchemas.js';

/** The call a task was created for. */
export interface TaskCall {
  /** The tool's name. */
  name: string;
  /** The tool as listed (its outputSchema checks the result), if known. */
  tool: Tool | undefined;
  /** The caller's options. */
  options: McpTaskOptions;
}

/**
 * Follows a created task to its result (see the pipeline above).
 *
 * @param context The session's peer, scheduler and task helpers.
 * @param created The CreateTaskResult.
 * @param call The tool, its name and the caller's options.
 * @returns Task events, then the result.
 */
export function followTask(
  context: TaskContext,
  created: McpCreateTaskResult,
  call: TaskCall,
): Observable<McpTaskEvent<CallToolResult>> {
  const { peer, scheduler } = context;
  const { taskId } = created.task;
  const requestOptions = call.options.timeout === undefined ? {} : { timeout: call.options.timeout };
  return defer(() => {
    // What the pipeline knows of the task: the status passed last (the polls read their
    // interval from it), and whether tasks/result answered (the task then ended on the server).
    let latest: McpTask = created.task;
    let answered = false;
    const giveUp = (): void => {
      if (!answered && !isTerminalStatus(latest.status)) context.cancelDetached(taskId);
    };
    const statuses$ = merge(
      of<TaskStatusInput>({ kind: 'status', task: created.task }),
      statusNotifications(peer, taskId),
      pollTask(
        peer,
        taskId,
        () => pollInterval(latest, call.options.pollInterval),
        scheduler,
        requestOptions,
      ),
    ).pipe(
      latestStatus(),
      tap((task) => {
        latest = task;
      }),
    );
    const result$ = (status: McpTask['status']) =>
      peer
        .request(
          'tasks/result',
          { taskId },
          CallToolResultSchema,
          // Once completed it answers at once; before, it waits for the end (bounded by the ttl).
          status === 'completed' ? requestOptions : { timeout: Infinity },
        )
        .pipe(
          tap({
            next: () => (answered = true),
            error: () => (answered = true),
          }),
          map((result) => {
            const invalid = structuredOutputError(call.tool, result);
            if (invalid !== null) throw invalid;
            return { type: 'result' as const, result };
          }),
        );
    return statuses$.pipe(
      connect((status$) =>
        merge(
          status$.pipe(
            statusChanges(),
            tap(context.onTaskSeen),
            map((task, index) =>
              statusEvent(task, index === 0 ? modelImmediateResponseOf(created) : undefined),
            ),
          ),
          status$.pipe(
            filter((task) => task.status === 'failed' || task.status === 'cancelled'),
            mergeMap((task) => throwError(() => taskFailure(task, call.name))),
          ),
          // tasks/result is also the channel of the server's requests while input is required.
          status$.pipe(
            filter((task) => task.status === 'input_required' || task.status === 'completed'),
            take(1),
            switchMap((task) => result$(task.status)),
          ),
        ),
      ),
      (events$) =>
        merge(
          events$,
          expiry(created.task, call.name, () => latest, scheduler),
          sessionEnd(peer),
        ),
      takeWhile((event) => event.type !== 'result', true),
      // Before the caller hears of the error: the session may end with it.
      tap({ error: giveUp, unsubscribe: giveUp }),
    );
  });
}

/** The task's status notifications, as inputs of the ordering. */
function statusNotifications(peer: McpPeer, taskId: string): Observable<TaskStatusInput> {
  return peer.notifications$.pipe(
    filter((notification) => notification.method === 'notifications/tasks/status'),
    mergeMap((notification): TaskStatusInput[] => {
      const parsed = McpTaskSchema.safeParse(notification.params);
      return parsed.success && parsed.data.taskId === taskId ? [{ kind: 'status', task: parsed.data }] : [];
    }),
  );
}

/** Errors with McpTaskError `expired` at the task's ttl, counted on this client's clock. */
function expiry(
  created: McpTask,
  name: string,
  latest: () => McpTask,
  scheduler: SchedulerLike,
): Observable<never> {
  const ttl = created.ttl;
  if (ttl === null) return NEVER;
  return boundedTimer(ttl, scheduler).pipe(
    mergeMap(() =>
      throwError(
        () =>
          new McpTaskError(
            'expired',
            `Task ${created.taskId} of tool "${name}" reached its ttl of ${ttl} ms before it ended`,
            name,
            latest(),
          ),
      ),
    ),
  );
}

/** Errors with McpSessionClosedError when the session ends. */
function sessionEnd(peer: McpPeer): Observable<never> {
  return peer.notifications$.pipe(
    ignoreElements(),
    concatWith(throwError(() => new McpSessionClosedError())),
  );
}

function statusEvent(
  task: McpTask,
  modelImmediateResponse: string | undefined,
): McpTaskEvent<CallToolResult> {
  return modelImmediateResponse === undefined
    ? { type: 'task', task }
    : { type: 'task', task, modelImmediateResponse };
}

function taskFailure(task: McpTask, name: string): McpTaskError {
  const message =
    task.status === 'failed'
      ? (task.statusMessage ?? `Task ${task.taskId} of tool "${name}" failed`)
      : `Task ${task.taskId} of tool "${name}" was cancelled${task.statusMessage === undefined ? '' : `: ${task.statusMessage}`}`;
  return new McpTaskError(task.status === 'failed' ? 'failed' : 'cancelled', message, name, task);
}
