/**
 * Fakes for the marble tests of the port entry, on a scheduler: an entangled pair of ports in
 * either event style, and a server transport that records its connections.
 *
 * The ports behave as the runtimes' do where it matters: delivery is asynchronous (after
 * `latency` ms) and in order, messages wait in the receiving port until it is started, a message
 * is a structured-clone copy (`structuredClone`, so a function throws `DataCloneError` like a real
 * port), and nothing reaches a closed port. `closeEvent` says whether the runtime reports the
 * other side's end: Node's and Electron's ports do, Chromium's (156, measured) does not.
 */
import { Observable, Subject, type SchedulerLike, type Subscriber } from 'rxjs';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import type { McpTransport } from '../../lib/session/index.js';

/** How a fake pair behaves. */
export interface FakePortOptions {
  /** `'dom'`: addEventListener, `event.data` (Web, worker_threads); `'emitter'`: on(), `{ data }` (Electron). */
  style?: 'dom' | 'emitter';
  /** Whether a port hears `'close'` when the other one closes or its realm goes away. */
  closeEvent?: boolean;
  /** Virtual ms from `postMessage` to delivery. */
  latency?: number;
}

/** A listener of any event type (each runtime types its own events). */
type Listener = (event: never) => void;

/** One end of a fake channel. */
export class FakePort {
  /** Every message this end posted, in order (what a hostile peer test inspects). */
  readonly posted: unknown[] = [];
  other!: FakePort;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly waiting: unknown[] = [];
  private readonly inFlight: { due: number; messages: unknown[] }[] = [];
  private started = false;
  /** Closed by `close()`, or its realm went away (`destroy()`). */
  closed = false;
  /** How many times `start()` was called. */
  starts = 0;

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly options: Required<FakePortOptions>,
  ) {}

  /** Set to make `postMessage` throw, as Electron's and Node's closed ports may. */
  throwOnPost: Error | null = null;

  postMessage(message: unknown): void {
    if (this.throwOnPost !== null) throw this.throwOnPost;
    if (this.closed) return;
    const copy = structuredClone(message);
    this.posted.push(copy);
    // Messages due at the same time travel in one scheduled action (a flood would otherwise
    // cost the virtual scheduler a sort per message).
    const due = this.scheduler.now() + this.options.latency;
    const last = this.inFlight.at(-1);
    if (last !== undefined && last.due === due) {
      last.messages.push(copy);
      return;
    }
    const batch = { due, messages: [copy] };
    this.inFlight.push(batch);
    const target = this.other;
    this.scheduler.schedule(() => {
      this.inFlight.shift();
      for (const m of batch.messages) target.arrive(m);
    }, this.options.latency);
  }

  start(): void {
    this.starts++;
    if (this.started || this.closed) return;
    this.started = true;
    const queued = this.waiting.splice(0);
    for (const message of queued) this.dispatch(message);
  }

  close(): void {
    this.end(true);
  }

  /**
   * The realm of this end went away (a reload, a terminated worker): the port is closed and its
   * listeners never run again; the other end hears `'close'` where the runtime says so.
   */
  destroy(): void {
    this.listeners.clear();
    this.end(false);
  }

  /** Fires a `'message'` event as given, not wrapped in the style's event shape. */
  fireRawMessage(event: unknown): void {
    this.fire('message', event);
  }

  /** A message arrived that could not be deserialized (Web ports fire `messageerror`). */
  fireMessageError(): void {
    this.fire('messageerror', { data: null });
  }

  /** How many listeners of an event type this end has. */
  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  private end(own: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (this.options.closeEvent) {
      if (own) this.fire('close', undefined);
      const other = this.other;
      this.scheduler.schedule(() => {
        if (!other.closed) {
          other.closed = true;
          other.fire('close', undefined);
        }
      }, this.options.latency);
    }
  }

  private arrive(message: unknown): void {
    if (this.closed) return;
    if (this.started) this.dispatch(message);
    else this.waiting.push(message);
  }

  private dispatch(message: unknown): void {
    this.fire('message', this.options.style === 'dom' ? { data: message } : { data: message, ports: [] });
  }

  private fire(type: string, event: unknown): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) (listener as (e: unknown) => void)(event);
  }

  protected add(type: string, listener: Listener): void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  protected remove(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }
}

