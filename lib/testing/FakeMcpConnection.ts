import { from, isObservable, of, type NextObserver, type Observable, type ObservableInput } from 'rxjs';
import { asyncScheduler } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import type { MemoryServerPipes } from '../transport/memory/MemoryServerProcess.js';
import { isRecord } from '../session/jsonRpcErrors.js';
import { McpPeer } from '../session/McpPeer.js';
import type { McpSchema } from '../session/schemas/McpSchema.js';
import type { FakeAnswer, FakeMcpRequestContext } from './FakeMcpServerOptions.js';

// One "process" of the fake MCP server: the session's own JSON-RPC engine (McpPeer) in the
// server role, over an in-memory process the real subject runs. What it received and how it ended
// are kept for the test; answering, correlating and mapping errors are the peer's.

/** Answers one request of the client (the fake's table of methods). */
export type FakeMcpDispatch = (
  method: string,
  params: Record<string, unknown>,
  context: FakeMcpRequestContext,
) => FakeAnswer<unknown>;

/**
 * How a connection of the fake ended: `client` (the client closed its input: its last
 * unsubscribe, `complete()`, `error()`, or a message it could not send), `crash` (`crash()`) or
 * `exit` (`exit()`).
 */
export type FakeMcpEnd = 'client' | 'crash' | 'exit';

/** What a connection of the fake is given by `fakeMcpServer()`. */
interface FakeMcpLink {
  /** The process's end of the pipes. */
  readonly pipes: MemoryServerPipes<JsonRpcMessage>;
  /** The fake's table of methods. */
  readonly dispatch: FakeMcpDispatch;
  /** Called with each message received. */
  readonly record: (message: JsonRpcMessage) => void;
  /** How many subscribers of the transport share the connection now (the subject counts them). */
  readonly subscribers: () => number;
}

/** Any result: what the client answers the fake is handed over as it is. */
const ANY_RESULT: McpSchema<unknown> = { safeParse: (data) => ({ success: true, data }) };

/**
 * One connection of a fake MCP server (one "process"): from the first subscription of the
 * transport to the last unsubscription, a crash or an exit. It is the in-memory process the
 * transport's connection drives (`receive`, `endInput`).
 */
export class FakeMcpConnection {
  /** Every message the client sent on this connection, in order (copies, as JSON carried them). */
  readonly received: JsonRpcMessage[] = [];
  /** How it ended, once it has. */
  endedBy: FakeMcpEnd | null = null;
  /**
   * Sends a raw frame to the client (a request with an id of the test's choosing, a late reply):
   * `connection.frames.next(frame)`.
   */
  readonly frames: NextObserver<JsonRpcMessage>;
  private readonly peer: McpPeer;

  /**
   * @internal Made by `fakeMcpServer()` each time its transport starts a process.
   * @param index Its number, from 0, in the order connections started.
   * @param link The pipes, the table of methods and the recorder.
   */
  constructor(
    readonly index: number,
    private readonly link: FakeMcpLink,
  ) {
    const { pipes } = link;
    this.frames = {
      next: (frame) => {
        pipes.write(frame);
      },
    };
    this.peer = new McpPeer(
      {
        next: (message) => {
          pipes.write(message);
        },
      },
      {
        scheduler: asyncScheduler,
        requestTimeout: Infinity,
        handleRequest: (method, params, { requestId, signal }) => {
          const args = isRecord(params) ? params : {};
          const token = progressTokenOf(args);
          return toObservable(
            link.dispatch(method, args, {
              requestId,
              signal,
              progress: (progress, total, message) => {
                if (token === undefined) return;
                this.notify('notifications/progress', {
                  progressToken: token,
                  progress,
                  ...(total === undefined ? {} : { total }),
                  ...(message === undefined ? {} : { message }),
                });
              },
              request: (m, p) => this.request(m, p),
              notify: (m, p) => {
                this.notify(m, p);
              },
            }),
          );
        },
      },
    );
  }

  /** Whether it is still open. */
  get open(): boolean {
    return this.endedBy === null;
  }

  /** How many of the client's requests are still being answered. */
  get inFlight(): number {
    return this.peer.serving;
  }

  /** How many subscriptions of the transport share it now. */
  get subscribers(): number {
    return this.link.subscribers();
  }

  /** The ids of the client's requests it cancelled with `notifications/cancelled`, in order. */
  get cancelled(): (string | number)[] {
    const ids: (string | number)[] = [];
    for (const { method, params } of this.received) {
      const id = method === 'notifications/cancelled' && isRecord(params) ? params.requestId : undefined;
      if (typeof id === 'string' || typeof id === 'number') ids.push(id);
    }
    return ids;
  }

  /**
   * Sends a notification to the client.
   *
   * @param method The method.
   * @param params The params, if any.
   */
  notify(method: string, params?: Record<string, unknown>): void {
    this.peer.notify(method, params);
  }

  /**
   * Sends a request to the client; emits its result or errors with its `McpError`.
   *
   * @param method The method.
   * @param params The params, if any.
   * @returns The client's answer.
   */
  request(method: string, params?: Record<string, unknown>): Observable<unknown> {
    return this.peer.request(method, params, ANY_RESULT);
  }

  /**
   * @internal Reads one message of the client (its connection calls this).
   * @param message The message, as JSON carried it.
   */
  receive(message: JsonRpcMessage): void {
    if (!this.open) return;
    this.received.push(message);
    this.link.record(message);
    this.peer.receive(message);
  }

  /** @internal The client closed its input: the fake exits, as a server does on EOF. */
  endInput(): void {
    this.end('client');
  }

  /**
   * @internal Ends the process: it stops answering and exits.
   * @param how How it ended: `crash` exits with code 1, the others with 0.
   * @param reason For a crash, what the transport's subscribers get instead of the
   *   `StdioServerExitError` a process gives.
   */
  end(how: FakeMcpEnd, reason?: unknown): void {
    if (!this.open) return;
    this.endedBy = how;
    this.peer.close();
    this.link.pipes.exit(how === 'crash' ? 1 : 0, reason);
  }
}

function progressTokenOf(params: Record<string, unknown>): string | number | undefined {
  const meta = params._meta;
  const token = isRecord(meta) ? meta.progressToken : undefined;
  return typeof token === 'string' || typeof token === 'number' ? token : undefined;
}

function toObservable<T>(answer: FakeAnswer<T>): ObservableInput<T> {
  if (isObservable(answer)) return answer;
  if (isPromiseLike(answer)) return from(answer);
  return of(answer);
}

function isPromiseLike<T>(value: FakeAnswer<T>): value is PromiseLike<T> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
