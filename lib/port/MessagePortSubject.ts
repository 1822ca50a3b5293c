/**
 * The page's side of a port, shaped like RxJS's `WebSocketSubject`: it holds the port, the
 * current connection and the messages sent before one; a connection (PageConnection.ts) does
 * the rest. The port is like a WebSocket's URL: each connection is a new `connect`, so after an
 * end a new subscription starts afresh (the owner subscribes its server again), until the port
 * closes for good.
 */
import { asyncScheduler, Observable, type Observer, type Subscriber, type TeardownLogic } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import { DEFAULT_PORT_TIMEOUT, type MessagePortConfig } from './MessagePortConfig.js';
import { MessagePortError } from './MessagePortError.js';
import type { MessagePortLike } from './MessagePortLike.js';
import { PageConnection, type PageConnectionContext } from './PageConnection.js';

/**
 * An MCP server on the other side of a MessagePort, as an RxJS subject: an Observable of the
 * server's messages and an Observer of the messages to it. Made by `fromMessagePort()`; the
 * owner of the other end runs `serveMessagePort()`.
 *
 * - Subscribing connects (the first subscriber; later ones share the connection, every message
 *   to each): the owner subscribes its server, which for `fromStdioServer()` spawns it.
 * - `next(message)` posts it as JSON text; before any subscriber, messages queue in order and
 *   leave with the `connect`. A message JSON cannot carry (a `BigInt`, a cycle) errors the
 *   connection with the serializer's error, as `webSocket()` does.
 * - `complete()` asks the owner to complete the server's input; subscribers complete when the
 *   server has ended. `error(e)` errors the subscribers with `e` and drops the server.
 * - When the last subscriber leaves, the owner drops its server (which shuts it down).
 * - The server's end reaches the subscribers: `complete()` when it ended cleanly, a
 *   `MessagePortError` with reason `'remote'` (its name and message) when it failed.
 * - The port closing (the owner left, the other side's realm went away) errors them with reason
 *   `'closed'`, and every later subscription too. No answer from the owner within `timeout`
 *   errors them with reason `'timeout'`.
 * - One subject per port: a second one on a port in use errors with `McpTransportInUseError`.
 */
export class MessagePortSubject extends Observable<JsonRpcMessage> implements Observer<JsonRpcMessage> {
  private readonly context: PageConnectionContext;
  /** The connection messages go to and subscribers join, if any. */
  private connection: PageConnection | null = null;
  /** Messages sent before any connection, as JSON text. */
  private queue: string[] = [];
  /** Set by `complete()`/`error()`: `next()` is dropped until a new connection starts. */
  private inputClosed = false;
  /** Set when the port closed: every later subscription gets it. */
  private closedBy: MessagePortError | null = null;

  /**
   * @param port The port; its other end is served by `serveMessagePort()`.
   * @param config Timeout, malformed messages, scheduler.
   */
  constructor(port: MessagePortLike, config: MessagePortConfig = {}) {
    super((subscriber) => this.connect(subscriber));
    this.context = {
      port,
      timeout: config.timeout ?? DEFAULT_PORT_TIMEOUT,
      scheduler: config.scheduler ?? asyncScheduler,
      malformedObserver: config.malformedObserver,
      onFinished: (connection, portClosed) => {
        if (this.connection === connection) this.connection = null;
        this.closedBy ??= portClosed;
      },
    };
  }

  /**
   * Sends one message: posted as JSON text, or queued until the first subscriber connects.
   * Never throws; a message JSON cannot carry errors the connection (with none, it is dropped).
   *
   * @param message The message.
   */
  next(message: JsonRpcMessage): void {
    if (this.inputClosed || this.closedBy !== null) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      this.connection?.fail(error);
      return;
    }
    if (this.connection === null) this.queue.push(text);
    else this.connection.send(text);
  }

  /**
   * The polite goodbye: the owner completes its server's input; subscribers complete once the
   * server has ended (bounded by `timeout`). Without a connection it drops the queued messages.
   */
  complete(): void {
    this.inputClosed = true;
    this.queue = [];
    this.connection?.end();
  }

  /**
   * Errors the subscribers with `error`; the owner drops its server. Without a connection it
   * drops the queued messages.
   *
   * @param error What the subscribers receive.
   */
  error(error: unknown): void {
    this.inputClosed = true;
    this.queue = [];
    this.connection?.fail(error);
  }

  /** A subscriber joins the current connection, or starts one. */
  private connect(subscriber: Subscriber<JsonRpcMessage>): TeardownLogic {
    if (this.closedBy !== null) {
      subscriber.error(this.closedBy);
      return undefined;
    }
    let connection = this.connection;
    const fresh = connection === null;
    if (connection === null) {
      connection = new PageConnection(this.context);
      this.connection = connection;
    }
    const inner = connection.output.subscribe(subscriber);
    if (fresh) {
      this.inputClosed = false;
      const queued = this.queue;
      this.queue = [];
      // Subscribed first, so a connection that fails at once is still heard.
      connection.start(queued);
    }
    return () => {
      inner.unsubscribe();
      if (!connection.output.observed) connection.leave();
    };
  }
}
