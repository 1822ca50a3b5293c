/**
 * The servers a relay can start, by config name: the stdio servers of an `mcpServers` config
 * (or VS Code `servers`), validated by the config entry's parser. Disabled and remote servers are
 * left out, so a page cannot reach them.
 */
import {
  parseMcpServersConfig,
  type McpServerDefinitions,
  type McpServersConfig,
  type McpStdioServerDefinition,
} from '../config/index.js';

/**
 * The stdio servers of a config.
 *
 * @param servers A config as written, or validated definitions.
 * @returns The stdio definitions by name.
 * @throws {McpConfigError} When a written config is not valid.
 */
export function relayServers(
  servers: McpServersConfig | McpServerDefinitions,
): ReadonlyMap<string, McpStdioServerDefinition> {
  const definitions =
    servers instanceof Map ? (servers as McpServerDefinitions) : parseMcpServersConfig(servers);
  const stdio = new Map<string, McpStdioServerDefinition>();
  for (const [name, definition] of definitions) {
    if (definition.kind === 'stdio') stdio.set(name, definition);
  }
  return stdio;
}
