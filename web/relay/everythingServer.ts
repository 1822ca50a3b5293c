/**
 * The server the demo offers every page: the reference "everything" server from the root
 * package's devDependencies, started with this Node, as an `mcpServers` config entry (so the
 * relay starts it by config name, never by a command from a page).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The demo's config: `everything`, and `monitor` (server-system-monitor, an MCP App). */
export function everythingConfig(): { mcpServers: Record<string, { command: string; args: string[] }> } {
  const require = createRequire(new URL('../../package.json', import.meta.url));
  return {
    mcpServers: {
      everything: {
        command: process.execPath,
        args: [require.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
      },
      // Its tool get-system-info has a view (ui://system-monitor/mcp-app.html) that polls the
      // app-only tool poll-system-stats.
      monitor: {
        command: process.execPath,
        // Its bin (dist/index.js) beside its main export (dist/server.js), which is all it exports.
        args: [
          join(dirname(require.resolve('@modelcontextprotocol/server-system-monitor')), 'index.js'),
          '--stdio',
        ],
      },
    },
  };
}
