import type { Subscribable } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';

/**
 * What a session and the SDK bridge run on: an Observable (any `Subscribable`) of the messages
 * from the server that is also an Observer of the messages to it. `fromStdioServer()` returns
 * one (subscribing spawns the server, unsubscribing shuts it down), RxJS `webSocket()` is one,
 * and `fakeMcpServer().transport` of `rxjs-mcp-stdio/testing` is one.
 *
 * `mcpSession()` subscribes once per connection and only calls `next()`; `toSdkTransport()`
 * also calls `complete()` on `close()` (the polite goodbye). Neither calls `error()`.
 *
 * @example
 * ```ts
 * const toServer = new Subject<JsonRpcMessage>();
 * const fromServer = new Subject<JsonRpcMessage>();
 * const transport: McpTransport = Object.assign(fromServer.asObservable(), {
 *   next: (m: JsonRpcMessage) => toServer.next(m),
 *   complete: () => toServer.complete(),
 *   error: (e: unknown) => toServer.error(e),
 * });
 * ```
 */
export interface McpTransport extends Subscribable<JsonRpcMessage> {
  /**
   * Sends one message to the server.
   *
   * @param message The request, notification or response.
   */
  next(message: JsonRpcMessage): void;
  /** Ends the outgoing side politely: for a server subject, the server is asked to exit. */
  complete(): void;
  /**
   * Ends the transport with an error (used by neither the session nor the bridge).
   *
   * @param error The reason.
   */
  error?(error: unknown): void;
}
