/**
 * The least of a MessagePort that this entry uses, written structurally so that the three
 * runtimes' ports fit without importing any of them: a Web `MessagePort` (pages, workers,
 * iframes, an Electron renderer), Electron's `MessagePortMain` (the main process) and Node's
 * `worker_threads` `MessagePort`. Two event styles exist: DOM events (`addEventListener`, the
 * message in `event.data`; Node's port has these too) and Node emitters (`on('message')`,
 * Electron's `MessagePortMain` passes `{ data, ports }`).
 */

/** What a DOM `message` event carries here. */
export interface MessageEventLike {
  /** The structured-clone copy of what the other side posted. */
  readonly data: unknown;
}

/**
 * A port with DOM events: Web `MessagePort`, and Node's `worker_threads` `MessagePort`.
 *
 * @example
 * ```ts
 * const { port1 }: { port1: WebMessagePortLike } = new MessageChannel();
 * ```
 */
export interface WebMessagePortLike {
  /** Posts one message to the other side (structured clone). */
  postMessage(message: unknown): void;
  /** Starts delivery of the queued messages (a port started by `addEventListener` must be). */
  start(): void;
  /** Disentangles the port: the other side can no longer post to it. */
  close(): void;
  /** Listens to messages, and to messages that could not be deserialized. */
  addEventListener(type: 'message' | 'messageerror', listener: (event: MessageEventLike) => void): void;
  /** Listens to the other side going away (Node; Chromium; not every browser). */
  addEventListener(type: 'close', listener: () => void): void;
  /** Stops a `message` or `messageerror` listener. */
  removeEventListener(type: 'message' | 'messageerror', listener: (event: MessageEventLike) => void): void;
  /** Stops a `close` listener. */
  removeEventListener(type: 'close', listener: () => void): void;
}

/**
 * A port with Node emitter events: Electron's `MessagePortMain` (`'message'` passes
 * `{ data, ports }`, `'close'` when the other side is gone).
 *
 * @example
 * ```ts
 * const { port1 }: { port1: EmitterMessagePortLike } = new MessageChannelMain();
 * ```
 */
export interface EmitterMessagePortLike {
  /** Posts one message to the other side (structured clone). */
  postMessage(message: unknown): void;
  /** Starts delivery of the queued messages (Electron's ports queue until started). */
  start(): void;
  /** Disentangles the port: the other side gets `'close'`. */
  close(): void;
  /** Listens to messages: the listener gets an event whose `data` is the message. */
  on(event: 'message', listener: (event: unknown) => void): unknown;
  /** Listens to the other side going away. */
  on(event: 'close', listener: () => void): unknown;
  /** Stops a `message` listener. */
  removeListener(event: 'message', listener: (event: unknown) => void): unknown;
  /** Stops a `close` listener. */
  removeListener(event: 'close', listener: () => void): unknown;
}

/**
 * Any MessagePort this entry runs on: a Web `MessagePort`, Electron's `MessagePortMain`, or
 * Node's `worker_threads` `MessagePort`.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel();
 * serveMessagePort(port1, fromStdioServer(params)).subscribe();
 * mcpSession(fromMessagePort(port2)).subscribe((session) => console.log(session.serverInfo));
 * ```
 */
export type MessagePortLike = WebMessagePortLike | EmitterMessagePortLike;
