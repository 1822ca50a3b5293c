/**
 * The server the demo offers every page: the reference "everything" server from the root
 * package's devDependencies, started with this Node, as an `mcpServers` config entry (so the
 * relay starts it by config name, never by a command from a page).
 */
import { createRequire } from 'node:module';

/** The demo's config: one server, `everything`. */
export function everythingConfig(): { mcpServers: Record<string, { command: string; args: string[] }> } {
  const require = createRequire(new URL('../../package.json', import.meta.url));
  return {
    mcpServers: {
      everything: {
        command: process.execPath,
        args: [require.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
      },
    },
  };
}
