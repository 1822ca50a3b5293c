import type { McpProgressEvent, McpResultEvent } from '../McpRequestEvent.js';
import type { McpTask } from './taskSchemas.js';

/**
 * The task was created or changed: a new status, or a new status message. Polls that find
 * nothing new emit nothing.
 */
export interface McpTaskStatusEvent {
  /** Discriminant. */
  type: 'task';
  /** The task as the server last described it. */
  task: McpTask;
  /**
   * On the first event only, when the server gave one: the `CreateTaskResult`'s
   * `io.modelcontextprotocol/model-immediate-response`, a text a host may hand the model at once
   * as the tool's answer while the task runs.
   */
  modelImmediateResponse?: string;
}

/**
 * What a tool call run as a task emits: `task` events as its status changes (the first one when
 * it is created), `progress` events where the server sends them, then one `result`.
 *
 * @example
 * ```ts
 * session.callToolTask('simulate-research-query', { topic: 'rxjs' }).subscribe((e) => {
 *   if (e.type === 'task') console.log(e.task.status, e.task.statusMessage);
 *   if (e.type === 'result') console.log(e.result.content);
 * });
 * ```
 *
 * @typeParam T The type of the result.
 */
export type McpTaskEvent<T> = McpTaskStatusEvent | McpProgressEvent | McpResultEvent<T>;
