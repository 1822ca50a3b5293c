import { defer, from, isObservable, Observable, of, Subject, take, type Subscription } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import { McpError } from '../session/McpError.js';
import { McpErrorCode } from '../session/McpErrorCode.js';
import type { FakeAnswer, FakeMcpRequestContext } from './FakeMcpServerOptions.js';

// One "process" of the fake MCP server: what it received, what it is still answering, and the
// Subject its frames go out on. Kept apart from fakeMcpServer (which decides when connections
// start and end) so the dispatching of one message stays readable.

/** Answers one request of the client (the fake's table of methods). */
export type FakeMcpDispatch = (
  method: string,
  params: Record<string, unknown>,
  context: FakeMcpRequestContext,
) => FakeAnswer<unknown>;

/** How a connection of the fake ended. */
export type FakeMcpEnd = 'client' | 'crash' | 'exit' | 'unserializable';

/**
 * One connection of a fake MCP server (one "process"): from the first subscription of the
 * transport to the last unsubscription, a crash or an exit.
 */
export class FakeMcpConnection {
  /** Every message the client sent on this connection, in order (parsed copies). */
  readonly received: JsonRpcMessage[] = [];
  /** The ids of the client's requests it cancelled with `notifications/cancelled`. */
  readonly cancelled: (string | number)[] = [];
  /** How it ended, once it has. */
  endedBy: FakeMcpEnd | null = null;
  /** How many subscriptions of the transport it has now. */
  subscribers = 0;
  /** The frames to the client. */
  readonly frames = new Subject<JsonRpcMessage>();
  private readonly answering = new Map<string | number, Subscription>();
  private readonly asked = new Map<string | number, (message: JsonRpcMessage) => void>();
  private nextServerId = 0;

  /**
   * @param index Its number, from 0, in the order connections started.
   * @param dispatch The fake's table of methods.
   * @param record Called with each message received (a parsed copy).
   */
  constructor(
    readonly index: number,
    private readonly dispatch: FakeMcpDispatch,
    private readonly record: (message: JsonRpcMessage) => void,
  ) {}

  /** Whether it is still open. */
  get open(): boolean {
    return this.endedBy === null;
  }

  /** How many of the client's requests are still being answered. */
  get inFlight(): number {
    return this.answering.size;
  }

  /**
   * Takes one message from the client, as a process would read a line: a message that cannot
   * be serialized ends the connection with the serializer's error (as RxJS `webSocket()` does).
   *
   * @param message What the client sent.
   */
  receive(message: JsonRpcMessage): void {
    if (!this.open) return;
    let copy: JsonRpcMessage;
    try {
      copy = JSON.parse(JSON.stringify(message)) as JsonRpcMessage;
    } catch (error) {
      this.end('unserializable', error);
      return;
    }
    this.received.push(copy);
    this.record(copy);
    const { id, method } = copy;
    const params = (copy.params ?? {}) as Record<string, unknown>;
    if (method === undefined) {
      if (id !== undefined && id !== null) this.asked.get(id)?.(copy);
    } else if (id === undefined || id === null) {
      if (method === 'notifications/cancelled') this.cancel(params.requestId);
    } else {
      this.answer(id, method, params);
    }
  }

  /**
   * Sends a notification to the client.
   *
   * @param method The method.
   * @param params The params, if any.
   */
  notify(method: string, params?: Record<string, unknown>): void {
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /**
   * Sends a request to the client; emits its result or errors with its `McpError`.
   *
   * @param method The method.
   * @param params The params, if any.
   * @returns The client's answer.
   */
  request(method: string, params?: Record<string, unknown>): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      const id = `fake-${String(this.nextServerId++)}`;
      this.asked.set(id, (message) => {
        this.asked.delete(id);
        if (message.error !== undefined) {
          subscriber.error(new McpError(message.error.code, message.error.message, message.error.data));
        } else {
          subscriber.next(message.result);
          subscriber.complete();
        }
      });
      this.send(
        params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params },
      );
      return () => this.asked.delete(id);
    });
  }

  /**
   * Ends the connection: stops answering, and completes (`exit`, `client`) or errors the frames.
   *
   * @param how How it ended.
   * @param error The error the client's side gets, for a crash or an unserializable message.
   */
  end(how: FakeMcpEnd, error?: unknown): void {
    if (!this.open) return;
    this.endedBy = how;
    for (const subscription of this.answering.values()) subscription.unsubscribe();
    this.answering.clear();
    this.asked.clear();
    if (how === 'crash' || how === 'unserializable') this.frames.error(error);
    else this.frames.complete();
  }

  private send(frame: JsonRpcMessage): void {
    if (this.open) this.frames.next(frame);
  }

  private cancel(requestId: unknown): void {
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    this.cancelled.push(requestId);
    this.answering.get(requestId)?.unsubscribe();
    this.answering.delete(requestId);
  }

  private answer(id: string | number, method: string, params: Record<string, unknown>): void {
    const meta = params._meta as { progressToken?: unknown } | undefined;
    const token = meta?.progressToken;
    const context: FakeMcpRequestContext = {
      requestId: id,
      progress: (progress, total, message) => {
        if (typeof token !== 'string' && typeof token !== 'number') return;
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
    };
    const state = { settled: false };
    const subscription = defer(() => toObservable(this.dispatch(method, params, context)))
      .pipe(take(1))
      .subscribe({
        next: (result) => {
          state.settled = true;
          this.answering.delete(id);
          this.send({ jsonrpc: '2.0', id, result: result ?? {} });
        },
        error: (error: unknown) => {
          state.settled = true;
          this.answering.delete(id);
          this.send({ jsonrpc: '2.0', id, error: asJsonRpcError(error) });
        },
      });
    if (!state.settled) this.answering.set(id, subscription);
  }
}

function toObservable<T>(answer: FakeAnswer<T>): Observable<T> {
  if (isObservable(answer)) return answer;
  if (isPromiseLike(answer)) return from(answer);
  return of(answer);
}

function isPromiseLike<T>(value: FakeAnswer<T>): value is PromiseLike<T> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

function asJsonRpcError(error: unknown): NonNullable<JsonRpcMessage['error']> {
  if (error instanceof McpError) {
    return error.data === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, data: error.data };
  }
  return {
    code: McpErrorCode.InternalError,
    message: error instanceof Error ? error.message : String(error),
  };
}
