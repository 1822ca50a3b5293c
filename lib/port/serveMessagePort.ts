/**
 * The owner's side of a port: one connection at a time, each a subscription to the server
 * transport. While a page is connected the owner pings it; a ping still unanswered at the next
 * one means the page is gone (a Web port says nothing when the other realm dies, in most
 * browsers), and its server is dropped like on a `disconnect`.
 */
import { asyncScheduler, Observable, repeat, Subscription, type SchedulerLike } from 'rxjs';
import type { McpTransport } from '../session/index.js';
import { boundedTimer } from '../transport/timing/boundedTimer.js';
import { claimTransport } from '../session/transportClaim.js';
import type { MessagePortLike } from './MessagePortLike.js';
import { portEvents, type PortEvent } from './portEvents.js';
import {
  errorInfo,
  readPortMessage,
  signal,
  tryPost,
  type MalformedPortMessage,
  type OwnerSignal,
  type PortSignal,
} from './portProtocol.js';

/** The default of `ServeMessagePortConfig.heartbeat`, in ms. */
export const DEFAULT_PORT_HEARTBEAT = 10_000;

/** The default of `ServeMessagePortConfig.maxConnects`: connects taken in any 10 s. */
export const DEFAULT_PORT_MAX_CONNECTS = 10;

/** The window of `maxConnects`, in ms. */
const CONNECT_WINDOW = 10_000;

/**
 * How the owner's side of a port behaves (`serveMessagePort(port, server, config)`).
 *
 * @example
 * ```ts
 * serveMessagePort(port, fromStdioServer(params), { heartbeat: 30_000 }).subscribe();
 * ```
 */
