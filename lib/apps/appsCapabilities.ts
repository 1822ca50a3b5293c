import type { ClientCapabilities } from '../session/index.js';

/**
 * The client capabilities of a host that shows MCP Apps: the `io.modelcontextprotocol/ui`
 * extension with the MIME type of views. Give them to the session (`mcpSession(transport,
 * { capabilities: MCP_APPS_CAPABILITIES })`, or a host's `session` option), so that servers
 * that adapt to the host offer their views.
 */
export const MCP_APPS_CAPABILITIES: ClientCapabilities = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};
