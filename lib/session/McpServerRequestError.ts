import type { McpError } from './McpError.js';

/**
 * A request of the server that this session answered with an error, as
 * `session.serverRequestErrors$` emits it: an unknown method, params that are not valid, a
 * handler that failed, or accepted elicitation content that does not match its schema. The
 * server got `error`; the session goes on.
 *
 * @example
 * ```ts
 * session.serverRequestErrors$.subscribe(({ method, error }) => console.warn(`${method}: ${error.message}`));
 * ```
 */
export interface McpServerRequestError {
  /** The server's method, e.g. `'elicitation/create'`. */
  method: string;
  /** The id of the server's request. */
  requestId: string | number;
  /** The JSON-RPC error the server got (code, message, data). */
  error: McpError;
}
