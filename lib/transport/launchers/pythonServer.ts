/**
 * A Python script as a server: on the interpreter the caller names, else `python3` or `python`
 * from the `PATH` the server will get, or through `uv run` when asked (uv then picks the
 * interpreter and the script's dependencies). Output is unbuffered so a server that prints
 * without flushing still answers line by line.
 */
import { getDefaultEnvironment } from '../process/getDefaultEnvironment.js';
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioServerParams } from '../StdioServerParams.js';
import { firstOnPath } from './findExecutable.js';
import { launcherParams, optionalText, requireTarget, requireWords } from './launcherParams.js';
import type { LauncherOptions } from './LauncherOptions.js';
import { PYTHON_RUNTIME, UV_RUNTIME } from './runtimes.js';

/** Options of `uv run` for `pythonServer()`. */
export interface UvRunOptions {
  /** Extra packages to run with (`uv run --with <package>` each). Default none. */
  with?: readonly string[];
  /** The project whose environment to use (`uv run --project <dir>`). Default: uv's choice. */
  project?: string;
  /** The uv executable. Default `'uv'`. */
  uv?: string;
}

/** Options of `pythonServer()`. */
export interface PythonServerOptions<In = JsonRpcMessage, Out = JsonRpcMessage> extends LauncherOptions<
  In,
  Out
> {
  /**
   * The interpreter, such as `'/opt/venv/bin/python'`. Default: `python3`, else `python`, found
   * on the `PATH` the server gets. With `uv`, passed to uv as `--python` (a version or a path).
   */
  python?: string;
  /** Run the script with `uv run` (`true`, or uv's options) instead of a bare interpreter. */
  uv?: boolean | UvRunOptions;
}

const OWN_KEYS = ['python', 'uv'];
/** Python's own defaults for a pipe: block-buffered output, the locale's encoding. */
const PYTHON_ENV: Readonly<Record<string, string>> = { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };

/**
 * Params that run a Python script: `python3 script [args]`, or
 * `uv run [--project p] [--with pkg]… [--python v] script [args]`. Sets `PYTHONUNBUFFERED=1` and
 * `PYTHONIOENCODING=utf-8` unless `options.env` says otherwise.
 *
 * @example
 * ```ts
 * fromStdioServer(pythonServer('server.py'));
 * fromStdioServer(pythonServer('server.py', { uv: { with: ['mcp'] } })); // uv run --with mcp server.py
 * ```
 * @param script The script's path.
 * @param options The server's arguments, the launcher's options and any `fromStdioServer()` param.
 * @returns Params for `fromStdioServer()`; when no interpreter is found, params for `python3`
 *   whose spawn fails with a `StdioSpawnError` saying how to install Python.
 * @throws StdioParamsError for an empty path or malformed options.
 */
export function pythonServer<In = JsonRpcMessage, Out = JsonRpcMessage>(
  script: string,
  options: PythonServerOptions<In, Out> = {},
): StdioServerParams<In, Out> {
  requireTarget(script, 'script', 'the script path');
  const python = optionalText(options.python, 'python');
  const uv = options.uv ?? false;
  if (uv !== false) {
    const uvOptions: UvRunOptions = uv === true ? {} : uv;
    const project = optionalText(uvOptions.project, 'uv.project');
    const withPackages = requireWords(uvOptions.with ?? [], 'uv.with');
    return launcherParams(options, OWN_KEYS, {
      command: optionalText(uvOptions.uv, 'uv.uv') ?? 'uv',
      args: [
        'run',
        ...(project === undefined ? [] : ['--project', project]),
        ...withPackages.flatMap((name) => ['--with', name]),
        ...(python === undefined ? [] : ['--python', python]),
        script,
      ],
      runtime: UV_RUNTIME,
      envDefaults: PYTHON_ENV,
    });
  }
  return launcherParams(options, OWN_KEYS, {
    command: python ?? defaultPython(options.env),
    args: [script],
    runtime: PYTHON_RUNTIME,
    envDefaults: PYTHON_ENV,
  });
}

/** `python3` or `python`, whichever the server's `PATH` has (Windows prefers `python`). */
function defaultPython(env: Readonly<Record<string, string | undefined>> | undefined): string {
  const names = process.platform === 'win32' ? ['python', 'python3'] : ['python3', 'python'];
  const searchPath = env !== undefined && 'PATH' in env ? env.PATH : getDefaultEnvironment().PATH;
  return firstOnPath(names, searchPath) ?? names[0];
}
