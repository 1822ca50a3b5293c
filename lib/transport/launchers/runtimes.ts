/**
 * The runtimes the launchers start servers with, and how to install each one: the words of the
 * `StdioSpawnError` a user sees when one is missing. Kept in one table so the launchers and
 * `inferStdioServer()` (for plain command lines such as `uvx my-server`) say the same thing.
 */
import type { StdioRuntime } from '../StdioServerParams.js';

/** Node.js (for `node` and Node scripts). */
export const NODE_RUNTIME: StdioRuntime = {
  name: 'Node.js',
  install: 'install Node.js 20 or later from https://nodejs.org',
};

/** npx, which comes with npm and Node.js. */
export const NPX_RUNTIME: StdioRuntime = {
  name: 'npx (part of npm)',
  install: 'install Node.js from https://nodejs.org, which includes npm and npx',
};

/** A Python interpreter. */
export const PYTHON_RUNTIME: StdioRuntime = {
  name: 'Python',
  install:
    'install Python 3 from https://www.python.org/downloads/ (or your package manager), ' +
    'or pass the interpreter as the `python` option',
};

/** uv, for `uv run`. */
export const UV_RUNTIME: StdioRuntime = {
  name: 'uv',
  install: 'install uv: https://docs.astral.sh/uv/getting-started/installation/ (e.g. `pipx install uv`)',
};

/** uvx, which comes with uv. */
export const UVX_RUNTIME: StdioRuntime = {
  name: 'uvx (part of uv)',
  install:
    'install uv, which includes uvx: https://docs.astral.sh/uv/getting-started/installation/ ' +
    '(e.g. `pipx install uv`)',
};

/** The FastMCP command line. */
export const FASTMCP_RUNTIME: StdioRuntime = {
  name: 'FastMCP',
  install: 'install FastMCP: `uv tool install fastmcp` or `pip install fastmcp` (https://gofastmcp.com)',
};

const BY_COMMAND: Readonly<Record<string, StdioRuntime>> = {
  node: NODE_RUNTIME,
  npx: NPX_RUNTIME,
  python: PYTHON_RUNTIME,
  python3: PYTHON_RUNTIME,
  uv: UV_RUNTIME,
  uvx: UVX_RUNTIME,
  fastmcp: FASTMCP_RUNTIME,
};

/**
 * The runtime a well-known command belongs to, by its file name (`/usr/bin/uvx`, `npx.cmd` and
 * `python3.exe` are recognised), or `undefined` for any other command.
 *
 * @param command A command as given to `fromStdioServer()`.
 * @returns Its runtime, or `undefined`.
 */
export function runtimeOfCommand(command: string): StdioRuntime | undefined {
  const base = command
    .split(/[/\\]/)
    .pop()
    ?.replace(/\.(exe|cmd|bat)$/i, '')
    .toLowerCase();
  return base !== undefined && Object.hasOwn(BY_COMMAND, base) ? BY_COMMAND[base] : undefined;
}
