// rxjs-mcp-stdio/testing: a process-free fake MCP server that the session runs on.
import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { mcpSession } from 'rxjs-mcp-stdio/session';
import { fakeMcpServer } from 'rxjs-mcp-stdio/testing';

const server = fakeMcpServer({
  tools: [
    {
      name: 'add',
      inputSchema: { type: 'object' },
      call: ({ a, b }) => ({ content: [{ type: 'text', text: String(Number(a) + Number(b)) }] }),
    },
  ],
});
const sum = firstValueFrom(
  mcpSession(server.transport).pipe(
    switchMap((session) => session.callTool('add', { a: 1, b: 2 })),
    filter((event) => event.type === 'result'),
    map(({ result }) => (result.content[0]?.type === 'text' ? result.content[0].text : '')),
  ),
);
void sum.then((answer) =>
  console.log(`testing: 1 + 2 = ${answer}; calls: ${String(server.count('tools/call'))}`),
);
