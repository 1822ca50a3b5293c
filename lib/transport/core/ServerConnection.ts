import type { Subject } from 'rxjs';

/**
 * One server process (or an in-memory stand-in for one), from its start to its end, as the
 * subject drives it: the subject decides when a connection starts and ends and which one
 * messages and subscribers go to; the connection decides how a message travels and how the
 * process's end becomes the terminal event of `output`. Browser-safe: the stdio connection
 * (Node) and the in-memory one both implement it.
 *
 * @typeParam In Messages from the server.
 * @typeParam Out Messages to the server.
 */
export interface ServerConnection<In, Out> {
  /** The frames of this process, multicast to every subscriber; ends with the terminal event. */
  readonly output: Subject<In>;
  /** Whether it takes messages and subscribers: not shutting down, exited or ended. */
  readonly accepting: boolean;
  /** Whether `start()` was called. */
  readonly started: boolean;
  /** How many subscribers of the subject share it now (kept by the subject). */
  subscribers: number;
  /**
   * Sends one message, or queues it until the process runs (in order).
   *
   * @returns `null`, or why the message cannot be sent (it is then neither sent nor queued).
   */
  send(message: Out): Error | null;
  /** Starts the process, once. Subscribe to `output` first: a failure to start goes there. */
  start(): void;
  /** The polite goodbye: close the input, let the process exit, then complete `output`. */
  end(): void;
  /** Errors `output` with `error` now, then shuts the process down. */
  fail(error: unknown): void;
}
