/**
 * The lifecycle of a server subject, whatever carries its messages: it holds the current
 * connection (the process messages go to and subscribers join), counts the subscribers that share
 * it, and, with `keepAlive`, lets the last unsubscribe end the process only after a scheduler
 * timer: the idea of `share({ resetOnRefCountZero: () => timer(ms, scheduler) })`, kept here
 * because the subject decides per process (a closing process takes no new subscribers; a fresh
 * one is started). Browser-safe: `fromStdioServer()` runs it over a stdio connection, the fake MCP
 * server of `rxjs-mcp-stdio/testing` over an in-memory one, so the two cannot behave differently.
 */
import { Observable, Subscription, type Observer, type SchedulerLike, type Subscriber } from 'rxjs';
import { boundedTimer } from '../timing/boundedTimer.js';
import type { ServerConnection } from './ServerConnection.js';

/** How a `ConnectionSubject` makes its connections and waits. */
export interface ConnectionSubjectSetup<In, Out> {
  /** Makes the connection of a new process (not started yet). */
  connect(): ServerConnection<In, Out>;
  /** Milliseconds a process outlives its last subscriber (0: it ends at once). */
  keepAlive: number;
  /** The scheduler of the `keepAlive` wait. */
  scheduler: SchedulerLike;
}

/**
 * A server as an RxJS subject: an Observable of its frames and an Observer of messages to it.
 * `StdioServerSubject` documents the behaviour; this class is it, for any kind of connection.
 *
 * @typeParam In Messages from the server.
 * @typeParam Out Messages to the server.
 */
export class ConnectionSubject<In, Out> extends Observable<In> implements Observer<Out> {
  /** The process messages go to and subscribers join (possibly not started yet), if any. */
  private connection: ServerConnection<In, Out> | null = null;
  /** Set by `complete()`/`error()`: `next()` is dropped until a new process starts. */
  private inputClosed = false;
  /** With `keepAlive`: the wait after the last unsubscribe before the process is ended. */
  private keepAliveWait = Subscription.EMPTY;

  /**
   * @param setup How connections are made, or the error every subscriber gets (invalid params).
   */
  constructor(private readonly setup: ConnectionSubjectSetup<In, Out> | Error) {
    super((subscriber) => this.join(subscriber));
  }

  /**
   * Sends one message, or queues it until the process runs. Never throws. A message the
   * connection refuses (it cannot be serialized, or would overflow a bound) errors the stream with
   * the reason and shuts the process down, as `webSocket()` does; with no process started there
   * is nobody to tell, and the message alone is dropped (the ones queued before it stay).
   *
   * @param message The message.
   */
  next(message: Out): void {
    const { setup } = this;
    if (setup instanceof Error || this.inputClosed) return;
    const connection = this.currentOrNew(setup);
    const failure = connection.send(message);
    if (failure !== null && connection.started) connection.fail(failure);
  }

  /**
   * The polite goodbye: closes the server's input after the queued messages; subscribers
   * complete once the server has exited. Without a running server it drops the messages queued
   * for the next one.
   */
  complete(): void {
    this.close((connection) => {
      connection.end();
    });
  }

  /**
   * Errors the subscribers with `error` and shuts the server down. Without a running server it
   * drops the messages queued for the next one.
   *
   * @param error What the subscribers receive.
   */
  error(error: unknown): void {
    this.close((connection) => {
      connection.fail(error);
    });
  }

  private close(endRunning: (connection: ServerConnection<In, Out>) => void): void {
    this.inputClosed = true;
    this.keepAliveWait.unsubscribe();
    const connection = this.connection;
    if (connection === null || !connection.accepting) return;
    if (connection.started) endRunning(connection);
    else this.connection = null;
  }

  /** A subscriber joins the current process, or starts a fresh one. */
  private join(subscriber: Subscriber<In>): (() => void) | undefined {
    const { setup } = this;
    if (setup instanceof Error) {
      subscriber.error(setup);
      return undefined;
    }
    this.keepAliveWait.unsubscribe();
    const connection = this.currentOrNew(setup);
    if (!connection.started) this.inputClosed = false;
    connection.subscribers += 1;
    const inner = connection.output.subscribe(subscriber);
    // Subscribed first, so a start that fails at once is still heard.
    connection.start();
    return () => {
      inner.unsubscribe();
      connection.subscribers -= 1;
      if (connection.subscribers === 0) this.lastLeft(connection, setup);
    };
  }

  /** The last subscriber of `connection` left: end it now, or after `keepAlive` ms. */
  private lastLeft(connection: ServerConnection<In, Out>, setup: ConnectionSubjectSetup<In, Out>): void {
    if (setup.keepAlive === 0 || !connection.accepting) {
      connection.end();
      return;
    }
    this.keepAliveWait = boundedTimer(setup.keepAlive, setup.scheduler).subscribe(() => {
      connection.end();
    });
  }

  private currentOrNew(setup: ConnectionSubjectSetup<In, Out>): ServerConnection<In, Out> {
    const current = this.connection;
    if (current !== null && current.accepting) return current;
    const fresh = setup.connect();
    this.connection = fresh;
    return fresh;
  }
}
