/**
 * The relay against hostile clients, over real sockets: every refusal is checked for its status
 * (or close code) and for what it must not do, spawn a server process (the relay's spawn count
 * stays 0). A well-formed client is the control: it does get a server, which is gone by pid
 * once its socket closes.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { McpRelayEvent } from '../relay/mcpRelay.js';
import {
  attemptUpgrade,
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
    demo = await startRecordedDemo({ maxFrameLength: MAX_FRAME });
    base = `ws://127.0.0.1:${demo.port}/mcp`;
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
    // 2 + 2 + 4 + 4 + 3 refused upgrades above; 6 sockets closed for what they sent.
    assert.equal(demo.seen.filter((e) => e.type === 'refused').length, 15);
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
