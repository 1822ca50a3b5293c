import { EmptyError } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import { McpError } from './McpError.js';
import { McpErrorCode } from './McpErrorCode.js';

/** The `error` member of a JSON-RPC response. */
export type JsonRpcError = NonNullable<JsonRpcMessage['error']>;

/**
 * Turns the `error` of a server's response into an `McpError` (a malformed one still becomes an
 * `McpError`, with code `-32603` and a generic message, so nothing is lost).
 *
 * @param error The `error` member as received.
 * @returns The error to give the request's subscriber.
 */
export function toMcpError(error: unknown): McpError {
  if (!isRecord(error)) return new McpError(McpErrorCode.InternalError, 'Malformed JSON-RPC error', error);
  const code = typeof error.code === 'number' ? error.code : McpErrorCode.InternalError;
  const message = typeof error.message === 'string' ? error.message : 'Malformed JSON-RPC error';
  return new McpError(code, message, error.data);
}

/**
 * Turns what a handler failed with into the `error` of the answer: an `McpError` as is, anything
 * else as `-32603` (internal error) with its message.
 *
 * @param error What the handler's ObservableInput errored with.
 * @returns The JSON-RPC error to send.
 */
export function toJsonRpcError(error: unknown): JsonRpcError {
  if (error instanceof McpError) {
    return error.data === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, data: error.data };
  }
  if (error instanceof EmptyError) {
    return { code: McpErrorCode.InternalError, message: 'The handler completed without a result' };
  }
  return {
    code: McpErrorCode.InternalError,
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Whether a value is a plain JSON object (not `null`, not an array).
 *
 * @param value Anything received.
 * @returns `true` for an object.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
