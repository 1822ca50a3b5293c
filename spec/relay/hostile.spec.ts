/**
 * The relay against hostile requests, over real sockets: each case is sent as raw bytes (so the
 * test can send what no client library would), its status or close code is checked, it is
 * reported exactly once, and the relay still answers a good request afterwards. The relay runs
 * in this process: an uncaught exception in it would fail the whole file.
 */
import WebSocket from 'ws';
import {
  acceptedSocket,
  answersGoodRequest,
  closed,
  openSocket,
  pageStillServed,
  rawExchange,
  request,
  socketTarget,
  startTestRelay,
  upgradeRequest,
  type RecordedRelay,
} from './relayHelpers.js';

let relay: RecordedRelay;
beforeAll(async () => {
  relay = await startTestRelay({
    maxConnections: 3,
    page: (_request, response) => {
      response.end('ok');
    },
  });
});
afterAll(async () => {
  await relay.close();
});

const refusals = (): number => relay.seen.filter((event) => event.type === 'refused').length;

/** Sends `bytes`, expects `status`, one refusal reported, and a good request answered after. */
async function expectRefused(bytes: string | Buffer, status: number): Promise<void> {
  const before = refusals();
  const answer = await rawExchange(relay.port, bytes);
  expect(answer.status).toBe(status);
  expect(refusals() - before).toBe(1);
  expect(await answersGoodRequest(relay)).toBe(200);
}

const get = (target: string, host = (): string => `127.0.0.1:${relay.port}`, method = 'GET'): string =>
  `${method} ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`;

describe('plain requests: a status, reported once, and the relay answers the next one', () => {
  it.each([
    ['a lone percent sign', 400, '/%'],
    ['a truncated UTF-8 escape', 400, '/%E0%A4%A'],
    ['a bad escape deeper in', 400, '/assets/%zz.js'],
    ['"//"', 400, '//'],
    ['a network-path reference', 400, '//evil.example/x'],
    ['an absolute-form target', 400, 'http://evil.example/'],
    ['an absolute-form target to itself', 400, 'http://127.0.0.1/'],
    ['an asterisk-form target', 400, '*'],
    ['dot segments', 400, '/../../etc/passwd'],
    ['encoded dot segments', 400, '/%2e%2e/%2e%2e/etc/passwd'],
    ['an encoded slash', 400, '/a%2fb'],
    ['an encoded NUL', 400, '/a%00b'],
    ['a target over 4096 characters', 414, `/${'a'.repeat(5000)}`],
    ['the socket endpoint without an upgrade', 426, '/mcp/echo'],
  ])('%s → %i', async (_name, status, target) => {
    await expectRefused(get(target), status);
  });

  it.each([
    ['DELETE', 405],
    ['PUT', 405],
    ['POST', 405],
    ['OPTIONS', 405],
    ['TRACE', 405],
    ['PATCH', 405],
    ['CONNECT', 405],
    ['FOO', 400],
  ])('the odd method %s → %i', async (method, status) => {
    const target = method === 'CONNECT' ? 'evil.example:443' : '/';
    await expectRefused(get(target, undefined, method), status);
  });

  it.each([
    ['a foreign Host (DNS rebinding)', 403, (): string => `evil.example:${relay.port}`],
    ['a loopback Host at another port', 403, (): string => `127.0.0.1:${relay.port + 1}`],
    ['a loopback Host without a port', 403, (): string => '127.0.0.1'],
    ['a rebinding name that contains the address', 403, (): string => `127.0.0.1.nip.io:${relay.port}`],
  ])('%s → %i', async (_name, status, host) => {
    await expectRefused(get('/', host), status);
  });

  it('no Host at all → 403', async () => {
    await expectRefused('GET / HTTP/1.0\r\n\r\n', 403);
  });

  it('headers over 16 KiB → 431', async () => {
    await expectRefused(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      431,
    );
  });

  it.each([
    ['binary garbage', Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10])],
    ['a bad HTTP version', `GET / HTTP/9.9\r\nHost: h\r\n\r\n`],
    ['a NUL inside a header', `GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n`],
    ['a header without a colon', `GET / HTTP/1.1\r\nHost: h\r\nnot a header\r\n\r\n`],
    ['a space before the colon', `GET / HTTP/1.1\r\nHost : h\r\n\r\n`],
    ['a bare LF line ending mixed with CR', `GET / HTTP/1.1\rHost: h\r\n\r\n`],
    [
      'conflicting Content-Length',
      `GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`,
    ],
  ])('%s → 400', async (_name, bytes) => {
    await expectRefused(bytes, 400);
  });
});

