import type { Implementation } from './McpTypes.js';

/** The default `requestTimeout`, in milliseconds (the MCP TypeScript SDK's default too). */
export const DEFAULT_REQUEST_TIMEOUT = 60_000;

/** The default `clientInfo`: this library, by name and version. */
export const DEFAULT_CLIENT_INFO: Implementation = { name: 'rxjs-mcp-stdio', version: '0.1.0' };
