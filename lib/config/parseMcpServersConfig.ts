/**
 * Validation of an MCP servers config, pure (no file system, no `process`): it runs in a browser
 * and in tests as is. It collects every problem before failing, so a user fixes the file once,
 * and says where each one is (server and field).
 */
import { expandVariables, type McpConfigVariables } from './expandVariables.js';
import { McpConfigError, type McpConfigProblem } from './McpConfigError.js';
import type {
  McpServerDefinition,
  McpServerDefinitions,
  McpStdioServerDefinition,
} from './McpServersConfig.js';

/** How `parseMcpServersConfig()` reads a config. */
export interface McpServersConfigParseOptions {
  /**
   * Variables for `${env:NAME}` in `command`, `args`, `env` values and `cwd`, e.g. `process.env`.
   * When not given, nothing is expanded (the text is used as written).
   */
  variables?: McpConfigVariables;
  /** Where the config came from (a file name), for error messages. */
  source?: string;
}

const TRANSPORTS_WITHOUT_PROCESS = new Set(['http', 'sse', 'streamable-http', 'streamableHttp', 'ws']);

/**
 * Validates a config (`{ mcpServers: … }` or VS Code's `{ servers: … }`) and returns each
 * server's definition in the order written: `stdio` (command, args, env, cwd; variables
 * expanded when `options.variables` is given), `disabled` (`disabled: true`; nothing else of the
 * entry is checked) or `unsupported` (a `url`, or a `type` other than `stdio`).
 *
 * @example
 * ```ts
 * const servers = parseMcpServersConfig(
 *   { mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } } },
 *   { variables: process.env },
 * );
 * servers.get('memory'); // { kind: 'stdio', command: 'npx', args: [...], env: {} }
 * ```
 *
 * @param config The config (an `McpServersConfig`), e.g. `JSON.parse` of a file.
 * @param options Variables to expand and the source's name.
 * @returns The definitions by server name.
 * @throws {McpConfigError} Listing every problem found.
 */
export function parseMcpServersConfig(
  config: unknown,
  options: McpServersConfigParseOptions = {},
): McpServerDefinitions {
  const problems: McpConfigProblem[] = [];
  const definitions = new Map<string, McpServerDefinition>();
  const fail = (message: string, field = ''): never => {
    throw new McpConfigError([{ server: undefined, field, message }], options.source);
  };
  if (!isPlainObject(config)) return fail(`expected a JSON object, got ${describe(config)}`);
  const hasClaude = config.mcpServers !== undefined;
  const hasVsCode = config.servers !== undefined;
  if (hasClaude && hasVsCode) return fail('has both "mcpServers" and "servers"; use one');
  if (!hasClaude && !hasVsCode) return fail('expected a "mcpServers" (or VS Code "servers") object');
  const section = hasClaude ? 'mcpServers' : 'servers';
  const servers = config[section];
  if (!isPlainObject(servers)) return fail(`expected an object, got ${describe(servers)}`, section);
  for (const [name, entry] of Object.entries(servers)) {
    const report = (field: string, message: string): void => {
      problems.push({ server: name, field, message });
    };
    if (name.trim() === '') report('', 'a server needs a non-empty name');
    const definition = parseEntry(entry, report, options.variables);
    if (definition !== undefined) definitions.set(name, definition);
  }
  if (problems.length > 0) throw new McpConfigError(problems, options.source, section);
  return definitions;
}

type Report = (field: string, message: string) => void;

function parseEntry(
  entry: unknown,
  report: Report,
  variables: McpConfigVariables | undefined,
): McpServerDefinition | undefined {
  if (!isPlainObject(entry)) {
    report('', `expected an object, got ${describe(entry)}`);
    return undefined;
  }
  if (entry.disabled !== undefined && typeof entry.disabled !== 'boolean') {
    report('disabled', `expected true or false, got ${describe(entry.disabled)}`);
    return undefined;
  }
  if (entry.disabled === true) return { kind: 'disabled' };
  if (entry.type !== undefined && typeof entry.type !== 'string') {
    report('type', `expected a string, got ${describe(entry.type)}`);
    return undefined;
  }
  if (entry.type !== undefined && entry.type !== 'stdio') {
    if (TRANSPORTS_WITHOUT_PROCESS.has(entry.type)) return { kind: 'unsupported', transport: entry.type };
    report('type', `unknown transport ${JSON.stringify(entry.type)} (expected "stdio", "http" or "sse")`);
    return undefined;
  }
  if (entry.type === undefined && entry.url !== undefined) return { kind: 'unsupported', transport: 'http' };
  return parseStdioEntry(entry, report, variables);
}

function parseStdioEntry(
  entry: Record<string, unknown>,
  report: Report,
  variables: McpConfigVariables | undefined,
): McpStdioServerDefinition | undefined {
  const before = problemsCounter(report);
  const text = (value: unknown, field: string): string => {
    if (typeof value !== 'string') {
      before.report(field, `expected a string, got ${describe(value)}`);
      return '';
    }
    if (variables === undefined) return value;
    const { text: expanded, missing } = expandVariables(value, variables);
    for (const name of missing) before.report(field, `the environment variable ${name} is not set`);
    return expanded;
  };
  const command = entry.command === undefined ? undefined : text(entry.command, 'command');
  if (entry.command === undefined) before.report('command', 'a stdio server needs a "command"');
  else if (entry.command === '') before.report('command', 'must not be empty');
  let args: string[] = [];
  if (entry.args !== undefined) {
    if (Array.isArray(entry.args)) args = entry.args.map((arg: unknown, i) => text(arg, `args[${i}]`));
    else before.report('args', `expected an array of strings, got ${describe(entry.args)}`);
  }
  const env: Record<string, string> = {};
  if (entry.env !== undefined) {
    if (isPlainObject(entry.env)) {
      for (const [key, value] of Object.entries(entry.env)) env[key] = text(value, `env.${key}`);
    } else before.report('env', `expected an object of strings, got ${describe(entry.env)}`);
  }
  const cwd = entry.cwd === undefined ? undefined : text(entry.cwd, 'cwd');
  if (before.count > 0 || command === undefined) return undefined;
  return cwd === undefined
    ? { kind: 'stdio', command, args, env }
    : { kind: 'stdio', command, args, env, cwd };
}

/** Wraps `report` to count the problems of one entry. */
function problemsCounter(report: Report): { report: Report; count: number } {
  const counter = {
    count: 0,
    report: (field: string, message: string) => {
      counter.count++;
      report(field, message);
    },
  };
  return counter;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  if (type === 'object') return 'an object';
  return type === 'undefined' ? 'nothing' : `a ${type}`;
}
