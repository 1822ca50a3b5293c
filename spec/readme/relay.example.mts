// example: relay.example.mts
import { closeOnSignals, startMcpRelay } from 'rxjs-mcp-stdio/relay';

const relay = await startMcpRelay({
  servers: {
    mcpServers: {
      everything: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] },
    },
  },
  allowedOrigins: ['http://localhost:4200'], // the app's dev server; pages the relay serves are allowed anyway
  log: (line) => console.error(line),
});
console.log('page socket:', relay.socketUrl('everything'));
closeOnSignals(relay); // Ctrl-C: every server process tree ends, then the process exits
