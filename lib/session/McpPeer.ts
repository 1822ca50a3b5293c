import { CancelledNotificationParamsSchema, ProgressNotificationParamsSchema } from './schemas/mcpSchemas.js';
import {
  defer,
  first,
  Observable,
  Subject,
  type ObservableInput,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
  type TeardownLogic,
} from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import { scheduleAfter } from '../transport/timing/boundedTimer.js';
import { isRecord, toJsonRpcError, toMcpError } from './jsonRpcErrors.js';
import type { McpHandlerContext } from './McpHandlerContext.js';
import type { McpNotification } from './McpNotification.js';
import { McpProtocolError } from './McpProtocolError.js';
import type { McpProgressEvent, McpRequestEvent } from './McpRequestEvent.js';
import type { McpRequestOptions } from './McpRequestOptions.js';
import type { McpSchema } from './schemas/McpSchema.js';
import { McpSessionClosedError } from './McpSessionClosedError.js';
import { McpTimeoutError } from './McpTimeoutError.js';
import type { McpTransport } from './McpTransport.js';
import { parseWith } from './parseWith.js';

/** How an `McpPeer` waits and answers. */
export interface McpPeerConfig {
  /** The scheduler of every timeout. */
  scheduler: SchedulerLike;
  /** The default timeout of a request, in milliseconds (`Infinity`: none). */
  requestTimeout: number;
  /**
   * Answers a request from the server: the first value of the returned ObservableInput is the
   * result; an error is the JSON-RPC error.
   */
  handleRequest: (method: string, params: unknown, context: McpHandlerContext) => ObservableInput<unknown>;
}

/** A request's options as the peer takes them: the public ones, and whether it may be cancelled. */
export interface McpPeerRequestOptions<T> extends McpRequestOptions<T> {
  /** Whether unsubscribing or a timeout sends `notifications/cancelled`. Default `true`. */
  cancellable?: boolean;
}

/** A request of ours waiting for its answer. */
interface Pending {
  /** Delivers the response. */
  answer(message: Record<string, unknown>): void;
  /** Delivers a progress notification (only for requests that asked for progress). */
  progress: ((event: McpProgressEvent) => void) | null;
  /** Fails the request because the session ended. */
  abort(error: unknown): void;
}

/**
 * The JSON-RPC engine of a session: numbers and sends our requests, routes the server's answers
 * (by id), progress (by token), notifications and requests, times requests out on the
 * scheduler, and cancels what is unsubscribed. Internal to the session entry; the fake MCP server
 * of `rxjs-mcp-stdio/testing` runs it in the server role (there "the server" is the client).
 */
export class McpPeer {
  /** Every notification from the server, until the peer closes (then it completes). */
  readonly notifications$: Observable<McpNotification>;
  private readonly notifications = new Subject<McpNotification>();
  private readonly pending = new Map<unknown, Pending>();
  /** Stops a server request we are answering (on `notifications/cancelled` or close). */
  private readonly served = new Map<unknown, () => void>();
  /** The subscribers of `progressOf()`, by token. */
  private readonly progressListeners = new Map<unknown, Set<Subscriber<McpProgressEvent>>>();
  private nextId = 0;
  private closedWith: { error: unknown } | null = null;

