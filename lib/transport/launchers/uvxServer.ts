/**
 * A Python package's command as a server, through `uvx` (uv's tool runner: it installs the
 * package in a cached, isolated environment and runs its command). Options follow uvx's own
 * flags one to one, so what works on the command line works here.
 */
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioServerParams } from '../StdioServerParams.js';
import { launcherParams, optionalText, requireTarget, requireWords } from './launcherParams.js';
import type { LauncherOptions } from './LauncherOptions.js';
import { pinVersion } from './packageSpec.js';
import { UVX_RUNTIME } from './runtimes.js';

/** Options of `uvxServer()`. */
export interface UvxServerOptions<In = JsonRpcMessage, Out = JsonRpcMessage> extends LauncherOptions<
  In,
  Out
> {
  /** The package that provides the command, when its name differs (`uvx --from <package> <tool>`). */
  from?: string;
  /**
   * The version to run: `tool@version`, or `--from package==version` with `from`. Default:
   * uvx's choice (the latest).
   */
  version?: string;
  /** Extra packages to install alongside (`--with <package>` each). Default none. */
  with?: readonly string[];
  /** The Python version or interpreter uv should use (`--python`). Default: uv's choice. */
  python?: string;
  /** The uvx executable. Default `'uvx'`. */
  uvx?: string;
}

const OWN_KEYS = ['from', 'version', 'with', 'python', 'uvx'];

/**
 * Params that run a Python package's command:
 * `uvx [--from <package>] [--with <pkg>]… [--python <v>] <tool> [args]`.
 *
 * @example
 * ```ts
 * fromStdioServer(uvxServer('mcp-server-fetch'));
 * fromStdioServer(uvxServer('mcp-server-git', { version: '0.6.2', args: ['--repository', '.'] }));
 * ```
 * @param tool The command (and, unless `from` says otherwise, the package), optionally `tool@version`.
 * @param options The server's arguments, the launcher's options and any `fromStdioServer()` param.
 * @returns Params for `fromStdioServer()`; when uvx is missing, their spawn fails with a
 *   `StdioSpawnError` saying how to install uv.
 * @throws StdioParamsError for an empty or option-like tool, or two versions.
 */
export function uvxServer<In = JsonRpcMessage, Out = JsonRpcMessage>(
  tool: string,
  options: UvxServerOptions<In, Out> = {},
): StdioServerParams<In, Out> {
  requireTarget(tool, 'tool', 'the tool');
  const from = optionalText(options.from, 'from');
  if (from !== undefined) requireTarget(from, 'from', 'from');
  const withPackages = requireWords(options.with ?? [], 'with');
  const python = optionalText(options.python, 'python');
  const fromArgs = from === undefined ? [] : ['--from', pinVersion(from, options.version, '==', 'version')];
  return launcherParams(options, OWN_KEYS, {
    command: optionalText(options.uvx, 'uvx') ?? 'uvx',
    args: [
      ...fromArgs,
      ...withPackages.flatMap((name) => ['--with', name]),
      ...(python === undefined ? [] : ['--python', python]),
      from === undefined ? pinVersion(tool, options.version, '@', 'version') : tool,
    ],
    runtime: UVX_RUNTIME,
  });
}
