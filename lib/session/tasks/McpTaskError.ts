import type { McpTask } from './taskSchemas.js';

/** Why a task did not produce a result. */
export type McpTaskErrorReason = 'unsupported' | 'failed' | 'cancelled' | 'expired';

/**
 * A tool call run as a task did not produce a result: the server or the tool does not support
 * tasks (`unsupported`, nothing was sent), the task ended `failed` (the message is the server's
 * status message) or `cancelled` by someone else, or its `ttl` ran out before it ended
 * (`expired`).
 *
 * @example
 * ```ts
 * session.callToolTask('simulate-research-query', { topic: 'rxjs' }).subscribe({
 *   error: (e) => e instanceof McpTaskError && console.error(e.reason, e.task?.statusMessage),
 * });
 * ```
 */
export class McpTaskError extends Error {
  /** Always `'McpTaskError'`, so the error can be told apart after serialization too. */
  override readonly name = 'McpTaskError';

  /**
   * @param reason Why there is no result.
   * @param message What happened, for people.
   * @param tool The tool that was called.
   * @param task The task as last seen (`null` when none was created).
   */
  constructor(
    readonly reason: McpTaskErrorReason,
    message: string,
    readonly tool: string,
    readonly task: McpTask | null,
  ) {
    super(message);
  }
}
