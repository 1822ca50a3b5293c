/**
 * What the relay accepts from a page: one JSON-RPC 2.0 message per WebSocket text frame, with no
 * member beyond the ones JSON-RPC defines. Anything else (a batch, a stray `command` field) is
 * never forwarded: the relay closes the socket instead, so a page can send the server nothing
 * but protocol messages.
 */
import type { JsonRpcMessage } from '../session/index.js';

const JSON_RPC_MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params', 'result', 'error']);
/** The longest reason kept, in characters (a close reason is at most 123 bytes). */
const REASON_LENGTH = 100;

/** A parsed page message: the message, or why it was refused. */
export type ClientMessage =
  | {
      /** Accepted. */
      ok: true;
      /** The message, to forward as is. */
      message: JsonRpcMessage;
    }
  | {
      /** Refused. */
      ok: false;
      /** Why, in a few words (it becomes the close reason). */
      reason: string;
    };

/**
 * Parses and checks one text frame from a page.
 *
 * @param text The frame.
 * @returns The message, or the reason it is refused.
 */
export function parseClientMessage(text: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'Not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'Not a single JSON-RPC message' };
  }
  const record = value as Record<string, unknown>;
  if (record['jsonrpc'] !== '2.0') return { ok: false, reason: 'Not JSON-RPC 2.0' };
  const extra = Object.keys(record).filter((key) => !JSON_RPC_MEMBERS.has(key));
  if (extra.length > 0) {
    return {
      ok: false,
      reason: `Unexpected member(s): ${extra.slice(0, 3).join(', ')}`.slice(0, REASON_LENGTH),
    };
  }
  if (record['method'] !== undefined && typeof record['method'] !== 'string') {
    return { ok: false, reason: 'method must be a string' };
  }
  return { ok: true, message: record as unknown as JsonRpcMessage };
}
