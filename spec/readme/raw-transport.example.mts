// example: raw-transport.example.mts
import { filter, firstValueFrom } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import type { JsonRpcMessage } from 'rxjs-mcp-stdio/session';

const server$ = fromStdioServer<JsonRpcMessage>({
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-everything'],
  stderr: 'ignore',
  exitObserver: { next: ({ code, signal }) => console.log('server exited:', { code, signal }) },
});

// Subscribing spawns the process; every subscriber gets every frame, parsed.
const subscription = server$.subscribe((message) => console.log('←', message.id ?? message.method));

// Sent before the process is up: queued, then written in order.
server$.next({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
});
// Matching answers to requests is the caller's job here.
await firstValueFrom(server$.pipe(filter((message) => message.id === 1)));
server$.next({ jsonrpc: '2.0', method: 'notifications/initialized' });
server$.next({ jsonrpc: '2.0', id: 2, method: 'ping' });
await firstValueFrom(server$.pipe(filter((message) => message.id === 2)));

// The last unsubscribe closes stdin: the server exits on EOF.
subscription.unsubscribe();