/** A fake Web (or worker_threads) port: DOM events. */
class FakeDomPort extends FakePort {
  addEventListener(type: string, listener: Listener): void {
    this.add(type, listener);
  }
  removeEventListener(type: string, listener: Listener): void {
    this.remove(type, listener);
  }
}

/** A fake Electron `MessagePortMain`: emitter events. */
class FakeEmitterPort extends FakePort {
  on(type: string, listener: Listener): this {
    this.add(type, listener);
    return this;
  }
  removeListener(type: string, listener: Listener): this {
    this.remove(type, listener);
    return this;
  }
}

/** An entangled pair: `[page, owner]`. */
export function fakePortPair(
  scheduler: SchedulerLike,
  options: FakePortOptions = {},
): [FakeDomPort | FakeEmitterPort, FakeDomPort | FakeEmitterPort] {
  const resolved = { style: 'dom' as const, closeEvent: false, latency: 1, ...options };
  const make = (): FakeDomPort | FakeEmitterPort =>
    resolved.style === 'dom'
      ? new FakeDomPort(scheduler, resolved)
      : new FakeEmitterPort(scheduler, resolved);
  const page = make();
  const owner = make();
  page.other = owner;
  owner.other = page;
  return [page, owner];
}

/** One subscription of a recording server: what it received, and how it ended. */
export interface RecordedConnection {
  readonly start: number;
  end: { time: number; how: 'unsubscribed' | 'completed' } | null;
  readonly received: { time: number; message: JsonRpcMessage }[];
  /** `complete()` was called on the transport during this connection. */
  completeCalledAt: number | null;
}

/** A server transport that records each subscription ("process") and lets the test drive it. */
export interface RecordingServer extends McpTransport {
  readonly connections: RecordedConnection[];
  /** The server writes a message to its current subscribers. */
  emit(message: JsonRpcMessage): void;
  /** The server crashes: its subscribers error. */
  crash(error: unknown): void;
  /** The server exits cleanly: its subscribers complete. */
  exit(): void;
}

/** A recording server on `scheduler`'s clock. `complete()` makes it exit after `exitDelay` ms. */
export function recordingServer(scheduler: SchedulerLike, exitDelay = 0): RecordingServer {
  const connections: RecordedConnection[] = [];
  let frames = new Subject<JsonRpcMessage>();
  let current: RecordedConnection | null = null;
  const finish = (how: 'unsubscribed' | 'completed'): void => {
    if (current !== null) current.end = { time: scheduler.now(), how };
    current = null;
  };
  const server = new Observable<JsonRpcMessage>((subscriber: Subscriber<JsonRpcMessage>) => {
    if (current === null) {
      current = { start: scheduler.now(), end: null, received: [], completeCalledAt: null };
      connections.push(current);
      frames = new Subject<JsonRpcMessage>();
    }
    const inner = frames.subscribe(subscriber);
    return () => {
      inner.unsubscribe();
      if (!frames.observed && current !== null) finish('unsubscribed');
    };
  });
  return Object.assign(server, {
    connections,
    next(message: JsonRpcMessage) {
      current?.received.push({ time: scheduler.now(), message });
    },
    complete() {
      if (current === null) return;
      current.completeCalledAt = scheduler.now();
      const ending = frames;
      scheduler.schedule(() => {
        finish('completed');
        ending.complete();
      }, exitDelay);
    },
    emit(message: JsonRpcMessage) {
      frames.next(message);
    },
    crash(error: unknown) {
      finish('completed');
      frames.error(error);
    },
    exit() {
      finish('completed');
      frames.complete();
    },
  });
}

/** A JSON-RPC request with a numeric id. */
export const request = (id: number, method = 'ping'): JsonRpcMessage => ({ jsonrpc: '2.0', id, method });
/** A JSON-RPC notification. */
export const notification = (n: number): JsonRpcMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { n },
});
