/**
 * An npm package as a server, through `npx -y` (no prompt: a server's stdin is the protocol,
 * nobody can answer "Ok to proceed?"). The command is plain `npx`: on Windows cross-spawn finds
 * `npx.cmd` and runs it correctly, so no `.cmd` is hard-coded here.
 */
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioServerParams } from '../StdioServerParams.js';
import { launcherParams, optionalText, requireTarget } from './launcherParams.js';
import type { LauncherOptions } from './LauncherOptions.js';
import { pinVersion } from './packageSpec.js';
import { NPX_RUNTIME } from './runtimes.js';

/** Options of `npxServer()`. */
export interface NpxServerOptions<In = JsonRpcMessage, Out = JsonRpcMessage> extends LauncherOptions<
  In,
  Out
> {
  /** The version, range or tag to run, such as `'1.2.3'` (the same as `'pkg@1.2.3'`). Default: npx's choice. */
  version?: string;
  /**
   * The command to run from the package, when it has several or another name than the package
   * (`npx -y --package=<pkg> <bin>`). Default: the package's own command.
   */
  bin?: string;
  /**
   * Never download: run the package only if it is installed or cached (npm's `offline`
   * setting, through `npm_config_offline`). Default `false`.
   */
  offline?: boolean;
  /** The npx executable. Default `'npx'`. */
  npx?: string;
}

const OWN_KEYS = ['version', 'bin', 'offline', 'npx'];

/**
 * Params that run an npm package: `npx -y <pkg>[@version] [args]`, or
 * `npx -y --package=<pkg>[@version] <bin> [args]`. A package installed in the project (`cwd`)
 * runs from there without a download.
 *
 * @example
 * ```ts
 * fromStdioServer(npxServer('@modelcontextprotocol/server-everything', { args: ['stdio'] }));
 * fromStdioServer(npxServer('@modelcontextprotocol/server-filesystem@2026.8.31', { args: ['/data'] }));
 * ```
 * @param packageSpec The package, optionally with `@version`.
 * @param options The server's arguments, the launcher's options and any `fromStdioServer()` param.
 * @returns Params for `fromStdioServer()`.
 * @throws StdioParamsError for an empty or option-like package, or two versions.
 */
export function npxServer<In = JsonRpcMessage, Out = JsonRpcMessage>(
  packageSpec: string,
  options: NpxServerOptions<In, Out> = {},
): StdioServerParams<In, Out> {
  requireTarget(packageSpec, 'package', 'the package');
  const spec = pinVersion(packageSpec, options.version, '@', 'version');
  const bin = optionalText(options.bin, 'bin');
  if (bin !== undefined) requireTarget(bin, 'bin', 'bin');
  return launcherParams(options, OWN_KEYS, {
    command: optionalText(options.npx, 'npx') ?? 'npx',
    args: bin === undefined ? ['-y', spec] : ['-y', `--package=${spec}`, bin],
    runtime: NPX_RUNTIME,
    envDefaults: options.offline === true ? { npm_config_offline: 'true' } : undefined,
  });
}
