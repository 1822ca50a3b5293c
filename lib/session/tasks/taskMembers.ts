// The task members of a session, built over its peer: the one module createSession() takes from
// tasks/. It depends on the session's core (the peer, the types, the tool lookup) and nothing
// else of the session, so the tasks never import the session that composes them.
import { Subject, tap, type Observable, type SchedulerLike } from 'rxjs';
import type { McpPeer } from '../McpPeer.js';
import type { ServerCapabilities } from '../McpTypes.js';
import type { McpToolResult } from '../McpToolResult.js';
import type { ToolLookup } from '../toolLookup.js';
import { callToolTask } from './callToolTask.js';
import type { McpTaskEvent } from './McpTaskEvent.js';
import type { McpTaskOptions } from './McpTaskOptions.js';
import type { TaskContext } from './TaskContext.js';
import { taskList } from './taskList.js';
import { McpCancelTaskResultSchema, type McpTask } from './taskSchemas.js';

/** The task members of a session (see `McpSession`). */
export interface TaskMembers {
  /** See `McpSession.callToolTask`. */
  callToolTask: <T extends object = Record<string, unknown>>(
    name: string,
    args?: Record<string, unknown>,
    options?: McpTaskOptions,
  ) => Observable<McpTaskEvent<McpToolResult<T>>>;
  /** See `McpSession.tasks$`. */
  tasks$: Observable<McpTask[]>;
  /** See `McpSession.cancelTask`. */
  cancelTask: (taskId: string) => Observable<McpTask>;
}

/**
 * Builds the task members of a session over its peer.
 *
 * @param peer The session's peer.
 * @param capabilities The server's capabilities.
 * @param scheduler The session's scheduler.
 * @param lookupTool Finds a tool in the live tool list.
 * @param maxListPages The most pages one read of `tasks$` takes.
 * @returns `callToolTask`, `tasks$` and `cancelTask`.
 */
export function taskMembers(
  peer: McpPeer,
  capabilities: ServerCapabilities,
  scheduler: SchedulerLike,
  lookupTool: ToolLookup,
  maxListPages: number,
): TaskMembers {
  const seen = new Subject<McpTask>();
  const onTaskSeen = (task: McpTask): void => {
    seen.next(task);
  };
  let tokens = 0;
  const context: TaskContext = {
    peer,
    scheduler,
    capabilities,
    lookupTool,
    progressToken: () => `task-${tokens++}`,
    onTaskSeen,
    cancelDetached: (taskId) => {
      if (capabilities.tasks?.cancel === undefined || peer.closed) return;
      // Nobody waits for the answer; tasks$ hears of it.
      peer.request('tasks/cancel', { taskId }, McpCancelTaskResultSchema).subscribe({
        next: onTaskSeen,
        error: () => undefined,
      });
    },
  };
  return {
    callToolTask: <T extends object>(
      name: string,
      args?: Record<string, unknown>,
      options?: McpTaskOptions,
    ) =>
      // The result was checked against the tool's outputSchema, which is what T stands for.
      callToolTask(context, name, args, options) as Observable<McpTaskEvent<McpToolResult<T>>>,
    tasks$: taskList(peer, capabilities, seen.asObservable(), scheduler, maxListPages),
    cancelTask: (taskId) =>
      peer.request('tasks/cancel', { taskId }, McpCancelTaskResultSchema).pipe(tap(onTaskSeen)),
  };
}
