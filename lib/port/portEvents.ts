import { Observable } from 'rxjs';
import type { MessageEventLike, MessagePortLike, WebMessagePortLike } from './MessagePortLike.js';

/** One event of a port, whatever its runtime: a message's data, or one that could not be read. */
export type PortEvent = { type: 'message'; data: unknown } | { type: 'messageerror' };

/**
 * The events of a port as an Observable: subscribing adds the listeners and starts the port,
 * unsubscribing removes them (the port stays open). It completes when the port reports that the
 * other side is gone (`'close'`: Node, Electron, Chromium). The one place that knows the two event
 * styles: DOM events where the port has `addEventListener` (Web, and Node's `worker_threads`,
 * whose emitter `'message'` would pass the bare data), Node emitter events otherwise (Electron's
 * `MessagePortMain`, whose `'message'` passes `{ data, ports }`).
 *
 * @param port The port.
 * @returns Its messages, until the other side is gone.
 */
export function portEvents(port: MessagePortLike): Observable<PortEvent> {
  return new Observable<PortEvent>((subscriber) => {
    const message = (data: unknown): void => {
      subscriber.next({ type: 'message', data });
    };
    const close = (): void => {
      subscriber.complete();
    };
    if (hasDomEvents(port)) {
      const onMessage = (event: MessageEventLike): void => {
        message(event.data);
      };
      const onMessageError = (): void => {
        subscriber.next({ type: 'messageerror' });
      };
      port.addEventListener('message', onMessage);
      port.addEventListener('messageerror', onMessageError);
      port.addEventListener('close', close);
      port.start();
      return () => {
        port.removeEventListener('message', onMessage);
        port.removeEventListener('messageerror', onMessageError);
        port.removeEventListener('close', close);
      };
    }
    const onMessage = (event: unknown): void => {
      message(typeof event === 'object' && event !== null && 'data' in event ? event.data : undefined);
    };
    port.on('message', onMessage);
    port.on('close', close);
    port.start();
    return () => {
      port.removeListener('message', onMessage);
      port.removeListener('close', close);
    };
  });
}

function hasDomEvents(port: MessagePortLike): port is WebMessagePortLike {
  return typeof (port as Partial<WebMessagePortLike>).addEventListener === 'function';
}
