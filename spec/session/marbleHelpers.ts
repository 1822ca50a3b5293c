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
import { mcpSession, McpError, type McpSession, type McpSessionOptions } from '../../lib/session/index.js';
import type { ScriptedServer } from './scriptedServer.js';

/** An error reduced to what the tests compare: name and message (and code/data for McpError). */
export interface ErrorShape {
  name: string;
  message: string;
  code?: number;
  data?: unknown;
}

/**
 * Reduces an error to its name and message (plus code and data of an `McpError`).
 *
 * @param error The error.
 * @returns Its shape.
 */
export function errorShape(error: unknown): ErrorShape {
  if (error instanceof McpError) {
    return error.data === undefined
      ? { name: error.name, message: error.message, code: error.code }
      : { name: error.name, message: error.message, code: error.code, data: error.data };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'non-error', message: String(error) };
}

/**
 * Makes an Observable's error comparable in marbles: it errors with `errorShape(error)`.
 *
 * @param source The Observable.
 * @returns The same values, the error reduced to its shape.
 */
export function shapeErrors<T>(source: Observable<T>): Observable<T> {
  return source.pipe(catchError((error: unknown) => throwError(() => errorShape(error))));
}

/**
 * Opens a session on the scripted server and switches to what `use` makes of it; completes
 * (ending the session) when that completes.
 *
 * @param server The scripted server.
 * @param options Session options (the scheduler is the test scheduler's).
 * @param use What to do with the session.
 * @returns The result of `use`, errors reduced to their shape.
 */
export function withSession<T>(
  server: ScriptedServer,
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
 * Opens a session whose handshake the server answers at once (the default script), for tests
 * that need the session to outlive their requests. Call inside `TestScheduler.run`.
 *
 * @param server The scripted server.
 * @param options Session options.
 * @returns The ready session and the subscription that keeps it open.
 */
export function openSession(
  server: ScriptedServer,
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

/**
 * The messages the client sent after the handshake.
 *
 * @param sent$ `server.sent$`.
 * @returns Everything but `initialize` and `notifications/initialized`.
 */
export function afterHandshake<T extends { method?: string }>(sent$: Observable<T>): Observable<T> {
  return sent$.pipe(filter((m) => m.method !== 'initialize' && m.method !== 'notifications/initialized'));
}
