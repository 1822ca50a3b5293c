/**
 * Options of a tool call run as a task.
 *
 * @example
 * ```ts
 * session.callToolTask('simulate-research-query', { topic: 'rxjs' }, { ttl: 60_000, pollInterval: 500 });
 * ```
 */
export interface McpTaskOptions {
  /**
   * How long the server should keep the task and its result, in ms (the server may choose
   * another; the `ttl` it answers is the one honoured). Default: the server's choice.
   */
  ttl?: number;
  /**
   * Milliseconds between two `tasks/get` when the server suggests no `pollInterval`. Default
   * `DEFAULT_TASK_POLL_INTERVAL` (1000). Never less than `MIN_TASK_POLL_INTERVAL`, whoever asks.
   */
  pollInterval?: number;
  /**
   * Milliseconds to wait for each request of the task (the call that creates it, each
   * `tasks/get`). Default: the session's `requestTimeout`. The wait for the result of a task
   * that needs input is bounded by the task's `ttl` instead.
   */
  timeout?: number;
}

/** Milliseconds between two polls of a task when neither the server nor the caller says. */
export const DEFAULT_TASK_POLL_INTERVAL = 1000;

/**
 * The fewest milliseconds between two polls of a task, whatever the server or the caller says:
 * a `pollInterval` of 0 (or 1) would have the client poll in a busy loop. 100 ms is below what a
 * person notices in a status line, and at most ten `tasks/get` a second per task.
 */
export const MIN_TASK_POLL_INTERVAL = 100;
