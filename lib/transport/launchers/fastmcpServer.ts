/**
 * A FastMCP server script, through FastMCP's own runner (`fastmcp run`), which finds the server
 * object in the script (or the one named), and with `--with`/`--python`/`--project` builds its
 * environment with uv. The transport is always stated as stdio, whatever the script's default.
 */
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioServerParams } from '../StdioServerParams.js';
import { launcherParams, optionalText, requireTarget, requireWords } from './launcherParams.js';
import type { LauncherOptions } from './LauncherOptions.js';
import { FASTMCP_RUNTIME } from './runtimes.js';

/** Options of `fastmcpServer()`. */
export interface FastMcpServerOptions<In = JsonRpcMessage, Out = JsonRpcMessage> extends LauncherOptions<
  In,
  Out
> {
  /** The server object in the script (`script.py:<object>`). Default: FastMCP's search (`mcp`, `server`, `app`). */
  object?: string;
  /** Extra packages to run with (`--with <package>` each). Default none. */
  with?: readonly string[];
  /** The Python version to run on (`--python`). Default: FastMCP's choice. */
  python?: string;
  /** The project whose environment to use (`--project <dir>`). Default none. */
  project?: string;
  /** The fastmcp executable. Default `'fastmcp'`. */
  fastmcp?: string;
}

const OWN_KEYS = ['object', 'with', 'python', 'project', 'fastmcp'];

/**
 * Params that run a FastMCP script:
 * `fastmcp run <script>[:object] --transport stdio [--with …] [--python …] [--project …] [-- args]`.
 *
 * @example
 * ```ts
 * fromStdioServer(fastmcpServer('weather.py', { with: ['httpx'] }));
 * ```
 * @param script The script's path.
 * @param options The server's arguments (passed after `--`), the launcher's options and any
 *   `fromStdioServer()` param.
 * @returns Params for `fromStdioServer()`; when fastmcp is missing, their spawn fails with a
 *   `StdioSpawnError` saying how to install it.
 * @throws StdioParamsError for an empty or option-like path or malformed options.
 */
export function fastmcpServer<In = JsonRpcMessage, Out = JsonRpcMessage>(
  script: string,
  options: FastMcpServerOptions<In, Out> = {},
): StdioServerParams<In, Out> {
  requireTarget(script, 'script', 'the script path');
  const object = optionalText(options.object, 'object');
  const withPackages = requireWords(options.with ?? [], 'with');
  const python = optionalText(options.python, 'python');
  const project = optionalText(options.project, 'project');
  const serverArgs = requireWords(options.args ?? [], 'args');
  // fastmcp takes the server's own arguments only after `--`; launcherParams appends none itself.
  return launcherParams({ ...options, args: [] }, OWN_KEYS, {
    command: optionalText(options.fastmcp, 'fastmcp') ?? 'fastmcp',
    args: [
      'run',
      object === undefined ? script : `${script}:${object}`,
      '--transport',
      'stdio',
      ...withPackages.flatMap((name) => ['--with', name]),
      ...(python === undefined ? [] : ['--python', python]),
      ...(project === undefined ? [] : ['--project', project]),
      ...(serverArgs.length === 0 ? [] : ['--', ...serverArgs]),
    ],
    runtime: FASTMCP_RUNTIME,
  });
}
