/**
 * The public face of one server: an Observable of its frames and an Observer of messages to it,
 * shaped like RxJS's `WebSocketSubject`. Its lifecycle (one process shared by its subscribers,
 * queueing, keepAlive, a fresh process after the end) is the browser-safe `ConnectionSubject`,
 * which the fake MCP server of `rxjs-mcp-stdio/testing` runs too; what is stdio here is the
 * connection it makes: a `StdioServerConnection` per process.
 */
import { Observable, type Observer } from 'rxjs';
import type { JsonRpcMessage } from './JsonRpcMessage.js';
import { resolveParams, type ResolvedStdioParams } from './connection/resolveParams.js';
import { StdioServerConnection } from './connection/StdioServerConnection.js';
import { ConnectionSubject, type ConnectionSubjectSetup } from './core/ConnectionSubject.js';
import type { StdioServerParams } from './StdioServerParams.js';

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
  private readonly core: ConnectionSubject<In, Out>;

  /**
   * @param params The server and how to talk to it; checked now, reported on subscribe.
   */
  constructor(params: StdioServerParams<In, Out>) {
    super((subscriber) => this.core.subscribe(subscriber));
    this.core = new ConnectionSubject(stdioSetup(params));
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
    this.core.next(message);
  }

  /**
   * The polite goodbye: closes the server's stdin after the queued messages; subscribers
   * complete once the server has exited (the shutdown sequence bounds the wait). Without a
   * running server it drops the messages queued for the next one.
   */
  complete(): void {
    this.core.complete();
  }

  /**
   * Errors the subscribers with `error` and shuts the server down. Without a running server it
   * drops the messages queued for the next one.
   *
   * @param error What the subscribers receive.
   */
  error(error: unknown): void {
    this.core.error(error);
  }
}

/** The params checked once: a stdio connection per process, or the error to report. */
function stdioSetup<In, Out>(params: StdioServerParams<In, Out>): ConnectionSubjectSetup<In, Out> | Error {
  let config: ResolvedStdioParams<In, Out>;
  try {
    config = resolveParams(params);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return {
    connect: () => new StdioServerConnection(config),
    keepAlive: config.keepAlive,
    scheduler: config.scheduler,
  };
}
