/**
 * One string (or argv) to params, the way FastMCP's `infer_transport()` does it for paths, and
 * further for packages and command lines. The rules are few and stated in order, so a reader can
 * predict the result; anything they do not cover is an error that lists what would work, never
 * a guess. Pure: it looks at nothing but its arguments (except `PATH`, for a `.py` target
 * without a `python` option).
 */
import { StdioParamsError } from '../errors/StdioParamsError.js';
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioServerParams } from '../StdioServerParams.js';
import { extensionOf, launcherParams } from './launcherParams.js';
import type { LauncherOptions } from './LauncherOptions.js';
import { nodeServer } from './nodeServer.js';
import { npxServer } from './npxServer.js';
import { isNpmPackageSpec, isPythonPackageSpec, splitPackageSpec } from './packageSpec.js';
import { pythonServer, type UvRunOptions } from './pythonServer.js';
import { runtimeOfCommand } from './runtimes.js';
import { splitShellWords } from './shellWords.js';
import { uvxServer } from './uvxServer.js';

/** Options of `inferStdioServer()`. */
export interface InferStdioServerOptions<In = JsonRpcMessage, Out = JsonRpcMessage> extends LauncherOptions<
  In,
  Out
> {
  /** How a package name runs: through `'npx'` (npm, the default) or `'uvx'` (Python). */
  packageRunner?: 'npx' | 'uvx';
  /** For a `.js`/`.ts` target: the Node executable (see `nodeServer()`). */
  node?: string;
  /** For a `.ts` target: the loader, such as `'tsx'` (see `nodeServer()`). */
  loader?: string;
  /** For a `.py` target: the interpreter (see `pythonServer()`). */
  python?: string;
  /** For a `.py` target: run it with `uv run` (see `pythonServer()`). */
  uv?: boolean | UvRunOptions;
}

const NODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);
const PYTHON_EXTENSIONS = new Set(['.py']);
/** Extensions of files that run by themselves (a path with one is a command, not a script). */
const EXECUTABLE_EXTENSIONS = new Set(['', '.exe', '.cmd', '.bat', '.sh']);

/**
 * Turns a target into `fromStdioServer()` params. The first word decides, in this order:
 *
 * 1. a script path by extension: `.js`, `.mjs`, `.cjs` → `nodeServer()`; `.ts`, `.mts`, `.cts` →
 *    `nodeServer()` with `options.loader`; `.py` → `pythonServer()`; the other words are its args;
 * 2. a package: a scoped name or `name@version` (any number of words), or a lone plain name →
 *    `npxServer()` (or `uvxServer()` with `packageRunner: 'uvx'`);
 * 3. a command: anything else with arguments, a lone well-known program (`node`, `python3`, `uvx`,
 *    …) or a lone path to an executable → `{ command, args }`, naming the runtime of well-known
 *    programs so that a missing one is reported with how to install it.
 *
 * A string is split with `splitShellWords()` (quotes and escapes, never a shell); an array is
 * taken as words already. `options.args` come after the target's own arguments.
 *
 * @example
 * ```ts
 * inferStdioServer('server.py');                   // { command: 'python3', args: ['server.py'], … }
 * inferStdioServer('@modelcontextprotocol/server-everything stdio'); // npx -y … stdio
 * inferStdioServer(`uvx mcp-server-git --repository '/my repo'`);   // { command: 'uvx', args: [...] }
 * ```
 * @param target A script path, a package name or a command line, as a string or as words.
 * @param options The launchers' options and any `fromStdioServer()` param.
 * @returns Params for `fromStdioServer()`.
 * @throws StdioParamsError (field `'target'`, or the launcher's) when the target is empty, cannot
 *   be split, or fits none of the rules.
 */
export function inferStdioServer<In = JsonRpcMessage, Out = JsonRpcMessage>(
  target: string | readonly string[],
  options: InferStdioServerOptions<In, Out> = {},
): StdioServerParams<In, Out> {
  const words = wordsOf(target);
  if (words.length === 0 || words[0].length === 0) {
    throw new StdioParamsError(
      'the target is empty: give a script path, a package name or a command line',
      'target',
    );
  }
  const [first, ...rest] = words;
  const { packageRunner = 'npx', node, loader, python, uv, ...common } = options;
  if ((packageRunner as unknown) !== 'npx' && (packageRunner as unknown) !== 'uvx') {
    throw new StdioParamsError(`packageRunner must be 'npx' or 'uvx'`, 'packageRunner');
  }
  const withArgs = { ...common, args: [...rest, ...(options.args ?? [])] };
  const extension = extensionOf(first);

  if (NODE_EXTENSIONS.has(extension)) return nodeServer(first, { ...withArgs, node, loader });
  if (PYTHON_EXTENSIONS.has(extension)) return pythonServer(first, { ...withArgs, python, uv });

  const isPath = /[/\\]/.test(first) && !first.startsWith('@');
  const pinnedOrScoped = first.startsWith('@') || splitPackageSpec(first).version !== undefined;
  const known = runtimeOfCommand(first) !== undefined;
  if (!isPath && !known && (pinnedOrScoped || rest.length === 0)) {
    if (packageRunner === 'uvx') {
      if (isPythonPackageSpec(first)) return uvxServer(first, withArgs);
    } else if (isNpmPackageSpec(first)) {
      return npxServer(first, withArgs);
    }
    throw new StdioParamsError(
      `cannot infer how to run ${JSON.stringify(first)}: it is not a script (.js, .mjs, .cjs, .ts, .py), ` +
        `not a valid ${packageRunner === 'uvx' ? 'Python' : 'npm'} package name, and a command needs its ` +
        `arguments (or a path) to be told apart from a package`,
      'target',
    );
  }
  if (rest.length === 0 && isPath && !EXECUTABLE_EXTENSIONS.has(extension)) {
    throw new StdioParamsError(
      `cannot infer how to run ${JSON.stringify(first)}: ${JSON.stringify(extension)} is not a known script ` +
        `type (.js, .mjs, .cjs, .ts, .mts, .cts, .py); use a launcher or give the command line`,
      'target',
    );
  }
  const runtime = runtimeOfCommand(first);
  return launcherParams(withArgs, [], { command: first, args: [], runtime });
}

function wordsOf(target: string | readonly string[]): readonly string[] {
  if (typeof target === 'string') return splitShellWords(target);
  if (Array.isArray(target) && target.every((word) => typeof word === 'string')) return target;
  throw new StdioParamsError('the target must be a string or an array of strings', 'target');
}
