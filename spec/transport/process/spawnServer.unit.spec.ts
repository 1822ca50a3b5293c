/**
 * spawnServer and spawnError on their own, written from their mutants: the exact options a
 * spawner is handed (a custom spawner is how Electron apps and tests start servers), and the
 * wording of every failure, which is what a user reads to fix it. No process is started: the
 * spawner is a recording function.
 */
import { getDefaultEnvironment } from '../../../lib/transport/process/getDefaultEnvironment.js';
import {
  SPAWN_AS_GROUP_LEADER,
  spawnError,
  spawnServer,
  type SpawnRequest,
} from '../../../lib/transport/process/spawnServer.js';
import type {
  StdioChildProcess,
  StdioSpawnOptions,
} from '../../../lib/transport/process/StdioChildProcess.js';
import { StdioSpawnError } from '../../../lib/transport/errors/StdioSpawnError.js';

const pipes = { stdin: { write: () => true }, stdout: { on: () => undefined } };

function recordingSpawner(made: Partial<StdioChildProcess> = pipes as never) {
  const calls: [string, readonly string[], StdioSpawnOptions][] = [];
  const spawn = (command: string, args: readonly string[], options: StdioSpawnOptions) => {
    calls.push([command, args, options]);
    return made as StdioChildProcess;
  };
  return { calls, spawn };
}

function request(overrides: Partial<SpawnRequest> = {}): SpawnRequest {
  return {
    command: 'srv',
    args: ['--a'],
    cwd: undefined,
    envOverrides: {},
    stderr: 'pipe',
    spawn: undefined,
    ...overrides,
  };
}

const codeError = (code: unknown, message = 'spawn failed') => Object.assign(new Error(message), { code });

describe('spawnServer', () => {
  it('hands the spawner the command, its args and exactly these options', () => {
    const { calls, spawn } = recordingSpawner();
    const child = spawnServer(request({ spawn, stderr: 'ignore', envOverrides: { EXTRA: '1' } }));
    expect(child).toBe(pipes);
    expect(calls).toEqual([
      [
        'srv',
        ['--a'],
        {
          env: { ...getDefaultEnvironment(), EXTRA: '1' },
          stdio: ['pipe', 'pipe', 'ignore'],
          detached: process.platform !== 'win32',
          windowsHide: true,
          shell: false,
        },
      ],
    ]);
    expect(SPAWN_AS_GROUP_LEADER).toBe(process.platform !== 'win32');
    expect('cwd' in (calls[0]?.[2] ?? {})).toBe(false);
  });

  it('passes a working directory when there is one', () => {
    const { calls, spawn } = recordingSpawner();
    spawnServer(request({ spawn, cwd: '/some/dir' }));
    expect(calls[0]?.[2].cwd).toBe('/some/dir');
  });

  it('turns a throwing spawner into a StdioSpawnError that keeps the cause', () => {
    const cause = codeError('EACCES');
    const result = spawnServer(
      request({
        spawn: () => {
          throw cause;
        },
      }),
    );
    expect(result).toBeInstanceOf(StdioSpawnError);
    expect((result as StdioSpawnError).message).toBe(
      'failed to start MCP server: permission denied: "srv" is not executable',
    );
    expect((result as StdioSpawnError).cause).toBe(cause);
  });

  it.each([
    ['stdin', { stdout: pipes.stdout, stdin: null }],
    ['stdout', { stdin: pipes.stdin, stdout: null }],
  ])('refuses a process without %s', (_, made) => {
    const { spawn } = recordingSpawner(made as never);
    const result = spawnServer(request({ spawn }));
    expect(result).toBeInstanceOf(StdioSpawnError);
    expect((result as StdioSpawnError).message).toBe(
      'failed to start MCP server: the spawner returned a process without stdin/stdout pipes',
    );
  });
});

describe('spawnError', () => {
  const runtime = { name: 'uv', install: 'install uv: https://docs.astral.sh/uv/' };

  it('says which working directory is missing, before blaming the command', () => {
    const error = spawnError(codeError('ENOENT'), { command: 'srv', cwd: '/no/such/dir/here', runtime });
    expect(error.message).toBe(
      'failed to start MCP server: the working directory "/no/such/dir/here" does not exist',
    );
    expect(error.code).toBe('ENOENT');
    expect(error.command).toBe('srv');
  });

  it('names the missing runtime and how to install it', () => {
    const error = spawnError(codeError('ENOENT'), { command: 'uvx', cwd: process.cwd(), runtime });
    expect(error.message).toBe(
      'failed to start MCP server: uv is not installed (command not found: "uvx"); install uv: https://docs.astral.sh/uv/',
    );
  });

  it('says the command was not found, whatever the cause message', () => {
    const error = spawnError(codeError('ENOENT', 'spawn srv ENOENT'), { command: 'srv', cwd: undefined });
    expect(error.message).toBe('failed to start MCP server: command not found: "srv"');
  });

  it('says the command is not executable, runtime or not', () => {
    expect(spawnError(codeError('EACCES'), { command: 'srv', cwd: undefined }).message).toBe(
      'failed to start MCP server: permission denied: "srv" is not executable',
    );
    expect(spawnError(codeError('EACCES'), { command: 'uvx', cwd: undefined, runtime }).message).toBe(
      'failed to start MCP server: permission denied: "uvx" is not executable',
    );
  });

  it('keeps the message of any other error, and a code only when it is a string', () => {
    const other = spawnError(codeError('EMFILE', 'too many open files'), { command: 'srv', cwd: '/nowhere' });
    expect(other.message).toBe('failed to start MCP server: too many open files');
    expect(other.code).toBe('EMFILE');
    const numeric = spawnError(codeError(-2, 'odd'), { command: 'srv', cwd: undefined });
    expect(numeric.code).toBeUndefined();
    expect(numeric.message).toBe('failed to start MCP server: odd');
    const plain = spawnError('a string', { command: 'srv', cwd: undefined });
    expect(plain.code).toBeUndefined();
    expect(plain.message).toBe('failed to start MCP server: a string');
    expect(spawnError(null, { command: 'srv', cwd: undefined }).code).toBeUndefined();
  });
});
