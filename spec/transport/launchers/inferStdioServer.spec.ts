/** inferStdioServer(): each rule, in order, and the errors for what fits none. Pure: no process. */
import fc from 'fast-check';
import { inferStdioServer, StdioParamsError, type InferStdioServerOptions } from '../../../lib/index.js';
import { joinShellWords } from '../../../lib/transport/launchers/shellWords.js';

const python = { python: '/usr/bin/python3' };
const shape = (target: string | readonly string[], options: InferStdioServerOptions = {}) => {
  const { command, args, runtime } = inferStdioServer(target, options);
  return { command, args, runtime: runtime?.name };
};

describe('inferStdioServer', () => {
  describe('a script, by extension', () => {
    it.each(['server.js', './build/server.mjs', '/abs/path/server.cjs', 'SERVER.JS'])(
      '%s runs on Node',
      (target) => {
        expect(shape(target)).toEqual({ command: process.execPath, args: [target], runtime: 'Node.js' });
      },
    );

    it('a Windows path goes in single quotes (a backslash escapes, as in a shell) or as words', () => {
      const node = { command: process.execPath, args: ['C:\\srv\\s.js'], runtime: 'Node.js' };
      expect(shape(`'C:\\srv\\s.js'`)).toEqual(node);
      expect(shape(['C:\\srv\\s.js'])).toEqual(node);
      expect(shape('C:\\srv\\s.js').args).toEqual(['C:srvs.js']);
    });

    it('a TypeScript script runs with the loader asked for, and only then', () => {
      expect(shape('src/server.ts', { loader: 'tsx' })).toEqual({
        command: process.execPath,
        args: ['--import', 'tsx', 'src/server.ts'],
        runtime: 'Node.js',
      });
      expect(() => inferStdioServer('src/server.mts')).toThrow(/is TypeScript: name a loader/);
    });

    it('a .py script runs on Python, or through uv run', () => {
      expect(shape('server.py --verbose', python)).toEqual({
        command: '/usr/bin/python3',
        args: ['server.py', '--verbose'],
        runtime: 'Python',
      });
      expect(shape('server.py', { uv: { with: ['mcp'] } })).toEqual({
        command: 'uv',
        args: ['run', '--with', 'mcp', 'server.py'],
        runtime: 'uv',
      });
    });

    it('the target’s own args come first, options.args after', () => {
      expect(shape(`'my server.js' --a "b c"`, { args: ['--d'] }).args).toEqual([
        'my server.js',
        '--a',
        'b c',
        '--d',
      ]);
    });

    it('keeps the other fromStdioServer() params', () => {
      const params = inferStdioServer('s.py', { ...python, env: { A: '1' }, cwd: '/srv', stderr: 'ignore' });
      expect(params).toMatchObject({ env: { A: '1', PYTHONUNBUFFERED: '1' }, cwd: '/srv', stderr: 'ignore' });
      expect(params).not.toHaveProperty('python');
      expect(params).not.toHaveProperty('packageRunner');
    });
  });

  describe('a package', () => {
    it.each([
      ['@modelcontextprotocol/server-everything', ['-y', '@modelcontextprotocol/server-everything']],
      ['@scope/pkg@1.2.3', ['-y', '@scope/pkg@1.2.3']],
      ['mcp-server-foo', ['-y', 'mcp-server-foo']],
      ['mcp-server-foo@^2.0.0', ['-y', 'mcp-server-foo@^2.0.0']],
      ['socket.io', ['-y', 'socket.io']],
    ])('%s runs through npx', (target, args) => {
      expect(shape(target)).toEqual({ command: 'npx', args, runtime: 'npx (part of npm)' });
    });

    it('a scoped or pinned package keeps its arguments', () => {
      expect(shape('@modelcontextprotocol/server-filesystem /data /tmp').args).toEqual([
        '-y',
        '@modelcontextprotocol/server-filesystem',
        '/data',
        '/tmp',
      ]);
      expect(shape('server-memory@1.0.0 --x').args).toEqual(['-y', 'server-memory@1.0.0', '--x']);
    });

    it('runs through uvx when asked, Python names included', () => {
      expect(shape('mcp-server-fetch', { packageRunner: 'uvx' })).toEqual({
        command: 'uvx',
        args: ['mcp-server-fetch'],
        runtime: 'uvx (part of uv)',
      });
      expect(shape('Mcp_Server[cli]@0.6', { packageRunner: 'uvx' }).args).toEqual(['Mcp_Server[cli]@0.6']);
    });

    it.each([
      ['MyServer', {}, /not a valid npm package name/],
      ['_private', {}, /not a valid npm package name/],
      ['@scope/Bad', {}, /not a valid npm package name/],
      ['@scope/pkg stdio', { packageRunner: 'uvx' as const }, /not a valid Python package name/],
    ])('refuses %j', (target, options, message) => {
      expect(() => inferStdioServer(target, options)).toThrow(StdioParamsError);
      expect(() => inferStdioServer(target, options)).toThrow(message);
    });

    it('refuses an unknown package runner', () => {
      expect(() => inferStdioServer('pkg', { packageRunner: 'pipx' as 'npx' })).toThrow(
        /packageRunner must be/,
      );
    });
  });

  describe('a command', () => {
    it('a command line runs as written, no shell', () => {
      expect(shape(`uvx mcp-server-git --repository '/my repo'`)).toEqual({
        command: 'uvx',
        args: ['mcp-server-git', '--repository', '/my repo'],
        runtime: 'uvx (part of uv)',
      });
      expect(shape('my-server --stdio')).toEqual({
        command: 'my-server',
        args: ['--stdio'],
        runtime: undefined,
      });
      expect(shape('docker run -i --rm mcp/fetch').command).toBe('docker');
    });

    it('well-known programs carry their runtime, so a missing one says how to install it', () => {
      expect(shape('npx -y pkg').runtime).toBe('npx (part of npm)');
      expect(shape('python3 -m my_server').runtime).toBe('Python');
      expect(shape('fastmcp run s.py').runtime).toBe('FastMCP');
      expect(shape('node')).toEqual({ command: 'node', args: [], runtime: 'Node.js' });
    });

    it('a lone path to an executable runs it', () => {
      expect(shape('./bin/server')).toEqual({ command: './bin/server', args: [], runtime: undefined });
      expect(shape(['C:\\servers\\server.exe']).command).toBe('C:\\servers\\server.exe');
      expect(shape('./run.sh').command).toBe('./run.sh');
    });

    it('argv form takes the words as they are', () => {
      expect(shape(['my server', '$HOME', 'a|b'])).toEqual({
        command: 'my server',
        args: ['$HOME', 'a|b'],
        runtime: undefined,
      });
      expect(shape(['server.py', 'x y'], python).args).toEqual(['server.py', 'x y']);
    });
  });

  describe('what fits no rule', () => {
    it.each([
      ['', /the target is empty/],
      ['   ', /the target is empty/],
      [[], /the target is empty/],
      [[''], /the target is empty/],
      ['./data/notes.txt', /".txt" is not a known script type/],
      ['server.py | tee log', /"\|" needs a shell/],
      [`'unterminated`, /unterminated single quote/],
    ])('%j', (target, message) => {
      expect(() => inferStdioServer(target as string)).toThrow(StdioParamsError);
      expect(() => inferStdioServer(target as string)).toThrow(message);
    });

    it('a target that is neither a string nor words', () => {
      expect(() => inferStdioServer(42 as unknown as string)).toThrow(/a string or an array of strings/);
      expect(() => inferStdioServer([1] as unknown as string[])).toThrow(/a string or an array of strings/);
    });

    it('the error names the target field', () => {
      try {
        inferStdioServer('./notes.txt');
        throw new Error('not refused');
      } catch (error) {
        expect(error).toBeInstanceOf(StdioParamsError);
        expect((error as StdioParamsError).field).toBe('target');
      }
    });
  });

  it('is deterministic and leaves its inputs alone', () => {
    const words = ['server.js', 'a'];
    const options = { args: ['b'], env: { X: '1' } };
    const first = inferStdioServer(words, options);
    expect(inferStdioServer(words, options)).toEqual(first);
    expect(words).toEqual(['server.js', 'a']);
    expect(options).toEqual({ args: ['b'], env: { X: '1' } });
  });
});

