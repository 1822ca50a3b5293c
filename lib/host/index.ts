export { mcpHost, DEFAULT_CALL_READY_TIMEOUT } from './mcpHost.js';
export { parseMcpServersConfig } from './parseMcpServersConfig.js';
export { readMcpServersConfig } from './readMcpServersConfig.js';
export { expandVariables } from './expandVariables.js';
export { McpConfigError } from './McpConfigError.js';
export { McpHostError } from './McpHostError.js';
export { DEFAULT_RESTART_POLICY, restartDelay, resolveRestartPolicy } from './McpRestartPolicy.js';
export { qualifiedToolName, sanitizeToolName, TOOL_NAME_PATTERN } from './toolNames.js';
export type { McpHost, McpHostConfig } from './mcpHost.js';
export type { McpHostOptions } from './McpHostOptions.js';
export type { McpHostErrorReason } from './McpHostError.js';
export type { McpConfigProblem } from './McpConfigError.js';
export type { McpConfigVariables } from './expandVariables.js';
export type { McpServersConfigParseOptions } from './parseMcpServersConfig.js';
export type { McpRestartPolicy, ResolvedRestartPolicy } from './McpRestartPolicy.js';
export type { McpToolNaming } from './toolNames.js';
export type { McpHealthCheck, McpHostConnect } from './superviseServer.js';
export type {
  McpDisabledServerDefinition,
  McpServerDefinition,
  McpServerDefinitions,
  McpServerEntry,
  McpServersConfig,
  McpStdioServerDefinition,
  McpUnsupportedServerDefinition,
} from './McpServersConfig.js';
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
