import type { MessagePortConfig } from './MessagePortConfig.js';
import type { MessagePortLike } from './MessagePortLike.js';
import { MessagePortSubject } from './MessagePortSubject.js';

/**
 * The page's side of an MCP server reached through a MessagePort: a subject that `mcpSession()`
 * runs on unchanged, in a page, a worker, an iframe or an Electron renderer. The owner of the
 * port's other end (the Electron main process, the page of a worker, a worker thread's parent)
 * serves it with `serveMessagePort(port, server)`. Nothing happens until the first
 * subscription, which connects: the owner subscribes its server. Subscribers share the
 * connection; when the last one leaves, the owner drops its server.
 *
 * @example
 * ```ts
 * const session$ = mcpSession(fromMessagePort(port), { clientInfo: { name: 'my-renderer', version: '1.0.0' } });
 * session$.pipe(switchMap((session) => session.tools$)).subscribe((tools) => render(tools));
 * ```
 *
 * @param port A Web `MessagePort`, Electron's `MessagePortMain` or a `worker_threads` `MessagePort`.
 * @param config Timeout, malformed messages, scheduler.
 * @returns A `MessagePortSubject`: subscribe to receive, `next()` to send.
 */
export function fromMessagePort(port: MessagePortLike, config?: MessagePortConfig): MessagePortSubject {
  return new MessagePortSubject(port, config);
}
