/**
 * What surrounds the socket: `staticFiles()` serving a built app (files, the single-page
 * fallback, HEAD, headers), `startLoopbackServer()` as a second origin, a page handler that
 * throws (500, and the next request is served), and servers that fail or end (the page is told
 * with 1011 or 1000; the relay still closes promptly).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLoopbackServer, startMcpRelay, staticFiles } from '../../lib/relay/index.js';
import { DEFAULT_PAGE_CSP } from '../../lib/relay/staticFiles.js';
import { fixturePath } from '../support/processes.js';
import { acceptedSocket, closed, rawExchange, request, upgradeRequest } from './relayHelpers.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'relay-page-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(root, 'app.js'), 'console.log(1);');
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'assets', 'a b.css'), 'body{}');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Everything a test started, closed after it even when it fails. */
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});
const started = <T extends { close(): Promise<void> }>(server: T): T => {
  running.push(server);
  return server;
};

const get = (port: number, target: string, method = 'GET'): Promise<{ status: number; text: string }> =>
  rawExchange(port, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);

describe('staticFiles()', () => {
  it('serves files with their type and the page headers, the app for unknown paths, nothing for HEAD', async () => {
    const relay = started(await startMcpRelay({ servers: { mcpServers: {} }, page: staticFiles(root) }));
    const script = await get(relay.port, '/app.js');
    expect(script.status).toBe(200);
    expect(script.text).toMatch(/\r\nContent-Type: text\/javascript; charset=utf-8\r\n/);
    expect(script.text).toContain(`\r\nContent-Security-Policy: ${DEFAULT_PAGE_CSP}\r\n`);
    expect(script.text).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/);
    expect(script.text).toContain('console.log(1);');
    expect((await get(relay.port, '/assets/a%20b.css')).text).toContain('body{}');
    const route = await get(relay.port, '/some/route');
    expect([route.status, route.text.includes('<title>app</title>')]).toEqual([200, true]);
    const head = await get(relay.port, '/app.js', 'HEAD');
    expect([head.status, head.text.includes('console.log')]).toEqual([200, false]);
  });

  it('answers 404 for unknown paths without a fallback, and serves no CSP when told', async () => {
    const relay = started(
      await startMcpRelay({
        servers: { mcpServers: {} },
        page: staticFiles(root, { fallback: null, contentSecurityPolicy: null }),
      }),
    );
    expect((await get(relay.port, '/nope')).status).toBe(404);
    expect((await get(relay.port, '/app.js')).text).not.toMatch(/Content-Security-Policy/);
  });
});

describe('startLoopbackServer()', () => {
  it('serves a second origin on the same defaults: Host checked, no WebSocket endpoint', async () => {
    const server = started(await startLoopbackServer({ page: staticFiles(root) }));
    const refused: number[] = [];
    server.events$.subscribe((event) => {
      if (event.type === 'refused') refused.push(event.status);
    });
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect((await get(server.port, '/app.js')).status).toBe(200);
    const relayLike = { port: server.port, origin: server.origin } as Parameters<typeof upgradeRequest>[0];
    expect((await rawExchange(server.port, upgradeRequest(relayLike, '/mcp/x'))).status).toBe(404);
    expect(
      (await rawExchange(server.port, `GET / HTTP/1.1\r\nHost: evil.example:${server.port}\r\n\r\n`)).status,
    ).toBe(403);
    expect(refused).toEqual([404, 403]);
  });
});

describe('a page handler that throws', () => {
  it('is answered with 500, reported once, and the next request is served', async () => {
    let calls = 0;
    const relay = started(
      await startMcpRelay({
        servers: { mcpServers: {} },
        page: (_request, response) => {
          calls++;
          if (calls === 1) throw new Error('boom');
          response.end('ok');
        },
      }),
    );
    const events: number[] = [];
    relay.events$.subscribe((event) => {
      if (event.type === 'refused') events.push(event.status);
    });
    expect((await get(relay.port, '/')).status).toBe(500);
    expect((await get(relay.port, '/')).status).toBe(200);
    expect(events).toEqual([500]);
  });
});

describe('servers that fail or end', () => {
  it.each([
    [
      'cannot be spawned',
      { command: 'no-such-command-for-the-relay-spec' },
      request(1),
      1011,
      /The server failed/,
    ],
    [
      'crashes',
      { command: process.execPath, args: [fixturePath('crash.js'), '3', '--at', 'first-request'] },
      request(1),
      1011,
      /The server failed/,
    ],
    [
      'ends the session itself',
      { command: process.execPath, args: [fixturePath('echo.js')] },
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'exit', params: { code: 0 } }),
      1000,
      /The server closed the session/,
    ],
  ])('a server that %s: the page is told (%#)', async (_name, server, first, code, reason) => {
    const relay = started(
      await startMcpRelay({
        servers: { mcpServers: { s: server } },
        serverParams: { stderr: 'ignore' },
      }),
    );
    const socket = await acceptedSocket(relay, 's');
    const end = closed(socket);
    socket.send(first);
    const close = await end;
    expect(close.code).toBe(code);
    expect(close.reason).toMatch(reason);
  });
});
