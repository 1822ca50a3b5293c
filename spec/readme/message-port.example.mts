// example: message-port.example.mts
import { MessageChannel } from 'node:worker_threads';
import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { fromMessagePort, serveMessagePort } from 'rxjs-mcp-stdio/port';
import { mcpSession } from 'rxjs-mcp-stdio/session';

const { port1, port2 } = new MessageChannel();
const server$ = fromStdioServer({
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-everything'],
  stderr: 'ignore',
});
serveMessagePort(port1, server$).subscribe((event) => console.log('owner:', event.type));

const text = await firstValueFrom(
  mcpSession(fromMessagePort(port2)).pipe(
    switchMap((session) => session.callTool('echo', { message: 'through a port' })),
    filter((event) => event.type === 'result'),
    map(({ result }) => (result.content[0]?.type === 'text' ? result.content[0].text : '')),
  ),
);
console.log(text);
port2.close();