  /**
   * @param transport Where messages go (only its `next()` is used); the caller subscribes the
   *   transport and feeds `receive()`.
   * @param config Timeouts and the handler of server requests.
   */
  constructor(
    private readonly transport: Pick<McpTransport, 'next'>,
    private readonly config: McpPeerConfig,
  ) {
    this.notifications$ = this.notifications.asObservable();
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** How many requests of the other side it is still answering. */
  get serving(): number {
    return this.served.size;
  }

  /**
   * Routes one frame from the server. Answers to unknown ids (late answers to cancelled or
   * timed-out requests) are dropped silently.
   *
   * @param frame The frame as received.
   */
  receive(frame: unknown): void {
    if (this.closedWith !== null || !isRecord(frame)) return;
    const { id, method } = frame;
    const params = isRecord(frame.params) ? frame.params : undefined;
    if (typeof method === 'string') {
      if (id === undefined || id === null) this.onNotification(method, params);
      else this.onRequest(id, method, frame.params);
    } else {
      // Our ids are numbers: an answer without one (or with any other) finds nothing.
      this.pending.get(id)?.answer(frame);
    }
  }

  /**
   * Sends a notification (nothing once closed).
   *
   * @throws The serializer's error when `params` cannot be serialized (nothing is sent).
   * @param method The method.
   * @param params The params, if any.
   */
  notify(method: string, params?: Record<string, unknown>): void {
    const failure = serializationFailure(params);
    if (failure !== null) throw failure.error;
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /**
   * A request that emits its result and completes. Cold: each subscription sends it anew.
   *
   * @param method The method.
   * @param params The params, if any.
   * @param schema The schema of the result, unless `options.schema` replaces it.
   * @param options Timeouts, a schema, cancellability.
   * @returns The result.
   */
  request<T>(
    method: string,
    params: object | undefined,
    schema: McpSchema<T>,
    options?: McpPeerRequestOptions<T>,
  ): Observable<T> {
    return new Observable<T>((subscriber) =>
      this.start(
        method,
        params,
        schema,
        options,
        false,
        (result) => {
          subscriber.next(result);
          subscriber.complete();
        },
        subscriber,
      ),
    );
  }

  /**
   * A request that emits its progress (unless `options.progress` is `false`) and then its result.
   * Cold: each subscription sends it with a fresh id; unsubscribing before the answer sends
   * `notifications/cancelled`; the timeout errors with `McpTimeoutError` and cancels too.
   *
   * @param method The method.
   * @param params The params, if any.
   * @param schema The schema of the result, unless `options.schema` replaces it.
   * @param options Timeouts, a schema, progress.
   * @returns Progress events, then one result event.
   */
  exchange<T>(
    method: string,
    params: object | undefined,
    schema: McpSchema<T>,
    options?: McpRequestOptions<T>,
  ): Observable<McpRequestEvent<T>> {
    return new Observable<McpRequestEvent<T>>((subscriber) =>
      this.start(
        method,
        params,
        schema,
        options,
        options?.progress !== false,
        (result) => {
          subscriber.next({ type: 'result', result });
          subscriber.complete();
        },
        subscriber,
      ),
    );
  }

  /**
   * Sends one request and routes its answer: `onResult` gets the parsed result; errors, timeouts
   * and the session's end go to `subscriber.error`; progress (when asked for) to
   * `subscriber.next`. The one path of `request()` and `exchange()`, kept free of operators:
   * it runs for every call.
   *
   * @returns The teardown: cancels the request if it is still waiting.
   */
  private start<T>(
    method: string,
    params: object | undefined,
    schema: McpSchema<T>,
    options: McpPeerRequestOptions<T> | undefined,
    progress: boolean,
    onResult: (result: T) => void,
    subscriber: Subscriber<never> | Subscriber<McpRequestEvent<T>>,
  ): TeardownLogic {
    if (this.closedWith !== null) {
      subscriber.error(this.closedWith.error);
      return;
    }
    const id = this.nextId;
    const sent = progress ? withProgressToken(params, id) : params;
    // Checked here, not left to the transport: a serializer that throws in the transport's
    // next() may end the whole connection (RxJS webSocket() does), and this is one request's fault.
    const failure = serializationFailure(sent);
    if (failure !== null) {
      subscriber.error(failure.error);
      return;
    }
    this.nextId++;
    // The caller's options object as given: nothing is built for them on the path of every call.
    const cancellable = options?.cancellable ?? true;
    const timeout = options?.timeout ?? this.config.requestTimeout;
    const resultSchema = options?.schema ?? schema;
    let idleTimer: Subscription | null = null;
    let totalTimer: Subscription | null = null;
    const settle = (): void => {
      this.pending.delete(id);
      idleTimer?.unsubscribe();
      totalTimer?.unsubscribe();
    };
    const cancel = (reason: string): void => {
      settle();
      if (cancellable) this.notify('notifications/cancelled', { requestId: id, reason });
    };
    const expire = (ms: number): void => {
      cancel(`Request timed out after ${ms} ms`);
      subscriber.error(new McpTimeoutError(method, ms));
    };
    const armIdleTimer = (): void => {
      idleTimer?.unsubscribe();
      idleTimer = this.deadline(timeout, () => {
        expire(timeout);
      });
    };
    this.pending.set(id, {
      answer: (message) => {
        settle();
        if ('error' in message) {
          subscriber.error(toMcpError(message.error));
          return;
        }
        const parsed = parseWith(resultSchema, message.result);
        if (!parsed.ok) {
          subscriber.error(new McpProtocolError(method, `Invalid result for ${method}: ${parsed.reason}`));
          return;
        }
        onResult(parsed.value);
      },
      progress: progress
        ? (event) => {
            if (options?.resetTimeoutOnProgress !== false) armIdleTimer();
            (subscriber as Subscriber<McpRequestEvent<T>>).next(event);
          }
        : null,
      abort: (error) => {
        settle();
        subscriber.error(error);
      },
    });
    armIdleTimer();
    const maxTotal = options?.maxTotalTimeout ?? Infinity;
    totalTimer = this.deadline(maxTotal, () => {
      expire(maxTotal);
    });
    this.send(
      sent === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params: sent },
    );
    return () => {
      if (this.pending.has(id)) cancel('The client unsubscribed');
    };
  }

  /**
   * The progress the server sends for `token`, while subscribed, whether or not a request of
   * this peer is waiting for it: a task's progress token stays valid after the request that
   * created the task was answered. Completes when the peer closes.
   *
   * @param token The progress token sent in a request's `_meta`.
   * @returns Progress events.
   */
  progressOf(token: string | number): Observable<McpProgressEvent> {
    return new Observable<McpProgressEvent>((subscriber) => {
      if (this.closedWith !== null) {
        subscriber.complete();
        return;
      }
      const listeners = this.progressListeners.get(token) ?? new Set<Subscriber<McpProgressEvent>>();
      this.progressListeners.set(token, listeners);
      listeners.add(subscriber);
      return () => {
        listeners.delete(subscriber);
        if (listeners.size === 0) this.progressListeners.delete(token);
      };
    });
  }

  /**
   * Ends the peer: pending requests fail with `error`, server requests being answered are
   * stopped, `notifications$` completes, and nothing more is sent. Idempotent.
   *
   * @param error What pending requests fail with. Default `McpSessionClosedError`.
   */
  close(error: unknown = new McpSessionClosedError()): void {
    if (this.closedWith !== null) return;
    this.closedWith = { error };
    // Each entry removes itself from its map.
    for (const entry of [...this.pending.values()]) entry.abort(error);
    for (const stop of [...this.served.values()]) stop();
    for (const listeners of [...this.progressListeners.values()]) {
      for (const listener of [...listeners]) listener.complete();
    }
    this.notifications.complete();
  }

  private send(message: JsonRpcMessage): void {
    if (this.closedWith === null) this.transport.next(message);
  }

  private deadline(ms: number, onExpiry: () => void): Subscription | null {
    if (!Number.isFinite(ms)) return null;
    // The scheduler's action itself, not timer(): one allocation less per request. Chained past
    // a host timer's limit (2^31 - 1 ms), so a long timeout does not end at once.
    return scheduleAfter(this.config.scheduler, ms, onExpiry);
  }

  private onNotification(method: string, params: Record<string, unknown> | undefined): void {
    if (method === 'notifications/progress') {
      const parsed = ProgressNotificationParamsSchema.safeParse(params);
      if (parsed.success) {
        const { progressToken, progress, total, message } = parsed.data;
        const event: McpProgressEvent = {
          type: 'progress',
          progress,
          ...(total === undefined ? {} : { total }),
          ...(message === undefined ? {} : { message }),
        };
        this.pending.get(progressToken)?.progress?.(event);
        const listeners = this.progressListeners.get(progressToken);
        if (listeners !== undefined) for (const listener of [...listeners]) listener.next(event);
      }
    } else if (method === 'notifications/cancelled') {
      const parsed = CancelledNotificationParamsSchema.safeParse(params);
      if (parsed.success && parsed.data.requestId !== undefined) this.served.get(parsed.data.requestId)?.();
    }
    this.notifications.next(params === undefined ? { method } : { method, params });
  }

  private onRequest(id: unknown, method: string, params: unknown): void {
    if (this.served.has(id)) return;
    const controller = new AbortController();
    // first() lets one answer through, and a stopped request is unsubscribed: reply runs once.
    const state = { answered: false };
    const reply = (message: JsonRpcMessage): void => {
      state.answered = true;
      this.served.delete(id);
      this.send(message);
    };
    const requestId = typeof id === 'number' ? id : String(id);
    const subscription = defer(() =>
      this.config.handleRequest(method, params, { requestId, signal: controller.signal }),
    )
      .pipe(first())
      .subscribe({
        next: (result) => {
          const failure = serializationFailure(result);
          reply(
            failure === null
              ? { jsonrpc: '2.0', id: requestId, result: result ?? {} }
              : { jsonrpc: '2.0', id: requestId, error: toJsonRpcError(failure.error) },
          );
        },
        error: (error: unknown) => {
          reply({ jsonrpc: '2.0', id: requestId, error: toJsonRpcError(error) });
        },
      });
    if (state.answered) return;
    this.served.set(id, () => {
      this.served.delete(id);
      subscription.unsubscribe();
      controller.abort();
    });
  }
}

function withProgressToken(params: object | undefined, token: number): Record<string, unknown> {
  const meta: unknown = (params as { _meta?: unknown } | undefined)?._meta;
  // The caller's params and _meta are copied, never changed: they may be sent again.
  return { ...params, _meta: isRecord(meta) ? { ...meta, progressToken: token } : { progressToken: token } };
}

/**
 * What JSON.stringify throws for a value it cannot carry (a BigInt, a cycle, a throwing
 * `toJSON`), or `null` when it can (`undefined`, absent params, is carried as nothing).
 */
function serializationFailure(value: unknown): { error: unknown } | null {
  try {
    JSON.stringify(value);
    return null;
  } catch (error) {
    return { error };
  }
}
