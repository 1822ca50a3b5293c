/**
 * The JSON-RPC error codes MCP uses.
 *
 * @example
 * ```ts
 * const sampling = () => throwError(() => new McpError(McpErrorCode.InvalidRequest, 'User rejected sampling'));
 * ```
 */
export const McpErrorCode = {
  /** The message was not valid JSON. */
  ParseError: -32700,
  /** The message was not a valid request. */
  InvalidRequest: -32600,
  /** The receiver does not know the method. */
  MethodNotFound: -32601,
  /** The params were not valid for the method. */
  InvalidParams: -32602,
  /** The receiver failed while handling the request. */
  InternalError: -32603,
  /**
   * The server needs the user to finish a URL-mode elicitation first (protocol 2025-11-25):
   * `data.elicitations` lists them (each `{ mode: 'url', url, message, elicitationId }`).
   */
  UrlElicitationRequired: -32042,
} as const;
