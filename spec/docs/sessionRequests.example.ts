import { catchError, map, of, switchMap, take, takeWhile, type Observable } from 'rxjs';
import { McpError, McpTimeoutError, type McpSession } from '../../lib/session/index.js';

/** A long tool call: each progress notification, then the result. */
export function build(session$: Observable<McpSession>): Observable<string> {
  return session$.pipe(
    switchMap((session) => session.callTool('build', { target: 'app' })),
    map((event) =>
      event.type === 'progress'
        ? `${String(event.progress)}/${String(event.total)}`
        : `done: ${event.result.isError === true ? 'failed' : 'ok'}`,
    ),
    takeWhile((line) => !line.startsWith('done'), true),
  );
}

/** Leaving before the answer cancels the call on the server (notifications/cancelled). */
export function firstProgressOnly(session$: Observable<McpSession>): Observable<string> {
  return build(session$).pipe(take(1));
}

/** What went wrong with one call; the session and the other calls go on. */
export function explain(session$: Observable<McpSession>, args: Record<string, unknown>): Observable<string> {
  return session$.pipe(
    switchMap((session) => session.callTool('build', args, { timeout: 50 })),
    map((event) => event.type),
    takeWhile((type) => type !== 'result', true),
    catchError((error: unknown) => {
      if (error instanceof McpError) return of(`server error ${String(error.code)}: ${error.message}`);
      if (error instanceof McpTimeoutError) return of(`timed out: ${error.message}`);
      return of(`not sent: ${error instanceof Error ? error.message : String(error)}`);
    }),
  );
}
