/**
 * What travels on a port between the page's side (`fromMessagePort`) and the owner's side
 * (`serveMessagePort`). Two kinds of messages, told apart by their type:
 *
 * - a JSON-RPC message is a string, its JSON text: the same encoding as on stdio and on a
 *   WebSocket, so a message means the same on every transport (no `undefined`, `Date` or `Map`
 *   that JSON would not carry) and no message can fail to clone;
 * - a signal is an object `{ rxjsMcpPort: name, ... }`, which no JSON-RPC message is.
 *
 * The page's signals: `connect` (start a connection: the owner subscribes its server; carries
 * the connection's number, which the owner's `connected` and `end` repeat, so that a page
 * that left a connection and started the next one before the owner heard of it ignores what
 * the owner still says about the old one),
 * `disconnect` (the page left: the owner unsubscribes, which shuts the server down), `complete`
 * (the polite goodbye: the owner completes the server's input), `pong` (an answer to `ping`).
 * The owner's: `connected` (the connection is open; what follows belongs to it; carries the
 * heartbeat interval), `end` (the server's stream ended; carries its error, if any), `ping`,
 * `close` (the owner closes the port for good). A page closes its port, and the owner hears it
 * from the port's `'close'` event or the heartbeat. A port delivers in order, so a message
 * posted after a signal is read after it, and nothing posted before the other side listens is
 * lost: ports queue until started.
 */
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import type { MessagePortLike } from './MessagePortLike.js';

/** The key that marks a signal. */
export const SIGNAL_KEY = 'rxjsMcpPort';

/** The signals of the page's side. */
export type PageSignal = 'connect' | 'disconnect' | 'complete' | 'pong';
/** The signals of the owner's side. */
export type OwnerSignal = 'connected' | 'end' | 'ping' | 'close';

/** An error as it crosses a port: its name and message (an Error object does not clone whole). */
export interface PortErrorInfo {
  /** The error's `name`, e.g. `'StdioServerExitError'`. */
  name: string;
  /** The error's `message`. */
  message: string;
}

/** A signal as posted. */
export interface PortSignal<S extends string = string> {
  /** Which signal. */
  [SIGNAL_KEY]: S;
  /** `connect`, `connected`, `end`: the page's number of the connection. */
  connection?: number;
  /** `connected`: the owner's heartbeat interval in ms (0: none). */
  heartbeat?: number;
  /** `end`: why the server's stream ended, when it failed. */
  error?: PortErrorInfo;
}

/**
 * A message of the port that was skipped: not a JSON-RPC message, not JSON, or a signal that
 * makes no sense here. Reported (to `malformedObserver` on the page's side, as an event on the
 * owner's); the connection goes on.
 */
export interface MalformedPortMessage {
  /** Why it was skipped. */
  reason: string;
  /** The start of the message as text, cut to at most 256 characters. */
  preview: string;
}

/** What a message of the port is. */
export type ReadMessage =
  | { kind: 'frame'; message: JsonRpcMessage }
  | { kind: 'signal'; signal: PortSignal }
  | { kind: 'malformed'; malformed: MalformedPortMessage };

const PREVIEW_LENGTH = 256;
/** Longest error name or message accepted in an `end` signal (a hostile side may send more). */
const MAX_ERROR_TEXT = 64 * 1024;

/**
 * Reads one message of the port.
 *
 * @param data What arrived.
 * @returns A JSON-RPC message, a signal, or why it was skipped.
 */
export function readPortMessage(data: unknown): ReadMessage {
  if (typeof data === 'string') return readFrame(data);
  if (typeof data === 'object' && data !== null && SIGNAL_KEY in data) {
    const signal = data as Record<string, unknown>;
    if (typeof signal[SIGNAL_KEY] === 'string' && validSignalFields(signal)) {
      return { kind: 'signal', signal: signal as unknown as PortSignal };
    }
    return malformed('a signal with fields of the wrong type', data);
  }
  return malformed('not a JSON-RPC message (a string of JSON text) nor a signal', data);
}

function validSignalFields(signal: Record<string, unknown>): boolean {
  const { connection, heartbeat, error } = signal;
  if (connection !== undefined && !Number.isSafeInteger(connection)) return false;
  if (heartbeat !== undefined && (typeof heartbeat !== 'number' || !(heartbeat >= 0))) return false;
  if (error === undefined) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    typeof message === 'string' &&
    name.length <= MAX_ERROR_TEXT &&
    message.length <= MAX_ERROR_TEXT
  );
}

function readFrame(text: string): ReadMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return malformed('not JSON', text);
  }
  if (!isJsonRpcMessage(parsed)) return malformed('not a JSON-RPC 2.0 message', text);
  return { kind: 'frame', message: parsed };
}

/**
 * Whether a value is a JSON-RPC 2.0 message: an object with `jsonrpc: '2.0'` that is a request
 * or notification (a string `method`) or a response (an `id` with `result` or `error`).
 *
 * @param value The parsed value.
 * @returns Whether it is one.
 */
export function isJsonRpcMessage(value: unknown): value is JsonRpcMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message['jsonrpc'] !== '2.0') return false;
  if ('method' in message) return typeof message['method'] === 'string';
  return 'id' in message && ('result' in message || 'error' in message);
}

function malformed(reason: string, data: unknown): ReadMessage {
  return { kind: 'malformed', malformed: { reason, preview: previewOf(data) } };
}

/**
 * The start of a value as text, for reports.
 *
 * @param data The value.
 * @returns At most 256 characters.
 */
export function previewOf(data: unknown): string {
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    try {
      // JSON.stringify returns undefined for undefined, a function or a symbol.
      const json = JSON.stringify(data) as string | undefined;
      text = json ?? String(data);
    } catch {
      text = Object.prototype.toString.call(data);
    }
  }
  return text.length > PREVIEW_LENGTH ? text.slice(0, PREVIEW_LENGTH) : text;
}

/**
 * A signal to post.
 *
 * @param signal Which.
 * @param fields Its fields.
 * @returns The message.
 */
export function signal<S extends string>(
  signal: S,
  fields: Omit<PortSignal<S>, typeof SIGNAL_KEY> = {},
): PortSignal<S> {
  return { [SIGNAL_KEY]: signal, ...fields };
}

/**
 * An error as it crosses the port.
 *
 * @param error Any thrown value.
 * @returns Its name and message.
 */
export function errorInfo(error: unknown): PortErrorInfo {
  if (error instanceof Error) {
    return { name: error.name, message: error.message.slice(0, MAX_ERROR_TEXT) };
  }
  return { name: 'Error', message: String(error).slice(0, MAX_ERROR_TEXT) };
}

/**
 * Posts a message, and says whether the port took it. A closed Web port drops messages without
 * a word; Electron's and Node's ports may throw once closed.
 *
 * @param port The port.
 * @param message The message.
 * @returns Whether it was posted.
 */
export function tryPost(port: MessagePortLike, message: unknown): boolean {
  try {
    port.postMessage(message);
    return true;
  } catch {
    return false;
  }
}
