/**
 * The relay against hostile clients, over real sockets: every refusal is checked for its status
 * (or close code) and for what it must not do, spawn a server process (the relay's spawn count
 * stays 0). A well-formed client is the control: it does get a server, which is gone by pid
 * once its socket closes. Then the hostile requests that once ended the demo's process (bad
 * escapes, `//`, absolute-form targets, odd methods, bad upgrade headers, oversized heads, bad
 * frames, floods), each answered with its status or close code while the page is still served;
 * and, in Chromium, a foreign page that knows the token and still cannot open the socket.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { startLoopbackServer, type LoopbackServer, type McpRelayEvent } from 'rxjs-mcp-stdio/relay';
import WebSocket from 'ws';
import {
  attemptUpgrade,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  freshProfile,
  rawExchange,
  closed,
  descendantsOf,
  isAlive,
  eventMatching,
  pageHeaders,
  spawnCount,
  startRecordedDemo,
  waitUntilGone,
  type RecordedDemo,
  type UpgradeOutcome,
} from './support.js';

const MAX_FRAME = 64 * 1024;
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'security-test', version: '0' },
  },
};

function refusedWith(outcome: UpgradeOutcome): number {
  if ('open' in outcome) {
    outcome.open.terminate();
    assert.fail('the upgrade was accepted');
  }
  return outcome.status;
}

/** A plain GET of the page with the given Host header. */
function getPage(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the relay refuses, and spawns nothing for', () => {
  let demo: RecordedDemo;
  let base: string;

  before(async () => {
    demo = await startRecordedDemo({ relay: { maxMessageBytes: MAX_FRAME } });
    base = `ws://127.0.0.1:${demo.port}/mcp/everything`;
  });
  after(async () => {
    await demo.close();
  });

  it('listens on 127.0.0.1 only', () => {
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('no token (401)', async () => {
    assert.equal(refusedWith(await attemptUpgrade(base, pageHeaders(demo))), 401);
    assert.equal(refusedWith(await attemptUpgrade(`${base}?token=`, pageHeaders(demo))), 401);
  });

  it('a wrong token, of the same length or another (401)', async () => {
    const sameLength = demo.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal(refusedWith(await attemptUpgrade(`${base}?token=${sameLength}`, pageHeaders(demo))), 401);
    assert.equal(refusedWith(await attemptUpgrade(`${base}?token=${demo.token}x`, pageHeaders(demo))), 401);
  });

  it('a foreign Origin, another port, or none (403)', async () => {
    const url = `${base}?token=${demo.token}`;
    assert.equal(refusedWith(await attemptUpgrade(url, { Origin: 'http://evil.example' })), 403);
    assert.equal(
      refusedWith(await attemptUpgrade(url, { Origin: `http://127.0.0.1:${demo.port + 1}` })),
      403,
    );
    assert.equal(refusedWith(await attemptUpgrade(url, { Origin: 'null' })), 403);
    assert.equal(refusedWith(await attemptUpgrade(url, {})), 403);
  });

  it('a non-loopback Host, as a DNS-rebinding page sends (403), on the socket and on the page', async () => {
    const url = `${base}?token=${demo.token}`;
    for (const host of [
      `evil.example:${demo.port}`,
      `127.0.0.1.nip.io:${demo.port}`,
      '127.0.0.1',
      `127.0.0.1:${demo.port + 1}`,
    ]) {
      assert.equal(refusedWith(await attemptUpgrade(url, { ...pageHeaders(demo), Host: host })), 403, host);
      assert.equal(await getPage(demo.port, host), 403, host);
    }
    assert.equal(await getPage(demo.port, `localhost:${demo.port}`), 200);
  });

  it('a query that names anything but the token (400), and another path (404)', async () => {
    const withCommand = `${base}?token=${demo.token}&command=${encodeURIComponent('/bin/sh')}`;
    assert.equal(refusedWith(await attemptUpgrade(withCommand, pageHeaders(demo))), 400);
    const twice = `${base}?token=${demo.token}&token=${demo.token}`;
    assert.equal(refusedWith(await attemptUpgrade(twice, pageHeaders(demo))), 400);
    const elsewhere = `ws://127.0.0.1:${demo.port}/spawn?token=${demo.token}`;
    assert.equal(refusedWith(await attemptUpgrade(elsewhere, pageHeaders(demo))), 404);
  });

  /** Opens an accepted socket, sends `frame`, and returns how the relay closed it. */
  async function sendOnAcceptedSocket(
    frame: string | Buffer,
    binary = false,
  ): Promise<{ code: number; reason: string }> {
    const outcome = await attemptUpgrade(`${base}?token=${demo.token}`, pageHeaders(demo));
    if (!('open' in outcome)) assert.fail(`a well-formed upgrade was refused: ${outcome.status}`);
    const socket: WebSocket = outcome.open;
    const end = closed(socket);
    socket.send(frame, { binary });
    return end;
  }

  it('an oversized frame (close 1009)', async () => {
    const padding = 'x'.repeat(MAX_FRAME);
    const frame = JSON.stringify({ ...initialize, params: { ...initialize.params, padding } });
    assert.equal((await sendOnAcceptedSocket(frame)).code, 1009);
  });

  it('a client message that names a command, inside JSON-RPC or instead of it (close 1008)', async () => {
    const smuggled = { ...initialize, command: '/bin/sh', args: ['-c', 'touch /tmp/owned'] };
    const first = await sendOnAcceptedSocket(JSON.stringify(smuggled));
    assert.equal(first.code, 1008);
    assert.match(first.reason, /command/);
    assert.equal(
      (await sendOnAcceptedSocket(JSON.stringify({ command: 'sh', args: ['-c', 'id'] }))).code,
      1008,
    );
    assert.equal((await sendOnAcceptedSocket(JSON.stringify([initialize]))).code, 1008);
    assert.equal((await sendOnAcceptedSocket('not json')).code, 1008);
    assert.equal((await sendOnAcceptedSocket(Buffer.from(JSON.stringify(initialize)), true)).code, 1003);
  });

  it('any of the above: the relay refused each and started no process', () => {
    assert.equal(spawnCount(demo), 0);
    // 2 + 2 + 4 + 4 + 3 refused upgrades and 4 refused page requests above, each reported
    // once; 6 sockets closed for what they sent.
    assert.equal(demo.seen.filter((e) => e.type === 'refused').length, 19);
    assert.equal(
      new Set(demo.seen.filter((e) => e.type === 'rejected').map((e) => 'connection' in e && e.connection))
        .size,
      6,
    );
  });

  it('but a well-formed client gets one server, whose process tree is gone once the socket closes', async () => {
    const outcome = await attemptUpgrade(`${base}?token=${demo.token}`, pageHeaders(demo));
    if (!('open' in outcome)) assert.fail(`a well-formed upgrade was refused: ${outcome.status}`);
    const socket = outcome.open;
    const answer = new Promise<{ result?: { serverInfo?: { name?: string } } }>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as {
          id?: number;
          result?: { serverInfo?: { name?: string } };
        };
        if (message.id === 1) resolve(message);
      });
    });
    socket.send(JSON.stringify(initialize));
    assert.equal((await answer).result?.serverInfo?.name, 'mcp-servers/everything');
    const spawned = await eventMatching(
      demo,
      (e): e is Extract<McpRelayEvent, { type: 'spawned' }> => e.type === 'spawned',
    );
    assert.equal(spawnCount(demo), 1);
    const tree = [spawned.pid, ...descendantsOf(spawned.pid)];
    assert.equal(isAlive(spawned.pid), true);
    socket.close();
    await eventMatching(demo, (e): e is McpRelayEvent => e.type === 'serverExited' && e.pid === spawned.pid);
    assert.deepEqual(await waitUntilGone(tree, 10_000), []);
  });
});