describe('WebSocket upgrades: a status, reported once, and the relay answers the next one', () => {
  it.each([
    ['to "//"', 400, '//', {}],
    ['to a lone percent sign', 400, '/%', {}],
    ['to a truncated escape', 400, '/mcp/%E0%A4%A', {}],
    ['to an absolute-form target', 400, 'ws://127.0.0.1/mcp/echo', {}],
    ['to an unknown server', 404, '/mcp/nope?token=T', {}],
    ['to a disabled server', 404, '/mcp/off?token=T', {}],
    ['to a command instead of a server name', 400, '/mcp/%2Fbin%2Fsh?token=T', {}],
    ['to another path', 404, '/spawn?token=T', {}],
    ['to the prefix alone', 404, '/mcp?token=T', {}],
    ['without a token', 401, '/mcp/echo', {}],
    ['with an empty token', 401, '/mcp/echo?token=', {}],
    ['with a wrong token of the same length', 401, '/mcp/echo?token=W', {}],
    ['with the token and one more character', 401, '/mcp/echo?token=TX', {}],
    ['with a command in the query', 400, '/mcp/echo?token=T&command=%2Fbin%2Fsh', {}],
    ['with the token twice', 400, '/mcp/echo?token=T&token=T', {}],
    ['from a foreign Origin', 403, '/mcp/echo?token=T', { Origin: 'http://evil.example' }],
    ['from the null Origin', 403, '/mcp/echo?token=T', { Origin: 'null' }],
    ['without an Origin', 403, '/mcp/echo?token=T', { Origin: null }],
    ['from the relay origin with a path', 403, '/mcp/echo?token=T', { Origin: 'ORIGIN/x' }],
    ['with a rebinding Host', 403, '/mcp/echo?token=T', { Host: 'evil.example:PORT' }],
    ['for another protocol', 400, '/mcp/echo?token=T', { Upgrade: 'h2c' }],
    ['without a key', 400, '/mcp/echo?token=T', { 'Sec-WebSocket-Key': null }],
    ['with a malformed key', 400, '/mcp/echo?token=T', { 'Sec-WebSocket-Key': 'not base64!' }],
    ['with protocol version 8', 426, '/mcp/echo?token=T', { 'Sec-WebSocket-Version': '8' }],
    ['without a version', 426, '/mcp/echo?token=T', { 'Sec-WebSocket-Version': null }],
  ] as [string, number, string, Record<string, string | null>][])(
    '%s → %i',
    async (_name, status, target, headers) => {
      const wrong = relay.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      const fill = (text: string): string =>
        text
          .replace('token=TX', `token=${relay.token}x`)
          .replace(/token=W/, `token=${wrong}`)
          .replace(/token=T/g, `token=${relay.token}`)
          .replace('ORIGIN', relay.origin)
          .replace('PORT', String(relay.port));
      const filled = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, value === null ? null : fill(value)]),
      );
      await expectRefused(upgradeRequest(relay, fill(target), filled), status);
    },
  );

  it('a POST upgrade → 400', async () => {
    await expectRefused(upgradeRequest(relay, socketTarget(relay)).replace(/^GET/, 'POST'), 400);
  });

  it('past maxConnections → 503, and a place frees when a page leaves', async () => {
    const pages = await Promise.all([1, 2, 3].map(() => acceptedSocket(relay)));
    await expectRefused(upgradeRequest(relay, socketTarget(relay)), 503);
    const [first, ...rest] = pages;
    const end = closed(first);
    first.close();
    await end;
    expect(await pageStillServed(relay)).toEqual({ id: 1 });
    await Promise.all(
      rest.map(async (socket) => {
        const gone = closed(socket);
        socket.close();
        await gone;
      }),
    );
  });
});

