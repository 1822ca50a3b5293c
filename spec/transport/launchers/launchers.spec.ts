/**
 * What each launcher builds, exactly (command, args, env, runtime), and the errors for what it
 * cannot build. The real processes are in processes.spec.ts.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  fastmcpServer,
  nodeServer,
  npxServer,
  pythonServer,
  StdioParamsError,
  uvxServer,
} from '../../../lib/index.js';
import { runtimeOfCommand } from '../../../lib/transport/launchers/runtimes.js';
import { runAsNodeEnv } from '../../../lib/transport/launchers/nodeServer.js';

const expectParamsError = (run: () => unknown, field: string, message: RegExp): void => {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StdioParamsError);
  expect((caught as StdioParamsError).field).toBe(field);
  expect((caught as StdioParamsError).message).toMatch(message);
};

describe('nodeServer', () => {
  it.each(['server.js', 'server.mjs', 'server.cjs', 'bin/server', 'SERVER.JS'])(
    'runs %s on the host’s own Node',
    (script) => {
      expect(nodeServer(script)).toEqual({
        command: process.execPath,
        args: [script],
        runtime: { name: 'Node.js', install: expect.stringContaining('nodejs.org') },
      });
    },
  );

  it('puts Node options and the loader before the script, the server’s args after', () => {
    const params = nodeServer('src/server.ts', {
      loader: 'tsx',
      nodeOptions: ['--enable-source-maps'],
      args: ['--port', 'stdio'],
      node: '/opt/node/bin/node',
      cwd: '/srv',
      stderr: 'ignore',
      env: { DEBUG: '1' },
    });
    expect(params).toEqual({
      command: '/opt/node/bin/node',
      args: ['--enable-source-maps', '--import', 'tsx', 'src/server.ts', '--port', 'stdio'],
      cwd: '/srv',
      stderr: 'ignore',
      env: { DEBUG: '1' },
      runtime: expect.objectContaining({ name: 'Node.js' }),
    });
  });

  it('passes every other fromStdioServer() param through, untouched', () => {
    const observer = { next: jest.fn() };
    const serializer = (value: unknown): string => JSON.stringify(value);
    const params = nodeServer('s.js', {
      spawnObserver: observer,
      serializer,
      shutdown: { closeTimeout: 5 },
      maxFrameLength: 10,
    });
    expect(params.spawnObserver).toBe(observer);
    expect(params.serializer).toBe(serializer);
    expect(params.shutdown).toEqual({ closeTimeout: 5 });
    expect(params.maxFrameLength).toBe(10);
    expect(params).not.toHaveProperty('loader');
    expect(params).not.toHaveProperty('nodeOptions');
  });

  it.each(['server.ts', 'server.mts', 'server.cts'])('refuses %s without a loader, naming one', (script) => {
    expectParamsError(() => nodeServer(script), 'loader', /is TypeScript: name a loader.*loader: 'tsx'/);
  });

  it('runs TypeScript with Node options the caller chose instead of a loader', () => {
    expect(nodeServer('s.ts', { nodeOptions: ['--experimental-strip-types'] }).args).toEqual([
      '--experimental-strip-types',
      's.ts',
    ]);
  });

  it.each([
    ['', 'script', /non-empty/],
    ['   ', 'script', /non-empty/],
    ['--inspect', 'script', /starts with "-"/],
    ['server.py', 'script', /not ".py"/],
    ['data.json', 'script', /not ".json"/],
  ])('refuses the script %j', (script, field, message) => {
    expectParamsError(() => nodeServer(script), field, message);
  });

  it('refuses malformed options', () => {
    expectParamsError(
      () => nodeServer('s.js', { nodeOptions: 'x' as unknown as string[] }),
      'nodeOptions',
      /array/,
    );
    expectParamsError(() => nodeServer('s.js', { loader: '' }), 'loader', /non-empty/);
    expectParamsError(
      () => nodeServer('s.js', { args: [1] as unknown as string[] }),
      'args',
      /array of strings/,
    );
  });

  it('makes Electron act as Node, and only Electron', () => {
    expect(runAsNodeEnv({ ...process.versions, electron: '33.0.0' })).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(runAsNodeEnv(process.versions)).toBeUndefined();
  });
});

describe('pythonServer', () => {
  const unbuffered = { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };

  it('runs a given interpreter, unbuffered, in UTF-8', () => {
    expect(pythonServer('server.py', { python: '/opt/venv/bin/python', args: ['-v'] })).toEqual({
      command: '/opt/venv/bin/python',
      args: ['server.py', '-v'],
      env: unbuffered,
      runtime: expect.objectContaining({ name: 'Python', install: expect.stringContaining('python.org') }),
    });
  });

  it('lets the caller’s env win over its defaults', () => {
    expect(pythonServer('s.py', { python: 'py', env: { PYTHONUNBUFFERED: undefined, X: 'y' } }).env).toEqual({
      PYTHONUNBUFFERED: undefined,
      PYTHONIOENCODING: 'utf-8',
      X: 'y',
    });
  });

  describe('without an interpreter given', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'launch-python-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const executable = (name: string): void => {
      writeFileSync(path.join(dir, name), '#!/bin/sh\n');
      chmodSync(path.join(dir, name), 0o755);
    };

    it('picks python3 from the server’s PATH', () => {
      executable('python3');
      executable('python');
      expect(pythonServer('s.py', { env: { PATH: dir } }).command).toBe('python3');
    });

    it('falls back to python', () => {
      executable('python');
      expect(pythonServer('s.py', { env: { PATH: dir } }).command).toBe('python');
    });

    it('skips a file that is not executable', () => {
      writeFileSync(path.join(dir, 'python3'), '');
      executable('python');
      expect(pythonServer('s.py', { env: { PATH: dir } }).command).toBe('python');
    });

    it('names python3 when neither is there, so the spawn error says how to install Python', () => {
      const params = pythonServer('s.py', { env: { PATH: dir } });
      expect(params.command).toBe('python3');
      expect(params.runtime?.name).toBe('Python');
    });

    it('looks on the host’s PATH when env does not set one', () => {
      // The host's PATH has only `python`: found there, it is picked over the `python3` default.
      executable('python');
      const hostPath = process.env.PATH;
      process.env.PATH = dir;
      try {
        expect(pythonServer('s.py').command).toBe('python');
        expect(pythonServer('s.py', { env: { X: '1' } }).command).toBe('python');
      } finally {
        process.env.PATH = hostPath;
      }
    });
  });

  it('runs through uv run with its options', () => {
    expect(
      pythonServer('server.py', {
        uv: { with: ['mcp', 'httpx'], project: '../proj' },
        python: '3.12',
        args: ['--flag'],
      }),
    ).toEqual({
      command: 'uv',
      args: [
        'run',
        '--project',
        '../proj',
        '--with',
        'mcp',
        '--with',
        'httpx',
        '--python',
        '3.12',
        'server.py',
        '--flag',
      ],
      env: unbuffered,
      runtime: expect.objectContaining({ name: 'uv', install: expect.stringContaining('docs.astral.sh/uv') }),
    });
    expect(pythonServer('server.py', { uv: true }).args).toEqual(['run', 'server.py']);
    expect(pythonServer('server.py', { uv: { uv: '/bin/uv' } }).command).toBe('/bin/uv');
  });

  it('refuses malformed input', () => {
    expectParamsError(() => pythonServer(''), 'script', /non-empty/);
    expectParamsError(() => pythonServer('-c'), 'script', /starts with "-"/);
    expectParamsError(
      () => pythonServer('s.py', { uv: { with: 'mcp' as unknown as string[] } }),
      'uv.with',
      /array/,
    );
  });
});

describe('npxServer', () => {
  const npx = expect.objectContaining({
    name: 'npx (part of npm)',
    install: expect.stringContaining('nodejs.org'),
  });

  it('runs a package without a prompt, args after it', () => {
    expect(npxServer('@modelcontextprotocol/server-everything', { args: ['stdio'] })).toEqual({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything', 'stdio'],
      runtime: npx,
    });
  });

  it('pins a version given in the name or as an option', () => {
    expect(npxServer('pkg@1.2.3').args).toEqual(['-y', 'pkg@1.2.3']);
    expect(npxServer('@scope/pkg', { version: '^2' }).args).toEqual(['-y', '@scope/pkg@^2']);
    expect(npxServer('@scope/pkg@latest').args).toEqual(['-y', '@scope/pkg@latest']);
  });

  it('runs a named bin of the package', () => {
    expect(npxServer('@scope/tools', { bin: 'tools-mcp', version: '1.0.0', args: ['--x'] }).args).toEqual([
      '-y',
      '--package=@scope/tools@1.0.0',
      'tools-mcp',
      '--x',
    ]);
  });

  it('works offline when asked, through npm’s own setting', () => {
    expect(npxServer('pkg', { offline: true, env: { A: 'b' } }).env).toEqual({
      npm_config_offline: 'true',
      A: 'b',
    });
    expect(npxServer('pkg')).not.toHaveProperty('env');
  });

  it('never hard-codes npx.cmd (cross-spawn finds it on Windows)', () => {
    expect(npxServer('pkg').command).toBe('npx');
    expect(npxServer('pkg', { npx: '/usr/local/bin/npx' }).command).toBe('/usr/local/bin/npx');
  });

  it('refuses two versions, a bad version, and option-like names', () => {
    expectParamsError(() => npxServer('pkg@1', { version: '2' }), 'version', /already names a version/);
    expectParamsError(() => npxServer('pkg', { version: '1 2' }), 'version', /without spaces/);
    expectParamsError(() => npxServer('pkg', { version: '' }), 'version', /without spaces/);
    expectParamsError(() => npxServer('--yes'), 'package', /starts with "-"/);
    expectParamsError(() => npxServer(''), 'package', /non-empty/);
    expectParamsError(() => npxServer('pkg', { bin: '-x' }), 'bin', /starts with "-"/);
  });
});

describe('uvxServer', () => {
  it('runs a tool, pinned with @, with its options in uvx order', () => {
    expect(
      uvxServer('mcp-server-git', {
        version: '0.6.2',
        with: ['gitpython'],
        python: '3.12',
        args: ['--repository', '.'],
      }),
    ).toEqual({
      command: 'uvx',
      args: ['--with', 'gitpython', '--python', '3.12', 'mcp-server-git@0.6.2', '--repository', '.'],
      runtime: expect.objectContaining({
        name: 'uvx (part of uv)',
        install: expect.stringContaining('astral.sh'),
      }),
    });
  });

  it('pins the --from package with ==', () => {
    expect(uvxServer('serve', { from: 'my-package', version: '1.0' }).args).toEqual([
      '--from',
      'my-package==1.0',
      'serve',
    ]);
    expect(uvxServer('serve', { from: 'my-package==1.0' }).args).toEqual([
      '--from',
      'my-package==1.0',
      'serve',
    ]);
  });

  it('refuses two versions and option-like names', () => {
    expectParamsError(
      () => uvxServer('serve', { from: 'pkg==1', version: '2' }),
      'version',
      /already names a version/,
    );
    expectParamsError(() => uvxServer('tool@1', { version: '2' }), 'version', /already names a version/);
    expectParamsError(() => uvxServer('--help'), 'tool', /starts with "-"/);
    expectParamsError(() => uvxServer('t', { from: '-x' }), 'from', /starts with "-"/);
  });
});

describe('fastmcpServer', () => {
  it('runs fastmcp run over stdio, with the server’s args after --', () => {
    expect(
      fastmcpServer('weather.py', {
        object: 'app',
        with: ['httpx'],
        python: '3.12',
        project: '.',
        args: ['--units', 'metric'],
        stderr: 'ignore',
      }),
    ).toEqual({
      command: 'fastmcp',
      args: [
        'run',
        'weather.py:app',
        '--transport',
        'stdio',
        '--with',
        'httpx',
        '--python',
        '3.12',
        '--project',
        '.',
        '--',
        '--units',
        'metric',
      ],
      stderr: 'ignore',
      runtime: expect.objectContaining({ name: 'FastMCP', install: expect.stringContaining('fastmcp') }),
    });
    expect(fastmcpServer('s.py').args).toEqual(['run', 's.py', '--transport', 'stdio']);
  });

  it('refuses malformed input', () => {
    expectParamsError(() => fastmcpServer(''), 'script', /non-empty/);
    expectParamsError(() => fastmcpServer('s.py', { object: '' }), 'object', /non-empty/);
    expectParamsError(() => fastmcpServer('s.py', { with: [3] as unknown as string[] }), 'with', /array/);
  });
});

describe('runtimeOfCommand', () => {
  it.each([
    ['npx', 'npx (part of npm)'],
    ['/usr/local/bin/uvx', 'uvx (part of uv)'],
    ['C:\\Program Files\\nodejs\\npx.cmd', 'npx (part of npm)'],
    ['python3.exe', 'Python'],
    ['PYTHON', 'Python'],
    ['uv', 'uv'],
    ['fastmcp', 'FastMCP'],
    ['node', 'Node.js'],
  ])('%s belongs to %s', (command, name) => {
    expect(runtimeOfCommand(command)?.name).toBe(name);
  });

  it.each(['my-server', 'docker', 'toString', '__proto__', ''])('%j belongs to none', (command) => {
    expect(runtimeOfCommand(command)).toBeUndefined();
  });
});
