// The tool list the session needs for its own checks (output schemas, task support). It is fetched
// on the first call that needs it and then kept live (through `tools$`, so it follows
// `notifications/tools/list_changed`) until the session ends, so later calls find it at once.
import { catchError, map, of, take, type Observable, type Subscription } from 'rxjs';
import type { Tool } from './McpTypes.js';

/**
 * Finds tools by name in the server's live tool list.
 *
 * @param tools$ The session's `tools$`.
 * @returns A lookup: the tool, or `undefined` when it is not listed or the list cannot be read.
 */
export function toolLookup(tools$: Observable<Tool[]>): (name: string) => Observable<Tool | undefined> {
  let kept: Subscription | null = null;
  return (name) => {
    // One subscription keeps the shared list warm; it ends with the list (the session's end) and
    // is taken again after a failed fetch.
    if (kept === null || kept.closed) {
      kept = tools$.subscribe({ error: () => undefined });
    }
    return tools$.pipe(
      take(1),
      map((tools) => tools.find((tool) => tool.name === name)),
      // A list that cannot be read must not fail the call: the server still answers it.
      catchError(() => of(undefined)),
    );
  };
}
