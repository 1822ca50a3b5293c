/**
 * A JSON-RPC error: the server answered a request with `error`, or a handler of yours rejects a
 * request from the server with this code (it is sent as is; any other error becomes `-32603`).
 *
 * @example
 * ```ts
 * session.callTool('missing').subscribe({
 *   error: (e) => {
 *     if (e instanceof McpError && e.code === McpErrorCode.MethodNotFound) console.warn(e.message);
 *   },
 * });
 * ```
 */
export class McpError extends Error {
  /** Always `'McpError'`, so the error can be told apart after serialization. */
  override readonly name = 'McpError';

  /**
   * @param code The JSON-RPC error code (see `McpErrorCode`).
   * @param message The error message, as the server wrote it.
   * @param data Extra information the server attached, if any.
   */
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
