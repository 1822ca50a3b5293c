import { Observable, Subscription } from 'rxjs';
import type { McpRequestEvent, McpResultEvent } from './McpRequestEvent.js';
import type { CallToolResult, Tool } from './McpTypes.js';
import { structuredOutputError } from './structuredOutput.js';
import type { ToolLookup } from './toolLookup.js';

/**
 * Checks the result event of a tool call against the tool's `outputSchema`; a mismatch fails this
 * call alone with `McpProtocolError`. Progress events pass at once. The tool comes from the list
 * the session holds, at once; only before the list has been read does the result wait for it
 * (and the call's completion with it). Written without operators: it runs for every call.
 *
 * @param events$ The call's events.
 * @param name The tool.
 * @param tools The session's tool lookup.
 * @returns The same events, the result checked.
 */
export function checkStructuredOutput<T extends CallToolResult>(
  events$: Observable<McpRequestEvent<T>>,
  name: string,
  tools: ToolLookup,
): Observable<McpRequestEvent<T>> {
  return new Observable<McpRequestEvent<T>>((subscriber) => {
    const subscriptions = new Subscription();
    let sourceDone = false;
    let waitingForList = false;
    const deliver = (event: McpResultEvent<T>, tool: Tool | undefined): void => {
      const invalid = structuredOutputError(tool, event.result);
      if (invalid === null) subscriber.next(event);
      else subscriber.error(invalid);
    };
    subscriptions.add(
      events$.subscribe({
        next: (event) => {
          if (event.type !== 'result') {
            subscriber.next(event);
            return;
          }
          const held = tools.held(name);
          if (held !== null) {
            deliver(event, held);
            return;
          }
          waitingForList = true;
          subscriptions.add(
            tools(name).subscribe((tool) => {
              waitingForList = false;
              deliver(event, tool);
              if (sourceDone) subscriber.complete();
            }),
          );
        },
        error: (error: unknown) => {
          subscriber.error(error);
        },
        complete: () => {
          sourceDone = true;
          if (!waitingForList) subscriber.complete();
        },
      }),
    );
    return subscriptions;
  });
}
