// Helpers for the session's marble tests on the public fake MCP server (rxjs-mcp-stdio/testing):
// open a session on it, compare errors by shape, and read what the client sent after the
// handshake. The TestScheduler itself comes from spec/support/marbles.ts.
import {
  catchError,
  concat,
  filter,
  Observable,
  of,
  switchMap,
  takeWhile,
  throwError,
  type Subscription,
} from 'rxjs';
import type { JsonRpcMessage } from '../../lib/transport/JsonRpcMessage.js';
import { mcpSession, McpError, type McpSession, type McpSessionOptions } from '../../lib/session/index.js';
import type { FakeMcpServer } from '../../lib/testing/index.js';

/** A message as the tests read it: the params as a record. */
export interface SentMessage extends JsonRpcMessage {
  params?: Record<string, unknown>;
}

/** An error reduced to what the tests compare: name and message (and code/data for McpError). */
export interface ErrorShape {
  name: string;
  message: string;
  code?: number;
  data?: unknown;
}

/** Reduces an error to its name and message (plus code and data of an `McpError`). */
export function errorShape(error: unknown): ErrorShape {
  if (error instanceof McpError) {
    return error.data === undefined
      ? { name: error.name, message: error.message, code: error.code }
      : { name: error.name, message: error.message, code: error.code, data: error.data };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'non-error', message: String(error) };
}

/** Makes an Observable's error comparable in marbles: it errors with `errorShape(error)`. */
export function shapeErrors<T>(source: Observable<T>): Observable<T> {
  return source.pipe(catchError((error: unknown) => throwError(() => errorShape(error))));
}

/**
 * Opens a session on the fake and switches to what `use` makes of it; completes (ending the
 * session) when that completes. Errors are reduced to their shape.
 */
export function withSession<T>(
  server: FakeMcpServer,
  options: McpSessionOptions,
  use: (session: McpSession) => Observable<T>,
): Observable<T> {
  const done = Symbol('done');
  return shapeErrors(
    mcpSession(server.transport, options).pipe(
      switchMap((session) => concat(use(session), of(done))),
      takeWhile((value): value is T => value !== done),
    ),
  );
}

/**
 * Opens a session whose handshake the fake answers at once, for tests that need the session to
 * outlive their requests. Call inside `TestScheduler.run`; unsubscribe the subscription to end it.
 */
export function openSession(
  server: FakeMcpServer,
  options: McpSessionOptions,
): { session: McpSession; subscription: Subscription } {
  let session: McpSession | undefined;
  const subscription = mcpSession(server.transport, options).subscribe({
    next: (ready) => {
      session = ready;
    },
    error: () => undefined,
  });
  if (session === undefined) throw new Error('The handshake did not complete synchronously');
  return { session, subscription };
}

/** What the client sent after the handshake (`server.received$` without `initialize` and `notifications/initialized`). */
export function afterHandshake(server: FakeMcpServer): Observable<SentMessage> {
  return server.received$.pipe(
    filter((m) => m.method !== 'initialize' && m.method !== 'notifications/initialized'),
  ) as Observable<SentMessage>;
}

/** Sends a raw frame to the client on the fake's open connection (a request with an id of the test's choosing, a reply out of turn). */
export function sendFrame(server: FakeMcpServer, frame: JsonRpcMessage): void {
  const connection = server.current;
  if (connection === undefined) throw new Error('The fake has no open connection');
  connection.frames.next(frame);
}

/** A request frame from the server, with an id of the test's choosing (send it with `sendFrame`). */
export function serverRequest(
  id: number | string,
  method: string,
  params?: Record<string, unknown>,
): JsonRpcMessage {
  return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
}