export interface ServeMessagePortConfig {
  /**
   * The ms between pings while a page is connected. A page that has not answered by the next
   * ping (any message counts) is taken for gone: its server is dropped and the port closed (a
   * page that was only busy gets a `'closed'` error). Set it above the longest time the page's
   * event loop may stay busy. `0` turns pings off (a port whose runtime reports the other side's
   * end, like Electron's and Node's, still ends the connection). Default 10 000.
   */
  heartbeat?: number;
  /**
   * The most connects taken in any 10 s. Each connect starts the server (a process, for
   * `fromStdioServer()`), so a page that connects in a loop would start process after process; a
   * connect past the limit is refused (a `malformed` event, and the page's subscribers get a
   * `MessagePortError`) and starts nothing. Default 10.
   */
  maxConnects?: number;
  /** The scheduler of the pings and of the connect limit's window. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/** Why a connection of `serveMessagePort()` ended. */
export type MessagePortDisconnectReason =
  /** The page left: its last subscriber unsubscribed, or it called `error()`. */
  | 'page'
  /** The server's stream completed (after the page's `complete()`, or the server exited cleanly). */
  | 'complete'
  /** The server's stream errored (a crash, a failed spawn): `error` says what. */
  | 'error'
  /** The page did not answer a ping by the next one: serving ends too. */
  | 'unresponsive'
  /** The port closed, or the owner stopped serving. */
  | 'closed';

/** A page connected: the server was subscribed. */
export interface MessagePortConnectedEvent {
  /** Discriminant. */
  type: 'connected';
}

/** A connection ended and the server was unsubscribed (its shutdown runs on its own). */
export interface MessagePortDisconnectedEvent {
  /** Discriminant. */
  type: 'disconnected';
  /** Why. */
  reason: MessagePortDisconnectReason;
  /** With `'error'`: the server's error. */
  error?: unknown;
}

/** A message from the page was skipped; the connection goes on. */
export interface MessagePortMalformedEvent extends MalformedPortMessage {
  /** Discriminant. */
  type: 'malformed';
}

/** What happens on a served port. */
export type MessagePortServeEvent =
  MessagePortConnectedEvent | MessagePortDisconnectedEvent | MessagePortMalformedEvent;

type State = 'idle' | 'connected' | 'ended';

/**
 * The owner's side of a MessagePort: connects the page on the other end (`fromMessagePort()`)
 * to a server transport, such as `fromStdioServer(params)`, `webSocket()` or a fake. Nothing
 * happens until subscribed. Each connection of the page subscribes the server (a fresh process
 * for `fromStdioServer()`), and its end unsubscribes it, which runs the server's shutdown:
 * the page's last subscriber leaving, the page's realm going away (a renderer reload, a worker
 * terminated: the port's `'close'` event where the runtime has one, the heartbeat elsewhere),
 * or the port closing. Serving ends with the port: when it closes, when the page does not answer
 * the heartbeat, or when the subscriber unsubscribes (the page is told, the port closed, the
 * server dropped). The Observable emits what happens and completes when the port has closed.
 *
 * One protocol session per server: the server transport is claimed while served, so a second
 * port (or an `mcpSession()`) on the same transport errors with `McpTransportInUseError`. Give
 * each port its own `fromStdioServer()` subject. Messages that are not JSON-RPC are reported
 * as `malformed` events and skipped.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannelMain();
 * serveMessagePort(port1, fromStdioServer({ command: 'my-mcp-server' })).subscribe((e) => console.log(e.type));
 * window.webContents.postMessage('mcp:port', null, [port2]);
 * ```
 *
 * @param port The owner's end of the port.
 * @param server The server transport (a subject of JSON-RPC messages).
 * @param config Heartbeat, connect limit and scheduler.
 * @returns What happens on the port, until it closes.
 * @throws RangeError when `config.maxConnects` is under 1.
 */
export function serveMessagePort(
  port: MessagePortLike,
  server: McpTransport,
  config: ServeMessagePortConfig = {},
): Observable<MessagePortServeEvent> {
  const heartbeat = config.heartbeat ?? DEFAULT_PORT_HEARTBEAT;
  const maxConnects = config.maxConnects ?? DEFAULT_PORT_MAX_CONNECTS;
  if (!(maxConnects >= 1)) {
    throw new RangeError(`serveMessagePort(): maxConnects must be 1 or more, not ${String(maxConnects)}`);
  }
  const scheduler = config.scheduler ?? asyncScheduler;
  return new Observable<MessagePortServeEvent>((subscriber) => {
    let release: () => void;
    try {
      release = claimTransport(
        server,
        'serveMessagePort()',
        'Give each port its own server transport (e.g. its own fromStdioServer() subject).',
      );
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
    let state: State = 'idle';
    /** The page's number of the current (or last) connection, repeated in `connected` and `end`. */
    let number: number | undefined;
    let connection = Subscription.EMPTY;
    let portOpen = true;
    /** Whether the page has said anything since the last ping. */
    let answered = true;
    /** When the last connects (at most `maxConnects`) were taken, oldest first. */
    const connectTimes: number[] = [];

    const post = (message: unknown): void => {
      if (portOpen && !tryPost(port, message)) stop('closed', false);
    };
    const malformed = (report: MalformedPortMessage): void => {
      subscriber.next({ type: 'malformed', ...report });
    };
    /** Ends the connection, if there is one: unsubscribes the server (its shutdown runs). */
    const disconnect = (
      after: 'idle' | 'ended',
      reason: MessagePortDisconnectReason,
      error?: unknown,
    ): void => {
      if (state !== 'connected') {
        // The page's `disconnect` after the owner's `end`: its messages count again.
        if (after === 'idle') state = 'idle';
        return;
      }
      state = after;
      connection.unsubscribe();
      subscriber.next({ type: 'disconnected', reason, ...(error === undefined ? {} : { error }) });
    };
    const end = (reason: MessagePortDisconnectReason, error?: unknown): void => {
      post(
        signal<OwnerSignal>('end', {
          connection: number,
          ...(error === undefined ? {} : { error: errorInfo(error) }),
        }),
      );
      disconnect('ended', reason, error);
    };

    const connect = (id: number | undefined): void => {
      if (state === 'connected') {
        malformed({ reason: 'a connect while connected', preview: 'connect' });
        return;
      }
      const now = scheduler.now();
      if (connectTimes.length >= maxConnects && now - (connectTimes[0] ?? now) < CONNECT_WINDOW) {
        const reason = `More than ${maxConnects} connects in ${CONNECT_WINDOW} ms: this one was refused`;
        malformed({ reason, preview: 'connect' });
        post(
          signal<OwnerSignal>('end', {
            connection: id,
            error: { name: 'MessagePortError', message: reason },
          }),
        );
        return;
      }
      connectTimes.push(now);
      if (connectTimes.length > maxConnects) connectTimes.shift();
      state = 'connected';
      number = id;
      answered = true;
      const current = new Subscription();
      connection = current;
      // Before the server's first message: the page drops what it reads before `connected`.
      post(signal<OwnerSignal>('connected', { connection: id, heartbeat }));
      subscriber.next({ type: 'connected' });
      if (heartbeat > 0) {
        current.add(
          boundedTimer(heartbeat, scheduler)
            .pipe(repeat())
            .subscribe(() => {
              if (!answered) {
                stop('unresponsive', true);
                return;
              }
              answered = false;
              post(signal<OwnerSignal>('ping'));
            }),
        );
      }
      current.add(
        server.subscribe({
          next: (message) => {
            if (connection === current) forward(message);
          },
          error: (error: unknown) => {
            if (connection === current) end('error', error);
          },
          complete: () => {
            if (connection === current) end('complete');
          },
        }),
      );
    };
    const forward = (message: unknown): void => {
      let text: string;
      try {
        text = JSON.stringify(message);
      } catch (error) {
        malformed({ reason: `a message of the server JSON cannot carry (${String(error)})`, preview: '' });
        return;
      }
      post(text);
    };

    const receive = (event: PortEvent): void => {
      answered = true;
      if (event.type === 'messageerror') {
        malformed({ reason: 'a message that could not be deserialized', preview: '' });
        return;
      }
      const read = readPortMessage(event.data);
      if (read.kind === 'malformed') malformed(read.malformed);
      else if (read.kind === 'signal') onSignal(read.signal);
      else if (state === 'connected') server.next(read.message);
      // After the owner ended the connection, the page's messages in flight are dropped.
      else if (state === 'idle') malformed({ reason: 'a message outside a connection', preview: '' });
    };
    const onSignal = (received: PortSignal): void => {
      switch (received.rxjsMcpPort) {
        case 'connect':
          connect(received.connection);
          return;
        case 'disconnect':
          disconnect('idle', 'page');
          return;
        case 'complete':
          if (state === 'connected') server.complete();
          return;
        case 'pong':
          return;
      }
      malformed({ reason: `an unexpected signal '${received.rxjsMcpPort}'`, preview: received.rxjsMcpPort });
    };

    /**
     * Serving ends: the connection, if any, with `reason`; the page is told when it may still
     * listen; the port is closed; the Observable completes.
     */
    const stop = (reason: 'closed' | 'unresponsive', tellPage: boolean): void => {
      if (!portOpen) return;
      if (tellPage) tryPost(port, signal<OwnerSignal>('close'));
      portOpen = false;
      disconnect('idle', reason);
      port.close();
      subscriber.complete();
    };

    const events = portEvents(port).subscribe({
      next: receive,
      complete: () => {
        stop('closed', false);
      },
    });
    return () => {
      events.unsubscribe();
      if (portOpen) {
        portOpen = false;
        tryPost(port, signal<OwnerSignal>('close'));
        port.close();
      }
      state = 'idle';
      connection.unsubscribe();
      release();
    };
  });
}
