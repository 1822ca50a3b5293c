import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  fromStdioServer,
  StdioParamsError,
  StdioSpawnError,
  type StdioServerParams,
} from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';

/** Subscribes and returns the error the stream ends with (fails the test if it completes). */
async function errorOf(params: StdioServerParams<JsonRpcMessage, JsonRpcMessage>): Promise<unknown> {
  try {
    await lastValueFrom(fromStdioServer(params).pipe(toArray()));
  } catch (error) {
    return error;
  }
  throw new Error('expected the stream to error');
}

describe('params', () => {
  let spawned = 0;
  const counting = (params: StdioServerParams<JsonRpcMessage, JsonRpcMessage>) => ({
    ...params,
    spawn: () => {
      spawned += 1;
      throw new Error('must not spawn');
    },
  });
  beforeEach(() => {
    spawned = 0;
  });

  it.each([
    [{ command: '' }, 'params.command must be a non-empty string', 'command'],
    [{ command: 'no\0de' }, 'params.command contains a NUL byte', 'command'],
    [{ command: 'node', args: ['ok', 'b\0d'] }, 'params.args[1] contains a NUL byte', 'args[1]'],
    [{ command: 'node', cwd: '/tmp\0x' }, 'params.cwd contains a NUL byte', 'cwd'],
    [{ command: 'node', env: { A: 'x\0y' } }, 'params.env.A contains a NUL byte', 'env.A'],
    [{ command: 'node', env: { 'A=B': 'x' } }, 'params.env has an invalid variable name "A=B"', 'env.A=B'],
    [{ command: 'node', args: [42] as unknown as string[] }, 'params.args[0] must be a string', 'args[0]'],
    [
      { command: 'node', shutdown: { closeTimeout: -1 } },
      'params.shutdown.closeTimeout must be a finite number of milliseconds ≥ 0',
      'shutdown.closeTimeout',
    ],
    [
      { command: 'node', maxFrameLength: 0 },
      'params.maxFrameLength must be a whole number of bytes ≥ 1',
      'maxFrameLength',
    ],
  ] as const)('refuses %j on subscribe without spawning', async (params, message, field) => {
    const error = await errorOf(counting(params as StdioServerParams<JsonRpcMessage, JsonRpcMessage>));
    expect(error).toBeInstanceOf(StdioParamsError);
    expect(error).toMatchObject({ name: 'StdioParamsError', message, field });
    expect(spawned).toBe(0);
  });

  it('refuses an encoding in which newline framing is unsafe', async () => {
    const error = await errorOf(counting({ command: 'node', encoding: 'utf-16le' as 'utf-8' }));
    expect(error).toMatchObject({ name: 'StdioParamsError', field: 'encoding' });
  });

  it('creating the subject with bad params throws nothing', () => {
    expect(() => fromStdioServer({ command: '' })).not.toThrow();
  });
});

describe('spawn failures', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxjs-mcp-stdio-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ENOENT: a command that does not exist', async () => {
    const error = await errorOf({ command: 'definitely-not-an-mcp-server-xyz' });
    expect(error).toBeInstanceOf(StdioSpawnError);
    expect(error).toMatchObject({
      name: 'StdioSpawnError',
      code: 'ENOENT',
      command: 'definitely-not-an-mcp-server-xyz',
      message: 'failed to start MCP server: command not found: "definitely-not-an-mcp-server-xyz"',
    });
  });

  it('a working directory that does not exist says so', async () => {
    const cwd = join(dir, 'missing');
    const error = await errorOf({ command: process.execPath, args: ['-e', ''], cwd });
    expect(error).toMatchObject({
      name: 'StdioSpawnError',
      code: 'ENOENT',
      message: `failed to start MCP server: the working directory ${JSON.stringify(cwd)} does not exist`,
    });
  });

  it('EACCES: a file that is not executable', async () => {
    // A file with no execute bit at all is refused even to root.
    const file = join(dir, 'not-executable.sh');
    writeFileSync(file, '#!/bin/sh\necho hi\n');
    chmodSync(file, 0o644);
    const error = await errorOf({ command: file });
    expect(error).toMatchObject({ name: 'StdioSpawnError', code: 'EACCES' });
  });
});

describe('environment of the server', () => {
  const printEnv =
    'process.stdout.write(JSON.stringify({ jsonrpc: "2.0", method: "env", params: process.env }) + "\\n")';

  async function serverEnv(env?: Record<string, string | undefined>): Promise<Record<string, string>> {
    const server$ = fromStdioServer({
      command: process.execPath,
      args: ['-e', printEnv],
      ...(env ? { env } : {}),
    });
    const message = await firstValueFrom(server$);
    return message.params as Record<string, string>;
  }

  it('gets the defaults merged with params.env, and none of the host’s other variables', async () => {
    process.env.RXJS_MCP_STDIO_TEST_SECRET = 'do-not-leak';
    try {
      const env = await serverEnv({ EXTRA: 'yes', HOME: '/override' });
      expect(env.EXTRA).toBe('yes');
      expect(env.HOME).toBe('/override');
      expect(env.PATH).toBe(process.env.PATH);
      expect(env.RXJS_MCP_STDIO_TEST_SECRET).toBeUndefined();
    } finally {
      delete process.env.RXJS_MCP_STDIO_TEST_SECRET;
    }
  });

  it('skips inherited values that are exported shell functions', async () => {
    const saved = process.env.TERM;
    process.env.TERM = '() { :; }; echo pwned';
    try {
      expect((await serverEnv()).TERM).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.TERM;
      else process.env.TERM = saved;
    }
  });
});
