/**
 * A request got no answer in time (`requestTimeout`, or the request's `timeout`); the session
 * has sent `notifications/cancelled` for it (except for `initialize`, which cannot be cancelled)
 * and drops a late answer.
 *
 * @example
 * ```ts
 * session.callTool('slow', {}, { timeout: 5_000 }).pipe(
 *   catchError((e) => (e instanceof McpTimeoutError ? of(fallback) : throwError(() => e))),
 * );
 * ```
 */
export class McpTimeoutError extends Error {
  /** Always `'McpTimeoutError'`, so the error can be told apart after serialization. */
  override readonly name = 'McpTimeoutError';

  /**
   * @param method The method of the request.
   * @param timeout The time it waited, in milliseconds.
   */
  constructor(
    readonly method: string,
    readonly timeout: number,
  ) {
    super(`MCP request ${method} timed out after ${timeout} ms`);
  }
}