describe('inferStdioServer, as properties', () => {
  const outcome = (target: string | readonly string[]): unknown => {
    try {
      return inferStdioServer(target, { python: 'python3', loader: 'tsx' });
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const word = fc.oneof(
    fc.constantFrom(
      'server.py',
      'a.mjs',
      'x.ts',
      '@s/p',
      'p@1',
      'pkg',
      'uvx',
      './bin/s',
      'n.txt',
      '-y',
      'a b',
      "it's",
    ),
    fc.string({ maxLength: 8 }),
  );

  it('a command line and its words mean the same', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        expect(outcome(joinShellWords(words))).toEqual(outcome(words));
      }),
      { numRuns: 1000 },
    );
  });

  it('whatever runs, the target’s own arguments come last, in order, then options.args', () => {
    fc.assert(
      fc.property(
        word,
        fc.array(word, { maxLength: 4 }),
        fc.array(word, { maxLength: 2 }),
        (first, rest, extra) => {
          let params;
          try {
            params = inferStdioServer([first, ...rest], { python: 'python3', loader: 'tsx', args: extra });
          } catch (error) {
            expect(error).toBeInstanceOf(StdioParamsError);
            return;
          }
          const tail = [...rest, ...extra];
          expect((params.args ?? []).slice((params.args ?? []).length - tail.length)).toEqual(tail);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
