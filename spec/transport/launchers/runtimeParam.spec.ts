/** `params.runtime`: checked like every other param, and worded only where ENOENT is the command's. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstValueFrom } from 'rxjs';
import {
  fromStdioServer,
  StdioParamsError,
  StdioSpawnError,
  type StdioServerParams,
} from '../../../lib/index.js';

const failureOf = (params: StdioServerParams): Promise<unknown> =>
  firstValueFrom(fromStdioServer(params)).then(
    () => new Error('the stream emitted'),
    (error: unknown) => error,
  );

describe('params.runtime', () => {
  let emptyPath: string;
  beforeAll(() => {
    emptyPath = mkdtempSync(path.join(tmpdir(), 'launch-runtime-'));
  });
  afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

  it.each([
    [null, 'runtime', /must be an object/],
    ['uv', 'runtime', /must be an object/],
    [{ install: 'x' }, 'runtime.name', /must be a string/],
    [{ name: 'uv', install: 3 }, 'runtime.install', /must be a string/],
    [{ name: 'u\0v', install: 'x' }, 'runtime.name', /NUL byte/],
  ])('refuses %j before spawning anything', async (runtime, field, message) => {
    const spawned: unknown[] = [];
    const error = await failureOf({
      command: 'uvx',
      runtime: runtime as StdioServerParams['runtime'],
      spawnObserver: { next: (event) => spawned.push(event) },
    });
    expect(error).toBeInstanceOf(StdioParamsError);
    expect((error as StdioParamsError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
    expect(spawned).toEqual([]);
  });

  it('names the runtime and how to install it when the command is not found', async () => {
    const error = await failureOf({
      command: 'deno',
      env: { PATH: emptyPath },
      runtime: { name: 'Deno', install: 'install Deno from https://deno.com' },
    });
    expect(error).toBeInstanceOf(StdioSpawnError);
    expect((error as Error).message).toBe(
      'failed to start MCP server: Deno is not installed (command not found: "deno"); install Deno from https://deno.com',
    );
  });

  it('leaves a missing working directory worded as such', async () => {
    const cwd = path.join(emptyPath, 'no-such-dir');
    const error = await failureOf({
      command: process.execPath,
      cwd,
      runtime: { name: 'Node.js', install: 'install Node.js' },
    });
    expect(error).toBeInstanceOf(StdioSpawnError);
    expect((error as Error).message).toContain(`the working directory ${JSON.stringify(cwd)} does not exist`);
    expect((error as Error).message).not.toContain('Node.js is not installed');
  });
});
