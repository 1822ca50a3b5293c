import { Observable, type NextObserver } from 'rxjs';
import type { McpTransport } from '../lib/session/index.js';
import type { JsonRpcMessage } from '../lib/session/index.js';

/**
 * The same transport, with every message sent to the server shown to `observer` first. The
 * demo uses it to print the `notifications/cancelled` a session sends when a call is
 * unsubscribed.
 *
 * @param transport The transport, e.g. `fromStdioServer(params)`.
 * @param observer Told each outgoing message.
 * @returns A transport for `mcpSession()`.
 */
export function watchOutgoing(transport: McpTransport, observer: NextObserver<JsonRpcMessage>): McpTransport {
  const incoming = new Observable<JsonRpcMessage>((subscriber) => transport.subscribe(subscriber));
  return Object.assign(incoming, {
    next: (message: JsonRpcMessage) => {
      observer.next(message);
      transport.next(message);
    },
    complete: () => {
      transport.complete();
    },
    error: (error: unknown) => {
      transport.error?.(error);
    },
  });
}
