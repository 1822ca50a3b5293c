// rxjs-mcp-stdio/host: the servers of an mcpServers config as one live state.
import { filter, firstValueFrom } from 'rxjs';
import { mcpHost } from 'rxjs-mcp-stdio/host';

const host = mcpHost({
  mcpServers: {
    everything: {
      command: 'node',
      args: ['node_modules/@modelcontextprotocol/server-everything/dist/index.js', 'stdio'],
    },
    remote: { url: 'https://example.com/mcp' },
  },
});
const ready = firstValueFrom(host.pipe(filter((state) => state.servers.everything?.status === 'ready')));
void ready.then((state) => {
  const statuses = Object.values(state.servers).map((server) => `${server.name} ${server.status}`);
  const echo = state.tools.some((tool) => tool.name === 'everything_echo');
  console.log(`host: ${statuses.join(', ')}; everything_echo listed: ${String(echo)}`);
});
