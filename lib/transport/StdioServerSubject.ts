/**
 * The public face of one server: an Observable of its frames and an Observer of messages to it,
 * shaped like RxJS's `WebSocketSubject`. It holds the current connection (the process messages go
 * to and subscribers join), counts subscribers through that connection's `output`, and, with
 * `keepAlive`, lets the last unsubscribe end the process only after a scheduler timer: the idea of
 * `share({ resetOnRefCountZero: () => timer(ms, scheduler) })`, kept here because the subject
 * decides per process (a closing process takes no new subscribers; a fresh one is spawned).
 */
import { Observable, Subscription, type Observer, type Subscriber, type TeardownLogic } from 'rxjs';
import type { JsonRpcMessage } from './JsonRpcMessage.js';
import { resolveParams, type ResolvedStdioParams } from './connection/resolveParams.js';
import { StdioServerConnection } from './connection/StdioServerConnection.js';
import type { StdioServerParams } from './StdioServerParams.js';
import { boundedTimer } from './timing/boundedTimer.js';

/**
 * An MCP server over stdio as an RxJS subject: an Observable of the messages the server writes
 * to stdout, and an Observer of the messages to write to its stdin. Made by `fromStdioServer()`.
 *
 * - Subscribing spawns the server (the first subscriber; later ones share the running process).
 *   Every subscriber sees every frame: correlating replies with requests is the caller's job.
 * - `next(message)` writes one line; before the process runs, messages queue in order.
 * - `complete()` closes stdin politely; subscribers complete when the server has exited.
 * - `error(e)` errors the subscribers with `e` and shuts the server down.
 * - After `complete()` or `error()`, `next()` is dropped (the Observer contract) until a new
 *   subscription starts a new process: nothing sent then reaches a later process.
 * - When the last subscriber unsubscribes, the shutdown sequence (close stdin, SIGTERM the tree,
 *   SIGKILL the tree, every wait bounded) runs to its end on its own; with `keepAlive`, only after
 *   that many ms without a subscriber.
 * - A subscription after the end (or during a shutdown) spawns a fresh process: `retry()` and
 *   `repeat()` restart the server.
 *
 * @typeParam In Messages from the server.
 * @typeParam Out Messages to the server.
 */
export class StdioServerSubject<In = JsonRpcMessage, Out = JsonRpcMessage>
  extends Observable<In>
  implements Observer<Out>
{
  private readonly config: ResolvedStdioParams<In, Out> | Error;
  /** The process messages go to and subscribers join (possibly not started yet), if any. */
  private connection: StdioServerConnection<In, Out> | null = null;
  /** Set by `complete()`/`error()`: `next()` is dropped until a new process starts. */
  private inputClosed = false;
  /** With `keepAlive`: the wait after the last unsubscribe before the process is ended. */
  private keepAliveWait = Subscription.EMPTY;

  /**
   * @param params The server and how to talk to it; checked now, reported on subscribe.
   */
  constructor(params: StdioServerParams<In, Out>) {
    super((subscriber) => this.connect(subscriber));
    let config: ResolvedStdioParams<In, Out> | Error;
    try {
      config = resolveParams(params);
    } catch (error) {
      config = error instanceof Error ? error : new Error(String(error));
    }
    this.config = config;
  }

  /**
   * Sends one message: serialized to one line and written to stdin, or queued until the process
   * runs. Never throws. A message that cannot be serialized or encoded, or that would overflow
   * `maxWriteQueueLength`, errors the stream with the reason and shuts the server down, as
   * `webSocket()` does; with no process started there is nobody to tell, and the message alone
   * is dropped (the ones queued before it stay). Layers that must fail one request alone (the
   * session, the SDK bridge) check serializability before calling `next()`.
   *
   * @param message The message.
   */
  next(message: Out): void {
    const { config } = this;
    if (config instanceof Error || this.inputClosed) return;
    const line = encodeMessage(message, config);
    const connection = this.currentOrNew(config);
    const failure = line instanceof Error ? line : connection.send(line);
    if (failure !== null && connection.started) connection.fail(failure);
  }

  /**
   * The polite goodbye: closes the server's stdin after the queued messages; subscribers
   * complete once the server has exited (the shutdown sequence bounds the wait). Without a
   * running server it drops the messages queued for the next one.
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

  private close(endRunning: (connection: StdioServerConnection<In, Out>) => void): void {
    this.inputClosed = true;
    this.keepAliveWait.unsubscribe();
    const connection = this.connection;
    if (connection === null || !connection.accepting) return;
    if (connection.started) endRunning(connection);
    else this.connection = null;
  }

  /** A subscriber joins the current process, or spawns a fresh one. */
  private connect(subscriber: Subscriber<In>): TeardownLogic {
    const { config } = this;
    if (config instanceof Error) {
      subscriber.error(config);
      return undefined;
    }
    this.keepAliveWait.unsubscribe();
    const connection = this.currentOrNew(config);
    if (!connection.started) this.inputClosed = false;
    const inner = connection.output.subscribe(subscriber);
    // Subscribed first, so a spawn that fails at once is still heard.
    connection.start();
    return () => {
      inner.unsubscribe();
      if (!connection.output.observed) this.lastLeft(connection, config.keepAlive, config);
    };
  }

  /** The last subscriber of `connection` left: end it now, or after `keepAlive` ms. */
  private lastLeft(
    connection: StdioServerConnection<In, Out>,
    keepAlive: number,
    config: ResolvedStdioParams<In, Out>,
  ): void {
    if (keepAlive === 0 || !connection.accepting) {
      connection.end();
      return;
    }
    this.keepAliveWait = boundedTimer(keepAlive, config.scheduler).subscribe(() => {
      connection.end();
    });
  }

  private currentOrNew(config: ResolvedStdioParams<In, Out>): StdioServerConnection<In, Out> {
    const current = this.connection;
    if (current !== null && current.accepting) return current;
    const fresh = new StdioServerConnection(config);
    this.connection = fresh;
    return fresh;
  }
}

/**
 * Serializes and encodes one outgoing message as one line ending in `\n`.
 *
 * @returns The bytes, or an error saying why the message cannot be sent.
 */
function encodeMessage<In, Out>(message: Out, config: ResolvedStdioParams<In, Out>): Buffer | Error {
  const { codec, serializer } = config;
  let text: unknown;
  try {
    text = serializer === undefined ? JSON.stringify(message) : serializer(message);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (typeof text !== 'string') {
    return new TypeError(`the serializer returned ${typeof text}, not a string`);
  }
  // JSON.stringify never leaves a raw newline; a custom serializer might.
  if (serializer !== undefined && text.includes('\n')) {
    return new TypeError('the serializer returned a string with a newline, which would split the frame');
  }
  if (serializer === undefined && codec.encoding !== 'utf-8' && codec.encoding !== 'utf8') {
    // JSON can say any character in ASCII: escaping keeps the message whole in a narrow encoding.
    text = escapeNonAscii(text);
  }
  return codec.encode(`${text as string}\n`);
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
