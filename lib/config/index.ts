/**
 * `rxjs-mcp-stdio/config`: an `mcpServers` config (Claude Desktop, Cursor, VS Code) read and
 * checked, with every problem reported at once. Pure (no Node built-ins, no `process`): it runs in
 * a browser, a worker or a test as is. `rxjs-mcp-stdio/host` runs the servers it describes.
 *
 * @module rxjs-mcp-stdio/config
 */
export { parseMcpServersConfig } from './parseMcpServersConfig.js';
export { McpConfigError } from './McpConfigError.js';
export type { McpConfigProblem } from './McpConfigError.js';
export type { McpConfigVariables } from './expandVariables.js';
export type { McpServersConfigParseOptions } from './parseMcpServersConfig.js';
export type {
  McpDisabledServerDefinition,
  McpServerDefinition,
  McpServerDefinitions,
  McpServerEntry,
  McpServersConfig,
  McpStdioServerDefinition,
  McpUnsupportedServerDefinition,
} from './McpServersConfig.js';
