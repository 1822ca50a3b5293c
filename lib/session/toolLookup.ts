// The tool list the session needs for its own checks (output schemas, task support). It is fetched
// on the first call that needs it and then kept live (through `tools$`, so it follows
// `notifications/tools/list_changed`) until the session ends. The list held is indexed by name,
// so once it is there every call finds its tool at once, without subscribing to anything.
import { catchError, map, of, take, type Observable, type Subscription } from 'rxjs';
import type { Tool } from './McpTypes.js';

/** Finds tools by name in the server's live tool list. */
export interface ToolLookup {
  /**
   * The tool, once the list has been read: emits once, `undefined` when the tool is not listed
   * or the list cannot be read.
   */
  (name: string): Observable<Tool | undefined>;
  /**
   * The tool from the list held now, at once: `undefined` when it is not listed, `null` while no
   * list is held (not read yet, or the session has ended).
   */
  held(name: string): Tool | undefined | null;
}

/**
 * Builds the lookup of a session.
 *
 * @param tools$ The session's `tools$`.
 * @returns The lookup.
 */
export function toolLookup(tools$: Observable<Tool[]>): ToolLookup {
  let kept: Subscription | null = null;
  let byName: Map<string, Tool> | null = null;
  // One subscription keeps the shared list warm and indexed; it ends with the list (the
  // session's end) and is taken again after a failed fetch.
  const keep = (): void => {
    if (kept !== null && !kept.closed) return;
    byName = null;
    kept = tools$.subscribe({
      next: (tools) => {
        const index = new Map<string, Tool>();
        for (const tool of tools) if (!index.has(tool.name)) index.set(tool.name, tool);
        byName = index;
      },
      error: () => {
        byName = null;
      },
      complete: () => {
        byName = null;
      },
    });
  };
  const lookup = (name: string): Observable<Tool | undefined> => {
    keep();
    return tools$.pipe(
      take(1),
      map((tools) => tools.find((tool) => tool.name === name)),
      // A list that cannot be read (the session's end included: the fetch then errors) must not
      // fail the call: the server still answers it.
      catchError(() => of(undefined)),
    );
  };
  return Object.assign(lookup, {
    held: (name: string): Tool | undefined | null => {
      keep();
      return byName === null ? null : byName.get(name);
    },
  });
}
