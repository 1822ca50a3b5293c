/**
 * The relay under generated input (fast-check): request lines, targets, methods and headers,
 * raw bytes, and WebSocket frames, thrown at a live relay on an ephemeral loopback port. The
 * invariants after every run: the request got an HTTP status (or the socket a close code), a
 * refusal was reported exactly once, no process was spawned for a refused connection, and the
 * relay still answers a good request. `npm test` runs a third of the cases; `npm run test:faults`
 * runs them all (spec/support/fullSize.ts).
 */
import fc from 'fast-check';
import type WebSocket from 'ws';
import {
  acceptedSocket,
  answersGoodRequest,
  closed,
  pageStillServed,
  rawExchange,
  type RecordedRelay,
  startTestRelay,
} from './relayHelpers.js';
import { sized } from '../support/fullSize.js';

let relay: RecordedRelay;
beforeAll(async () => {
  relay = await startTestRelay({
    maxConnections: 4,
    page: (_request, response) => {
      response.end('ok');
    },
  });
});
afterAll(async () => {
  await relay.close();
});

const refusals = (): number => relay.seen.filter((event) => event.type === 'refused').length;
const STATUS_LINE = /^HTTP\/1\.[01] \d{3} /;
/** Every status the relay may answer with. */
const STATUSES = [101, 200, 400, 401, 403, 404, 405, 414, 417, 426, 431, 503];

/** Characters that make targets and values interesting: escapes, separators, dots, controls, non-ASCII. */
const piece = fc.oneof(
  fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%2e',
    '%2F',
    '%00',
    '%zz',
    '/',
    '//',
    '.',
    '..',
    '\\',
    '?',
    '#',
    '&',
    '=',
    ';',
  ),
  fc.constantFrom(
    'mcp',
    'echo',
    'off',
    'token',
    'http:',
    'ws:',
    '*',
    '@',
    '~',
    'é',
    '\u{1F600}',
    '\u0000',
    '\t',
  ),
  fc.string({ maxLength: 6 }),
);
const target = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
  fc.array(piece, { maxLength: 8 }).map((parts) => `/${parts.join('')}`),
  fc.constantFrom(
    'http://evil.example/',
    'ws://127.0.0.1/mcp/echo',
    '*',
    '//',
    '/',
    '/mcp/echo',
    'example.com:443',
  ),
);
const method = fc.oneof(
  fc.constantFrom(
    'GET',
    'HEAD',
    'POST',
    'PUT',
    'DELETE',
    'OPTIONS',
    'TRACE',
    'PATCH',
    'CONNECT',
    'PRI',
    'get',
  ),
  fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,10}$/),
);
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.', 'http/1.1', '');
/** No CR or LF inside: every generated head ends where the test ends it. */
const headerText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', maxLength }).map((text) => text.replace(/[\r\n]/g, ''));
const header = fc.oneof(
  fc.tuple(
    fc.constantFrom(
      'Host',
      'Origin',
      'Upgrade',
      'Connection',
      'Sec-WebSocket-Key',
      'Sec-WebSocket-Version',
      'Content-Length',
      'Transfer-Encoding',
      'Expect',
    ),
    fc.oneof(
      headerText(40),
      fc.constantFrom(
        'websocket',
        'Upgrade',
        '13',
        'dGhlIHNhbXBsZSBub25jZQ==',
        'chunked',
        '100-continue',
        'null',
      ),
    ),
  ),
  fc.tuple(headerText(20), headerText(60)),
);

/** Fills the placeholders a generated request may use with this relay's own values. */
const withRelayValues = (text: string): string =>
  text
    .replaceAll('HOST', `127.0.0.1:${relay.port}`)
    .replaceAll('ORIGIN', relay.origin)
    .replaceAll('TOKEN', relay.token);

/** Sends one head; checks the invariants. */
async function expectAnsweredAndAlive(head: string | Buffer): Promise<void> {
  const before = refusals();
  const answer = await rawExchange(relay.port, head, STATUS_LINE);
  expect(STATUSES).toContain(answer.status);
  await expect(answersGoodRequest(relay)).resolves.toBe(200);
  // Exactly one report for a refusal, none for a page or an accepted upgrade (the probe adds none).
  expect(refusals() - before).toBe(answer.status >= 400 ? 1 : 0);
}