describe('hostile requests: each gets its status or close code, and the demo still serves the page after', () => {
  let demo: RecordedDemo;
  const host = (): string => `127.0.0.1:${demo.port}`;

  before(async () => {
    demo = await startRecordedDemo({ relay: { maxMessageBytes: MAX_FRAME, maxConnections: 3 } });
  });
  after(async () => {
    await demo.close();
  });

  /** A GET of the page: the good request that must still be answered. */
  const pageStatus = async (): Promise<number> =>
    (await rawExchange(demo.port, `GET / HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)).status;

  /** Sends `bytes`; checks the status, that it was reported once, and that the page is served after. */
  async function refused(bytes: string | Buffer, status: number): Promise<void> {
    const before = demo.seen.filter((e) => e.type === 'refused').length;
    assert.equal((await rawExchange(demo.port, bytes)).status, status, String(bytes).slice(0, 60));
    assert.equal(demo.seen.filter((e) => e.type === 'refused').length - before, 1);
    assert.equal(await pageStatus(), 200);
  }

  const get = (target: string, method = 'GET'): string =>
    `${method} ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`;
  const upgrade = (target: string, headers: Record<string, string | null> = {}): string => {
    const all: Record<string, string | null> = {
      Host: host(),
      Origin: `http://${host()}`,
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      ...headers,
    };
    const lines = Object.entries(all)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    return `GET ${target} HTTP/1.1\r\n${lines}\r\n`;
  };
  const endpoint = (): string => `/mcp/everything?token=${demo.token}`;

  it('bad percent-escapes: GET /% and GET /%E0%A4%A (400)', async () => {
    await refused(get('/%'), 400);
    await refused(get('/%E0%A4%A'), 400);
  });

  it('odd paths: GET //, dot segments, an encoded NUL (400), a long path (414)', async () => {
    await refused(get('//'), 400);
    await refused(get('/../../etc/passwd'), 400);
    await refused(get('/a%00b'), 400);
    await refused(get(`/${'a'.repeat(5000)}`), 414);
  });

  it('absolute-form and asterisk-form targets (400)', async () => {
    await refused(get('http://evil.example/'), 400);
    await refused(get('*', 'OPTIONS'), 400);
  });

  it('odd methods: DELETE, PUT, POST, TRACE, CONNECT (405), an unknown one (400)', async () => {
    for (const method of ['DELETE', 'PUT', 'POST', 'TRACE']) await refused(get('/', method), 405);
    await refused(get('evil.example:443', 'CONNECT'), 405);
    await refused(get('/', 'FOO'), 400);
  });

  it('a WebSocket upgrade to // or to a bad escape (400)', async () => {
    await refused(upgrade('//'), 400);
    await refused(upgrade(`/mcp/%E0%A4%A?token=${demo.token}`), 400);
  });

  it('bad upgrade headers: no key, a malformed key, another protocol (400), version 8 (426)', async () => {
    await refused(upgrade(endpoint(), { 'Sec-WebSocket-Key': null }), 400);
    await refused(upgrade(endpoint(), { 'Sec-WebSocket-Key': 'not base64!' }), 400);
    await refused(upgrade(endpoint(), { Upgrade: 'h2c' }), 400);
    await refused(upgrade(endpoint(), { 'Sec-WebSocket-Version': '8' }), 426);
  });

  it('oversized headers (431) and binary garbage (400)', async () => {
    await refused(`GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431);
    await refused(Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]), 400);
  });

  /** A frame on an accepted socket: the close code, then a fresh page is still served. */
  async function closedFor(frame: string | Buffer, binary: boolean, code: number): Promise<void> {
    const outcome = await attemptUpgrade(`ws://${host()}${endpoint()}`, { Origin: `http://${host()}` });
    if (!('open' in outcome)) assert.fail(`a well-formed upgrade was refused: ${outcome.status}`);
    const end = closed(outcome.open);
    outcome.open.send(frame, { binary });
    assert.equal((await end).code, code);
    assert.equal(await pageStatus(), 200);
  }

  it('a binary frame (1003), invalid JSON (1008), a 20 MB frame (1009)', async () => {
    await closedFor(Buffer.from(JSON.stringify(initialize)), true, 1003);
    await closedFor('{"jsonrpc":', false, 1008);
    await closedFor('x'.repeat(20 * 1024 * 1024), false, 1009);
  });

  it('floods: 500 bad requests at once (all 400) and 40 upgrades past the cap (503), then a good client is served', async () => {
    const bad = await Promise.all(
      Array.from({ length: 500 }, () => rawExchange(demo.port, get('/%')).then((answer) => answer.status)),
    );
    assert.deepEqual([...new Set(bad)], [400]);
    const burst = await Promise.all(
      Array.from({ length: 40 }, () =>
        attemptUpgrade(`ws://${host()}${endpoint()}`, { Origin: `http://${host()}` }),
      ),
    );
    const accepted = burst.flatMap((outcome) => ('open' in outcome ? [outcome.open] : []));
    assert.equal(accepted.length, 3);
    assert.deepEqual(
      [...new Set(burst.flatMap((outcome) => ('status' in outcome ? [outcome.status] : [])))],
      [503],
    );
    await Promise.all(
      accepted.map(async (socket) => {
        const end = closed(socket);
        socket.close();
        await end;
      }),
    );
    assert.equal(await pageStatus(), 200);
    const outcome = await attemptUpgrade(`ws://${host()}${endpoint()}`, { Origin: `http://${host()}` });
    if (!('open' in outcome)) assert.fail(`refused after the floods: ${outcome.status}`);
    const answer = new Promise<unknown>((resolve) =>
      outcome.open.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as {
          id?: number;
          result?: { serverInfo?: { name?: string } };
        };
        if (message.id === 1) resolve(message.result?.serverInfo?.name);
      }),
    );
    outcome.open.send(JSON.stringify(initialize));
    assert.equal(await answer, 'mcp-servers/everything');
    const end = closed(outcome.open);
    outcome.open.close();
    await end;
  });
});

