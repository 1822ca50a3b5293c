/**
 * The transport alone, no session layer: spawn the bundled "everything" MCP server, do the
 * handshake by hand, list its tools, call `echo`, and shut it down. Run: `npx tsx demo/raw.ts`.
 */
import { filter, firstValueFrom, take, timeout } from 'rxjs';
import { fromStdioServer } from '../lib/index.js';
import type { JsonRpcMessage } from '../lib/session/index.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

async function main(): Promise<void> {
  let pid: number | undefined;
  let reportExit: (how: string) => void = () => undefined;
  const exited = new Promise<string>((resolve) => (reportExit = resolve));
  const server$ = fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: { next: (event) => (pid = event.pid) },
    exitObserver: {
      next: ({ code, signal }) => reportExit(`code ${String(code)}, signal ${String(signal)}`),
    },
  });
  // One subscription keeps the process up; each request waits for its own answer.
  const session = server$.subscribe();
  const call = (id: number, method: string, params?: unknown): Promise<JsonRpcMessage> => {
    const answer = firstValueFrom(
      server$.pipe(
        filter((m) => m.id === id),
        take(1),
        timeout(10_000),
      ),
    );
    server$.next({ jsonrpc: '2.0', id, method, params });
    return answer;
  };

  const init = await call(1, 'initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'rxjs-mcp-stdio raw demo', version: '0.1.0' },
  });
  const info = (init.result as { serverInfo: { name: string; version: string } }).serverInfo;
  console.log(`connected to ${info.name} ${info.version} (pid ${String(pid)})`);
  server$.next({ jsonrpc: '2.0', method: 'notifications/initialized' });

  const tools = await call(2, 'tools/list');
  const names = (tools.result as { tools: { name: string }[] }).tools.map((t) => t.name);
  console.log(`tools: ${names.join(', ')}`);

  const echo = await call(3, 'tools/call', { name: 'echo', arguments: { message: 'hello over stdio' } });
  console.log(`echo: ${JSON.stringify((echo.result as { content: unknown[] }).content)}`);

  session.unsubscribe();
  console.log(`server exited: ${await exited}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
