import type { JsonRpcMessage } from '../../lib/session/index.js';

/** A tool-call-sized argument, with some non-ASCII text so UTF-8 decoding is exercised. */
export const PAYLOAD = 'The quick brown fox jumps over the lazy dog — 0123456789 · Grüße, naïve café ✓';

/** The pattern the echo server's `blob` sends and its `sink` expects (base64-like, no escapes). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function pattern(size: number): string {
  return ALPHABET.repeat(Math.ceil(size / ALPHABET.length)).slice(0, size);
}

export function echoRequest(id: number): JsonRpcMessage {
  return {
    jsonrpc: '2.0',
    id,
    method: 'echo',
    params: { name: 'echo', arguments: { seq: id, text: PAYLOAD } },
  };
}

/** What the echo server answers to `echoRequest(id)`. */
export function echoResponse(id: number): JsonRpcMessage {
  return { jsonrpc: '2.0', id, result: { name: 'echo', arguments: { seq: id, text: PAYLOAD } } };
}

export function pingRequest(id: number): JsonRpcMessage {
  return { jsonrpc: '2.0', id, method: 'ping' };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Why `message` is not the answer to `echoRequest(id)`, or null if it is. */
export function echoMismatch(message: JsonRpcMessage, id: number): string | null {
  if (message.id !== id) return `expected the answer to id ${id}, got id ${JSON.stringify(message.id)}`;
  const args = field(message.result, 'arguments');
  if (field(args, 'seq') !== id || field(args, 'text') !== PAYLOAD) {
    return `the answer to id ${id} does not carry its payload: ${JSON.stringify(message).slice(0, 200)}`;
  }
  return null;
}

/** Why `message` is not the answer to `pingRequest(id)`, or null if it is. */
export function pingMismatch(message: JsonRpcMessage, id: number): string | null {
  if (message.id !== id || typeof message.result !== 'object' || message.result === null) {
    return `expected the ping answer ${id}, got ${JSON.stringify(message).slice(0, 200)}`;
  }
  return null;
}

/** Why `message` is not the `blob` answer of `size` characters, or null if it is. */
export function blobMismatch(message: JsonRpcMessage, id: number, size: number): string | null {
  const data = field(message.result, 'data');
  if (message.id !== id || field(message.result, 'size') !== size || typeof data !== 'string') {
    return `expected the blob answer ${id} of ${size} characters`;
  }
  if (data.length !== size) return `blob of ${data.length} characters, expected ${size}`;
  if (data !== pattern(size)) return 'blob content differs from the pattern';
  return null;
}

/** Why `message` is not the `sink` acknowledgment of `size` pattern characters, or null. */
export function sinkMismatch(message: JsonRpcMessage, id: number, size: number): string | null {
  if (message.id !== id) return `expected the sink answer ${id}, got ${JSON.stringify(message.id)}`;
  if (field(message.result, 'length') !== size)
    return `the server received ${JSON.stringify(message.result)}`;
  if (field(message.result, 'ok') !== true) return 'the server received other bytes than were sent';
  return null;
}
