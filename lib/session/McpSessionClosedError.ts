/**
 * The session ended before a request got its answer (it was unsubscribed, or the server closed
 * the connection), or a request was made on a session that had already ended.
 *
 * @example
 * ```ts
 * session.ping().subscribe({ error: (e) => e instanceof McpSessionClosedError && reconnect() });
 * ```
 */
export class McpSessionClosedError extends Error {
  /** Always `'McpSessionClosedError'`, so the error can be told apart after serialization. */
  override readonly name = 'McpSessionClosedError';

  /**
   * @param message Why the session ended.
   */
  constructor(message = 'The MCP session is closed') {
    super(message);
  }
}
