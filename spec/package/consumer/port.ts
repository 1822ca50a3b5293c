// rxjs-mcp-stdio/port: the session over a MessagePort (here both ends in one thread; usually one
// end goes to a worker, an iframe or an Electron renderer).
import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { fromMessagePort, serveMessagePort } from 'rxjs-mcp-stdio/port';
import { mcpSession } from 'rxjs-mcp-stdio/session';
import { fakeMcpServer } from 'rxjs-mcp-stdio/testing';

const server = fakeMcpServer({
  tools: [
    {
      name: 'echo',
      inputSchema: { type: 'object' },
      call: ({ text }) => ({ content: [{ type: 'text', text: String(text) }] }),
    },
  ],
});
const { port1, port2 } = new MessageChannel();
const serving = serveMessagePort(port1, server.transport).subscribe();
const echoed = firstValueFrom(
  mcpSession(fromMessagePort(port2)).pipe(
    switchMap((session) => session.callTool('echo', { text: 'through a port' })),
    filter((event) => event.type === 'result'),
    map(({ result }) => (result.content[0]?.type === 'text' ? result.content[0].text : '')),
  ),
);
void echoed.then((answer) => {
  console.log(`port: ${answer}`);
  serving.unsubscribe();
  port2.close();
});
