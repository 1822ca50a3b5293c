/**
 * The server broke the protocol for one request: its result does not match the MCP schema, a
 * list's cursors go round in circles, or it answered `initialize` with a protocol version this
 * client does not speak. Only the request concerned fails (for `initialize`, the session).
 *
 * @example
 * ```ts
 * session.readResource(uri).subscribe({ error: (e) => e instanceof McpProtocolError && console.error(e.method, e.message) });
 * ```
 */
export class McpProtocolError extends Error {
  /** Always `'McpProtocolError'`, so the error can be told apart after serialization. */
  override readonly name = 'McpProtocolError';

  /**
   * @param method The method of the request whose answer was wrong.
   * @param message What was wrong.
   */
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
  }
}
