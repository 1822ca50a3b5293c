/**
 * The Node-only half of config handling: read a file, parse its JSON, hand it to the pure
 * `parseMcpServersConfig()`. Every failure is an `McpConfigError` naming the file.
 */
import { readFile } from 'node:fs/promises';
import {
  McpConfigError,
  parseMcpServersConfig,
  type McpConfigVariables,
  type McpServerDefinitions,
} from '../config/index.js';

/**
 * Reads a config file (Claude Desktop / Cursor `mcpServers`, or VS Code `servers`), validates it
 * and expands `${env:NAME}` in `command`, `args`, `env` and `cwd` from `variables` (default
 * `process.env`). The result can be given to `mcpHost()` as is.
 *
 * @example
 * ```ts
 * const servers = await readMcpServersConfig('claude_desktop_config.json');
 * mcpHost(servers).subscribe((state) => render(state));
 * ```
 *
 * @param file The file's path.
 * @param variables The variables to expand from. Default `process.env`.
 * @returns The servers' definitions, in the order of the file.
 * @throws {McpConfigError} When the file cannot be read, is not JSON, or is not a valid config.
 */
export async function readMcpServersConfig(
  file: string,
  variables: McpConfigVariables = process.env,
): Promise<McpServerDefinitions> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new McpConfigError(
      [{ server: undefined, field: '', message: `cannot be read (${String(error)})` }],
      file,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new McpConfigError(
      [{ server: undefined, field: '', message: `is not JSON (${String(error)})` }],
      file,
    );
  }
  return parseMcpServersConfig(json, { variables, source: file });
}
