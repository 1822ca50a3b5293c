/**
 * Turning Observables into promises for real-process tests, always with a real-time safety
 * timeout: a test that waits for a process never hangs until Jest's own timeout, and says what it
 * got instead.
 *
 * Notifications use RxJS's own shape: `{ kind: 'N', value }`, `{ kind: 'E', error }`, `{ kind: 'C' }`.
 */
import type { Observable, ObservableNotification, Subscription } from 'rxjs';

/** Real-time milliseconds to wait when the caller does not say. */
export const DEFAULT_TIMEOUT_MS = 10000;

/** A short, printable view of a value for error messages. */
export function preview(value: unknown, max = 300): string {
  let text: string;
  if (value instanceof Error) text = `${value.name}: ${value.message}`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/**
 * Subscribes to `source` and resolves with all its notifications once it completes or errors
 * (the terminal one last). If neither happens within `timeoutMs`, it unsubscribes and rejects
 * with an error listing what had arrived.
 */
export function collect<T>(
  source: Observable<T>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ObservableNotification<T>[]> {
  return new Promise((resolve, reject) => {
    const notifications: ObservableNotification<T>[] = [];
    let done = false;
    const finish = (terminal: ObservableNotification<T>): void => {
      done = true;
      clearTimeout(timer);
      notifications.push(terminal);
      resolve(notifications);
    };
    const timer = setTimeout(() => {
      done = true;
      subscription.unsubscribe(); // set by then: the timer cannot fire during subscribe()
      reject(
        new Error(
          `collect: no complete or error within ${timeoutMs} ms; got ${notifications.length} value(s)` +
            (notifications.length > 0
              ? `, the last: ${preview(notifications[notifications.length - 1])}`
              : ''),
        ),
      );
    }, timeoutMs);
    const subscription: Subscription = source.subscribe({
      next: (value) => {
        if (!done) notifications.push({ kind: 'N', value });
      },
      error: (error: unknown) => finish({ kind: 'E', error }),
      complete: () => finish({ kind: 'C' }),
    });
    if (done) subscription.unsubscribe();
  });
}

/** The values of a list of notifications. */
export function valuesOf<T>(notifications: readonly ObservableNotification<T>[]): T[] {
  const values: T[] = [];
  for (const n of notifications) if (n.kind === 'N') values.push(n.value);
  return values;
}

/** The terminal notification of a list, if any. */
export function terminalOf<T>(
  notifications: readonly ObservableNotification<T>[],
): ObservableNotification<T> | undefined {
  const last = notifications[notifications.length - 1];
  return last !== undefined && last.kind !== 'N' ? last : undefined;
}

interface Waiter {
  check(): boolean;
}

/** A live subscription whose notifications are recorded and can be awaited. */
export interface Recording<T> {
  /** Values so far, in order. */
  readonly values: readonly T[];
  /** Notifications so far, the terminal one (if any) last. */
  readonly notifications: readonly ObservableNotification<T>[];
  /**
   * Resolves with the first value (already recorded or still to come) that satisfies
   * `predicate` (any value without one). Rejects if the stream ends first or after `timeoutMs`.
   */
  waitFor(predicate?: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Resolves with the terminal notification (`E` or `C`); rejects after `timeoutMs`. */
  end(timeoutMs?: number): Promise<ObservableNotification<T>>;
  /** Unsubscribes (idempotent). */
  unsubscribe(): void;
}

/** Subscribes to `source` now and records everything it sends. */
export function record<T>(source: Observable<T>): Recording<T> {
  const values: T[] = [];
  const notifications: ObservableNotification<T>[] = [];
  let waiters: Waiter[] = [];
  const wake = (): void => {
    waiters = waiters.filter((waiter) => !waiter.check());
  };
  const terminal = (): ObservableNotification<T> | undefined => terminalOf(notifications);

  const subscription = source.subscribe({
    next: (value) => {
      values.push(value);
      notifications.push({ kind: 'N', value });
      wake();
    },
    error: (error: unknown) => {
      notifications.push({ kind: 'E', error });
      wake();
    },
    complete: () => {
      notifications.push({ kind: 'C' });
      wake();
    },
  });

  /** Registers a waiter that settles when `settle` returns true, or rejects on timeout. */
  const wait = <R>(
    timeoutMs: number,
    what: string,
    settle: (resolve: (result: R) => void, reject: (error: Error) => void) => boolean,
  ): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        waiters = waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `record: ${what} did not happen within ${timeoutMs} ms; got ${values.length} value(s)` +
              (values.length > 0 ? `, the last: ${preview(values[values.length - 1])}` : ''),
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          if (settled) return true;
          const done = settle(
            (result) => {
              clearTimeout(timer);
              resolve(result);
            },
            (error) => {
              clearTimeout(timer);
              reject(error);
            },
          );
          if (done) settled = true;
          return done;
        },
      };
      if (!waiter.check()) waiters.push(waiter);
    });

  return {
    values,
    notifications,
    waitFor: (predicate = () => true, timeoutMs = DEFAULT_TIMEOUT_MS) => {
      let scanned = 0;
      return wait<T>(timeoutMs, 'a matching value', (resolve, reject) => {
        for (; scanned < values.length; scanned += 1) {
          if (predicate(values[scanned])) {
            resolve(values[scanned]);
            return true;
          }
        }
        const end = terminal();
        if (end === undefined) return false;
        reject(
          new Error(
            `record: the stream ended (${end.kind === 'E' ? `error ${preview(end.error)}` : 'complete'}) ` +
              `before a matching value; got ${values.length} value(s)`,
          ),
        );
        return true;
      });
    },
    end: (timeoutMs = DEFAULT_TIMEOUT_MS) =>
      wait<ObservableNotification<T>>(timeoutMs, 'complete or error', (resolve) => {
        const end = terminal();
        if (end === undefined) return false;
        resolve(end);
        return true;
      }),
    unsubscribe: () => subscription.unsubscribe(),
  };
}
