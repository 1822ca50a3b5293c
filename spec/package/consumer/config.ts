// rxjs-mcp-stdio/config: an mcpServers config checked and read, in any runtime (no Node built-ins).
import { McpConfigError, parseMcpServersConfig } from 'rxjs-mcp-stdio/config';

const servers = parseMcpServersConfig(
  {
    servers: {
      memory: { type: 'stdio', command: 'npx', args: ['${env:PKG}'] },
      web: { url: 'https://example.com' },
    },
  },
  { variables: { PKG: '@modelcontextprotocol/server-memory' } },
);
const read = [...servers].map(([name, server]) =>
  server.kind === 'stdio' ? `${name}: ${server.command} ${server.args.join(' ')}` : `${name}: ${server.kind}`,
);
try {
  parseMcpServersConfig({ mcpServers: { broken: { args: [1] } } });
} catch (error) {
  if (error instanceof McpConfigError) read.push(`${error.problems.length} problems`);
}
console.log(`config: ${read.join('; ')}`);
