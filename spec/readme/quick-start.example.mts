// example: quick-start.example.mts
import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { fromStdioServer, npxServer } from 'rxjs-mcp-stdio';
import { mcpSession } from 'rxjs-mcp-stdio/session';

// Nothing runs yet: subscribing spawns the server (here through npx, which uses the installed
// copy when there is one), and the last unsubscribe shuts it down.
const server$ = fromStdioServer(npxServer('@modelcontextprotocol/server-everything', { stderr: 'ignore' }));
const session$ = mcpSession(server$, { clientInfo: { name: 'quick-start', version: '1.0.0' } });

// One subscription: handshake, list the tools, call one, then (firstValueFrom unsubscribes)
// close stdin, SIGTERM and SIGKILL the server's whole process tree, each step bounded.
const text = await firstValueFrom(
  session$.pipe(
    switchMap((session) => {
      console.log('server:', session.serverInfo.name);
      return session.callTool('echo', { message: 'hello' });
    }),
    filter((event) => event.type === 'result'),
    map(({ result }) => result.content.map((part) => (part.type === 'text' ? part.text : '')).join('')),
  ),
);
console.log('echo answered:', text);
