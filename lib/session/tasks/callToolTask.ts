// A tool call run as a task (SEP-1686) is one Observable because that is what it is: a value that
// changes over time and then ends. Subscribing checks that the server and the tool run tasks,
// creates the task (createTask), follows it (followTask) and routes the progress sent with its
// token (the peer's progressOf); unsubscribing releases it all and cancels the task on the server.
import { defer, merge, of, switchMap, takeWhile, throwError, type Observable } from 'rxjs';
import type { CallToolResult, Tool } from '../McpTypes.js';
import { createTask, type McpCreateTaskResult } from './createTask.js';
import { followTask } from './followTask.js';
import type { McpTaskEvent } from './McpTaskEvent.js';
import { McpTaskError } from './McpTaskError.js';
import type { McpTaskOptions } from './McpTaskOptions.js';
import type { TaskContext } from './TaskContext.js';
import { isTerminalStatus } from './taskSchemas.js';

/**
 * Calls a tool as a task and follows it to its end. Refuses (with `McpTaskError` `unsupported`,
 * before anything is sent) when the server does not declare `tasks.requests.tools.call` or the
 * tool's `execution.taskSupport` is missing or `forbidden`.
 *
 * @param context The session's peer, scheduler, capabilities and task helpers.
 * @param name The tool.
 * @param args Its arguments.
 * @param options Requested ttl, fallback poll interval, request timeout.
 * @returns Task events, progress events, then the result.
 */
export function callToolTask(
  context: TaskContext,
  name: string,
  args: Record<string, unknown> | undefined,
  options: McpTaskOptions = {},
): Observable<McpTaskEvent<CallToolResult>> {
  const { capabilities, lookupTool } = context;
  return defer(() => {
    if (capabilities.tasks?.requests?.tools?.call === undefined) {
      return throwError(
        () =>
          new McpTaskError(
            'unsupported',
            `The server does not run tool calls as tasks (no tasks.requests.tools.call capability); call "${name}" with callTool()`,
            name,
            null,
          ),
      );
    }
    return (capabilities.tools === undefined ? of(undefined) : lookupTool(name)).pipe(
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
        return runTask(context, name, args, options, tool);
      }),
    );
  });
}

function runTask(
  context: TaskContext,
  name: string,
  args: Record<string, unknown> | undefined,
  options: McpTaskOptions,
  tool: Tool | undefined,
): Observable<McpTaskEvent<CallToolResult>> {
  const { peer } = context;
  return defer(() => {
    // The token stays valid for the task's whole life, after tools/call was answered.
    const progressToken = context.progressToken();
    const params = {
      name,
      ...(args === undefined ? {} : { arguments: args }),
      task: options.ttl === undefined ? {} : { ttl: options.ttl },
      _meta: { progressToken },
    };
    const timeout = options.timeout === undefined ? {} : { timeout: options.timeout };
    const cancelLate = ({ task }: McpCreateTaskResult): void => {
      if (!isTerminalStatus(task.status)) context.cancelDetached(task.taskId);
    };
    return merge(
      peer.progressOf(progressToken),
      createTask(peer, params, timeout, cancelLate).pipe(
        switchMap((created) => followTask(context, created, { name, tool, options })),
      ),
    ).pipe(takeWhile((event) => event.type !== 'result', true));
  });
}