describe('generated requests', () => {
  it('request lines: any method, target and version get a status, and the relay answers the next request', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, version, fc.boolean(), async (m, t, v, goodHost) => {
        const host = goodHost ? `Host: 127.0.0.1:${relay.port}\r\n` : '';
        await expectAnsweredAndAlive(`${m} ${t} ${v}\r\n${host}Connection: close\r\n\r\n`);
      }),
      { numRuns: sized(100, 300) },
    );
  }, 120_000);

  it('headers: any names and values, on pages and on upgrades, get a status, and the relay answers the next request', async () => {
    const upgrade = fc.constantFrom(
      '/',
      '/mcp/echo?token=TOKEN',
      '/mcp/echo?token=nope',
      '/mcp/off?token=TOKEN',
      '/mcp/%E0%A4%A?token=TOKEN',
    );
    await fc.assert(
      fc.asyncProperty(
        upgrade,
        fc.array(header, { maxLength: 10 }),
        fc.boolean(),
        async (t, headers, base) => {
          const baseHeaders = base
            ? 'Host: HOST\r\nOrigin: ORIGIN\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n'
            : '';
          const lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
          await expectAnsweredAndAlive(withRelayValues(`GET ${t} HTTP/1.1\r\n${baseHeaders}${lines}\r\n`));
        },
      ),
      { numRuns: sized(100, 300) },
    );
  }, 120_000);

  it('raw bytes: anything that ends a head gets a status, and the relay answers the next request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        await expectAnsweredAndAlive(
          Buffer.concat([
            Buffer.from(bytes.map((b) => (b === 13 || b === 10 ? 32 : b))),
            Buffer.from('\r\n\r\n'),
          ]),
        );
      }),
      { numRuns: sized(70, 200) },
    );
  }, 120_000);
});

describe('generated frames on an accepted socket', () => {
  const jsonRpcLike = fc.record(
    {
      jsonrpc: fc.constantFrom('2.0', '1.0', 2),
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)),
      method: fc.oneof(fc.constantFrom('ping', 'echo', 'initialize'), fc.integer()),
      params: fc.jsonValue({ maxDepth: 2 }),
      command: fc.constantFrom('/bin/sh', 'rm'),
    },
    { requiredKeys: [] },
  );
  const frame = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }).map((text) => ({ text })),
    jsonRpcLike.map((message) => ({ text: JSON.stringify(message) })),
    fc.jsonValue({ maxDepth: 3 }).map((value) => ({ text: JSON.stringify(value) })),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ binary: Buffer.from(bytes) })),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ textBytes: Buffer.from(bytes) })),
  );

  /** Sends the frames; resolves with the close code, or `null` when the socket is still open. */
  async function sendAll(
    socket: WebSocket,
    frames: { text?: string; binary?: Buffer; textBytes?: Buffer }[],
  ): Promise<number | null> {
    const end = closed(socket);
    for (const f of frames) {
      if (f.binary !== undefined) socket.send(f.binary, { binary: true });
      else socket.send(f.text ?? f.textBytes ?? '', { binary: false });
    }
    // A ping after the frames: its answer arrives only after the relay handled them all.
    const answered = new Promise<null>((resolve) => socket.once('pong', () => resolve(null)));
    socket.ping();
    const outcome = await Promise.race([end.then(({ code }) => code), answered]);
    return outcome;
  }

  it('every frame sequence either passes to the server or closes the socket with a code, and the next page is served', async () => {
    let id = 1000;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        const rejectedBefore = relay.seen.filter((event) => event.type === 'rejected').length;
        const socket = await acceptedSocket(relay);
        const code = await sendAll(socket, frames);
        if (code === null) {
          const end = closed(socket);
          socket.close();
          await end;
        } else {
          expect([1003, 1007, 1008, 1009]).toContain(code);
          expect(relay.seen.filter((event) => event.type === 'rejected').length - rejectedBefore).toBe(1);
        }
        id += 1;
        expect(await pageStillServed(relay, id)).toEqual({ id });
      }),
      { numRuns: sized(15, 40) },
    );
  }, 180_000);
});
