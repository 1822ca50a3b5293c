/**
 * Starting a server process and wording why it could not start: the one place that knows the
 * spawn options (a new process group on POSIX, no shell, a clean environment) and turns ENOENT,
 * EACCES and a missing working directory into a `StdioSpawnError` that says what to fix.
 */
import { existsSync } from 'node:fs';
import crossSpawn from 'cross-spawn';
import { StdioSpawnError } from '../errors/StdioSpawnError.js';
import type { StdioRuntime } from '../StdioServerParams.js';
import { getDefaultEnvironment, mergeEnvironment } from './getDefaultEnvironment.js';
import type { StdioChildProcess, StdioSpawn, StdioSpawnOptions } from './StdioChildProcess.js';

/** What a spawn needs from the resolved params. */
export interface SpawnRequest {
  command: string;
  args: readonly string[];
  /** Named in the error, with how to install it, when `command` is not found. */
  runtime?: StdioRuntime | undefined;
  cwd: string | undefined;
  envOverrides: Readonly<Record<string, string | undefined>>;
  stderr: 'inherit' | 'ignore' | 'pipe';
  spawn: StdioSpawn | undefined;
}

/** Whether servers lead a process group of their own (POSIX), which is how a tree is killed. */
export const SPAWN_AS_GROUP_LEADER = process.platform !== 'win32';

/**
 * Starts the server. The process may still fail to start later: its `'error'` event then goes
 * through `spawnError()` too.
 *
 * @returns The child, or the error that says why it did not start.
 */
export function spawnServer(request: SpawnRequest): StdioChildProcess | StdioSpawnError {
  const options: StdioSpawnOptions = {
    env: mergeEnvironment(getDefaultEnvironment(), request.envOverrides),
    stdio: ['pipe', 'pipe', request.stderr],
    detached: SPAWN_AS_GROUP_LEADER,
    windowsHide: true,
    shell: false,
  };
  if (request.cwd !== undefined) options.cwd = request.cwd;
  let child: StdioChildProcess;
  try {
    child = (request.spawn ?? crossSpawn)(request.command, request.args, options);
  } catch (error) {
    return spawnError(error, request);
  }
  if (child.stdin === null || child.stdout === null) {
    return spawnError(new Error('the spawner returned a process without stdin/stdout pipes'), request);
  }
  return child;
}

/** The `StdioSpawnError` for `cause`, worded for the person who has to fix it. */
export function spawnError(
  cause: unknown,
  request: Pick<SpawnRequest, 'command' | 'cwd' | 'runtime'>,
): StdioSpawnError {
  const { command, cwd, runtime } = request;
  const code = errorCode(cause);
  let reason = cause instanceof Error ? cause.message : String(cause);
  if (code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) {
    reason = `the working directory ${JSON.stringify(cwd)} does not exist`;
  } else if (code === 'ENOENT' && runtime !== undefined) {
    // A launcher knows which runtime the command belongs to: say what is missing and how to get it.
    reason = `${runtime.name} is not installed (command not found: ${JSON.stringify(command)}); ${runtime.install}`;
  } else if (code === 'ENOENT') {
    reason = `command not found: ${JSON.stringify(command)}`;
  } else if (code === 'EACCES') {
    reason = `permission denied: ${JSON.stringify(command)} is not executable`;
  }
  return new StdioSpawnError(`failed to start MCP server: ${reason}`, code, command, cause);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
