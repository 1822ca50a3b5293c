/**
 * The built `rxjs-mcp-stdio/relay` entry, through the exports map, in both module systems: a
 * relay starts on loopback, answers a page request and a refusal, and closes.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs a snippet in a fresh Node process at the package root, where the package resolves by name. */
function run(code: string, type: 'commonjs' | 'module'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 30_000 }).trim();
}

// Starts a relay with one (never started) server, asks for the page and for a socket without a
// token, and prints what it got.
const check = `
  (async () => {
    const relay = await startMcpRelay({
      servers: { mcpServers: { echo: { command: 'node' } } },
      page: (request, response) => response.end('page'),
    });
    const page = await fetch(relay.origin + '/');
    const socket = await fetch(relay.origin + '/mcp/echo');
    console.log(JSON.stringify([relay.origin.startsWith('http://127.0.0.1:'), relay.servers, await page.text(), socket.status, relay.token.length]));
    await relay.close();
  })();
`;
const expected = [true, ['echo'], 'page', 426, 43];

describe('the built rxjs-mcp-stdio/relay entry', () => {
  it('works through require() (CommonJS)', () => {
    const out = run(`const { startMcpRelay } = require('rxjs-mcp-stdio/relay');${check}`, 'commonjs');
    expect(JSON.parse(out)).toEqual(expected);
  });

  it('works through import (ES modules)', () => {
    const out = run(`import { startMcpRelay } from 'rxjs-mcp-stdio/relay';${check}`, 'module');
    expect(JSON.parse(out)).toEqual(expected);
  });
});
