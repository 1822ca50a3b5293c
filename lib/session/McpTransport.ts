import type { Observable } from 'rxjs';
import type { JsonRpcMessage } from '../JsonRpcMessage.js';

/**
 * What a session runs on: an Observable of the messages from the server that is also an
 * Observer of the messages to it. `fromStdioServer()` returns one (subscribing spawns the
 * server, unsubscribing shuts it down); in tests a pair of `Subject`s does.
 *
 * The session subscribes once, for as long as it lives, and only calls `next()`; it never calls
 * `complete()` or `error()`, so a transport shared with other subscribers is left to them.
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
export interface McpTransport extends Observable<JsonRpcMessage> {
  /**
   * Sends one message to the server.
   *
   * @param message The request, notification or response.
   */
  next(message: JsonRpcMessage): void;
  /** Ends the outgoing side politely (not used by the session). */
  complete(): void;
  /**
   * Ends the transport with an error (not used by the session).
   *
   * @param error The reason.
   */
  error(error: unknown): void;
}
