/**
 * How a server's tool is named in the host's catalog. Model APIs accept tool names matching
 * `^[a-zA-Z0-9_-]{1,64}$`, so every qualified name is made to match: other characters become
 * `_` and the name is cut at 64. Pure functions, shared by the catalog and the call router.
 */

/** The pattern every catalog name matches (what model APIs accept). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** How tools are named in the catalog. */
export interface McpToolNaming {
  /** Between the server's prefix and the tool's name. Default `'_'`. */
  separator?: string;
  /**
   * The prefix of a server's tools. Default: the server's name. Return `''` for no prefix (and
   * no separator): the tool's own name, collisions reported.
   */
  prefix?: (server: string) => string;
}

/**
 * Makes a name acceptable to model APIs: characters other than letters, digits, `_` and `-`
 * become `_`; the result is cut at 64 characters; an empty name becomes `_`.
 *
 * @param name The name.
 * @returns The sanitized name.
 */
export function sanitizeToolName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? '_' : cleaned;
}

/**
 * What a server's qualified tool names start with (before sanitizing): prefix and separator,
 * or nothing when the prefix is empty.
 *
 * @param server The server's name.
 * @param naming The naming options.
 * @returns The raw prefix.
 */
export function toolNamePrefix(server: string, naming: McpToolNaming = {}): string {
  const prefix = naming.prefix === undefined ? server : naming.prefix(server);
  return prefix === '' ? '' : `${prefix}${naming.separator ?? '_'}`;
}

/**
 * The catalog name of a server's tool: `server_tool` by default, sanitized.
 *
 * @param server The server's name.
 * @param tool The tool's name on that server.
 * @param naming The naming options.
 * @returns The qualified name.
 */
export function qualifiedToolName(server: string, tool: string, naming: McpToolNaming = {}): string {
  return sanitizeToolName(`${toolNamePrefix(server, naming)}${tool}`);
}
