/**
 * The server the demo runs for every page: the reference "everything" server from the root
 * package's devDependencies, started with this Node, never a command from a client.
 */
import { createRequire } from 'node:module';
import type { StdioServerParams } from 'rxjs-mcp-stdio';

/** The stdio params of `@modelcontextprotocol/server-everything` (resolved from the repository). */
export function everythingServer(): StdioServerParams {
  const require = createRequire(new URL('../../package.json', import.meta.url));
  return {
    command: process.execPath,
    args: [require.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
    stderr: 'ignore',
  };
}
