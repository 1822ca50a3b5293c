// With @modelcontextprotocol/core installed: its schemas check the session's requests, and its
// types and the session's are the same.
import { CallToolResultSchema } from '@modelcontextprotocol/core';
import { firstValueFrom, switchMap } from 'rxjs';
import { mcpSession, type CallToolResult, type McpSchemaOutput } from 'rxjs-mcp-stdio/session';
import { fakeMcpServer } from 'rxjs-mcp-stdio/testing';

type CoreCallToolResult = McpSchemaOutput<typeof CallToolResultSchema>;

const server = fakeMcpServer({
  tools: [
    {
      name: 'add',
      inputSchema: { type: 'object' },
      call: ({ a, b }) => ({ content: [{ type: 'text', text: String(Number(a) + Number(b)) }] }),
    },
  ],
});
const result = firstValueFrom(
  mcpSession(server.transport).pipe(
    switchMap((session) =>
      session.request<CoreCallToolResult>(
        'tools/call',
        { name: 'add', arguments: { a: 1, b: 2 } },
        { schema: CallToolResultSchema },
      ),
    ),
  ),
);
const textOf = (value: CallToolResult): string =>
  value.content[0]?.type === 'text' ? value.content[0].text : '';
void result.then((fromCore) => {
  const ours: CallToolResult = fromCore;
  const back: CoreCallToolResult = ours;
  console.log(`with core: ${textOf(ours)}, ${textOf(back)}`);
});
