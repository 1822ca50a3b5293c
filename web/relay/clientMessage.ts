/**
 * What the relay accepts from a browser: one JSON-RPC 2.0 message per WebSocket text frame, with
 * no member beyond the ones JSON-RPC defines. Anything else (a batch, a stray `command` field,
 * binary data) is not forwarded at all: the relay closes the socket instead, so no client can
 * smuggle anything to the server process but protocol messages.
 */
import type { JsonRpcMessage } from 'rxjs-mcp-stdio';

const JSON_RPC_MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params', 'result', 'error']);

/** A parsed client frame: the message, or why it was refused. */
export type ClientMessage = { ok: true; message: JsonRpcMessage } | { ok: false; reason: string };

/** Parses and checks one text frame from the browser. */
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
    return { ok: false, reason: `Unexpected member(s): ${extra.slice(0, 3).join(', ')}`.slice(0, 100) };
  }
  if (record['method'] !== undefined && typeof record['method'] !== 'string') {
    return { ok: false, reason: 'method must be a string' };
  }
  return { ok: true, message: record as unknown as JsonRpcMessage };
}
