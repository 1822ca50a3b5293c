/**
 * Many servers from one `mcpServers` config: `mcpHost()` runs them as one live state (statuses,
 * one tool catalog, routed calls, restarts with backoff, config changes applied as a diff). Node
 * only; the config's parser, its error and its types are `rxjs-mcp-stdio/config`'s (browser-safe).
 *
 * @module rxjs-mcp-stdio/host
 */
export { mcpHost } from './mcpHost.js';
export { readMcpServersConfig } from './readMcpServersConfig.js';
export { McpHostError } from './McpHostError.js';
export { qualifiedToolName } from './toolNames.js';
export type { McpHost, McpHostAppServer, McpHostConfig } from './mcpHost.js';
export type { McpHostOptions } from './McpHostOptions.js';
export type { McpHostErrorReason } from './McpHostError.js';
export type { McpRestartPolicy } from './McpRestartPolicy.js';
export type { McpToolNaming } from './toolNames.js';
export type { McpHealthCheck, McpHostConnect } from './superviseServer.js';
export type {
  McpHostState,
  McpHostTool,
  McpServerDisabled,
  McpServerFailed,
  McpServerReady,
  McpServerRestarting,
  McpServerStarting,
  McpServerState,
  McpServerStateBase,
  McpServerStopped,
  McpServerUnsupported,
  McpToolNameConflict,
} from './McpHostState.js';
