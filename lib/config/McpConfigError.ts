/** One thing wrong in a config: where (server and field) and what. */
export interface McpConfigProblem {
  /** The server's name, or `undefined` for a problem of the whole config. */
  server: string | undefined;
  /** The field, e.g. `'args[1]'`, `'env.TOKEN'`, or `''` for the entry itself. */
  field: string;
  /** What is wrong, e.g. `'expected a string, got a number'`. */
  message: string;
}

/**
 * A config that cannot be used. Its message lists every problem, one a line, each with its path
 * (`mcpServers.memory.args[1]: expected a string, got a number`); `problems` has them as data.
 *
 * @example
 * ```ts
 * try {
 *   parseMcpServersConfig(JSON.parse(text));
 * } catch (error) {
 *   if (error instanceof McpConfigError) for (const p of error.problems) showAt(p.server, p.field, p.message);
 * }
 * ```
 */
export class McpConfigError extends Error {
  /** Always `'McpConfigError'`, so the error can be told apart after serialization too. */
  override readonly name = 'McpConfigError';

  /**
   * @param problems What is wrong, at least one.
   * @param source Where the config came from (a file name), for the message.
   * @param section `'mcpServers'` or `'servers'`: the key the server paths start with.
   */
  constructor(
    readonly problems: readonly McpConfigProblem[],
    readonly source?: string,
    section = 'mcpServers',
  ) {
    super(
      `Invalid MCP servers config${source === undefined ? '' : ` in ${source}`}:\n${problems
        .map((problem) => `- ${problemPath(problem, section)}: ${problem.message}`)
        .join('\n')}`,
    );
  }
}

function problemPath({ server, field }: McpConfigProblem, section: string): string {
  if (server === undefined) return field === '' ? '(config)' : field;
  const at = /^[A-Za-z_][\w-]*$/.test(server)
    ? `${section}.${server}`
    : `${section}[${JSON.stringify(server)}]`;
  if (field === '') return at;
  return field.startsWith('[') ? `${at}${field}` : `${at}.${field}`;
}
