import { concatMap, map, of, type Observable } from 'rxjs';
import type { McpRequestEvent } from './McpRequestEvent.js';
import type { CallToolResult, Tool } from './McpTypes.js';
import { structuredOutputError } from './structuredOutput.js';

/**
 * Checks the result event of a tool call against the tool's `outputSchema` (looked up in the live
 * tool list once the result is there); a mismatch fails this call alone with `McpProtocolError`.
 * Progress events pass at once.
 *
 * @param events$ The call's events.
 * @param name The tool.
 * @param lookupTool Finds the tool in the live list.
 * @returns The same events, the result checked.
 */
export function checkStructuredOutput<T extends CallToolResult>(
  events$: Observable<McpRequestEvent<T>>,
  name: string,
  lookupTool: (name: string) => Observable<Tool | undefined>,
): Observable<McpRequestEvent<T>> {
  return events$.pipe(
    concatMap((event) => {
      if (event.type !== 'result') return of(event);
      return lookupTool(name).pipe(
        map((tool) => {
          const invalid = structuredOutputError(tool, event.result);
          if (invalid !== null) throw invalid;
          return event;
        }),
      );
    }),
  );
}
