/**
 * The structural shape of a JSON-RPC 2.0 message as MCP uses it: a request (has `method` and
 * `id`), a notification (has `method`, no `id`), or a response (has `id` and `result` or
 * `error`). The transport does not check these fields; the default deserializer only ensures a
 * frame is a JSON object. The session layer validates messages against the MCP schema.
 */
export interface JsonRpcMessage {
  /** Always `'2.0'` for well-formed messages. */
  jsonrpc: '2.0';
  /** Request or response id; absent on notifications. */
  id?: string | number | null;
  /** The method of a request or notification. */
  method?: string;
  /** Parameters of a request or notification. */
  params?: unknown;
  /** The result of a successful response. */
  result?: unknown;
  /** The error of a failed response. */
  error?: {
    /** The JSON-RPC error code, such as `-32601` (method not found). */
    code: number;
    /** A short description of the error. */
    message: string;
    /** Anything more the server says about the error. */
    data?: unknown;
  };
}
