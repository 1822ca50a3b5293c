// A tool call run as a task (SEP-1686) is one Observable because that is what it is: a value that
// changes over time and then ends. The subscription owns everything the task needs on the client —
// the poll timer, the listener of status and progress notifications, the ttl deadline, the wait
// for the result — so unsubscribing releases it all and tells the server (`tasks/cancel`).
// Statuses from polls and from notifications go through one de-duplicating step, so an app sees
// each change once, whichever way it arrived.
import { CallToolResultSchema } from '../schemas/mcpSchemas.js';
import { Observable, Subscription, switchMap, timer, type SchedulerLike } from 'rxjs';
import type { McpPeer } from '../McpPeer.js';
import { McpSessionClosedError } from '../McpSessionClosedError.js';
import type { CallToolResult, ServerCapabilities, Tool } from '../McpTypes.js';
import { structuredOutputError } from '../structuredOutput.js';
import type { ToolLookup } from '../toolLookup.js';
import type { McpTaskEvent } from './McpTaskEvent.js';
import { McpTaskError } from './McpTaskError.js';
import { DEFAULT_TASK_POLL_INTERVAL, type McpTaskOptions } from './McpTaskOptions.js';
import {
  isTerminalStatus,
  McpCreateTaskResultSchema,
  McpGetTaskResultSchema,
  McpTaskSchema,
  type McpTask,
} from './taskSchemas.js';

/** What a tool task needs of its session. */
export interface ToolTaskContext {
  /** The session's peer. */
  peer: McpPeer;
  /** The scheduler of polls and the ttl deadline. */
  scheduler: SchedulerLike;
  /** What the server declared in `initialize`. */
  capabilities: ServerCapabilities;
  /** Finds a tool in the live tool list. */
  lookupTool: ToolLookup;
  /** Told about every status this client sees (keeps `tasks$` current). */
  onTaskSeen: (task: McpTask) => void;
}

let progressTokens = 0;

/**
 * Calls a tool as a task and follows it to its end. Refuses (with `McpTaskError` `unsupported`,
 * before anything is sent) when the server does not declare `tasks.requests.tools.call` or the
 * tool's `execution.taskSupport` is missing or `forbidden`.
 *
 * @param context The session's peer, scheduler, capabilities and tool lookup.
 * @param name The tool.
 * @param args Its arguments.
 * @param options Requested ttl, fallback poll interval, request timeout.
 * @returns Task events, progress events, then the result.
 */
export function callToolTask(
  context: ToolTaskContext,
  name: string,
  args: Record<string, unknown> | undefined,
  options: McpTaskOptions = {},
): Observable<McpTaskEvent<CallToolResult>> {
  const { capabilities, lookupTool } = context;
  return new Observable<McpTaskEvent<CallToolResult>>((subscriber) => {
    if (capabilities.tasks?.requests?.tools?.call === undefined) {
      subscriber.error(
        new McpTaskError(
          'unsupported',
          `The server does not run tool calls as tasks (no tasks.requests.tools.call capability); call "${name}" with callTool()`,
          name,
          null,
        ),
      );
      return;
    }
    return (capabilities.tools === undefined ? lookupNothing() : lookupTool(name))
      .pipe(
        switchMap((tool) => {
          const support = tool?.execution?.taskSupport;
          if (tool !== undefined && support !== 'optional' && support !== 'required') {
            throw new McpTaskError(
              'unsupported',
              `Tool "${name}" does not run as a task (execution.taskSupport is ${support ?? 'not set, which means forbidden'}); call it with callTool()`,
              name,
              null,
            );
          }
          return followTask(context, name, args, options, tool);
        }),
      )
      .subscribe(subscriber);
  });
}

function lookupNothing(): Observable<undefined> {
  return new Observable<undefined>((subscriber) => {
    subscriber.next(undefined);
    subscriber.complete();
  });
}