describe('in Chromium: a foreign page (another origin) that knows the token', () => {
  let demo: RecordedDemo;
  let foreign: LoopbackServer;
  let context: BrowserContext;
  let profile: string;

  before(async () => {
    demo = await startRecordedDemo();
    // The attacker's page: another origin on loopback (any site a user visits could be it).
    const socketUrl = `ws://127.0.0.1:${demo.port}/mcp/everything?token=${demo.token}`;
    foreign = await startLoopbackServer({
      page: (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(
          `<!doctype html><title>waiting</title><script>
            const ws = new WebSocket(${JSON.stringify(socketUrl)});
            ws.onopen = () => { document.title = 'open'; ws.send('{"jsonrpc":"2.0","id":1,"method":"ping"}'); };
            ws.onclose = (event) => { document.title = 'closed ' + event.code; };
          </script>`,
        );
      },
    });
    profile = freshProfile();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    await context.close().catch(() => undefined);
    await foreign.close();
    await demo.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('cannot open the relay socket (403 on its Origin: the browser sees 1006), and nothing is spawned', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${foreign.origin}/`);
    await page.waitForFunction(
      () => document.title.startsWith('closed') || document.title === 'open',
      undefined,
      {
        timeout: 30_000,
      },
    );
    assert.equal(await page.title(), 'closed 1006');
    const refusal = demo.seen.find((e) => e.type === 'refused');
    assert.deepEqual(refusal, { type: 'refused', status: 403, reason: 'Origin not allowed' });
    assert.equal(spawnCount(demo), 0);
    // The demo's own page, in the same browser, still gets its session.
    await page.goto(demo.url);
    await page.locator('.status[data-state="ready"]').waitFor({ timeout: 30_000 });
    assert.equal(spawnCount(demo), 1);
  });
});
