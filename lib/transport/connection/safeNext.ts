import { Subject, type NextObserver } from 'rxjs';

/**
 * Wraps a caller's observer so that calling it can never throw into the transport's event
 * handlers: an exception from `observer.next` is reported the way RxJS reports any error thrown
 * by a subscriber (`config.onUnhandledError`, else rethrown asynchronously), and the transport
 * goes on.
 *
 * @param observer The caller's observer, or `undefined`.
 * @returns A function that delivers one value.
 */
export function safeNext<T>(observer: NextObserver<T> | undefined): (value: T) => void {
  if (observer === undefined) return () => undefined;
  const relay = new Subject<T>();
  relay.subscribe({
    next: (value) => {
      observer.next(value);
    },
  });
  return (value) => {
    relay.next(value);
  };
}
