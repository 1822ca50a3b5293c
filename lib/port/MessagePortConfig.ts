import type { NextObserver, SchedulerLike } from 'rxjs';
import type { MalformedPortMessage } from './portProtocol.js';

/** The default of `MessagePortConfig.timeout`, in ms. */
export const DEFAULT_PORT_TIMEOUT = 10_000;

/**
 * How the page's side of a port behaves (`fromMessagePort(port, config)`).
 *
 * @example
 * ```ts
 * fromMessagePort(port, { timeout: 5_000, malformedObserver: { next: (m) => console.warn(m.reason, m.preview) } });
 * ```
 */
export interface MessagePortConfig {
  /**
   * How long a connection waits, in ms, for the owner to answer: its `connect` (no owner serves
   * the other end, or it is gone), and its `complete()` (the server's polite exit). Past it the
   * subscribers get a `MessagePortError` with reason `'timeout'`. Default 10 000.
   */
  timeout?: number;
  /** Gets each message from the owner that was skipped (not JSON-RPC, not JSON, an unknown signal). */
  malformedObserver?: NextObserver<MalformedPortMessage>;
  /** The scheduler of the timeout. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}
