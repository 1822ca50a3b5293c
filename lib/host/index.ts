/**
 * Many servers from one `mcpServers` config: `mcpHost()` runs them as one live state (statuses,
 * one tool catalog, routed calls, restarts with backoff, config changes applied as a diff). Node
 * only; the config parser is also in `rxjs-mcp-stdio/config`.
 *
 * @module rxjs-mcp-stdio/host
 */
export { mcpHost, DEFAULT_CALL_READY_TIMEOUT } from './mcpHost.js';
export { readMcpServersConfig } from './readMcpServersConfig.js';
// The config's parser and types, from the browser-safe rxjs-mcp-stdio/config, for one import.
export { expandVariables, McpConfigError, parseMcpServersConfig } from '../config/index.js';
export { McpHostError } from './McpHostError.js';
export { DEFAULT_RESTART_POLICY, restartDelay, resolveRestartPolicy } from './McpRestartPolicy.js';
export { qualifiedToolName, sanitizeToolName, TOOL_NAME_PATTERN } from './toolNames.js';
export type { McpHost, McpHostConfig } from './mcpHost.js';
export type { McpHostOptions } from './McpHostOptions.js';
export type { McpHostErrorReason } from './McpHostError.js';
export type { McpRestartPolicy, ResolvedRestartPolicy } from './McpRestartPolicy.js';
export type { McpToolNaming } from './toolNames.js';
export type { McpHealthCheck, McpHostConnect } from './superviseServer.js';
export type {
  McpConfigProblem,
  McpConfigVariables,
  McpDisabledServerDefinition,
  McpServerDefinition,
  McpServerDefinitions,
  McpServerEntry,
  McpServersConfig,
  McpServersConfigParseOptions,
  McpStdioServerDefinition,
  McpUnsupportedServerDefinition,
} from '../config/index.js';
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
  McpServerStatus,
  McpServerStopped,
  McpServerUnsupported,
  McpToolNameConflict,
} from './McpHostState.js';
