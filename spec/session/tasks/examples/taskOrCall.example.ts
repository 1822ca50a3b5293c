// docs/tasks.md example: taskOrCall.example.ts
import { catchError, takeUntil, throwError, type Observable } from 'rxjs';
import { McpTaskError, type McpSession } from '../../../../lib/session/index.js';

/**
 * Runs a tool as a task where the server and the tool allow it, else as a plain call; stops (and
 * cancels the task on the server) when `cancel$` emits.
 */
export function runTool(
  session: McpSession,
  name: string,
  args: Record<string, unknown>,
  cancel$: Observable<unknown>,
) {
  return session.callToolTask(name, args).pipe(
    catchError((error: unknown) =>
      error instanceof McpTaskError && error.reason === 'unsupported'
        ? session.callTool(name, args)
        : throwError(() => error),
    ),
    takeUntil(cancel$),
  );
}