describe('frames on an accepted socket: a close code, reported once, and the relay serves the next page', () => {
  const rejections = (): number => relay.seen.filter((event) => event.type === 'rejected').length;

  /** Sends `frame` on a fresh accepted socket; expects `code`; then a new page is served. */
  async function expectClosed(send: (socket: WebSocket) => void, code: number): Promise<void> {
    const before = rejections();
    const socket = await acceptedSocket(relay);
    const end = closed(socket);
    send(socket);
    expect((await end).code).toBe(code);
    expect(rejections() - before).toBe(1);
    expect(await answersGoodRequest(relay)).toBe(200);
    expect(await pageStillServed(relay, 7)).toEqual({ id: 7 });
  }

  it.each([
    ['a binary frame', 1003, (s: WebSocket): void => s.send(Buffer.from(request(1)), { binary: true })],
    ['invalid JSON', 1008, (s: WebSocket): void => s.send('{"jsonrpc":')],
    ['a batch', 1008, (s: WebSocket): void => s.send(`[${request(1)}]`)],
    ['a string', 1008, (s: WebSocket): void => s.send('"ping"')],
    ['JSON-RPC 1.0', 1008, (s: WebSocket): void => s.send('{"jsonrpc":"1.0","id":1,"method":"ping"}')],
    [
      'a command smuggled in a message',
      1008,
      (s: WebSocket): void =>
        s.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', command: '/bin/sh' })),
    ],
    [
      'a __proto__ member',
      1008,
      (s: WebSocket): void => s.send('{"jsonrpc":"2.0","id":1,"method":"x","__proto__":{}}'),
    ],
    [
      'invalid UTF-8 in a text frame',
      1007,
      (s: WebSocket): void => s.send(Buffer.from([0x22, 0xff, 0xfe, 0x22]), { binary: false }),
    ],
    ['a 20 MB frame', 1009, (s: WebSocket): void => s.send('x'.repeat(20 * 1024 * 1024))],
  ] as [string, number, (s: WebSocket) => void][])('%s → %i', async (_name, code, send) => {
    await expectClosed(send, code);
  });

  /** The bytes of a handshake, then `frame` raw; resolves with the close code the relay sent. */
  async function rawFrameCloseCode(frame: Buffer): Promise<number> {
    const handshake = upgradeRequest(relay, socketTarget(relay));
    const answer = await rawExchange(
      relay.port,
      Buffer.concat([Buffer.from(handshake), frame]),
      /\x88[\s\S]{3}/,
    );
    const at = answer.text.indexOf('\x88');
    expect(answer.text).toMatch(/^HTTP\/1\.1 101/);
    return (answer.text.charCodeAt(at + 2) << 8) | answer.text.charCodeAt(at + 3);
  }

  it.each([
    ['an unmasked frame', Buffer.from([0x81, 0x02, 0x68, 0x69])],
    ['a reserved opcode', Buffer.from([0x83, 0x80, 1, 2, 3, 4])],
    ['a fragmented control frame', Buffer.from([0x09, 0x80, 1, 2, 3, 4])],
    ['reserved bits set', Buffer.from([0xf1, 0x80, 1, 2, 3, 4])],
  ])('%s (raw) → 1002', async (_name, frame) => {
    const before = rejections();
    expect(await rawFrameCloseCode(frame)).toBe(1002);
    expect(rejections() - before).toBe(1);
    expect(await answersGoodRequest(relay)).toBe(200);
  });

  it('a page that closes at once after its first message leaves no process running', async () => {
    const socket = await acceptedSocket(relay);
    socket.send(request(1));
    socket.terminate();
    expect(await pageStillServed(relay, 9)).toEqual({ id: 9 });
  });
});

describe('every refusal above', () => {
  it('started no process', () => {
    const spawnedFor = new Set(
      relay.seen.flatMap((event) => (event.type === 'spawned' ? [event.connection] : [])),
    );
    const rejected = relay.seen.flatMap((event) => (event.type === 'rejected' ? [event.connection] : []));
    expect(rejected.filter((connection) => spawnedFor.has(connection))).toEqual([]);
  });

  it('is a refusal the page sees too (a browser-side WebSocket sees the status)', async () => {
    const outcome = await openSocket(relay, 'echo', { Origin: 'http://evil.example' });
    expect(outcome).toEqual({ status: 403 });
  });
});
