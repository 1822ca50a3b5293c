// rxjs-mcp-stdio/relay: pages reach the servers of a config over a WebSocket (Node).
import { startMcpRelay } from 'rxjs-mcp-stdio/relay';

const everything = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
void startMcpRelay({
  servers: { mcpServers: { everything: { command: process.execPath, args: [everything, 'stdio'] } } },
}).then(async (relay) => {
  const url = relay
    .socketUrl('everything')
    .replace(/:\d+\//, ':<port>/')
    .replace(/token=[\w-]{43}$/, 'token=<256-bit token>');
  const refused = await fetch(`${relay.origin}/%`);
  await relay.close();
  console.log(`relay: ${url}; GET /% → ${String(refused.status)}; closed`);
});
