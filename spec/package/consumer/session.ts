// rxjs-mcp-stdio/session: the MCP session on a real server; one tool call.
import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { mcpSession } from 'rxjs-mcp-stdio/session';

const everything = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
const session$ = mcpSession(
  fromStdioServer({ command: 'node', args: [everything, 'stdio'], stderr: 'ignore' }),
);
const text = firstValueFrom(
  session$.pipe(
    switchMap((session) => session.callTool('echo', { message: 'hi' })),
    filter((event) => event.type === 'result'),
    map(({ result }) => (result.content[0]?.type === 'text' ? result.content[0].text : '')),
  ),
);
void text.then((answer) => console.log(`session: ${answer}`));
