import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs a snippet in a fresh Node process at the package root, where the package resolves by name. */
function run(code: string, type: 'commonjs' | 'module'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 20_000 }).trim();
}

// The built entry, with the config's parser beside it, names tools (pure: no process is started).
const check = `
  const servers = parseMcpServersConfig({ servers: { a: { type: 'stdio', command: 'node' }, b: { url: 'http://x' } } });
  console.log(JSON.stringify([[...servers.keys()], qualifiedToolName('my server', 'get.sum'), typeof mcpHost]));
`;

describe('the built rxjs-mcp-stdio/host entry', () => {
  it('works through require() (CommonJS)', () => {
    const out = run(
      `const { mcpHost, qualifiedToolName } = require('rxjs-mcp-stdio/host');
       const { parseMcpServersConfig } = require('rxjs-mcp-stdio/config');${check}`,
      'commonjs',
    );
    expect(JSON.parse(out)).toEqual([['a', 'b'], 'my_server_get_sum', 'function']);
  });

  it('works through import (ES modules)', () => {
    const out = run(
      `import { mcpHost, qualifiedToolName } from 'rxjs-mcp-stdio/host';
       import { parseMcpServersConfig } from 'rxjs-mcp-stdio/config';${check}`,
      'module',
    );
    expect(JSON.parse(out)).toEqual([['a', 'b'], 'my_server_get_sum', 'function']);
  });
});
