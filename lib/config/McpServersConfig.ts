/**
 * The shapes of an MCP servers config: what users write (Claude Desktop / Cursor `mcpServers`,
 * VS Code `servers`) and the one normalized definition per server the host works from. Kept
 * apart from the parser so the types can be imported without any code.
 */

/**
 * One server as written in a config file. Fields other than these are ignored.
 *
 * @example
 * ```ts
 * const memory: McpServerEntry = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] };
 * ```
 */
export interface McpServerEntry {
  /** VS Code's transport: `'stdio'` (the default), or `'http'` / `'sse'` (shown as unsupported). */
  type?: string;
  /** The program to run (stdio servers). */
  command?: string;
  /** Its arguments. */
  args?: string[];
  /** Extra environment variables, merged over `getDefaultEnvironment()`. */
  env?: Record<string, string>;
  /** The working directory. */
  cwd?: string;
  /** `true`: the server is shown as `disabled` and not started. */
  disabled?: boolean;
  /** The address of a remote server (shown as unsupported: this host speaks stdio only). */
  url?: string;
}

/**
 * A config as apps store it: Claude Desktop and Cursor write `{ "mcpServers": { … } }`, VS Code
 * writes `{ "servers": { … } }`. One of the two must be present (both is an error).
 */
export interface McpServersConfig {
  /** The servers by name (Claude Desktop, Cursor). */
  mcpServers?: Record<string, McpServerEntry>;
  /** The servers by name (VS Code). */
  servers?: Record<string, McpServerEntry>;
}

/** A server the host runs: a local process speaking MCP over stdio. */
export interface McpStdioServerDefinition {
  /** Discriminant. */
  kind: 'stdio';
  /** The program to run. */
  command: string;
  /** Its arguments. */
  args: string[];
  /** Extra environment variables. */
  env: Record<string, string>;
  /** The working directory, if set. */
  cwd?: string;
}

/** A server written with `disabled: true`: shown, never started. */
export interface McpDisabledServerDefinition {
  /** Discriminant. */
  kind: 'disabled';
}

/** A server of another transport (`url`, `type: "http"` / `"sse"`): shown, never started. */
export interface McpUnsupportedServerDefinition {
  /** Discriminant. */
  kind: 'unsupported';
  /** The transport it asks for, e.g. `'http'`, `'sse'`. */
  transport: string;
}

/** What the host knows of one server of the config, once validated. */
export type McpServerDefinition =
  McpStdioServerDefinition | McpDisabledServerDefinition | McpUnsupportedServerDefinition;

/** A validated config: every server's definition, by name, in the order of the file. */
export type McpServerDefinitions = ReadonlyMap<string, McpServerDefinition>;
