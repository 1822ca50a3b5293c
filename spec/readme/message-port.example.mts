// example: message-port.example.mts
import { MessageChannel } from 'node:worker_threads';
import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { fromMessagePort, serveMessagePort } from 'rxjs-mcp-stdio/port';
import { mcpSession } from 'rxjs-mcp-stdio/session';

// Two ends of a channel. The owner's end serves a server; the other end usually goes to a
// worker, an iframe or an Electron renderer (here it stays in this thread).
const { port1, port2 } = new MessageChannel();
const server$ = fromStdioServer({
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-everything'],
  stderr: 'ignore',
});
serveMessagePort(port1, server$).subscribe({
  next: (event) =>
    console.log('owner:', event.type === 'disconnected' ? `disconnected (${event.reason})` : event.type),
  complete: () => console.log('owner: the port closed'),
});

// The page's end: the session runs on it unchanged.
const text = await firstValueFrom(
  mcpSession(fromMessagePort(port2)).pipe(
    switchMap((session) => session.callTool('echo', { message: 'through a port' })),
    filter((event) => event.type === 'result'),
    map(({ result }) => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('')),
  ),
);
console.log(text);
// firstValueFrom unsubscribed: the owner drops the server (its whole process tree). Closing the
// port ends the serving.
port2.close();