function followTask(
  context: ToolTaskContext,
  name: string,
  args: Record<string, unknown> | undefined,
  options: McpTaskOptions,
  tool: Tool | undefined,
): Observable<McpTaskEvent<CallToolResult>> {
  const { peer, scheduler } = context;
  return new Observable<McpTaskEvent<CallToolResult>>((subscriber) => {
    const subscription = new Subscription();
    const progressToken = `task-progress-${progressTokens++}`;
    const timeout = options.timeout === undefined ? {} : { timeout: options.timeout };
    let task: McpTask | null = null;
    let ended = false;
    let poll: Subscription | null = null;
    let resultWait: Subscription | null = null;

    const end = (error: unknown): void => {
      ended = true;
      subscription.unsubscribe();
      subscriber.error(error);
    };
    const deliver = (result: CallToolResult): void => {
      const invalid = structuredOutputError(tool, result);
      if (invalid !== null) {
        end(invalid);
        return;
      }
      ended = true;
      subscriber.next({ type: 'result', result });
      subscriber.complete();
    };
    // tasks/result answers once the task is terminal; for a task that needs input it is also
    // the channel on which the server delivers its requests (elicitation, sampling), so it is
    // asked as soon as the status says `input_required`, and polling goes on meanwhile.
    const awaitResult = (taskId: string): void => {
      if (resultWait !== null) return;
      resultWait = peer
        .request('tasks/result', { taskId }, CallToolResultSchema, { timeout: Infinity })
        .subscribe({ next: deliver, error: end });
      subscription.add(resultWait);
    };
    const schedulePoll = (current: McpTask): void => {
      poll?.unsubscribe();
      const interval = current.pollInterval ?? options.pollInterval ?? DEFAULT_TASK_POLL_INTERVAL;
      poll = timer(interval, scheduler)
        .pipe(
          switchMap(() =>
            peer.request('tasks/get', { taskId: current.taskId }, McpGetTaskResultSchema, timeout),
          ),
        )
        .subscribe({
          next: (polled) => {
            onStatus(polled);
            if (!ended && task !== null && !isTerminalStatus(task.status)) schedulePoll(task);
          },
          error: end,
        });
      subscription.add(poll);
    };
    const onStatus = (update: McpTask): void => {
      if (ended || (task !== null && isTerminalStatus(task.status))) return;
      const changed =
        task === null || task.status !== update.status || task.statusMessage !== update.statusMessage;
      task = update;
      if (!changed) return;
      context.onTaskSeen(update);
      subscriber.next({ type: 'task', task: update });
      if (update.status === 'completed') {
        poll?.unsubscribe();
        awaitResult(update.taskId);
      } else if (update.status === 'failed' || update.status === 'cancelled') {
        const message =
          update.status === 'failed'
            ? (update.statusMessage ?? `Task ${update.taskId} of tool "${name}" failed`)
            : `Task ${update.taskId} of tool "${name}" was cancelled${update.statusMessage === undefined ? '' : `: ${update.statusMessage}`}`;
        end(new McpTaskError(update.status, message, name, update));
      } else if (update.status === 'input_required') {
        awaitResult(update.taskId);
      }
    };

    subscription.add(
      peer.notifications$.subscribe({
        next: (notification) => {
          const params = notification.params;
          if (notification.method === 'notifications/progress' && params?.progressToken === progressToken) {
            if (ended || typeof params.progress !== 'number') return;
            subscriber.next({
              type: 'progress',
              progress: params.progress,
              ...(typeof params.total === 'number' ? { total: params.total } : {}),
              ...(typeof params.message === 'string' ? { message: params.message } : {}),
            });
          } else if (notification.method === 'notifications/tasks/status' && task !== null) {
            const parsed = McpTaskSchema.safeParse(params);
            if (parsed.success && parsed.data.taskId === task.taskId) onStatus(parsed.data);
          }
        },
        complete: () => {
          if (!ended) end(new McpSessionClosedError());
        },
      }),
    );

    const params = {
      name,
      ...(args === undefined ? {} : { arguments: args }),
      task: options.ttl === undefined ? {} : { ttl: options.ttl },
      _meta: { progressToken },
    };
    subscription.add(
      peer.request('tools/call', params, McpCreateTaskResultSchema, timeout).subscribe({
        next: (created) => {
          onStatus(created.task);
          if (ended) return;
          const ttl = created.task.ttl;
          if (typeof ttl === 'number' && Number.isFinite(ttl)) {
            subscription.add(
              timer(ttl, scheduler).subscribe(() => {
                const last = task ?? created.task;
                end(
                  new McpTaskError(
                    'expired',
                    `Task ${last.taskId} of tool "${name}" reached its ttl of ${ttl} ms before it ended`,
                    name,
                    last,
                  ),
                );
              }),
            );
          }
          if (task !== null && !isTerminalStatus(task.status)) schedulePoll(task);
        },
        error: end,
      }),
    );

    return () => {
      const open = task;
      subscription.unsubscribe();
      if (!ended && open !== null && !isTerminalStatus(open.status) && !peer.closed) {
        // Detached from this subscriber: the server is told even though nobody waits for the answer.
        peer.request('tasks/cancel', { taskId: open.taskId }, McpGetTaskResultSchema).subscribe({
          next: (cancelled) => {
            context.onTaskSeen(cancelled);
          },
          error: () => undefined,
        });
      }
    };
  });
}
