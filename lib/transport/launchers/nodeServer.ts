/**
 * A Node.js script as a server. By default it runs on the very Node that runs the host
 * (`process.execPath`), so the server gets the same version and no `PATH` lookup can pick
 * another one; TypeScript runs only through a loader the caller names, never by guessing.
 */
import { StdioParamsError } from '../errors/StdioParamsError.js';
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioServerParams } from '../StdioServerParams.js';
import { extensionOf, launcherParams, optionalText, requireTarget, requireWords } from './launcherParams.js';
import type { LauncherOptions } from './LauncherOptions.js';
import { NODE_RUNTIME } from './runtimes.js';

/** Options of `nodeServer()`. */
export interface NodeServerOptions<In = JsonRpcMessage, Out = JsonRpcMessage> extends LauncherOptions<
  In,
  Out
> {
  /**
   * The Node executable. Default `process.execPath`: the Node (or Electron) running this code.
   */
  node?: string;
  /** Options for Node itself, placed before the script, such as `['--enable-source-maps']`. */
  nodeOptions?: readonly string[];
  /**
   * A module for Node to load first (`node --import <loader>`): how a TypeScript script runs,
   * such as `'tsx'`. Required for `.ts`, `.mts` and `.cts` scripts (unless `nodeOptions` say how).
   */
  loader?: string;
}

const JAVASCRIPT = new Set(['', '.js', '.mjs', '.cjs']);
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const OWN_KEYS = ['node', 'nodeOptions', 'loader'];

/**
 * Params that run a Node.js script: `node [nodeOptions] [--import loader] script [args]`.
 *
 * @example
 * ```ts
 * fromStdioServer(nodeServer('build/server.js', { args: ['--stdio'] }));
 * fromStdioServer(nodeServer('src/server.ts', { loader: 'tsx' })); // node --import tsx src/server.ts
 * ```
 * @param script The script's path (relative paths are relative to `options.cwd`, else the
 *   host's working directory): `.js`, `.mjs`, `.cjs` or none; `.ts`, `.mts`, `.cts` with a `loader`.
 * @param options The server's arguments, the launcher's options and any `fromStdioServer()` param.
 * @returns Params for `fromStdioServer()`.
 * @throws StdioParamsError for an empty path, another extension, or TypeScript without a loader.
 */
export function nodeServer<In = JsonRpcMessage, Out = JsonRpcMessage>(
  script: string,
  options: NodeServerOptions<In, Out> = {},
): StdioServerParams<In, Out> {
  requireTarget(script, 'script', 'the script path');
  const nodeOptions = requireWords(options.nodeOptions ?? [], 'nodeOptions');
  const loader = optionalText(options.loader, 'loader');
  const node = optionalText(options.node, 'node') ?? process.execPath;
  const extension = extensionOf(script);
  if (TYPESCRIPT.has(extension) && loader === undefined && nodeOptions.length === 0) {
    throw new StdioParamsError(
      `${JSON.stringify(script)} is TypeScript: name a loader, such as nodeServer(script, { loader: 'tsx' }) ` +
        `(runs node --import tsx), or the Node options that run it`,
      'loader',
    );
  }
  if (!JAVASCRIPT.has(extension) && !TYPESCRIPT.has(extension)) {
    throw new StdioParamsError(
      `nodeServer() runs .js, .mjs, .cjs (or, with a loader, .ts) scripts, not ${JSON.stringify(extension)}`,
      'script',
    );
  }
  return launcherParams(options, OWN_KEYS, {
    command: node,
    args: [...nodeOptions, ...(loader === undefined ? [] : ['--import', loader]), script],
    runtime: NODE_RUNTIME,
    envDefaults: node === process.execPath ? runAsNodeEnv(process.versions) : undefined,
  });
}

/**
 * The environment that makes `process.execPath` act as Node: under Electron, `execPath` is the
 * app itself, which runs a script as Node only with `ELECTRON_RUN_AS_NODE=1`.
 *
 * @param versions `process.versions` of the host.
 * @returns `{ ELECTRON_RUN_AS_NODE: '1' }` under Electron, else `undefined`.
 */
export function runAsNodeEnv(
  versions: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string>> | undefined {
  return 'electron' in versions ? { ELECTRON_RUN_AS_NODE: '1' } : undefined;
}
