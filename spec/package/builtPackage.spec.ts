import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs a snippet in a fresh Node process at the package root, where the package resolves by name. */
function run(code: string, type: 'commonjs' | 'module'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 20_000 }).trim();
}

// A round trip through the built package: a one-line server answers, the transport completes.
const roundTrip = (fromStdioServer: string) => `
  const server$ = ${fromStdioServer}({
    command: process.execPath,
    args: ['-e', 'process.stdin.once("data", (d) => { process.stdout.write(d); process.exit(0); })'],
  });
  const seen = [];
  server$.subscribe({
    next: (m) => seen.push(m.id),
    complete: () => console.log(JSON.stringify(seen)),
    error: (e) => console.log('error ' + e.message),
  });
  server$.next({ jsonrpc: '2.0', id: 42, method: 'ping' });
`;

describe('the built package', () => {
  it('works through require() (CommonJS)', () => {
    const out = run(
      `const { fromStdioServer, StdioSpawnError } = require('rxjs-mcp-stdio');
       const { fakeServer } = require('rxjs-mcp-stdio/testing');
       if (typeof StdioSpawnError !== 'function' || typeof fakeServer !== 'function') throw new Error('exports');
       ${roundTrip('fromStdioServer')}`,
      'commonjs',
    );
    expect(out).toBe('[42]');
  });

  it('works through import (ES modules)', () => {
    const out = run(
      `import { fromStdioServer, StdioSpawnError } from 'rxjs-mcp-stdio';
       import { fakeServer } from 'rxjs-mcp-stdio/testing';
       if (typeof StdioSpawnError !== 'function' || typeof fakeServer !== 'function') throw new Error('exports');
       ${roundTrip('fromStdioServer')}`,
      'module',
    );
    expect(out).toBe('[42]');
  });

  it('resolves each format to its own build, with types beside it', () => {
    const cjs = run(`console.log(require.resolve('rxjs-mcp-stdio'))`, 'commonjs');
    const esm = run(`console.log(import.meta.resolve('rxjs-mcp-stdio'))`, 'module');
    expect(cjs).toBe(join(root, 'dist', 'cjs', 'index.js'));
    expect(esm).toBe(`file://${join(root, 'dist', 'esm', 'index.js')}`);
    expect(
      run(
        `console.log(require('fs').existsSync('dist/esm/index.d.ts') && require('fs').existsSync('dist/cjs/index.d.ts'))`,
        'commonjs',
      ),
    ).toBe('true');
  });
});
