import { takeWhile, type Observable } from 'rxjs';
import { mcpAppView, type McpAppFrameFactory, type McpAppViewEvent } from '../../lib/apps/index.js';
import { qualifiedToolName, type McpHost } from '../../lib/host/index.js';
import type { Tool } from '../../lib/session/index.js';

// Calls a tool of one server of the host and shows its view: the model's path for the call, the
// server's own path (`appServer`) for everything the view asks. In a page,
// frame = iframeAppFrame({ container, sandboxUrl }).
export function callWithView(
  host: McpHost,
  server: string,
  tool: Tool,
  args: Record<string, unknown>,
  frame: McpAppFrameFactory,
): Observable<McpAppViewEvent> {
  return mcpAppView({
    tool,
    server: host.appServer(server),
    frame,
    call: { arguments: args, events$: host.callTool(qualifiedToolName(server, tool.name), args) },
    hostContext: { theme: 'dark', displayMode: 'inline' },
    openLink: (url) => url.startsWith('https://'), // the app's consent; without it, no link opens
  }).pipe(
    // A view that asks to be closed is: the stream ends, which tears the view down.
    takeWhile((event) => event.type !== 'teardown-requested', true),
  );
}
