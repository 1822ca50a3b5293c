/**
 * docs/web-demo.md's commands, run as written: each `npm run …` it shows is a root script, and
 * `npm run demo:web` (its command from package.json, run without npm in between so the test owns
 * the pid; builds skipped, the test run has just built) prints the URL line the page documents,
 * on the PORT asked for, serves the page, gives a connecting client a server, and on Ctrl-C
 * (SIGINT) exits 0 with that server's process gone.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { createInterface } from 'node:readline';
import { attemptUpgrade, closed, killIfAlive, waitUntilGone } from './support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docs = readFileSync(join(root, 'docs', 'web-demo.md'), 'utf8');
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The fenced blocks of `language` in the page. */
const blocks = (language: string): string[] =>
  [...docs.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1].trim());

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('docs/web-demo.md', () => {
  const started: number[] = [];
  after(() => {
    killIfAlive(started);
  });

  it('shows only commands that are root scripts', () => {
    const commands = blocks('sh');
    assert.deepEqual(commands, ['npm run demo:web', 'npm run test:web']);
    for (const command of commands)
      assert.equal(typeof scripts[command.replace('npm run ', '')], 'string', command);
  });

  it('npm run demo:web prints the documented URL, serves the page and a server, and stops on Ctrl-C', async () => {
    const [program, ...args] = scripts['demo:web'].split(' ');
    assert.equal(program, 'node');
    const port = await freePort();
    const demo = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, WEB_DEMO_SKIP_BUILD: '1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    assert.equal(typeof demo.pid, 'number');
    started.push(demo.pid as number);
    const exited = once(demo, 'exit');
    const lines = createInterface({ input: demo.stdout })[Symbol.asyncIterator]();
    const nextLine = async (): Promise<string> => {
      const { value, done } = await lines.next();
      if (done === true) assert.fail('the demo ended its output early');
      return value as string;
    };

    const documented = blocks('text')[0];
    const pattern = new RegExp(
      '^' +
        documented
          .replace(/[.?/]/g, '\\$&')
          .replace('PORT', String(port))
          .replace('TOKEN', '([A-Za-z0-9_-]{43})') +
        '$',
    );
    const urlLine = await nextLine();
    const match = pattern.exec(urlLine);
    if (match === null) assert.fail(`${urlLine} does not match ${documented}`);
    const token = match[1];

    const status = await new Promise<number>((resolve, reject) => {
      get(`http://127.0.0.1:${port}/?token=${token}`, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', reject);
    });
    assert.equal(status, 200);

    const outcome = await attemptUpgrade(`ws://127.0.0.1:${port}/mcp/everything?token=${token}`, {
      Origin: `http://127.0.0.1:${port}`,
    });
    if (!('open' in outcome)) assert.fail(`refused: ${outcome.status}`);
    outcome.open.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'docs-test', version: '0' },
        },
      }),
    );
    let spawnedLine = await nextLine();
    while (!spawnedLine.startsWith('connection 1: server pid')) spawnedLine = await nextLine();
    const serverPid = Number(/pid (\d+)/.exec(spawnedLine)?.[1]);
    started.push(serverPid);

    const socketClosed = closed(outcome.open);
    demo.kill('SIGINT');
    const [code] = await exited;
    assert.equal(code, 0);
    assert.equal((await socketClosed).code, 1001);
    assert.deepEqual(await waitUntilGone([demo.pid as number, serverPid], 10_000), []);
  });
});
