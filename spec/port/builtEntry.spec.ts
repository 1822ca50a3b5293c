/**
 * The built entry as an app loads it, by name (`rxjs-mcp-stdio/port`), through `require()` and
 * through `import`: in a fresh Node process, a session over the two ports of a `worker_threads`
 * MessageChannel, the owner serving the testing entry's fake MCP server. The process exits on
 * its own once the owner stops serving (nothing is left listening).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

const script = (load: string) => `
  ${load}
  const { port1, port2 } = new MessageChannel();
  const server = fakeMcpServer({ tools: [{ name: 'hello', inputSchema: { type: 'object' } }] });
  const serving = serveMessagePort(port1, server.transport).subscribe();
  mcpSession(fromMessagePort(port2))
    .pipe(switchMap((session) => session.callTool('hello', {})), filter((e) => e.type === 'result'), take(1))
    .subscribe({
      next: (e) => console.log(e.result.content[0].text),
      complete: () => serving.unsubscribe(),
      error: (e) => { console.log('error ' + e.message); serving.unsubscribe(); },
    });
`;

const run = (args: string[]): string =>
  execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 20_000 }).trim();

describe('the built rxjs-mcp-stdio/port', () => {
  it('carries a session through require() (CommonJS)', () => {
    const load = `
      const { MessageChannel } = require('node:worker_threads');
      const { filter, switchMap, take } = require('rxjs');
      const { fromMessagePort, serveMessagePort } = require('rxjs-mcp-stdio/port');
      const { mcpSession } = require('rxjs-mcp-stdio/session');
      const { fakeMcpServer } = require('rxjs-mcp-stdio/testing');`;
    expect(run(['-e', script(load)])).toBe('called hello');
  });

  it('carries a session through import (ES modules)', () => {
    const load = `
      import { MessageChannel } from 'node:worker_threads';
      import { filter, switchMap, take } from 'rxjs';
      import { fromMessagePort, serveMessagePort } from 'rxjs-mcp-stdio/port';
      import { mcpSession } from 'rxjs-mcp-stdio/session';
      import { fakeMcpServer } from 'rxjs-mcp-stdio/testing';`;
    expect(run(['--input-type=module', '-e', script(load)])).toBe('called hello');
  });
});
