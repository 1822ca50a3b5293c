import { Observable, type Observer, type Subscriber, type TeardownLogic } from 'rxjs';
import type { JsonRpcMessage } from './JsonRpcMessage.js';
import { resolveParams, type ResolvedStdioParams } from './connection/resolveParams.js';
import { StdinWriter } from './connection/StdinWriter.js';
import type { StdioServerParams } from './StdioServerParams.js';
import { StdioServerConnection } from './connection/StdioServerConnection.js';
import { TextCodec } from './framing/TextCodec.js';

/**
 * An MCP server over stdio as an RxJS subject: an Observable of the messages the server writes
 * to stdout, and an Observer of the messages to write to its stdin. Made by `fromStdioServer()`.
 *
 * - Subscribing spawns the server (the first subscriber; later ones share the running process).
 * - `next(message)` writes one line; before the process runs, messages queue in order.
 * - `complete()` closes stdin politely; subscribers complete when the server has exited.
 * - `error(e)` errors the subscribers with `e` and shuts the server down.
 * - When the last subscriber unsubscribes, the shutdown sequence (close stdin, SIGTERM the tree,
 *   SIGKILL the tree, every wait bounded) runs to its end on its own.
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
  private readonly codec: TextCodec | null;
  private connection: StdioServerConnection<In, Out> | null = null;
  /** Messages sent while no process takes them: they go to the next one. */
  private queued: StdinWriter | null = null;
  /** A failure of `next()` while no process ran: the next subscriber receives it. */
  private deferredError: { error: unknown } | null = null;

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
    this.codec = config instanceof Error ? null : new TextCodec(config.encoding, config.encodingErrorHandler);
  }

  /**
   * Sends one message: serialized to one line and written to stdin, or queued until the process
   * runs. A message that cannot be serialized or encoded, or that would overflow
   * `maxWriteQueueLength`, errors the stream with the reason and shuts the server down.
   *
   * @param message The message.
   */
  next(message: Out): void {
    const { config, codec } = this;
    if (config instanceof Error || codec === null) return;
    const line = encodeMessage(message, config, codec);
    const connection = this.connection?.accepting === true ? this.connection : null;
    const failure =
      line instanceof Error ? line : (connection?.writer ?? this.queueForNextProcess(config)).enqueue(line);
    if (failure === null) return;
    if (connection !== null) connection.fail(failure);
    else {
      this.queued = null;
      this.deferredError = { error: failure };
    }
  }

  /**
   * The polite goodbye: closes the server's stdin after the queued messages; subscribers
   * complete once the server has exited (the shutdown sequence bounds the wait). Without a
   * running server it drops the messages queued for the next one.
   */
  complete(): void {
    const connection = this.connection;
    if (connection?.accepting === true) connection.end();
    else this.queued = null;
  }

  /**
   * Errors the subscribers with `error` and shuts the server down. Without a running server it
   * drops the messages queued for the next one.
   *
   * @param error What the subscribers receive.
   */
  error(error: unknown): void {
    const connection = this.connection;
    if (connection?.accepting === true) connection.fail(error);
    else this.queued = null;
  }

  /** A subscriber joins the running process, or spawns a fresh one. */
  private connect(subscriber: Subscriber<In>): TeardownLogic {
    const { config, codec } = this;
    if (config instanceof Error || codec === null) {
      subscriber.error(config);
      return undefined;
    }
    const deferred = this.deferredError;
    if (deferred !== null) {
      this.deferredError = null;
      subscriber.error(deferred.error);
      return undefined;
    }
    let current = this.connection;
    const fresh = current === null || !current.accepting;
    if (current === null || !current.accepting) {
      const writer = this.queued ?? new StdinWriter(config.maxWriteQueueLength);
      this.queued = null;
      current = new StdioServerConnection(config, writer, codec);
      this.connection = current;
    }
    const connection = current;
    const inner = connection.output.subscribe(subscriber);
    // Subscribed first, so a spawn that fails at once is still heard.
    if (fresh) connection.start();
    return () => {
      inner.unsubscribe();
      if (!connection.output.observed) connection.end();
    };
  }

  private queueForNextProcess(config: ResolvedStdioParams<In, Out>): StdinWriter {
    this.queued ??= new StdinWriter(config.maxWriteQueueLength);
    return this.queued;
  }
}

/**
 * Serializes and encodes one outgoing message as one line ending in `\n`.
 *
 * @returns The bytes, or an error saying why the message cannot be sent.
 */
function encodeMessage<In, Out>(
  message: Out,
  config: ResolvedStdioParams<In, Out>,
  codec: TextCodec,
): Buffer | Error {
  let text: unknown;
  try {
    text = config.serializer === undefined ? JSON.stringify(message) : config.serializer(message);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (typeof text !== 'string') {
    return new TypeError(`the serializer returned ${typeof text}, not a string`);
  }
  // JSON.stringify never leaves a raw newline; a custom serializer might.
  if (config.serializer !== undefined && text.includes('\n')) {
    return new TypeError('the serializer returned a string with a newline, which would split the frame');
  }
  if (config.serializer === undefined && codec.encoding !== 'utf-8' && codec.encoding !== 'utf8') {
    // JSON can say any character in ASCII: escaping keeps the message whole in a narrow encoding.
    text = escapeNonAscii(text);
  }
  return codec.encode(`${text as string}\n`);
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
