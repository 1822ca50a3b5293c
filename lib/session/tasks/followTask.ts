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
  mergeWith,
  NEVER,
  of,
  switchMap,
  take,
  takeWhile,
  tap,
  throwError,
  type Observable,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { CallToolResultSchema } from '../schemas/mcpSchemas.js';
import { boundedTimer } from '../../transport/timing/boundedTimer.js';
import type { McpPeer } from '../McpPeer.js';
import type { McpResultEvent } from '../McpRequestEvent.js';
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

/** What one follow knows of its task, read where the pipeline cannot pass it along. */
interface TaskKnowledge {
  /** The status passed last: the polls read their interval from it, giving up its status. */
  latest: McpTask;
  /** Whether tasks/result answered: the task then ended on the server. */
  answered: boolean;
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
  return defer(() => {
    const known: TaskKnowledge = { latest: created.task, answered: false };
    const giveUp = (): void => {
      if (known.answered || isTerminalStatus(known.latest.status)) return;
      context.cancelDetached(created.task.taskId);
    };
    return taskStatuses(context, created.task, call.options, known).pipe(
      connect((status$) =>
        merge(
          status$.pipe(statusEvents(modelImmediateResponseOf(created), context.onTaskSeen)),
          status$.pipe(taskOutcome(peer, created.task.taskId, call, known)),
        ),
      ),
      mergeWith(expiry(created.task, call.name, known, scheduler), sessionEnd(peer)),
      takeWhile((event) => event.type !== 'result', true),
      // Before the caller hears of the error: the session may end with it.
      tap({ error: giveUp, unsubscribe: giveUp }),
    );
  });
}

/** The task's statuses, ordered: the creation's, the notifications' and the polls'. */
function taskStatuses(
  context: TaskContext,
  created: McpTask,
  options: McpTaskOptions,
  known: TaskKnowledge,
): Observable<McpTask> {
  const { peer, scheduler } = context;
  const polls = pollTask(
    peer,
    created.taskId,
    () => pollInterval(known.latest, options.pollInterval),
    scheduler,
    requestOptionsOf(options),
  );
  return merge(
    of<TaskStatusInput>({ kind: 'status', task: created }),
    statusNotifications(peer, created.taskId),
    polls,
  ).pipe(
    latestStatus(),
    tap((task) => {
      known.latest = task;
    }),
  );
}

/** Each change a person sees, as a `task` event; the first carries the model-immediate-response. */
function statusEvents(
  modelImmediateResponse: string | undefined,
  onTaskSeen: (task: McpTask) => void,
): OperatorFunction<McpTask, McpTaskEvent<CallToolResult>> {
  return (status$) =>
    status$.pipe(
      statusChanges(),
      tap(onTaskSeen),
      map((task, index) =>
        index === 0 && modelImmediateResponse !== undefined
          ? { type: 'task', task, modelImmediateResponse }
          : { type: 'task', task },
      ),
    );
}

/**
 * How the task ends: a failed or cancelled status errors; input_required or completed opens
 * tasks/result (also the channel of the server's requests while input is required), whose
 * answer is the result, checked against the tool's outputSchema.
 */
function taskOutcome(
  peer: McpPeer,
  taskId: string,
  call: TaskCall,
  known: TaskKnowledge,
): OperatorFunction<McpTask, McpResultEvent<CallToolResult>> {
  const answered = (): void => {
    known.answered = true;
  };
  return (status$) =>
    merge(
      status$.pipe(
        filter((task) => task.status === 'failed' || task.status === 'cancelled'),
        mergeMap((task) => throwError(() => taskFailure(task, call.name))),
      ),
      status$.pipe(
        filter((task) => task.status === 'input_required' || task.status === 'completed'),
        take(1),
        switchMap((task) =>
          peer.request(
            'tasks/result',
            { taskId },
            CallToolResultSchema,
            // Once completed it answers at once; before, it waits for the end (bounded by the ttl).
            task.status === 'completed' ? requestOptionsOf(call.options) : { timeout: Infinity },
          ),
        ),
        tap({ next: answered, error: answered }),
        map((result): McpResultEvent<CallToolResult> => {
          const invalid = structuredOutputError(call.tool, result);
          if (invalid !== null) throw invalid;
          return { type: 'result', result };
        }),
      ),
    );
}

function requestOptionsOf(options: McpTaskOptions): { timeout?: number } {
  return options.timeout === undefined ? {} : { timeout: options.timeout };
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
  known: TaskKnowledge,
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
            known.latest,
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

function taskFailure(task: McpTask, name: string): McpTaskError {
  const message =
    task.status === 'failed'
      ? (task.statusMessage ?? `Task ${task.taskId} of tool "${name}" failed`)
      : `Task ${task.taskId} of tool "${name}" was cancelled${task.statusMessage === undefined ? '' : `: ${task.statusMessage}`}`;
  return new McpTaskError(task.status === 'failed' ? 'failed' : 'cancelled', message, name, task);
}
