// example: electron/renderer.ts
import { Observable } from 'rxjs';
import type { CallToolResult, McpRequestEvent } from 'rxjs-mcp-stdio/session';
import type { McpBridge } from './preload.js';

declare global {
  interface Window {
    mcp: McpBridge;
  }
}

/**
 * A tool call as a cold Observable, like the session's own: progress events, then the result.
 * Unsubscribing before the result (a `switchMap` moved on, the view closed) cancels the call on
 * the server.
 */
export function callTool(
  name: string,
  args: Record<string, unknown> = {},
): Observable<McpRequestEvent<CallToolResult>> {
  return new Observable((subscriber) => {
    const callId = crypto.randomUUID();
    let finished = false;
    const stopProgress = window.mcp.onProgress(({ callId: id, progress, total }) => {
      if (id === callId)
        subscriber.next({ type: 'progress', progress, ...(total === undefined ? {} : { total }) });
    });
    window.mcp.callTool(callId, name, args).then(
      (answer) => {
        finished = true;
        if (!('cancelled' in answer)) subscriber.next({ type: 'result', result: answer });
        subscriber.complete();
      },
      (error: unknown) => {
        finished = true;
        subscriber.error(error);
      },
    );
    return () => {
      stopProgress();
      if (!finished) window.mcp.cancelTool(callId);
    };
  });
}

// The server's state, shown in the page.
window.mcp.onStatus((status) => {
  document.body.dataset['mcpStatus'] = status;
});
