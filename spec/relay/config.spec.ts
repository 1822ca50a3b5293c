/**
 * The relay's options and pure rules: what it refuses to start with, how it reads a config
 * (Claude Desktop `mcpServers`, VS Code `servers`, validated definitions), who counts as an
 * allowed origin, and the rules one by one (token, client messages, targets, loopback).
 */
import { parseMcpServersConfig } from '../../lib/config/index.js';
import {
  startMcpRelay,
  type McpRelay,
  type McpRelayConfig,
  type McpRelayEvent,
} from '../../lib/relay/index.js';
import { parseClientMessage } from '../../lib/relay/clientMessage.js';
import { isLoopbackAddress } from '../../lib/relay/loopbackServer.js';
import { createRelayToken, sameToken } from '../../lib/relay/relayToken.js';
import { parseRequestTarget } from '../../lib/relay/requestTarget.js';
import { fixturePath } from '../support/processes.js';
import { acceptedSocket, closed, openSocket, roundTrip } from './relayHelpers.js';

const echo = { command: process.execPath, args: [fixturePath('echo.js')] };

/** Every relay a test started, closed after it even when it fails (an open one keeps Jest running). */
const running: McpRelay[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((relay) => relay.close()));
});
const start = async (config: McpRelayConfig): Promise<McpRelay> => {
  const relay = await startMcpRelay(config);
  running.push(relay);
  return relay;
};

describe('startMcpRelay refuses to start', () => {
  it.each([
    [{ host: '0.0.0.0' }, /not loopback: set dangerouslyListenBeyondLoopback/],
    [{ host: '192.168.1.10' }, /not loopback/],
    [{ token: 'short' }, /token must be at least 43 characters/],
    [{ allowedOrigins: ['http://localhost:4200/'] }, /not an origin as browsers send it/],
    [{ allowedOrigins: ['localhost:4200'] }, /not an origin/],
    [{ allowedOrigins: ['null'] }, /not an origin/],
    [{ maxConnections: 0 }, /maxConnections must be a positive integer/],
    [{ path: 'mcp' }, /path must be like '\/mcp'/],
  ])('with %j', async (options, message) => {
    await expect(startMcpRelay({ servers: { mcpServers: { echo } }, ...options })).rejects.toThrow(message);
  });

  it('with a config that is not valid, naming the problem', async () => {
    await expect(startMcpRelay({ servers: { mcpServers: { bad: { args: ['x'] } } } })).rejects.toThrow(
      /needs a "command"/,
    );
  });
});

describe('startMcpRelay', () => {
  it('listens beyond loopback only when told, loudly (a process warning and an event)', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const events: McpRelayEvent[] = [];
    const relay = await start({
      servers: { mcpServers: { echo } },
      host: '0.0.0.0',
      dangerouslyListenBeyondLoopback: true,
      log: (_line, event) => events.push(event),
    });
    await relay.close();
    const message = expect.stringMatching(
      /^listening on 0\.0\.0\.0:\d+, beyond loopback: other machines can reach/,
    );
    expect(emitWarning.mock.calls).toEqual([[message, { code: 'RXJS_MCP_RELAY_BEYOND_LOOPBACK' }]]);
    emitWarning.mockRestore();
    expect(events).toEqual([{ type: 'warning', message }]);
    expect(relay.origin).toBe(`http://127.0.0.1:${relay.port}`);
  });

  it.each([
    ['Claude Desktop mcpServers', { mcpServers: { echo, off: { command: 'x', disabled: true } } }],
    [
      'VS Code servers',
      { servers: { echo: { type: 'stdio', ...echo }, web: { type: 'http', url: 'http://x' } } },
    ],
    [
      'validated definitions',
      parseMcpServersConfig({ mcpServers: { echo, gone: { command: 'x', disabled: true } } }),
    ],
  ])('reads %s: only stdio servers are reachable, by name', async (_name, servers) => {
    const relay = await start({ servers, serverParams: { stderr: 'ignore' } });
    expect(relay.servers).toEqual(['echo']);
    expect(relay.socketUrl('echo')).toBe(`ws://127.0.0.1:${relay.port}/mcp/echo?token=${relay.token}`);
    const socket = await acceptedSocket(relay);
    expect(await roundTrip(socket, 1, 'hello', { from: 'page' })).toEqual({ from: 'page' });
    const end = closed(socket);
    socket.close();
    await end;
    await relay.close();
  });

  it('lets in the origins the operator allows, and only those', async () => {
    const relay = await start({
      servers: { mcpServers: { echo } },
      serverParams: { stderr: 'ignore' },
      allowedOrigins: ['http://localhost:4200'],
    });
    const dev = await openSocket(relay, 'echo', { Origin: 'http://localhost:4200' });
    const other = await openSocket(relay, 'echo', { Origin: 'http://localhost:4201' });
    const own = await openSocket(relay, 'echo', { Origin: relay.origin });
    expect(other).toEqual({ status: 403 });
    for (const outcome of [dev, own]) {
      if (!('open' in outcome)) throw new Error(`refused with ${outcome.status}`);
      outcome.open.close();
    }
    await relay.close();
  });

  it('takes an operator token, and a fresh one each run otherwise', async () => {
    const token = createRelayToken();
    const given = await start({ servers: { mcpServers: { echo } }, token });
    const [a, b] = await Promise.all([
      start({ servers: { mcpServers: { echo } } }),
      start({ servers: { mcpServers: { echo } } }),
    ]);
    expect(given.token).toBe(token);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
  });
});

describe('the rules', () => {
  it('compare tokens exactly, whatever their lengths', () => {
    expect([
      sameToken('abc', 'abc'),
      sameToken('abd', 'abc'),
      sameToken('abcd', 'abc'),
      sameToken('', 'abc'),
    ]).toEqual([true, false, false, false]);
  });

  it('accept one JSON-RPC 2.0 message with only its members', () => {
    const request = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo' } };
    expect(parseClientMessage(JSON.stringify(request))).toEqual({ ok: true, message: request });
    expect(parseClientMessage('{"jsonrpc":"2.0","method":"x","cwd":"/","env":{}}')).toEqual({
      ok: false,
      reason: 'Unexpected member(s): cwd, env',
    });
    expect(parseClientMessage('{"jsonrpc":"2.0","method":42}')).toEqual({
      ok: false,
      reason: 'method must be a string',
    });
  });

  it('read targets into decoded segments and a query, or refuse them', () => {
    const target = parseRequestTarget('/mcp/my%20server?token=a%2Bb');
    expect('segments' in target && [target.segments, target.query.get('token')]).toEqual([
      ['mcp', 'my server'],
      'a+b',
    ]);
    expect(parseRequestTarget(undefined)).toEqual({ status: 400, reason: 'Missing request target' });
  });

  it('tell loopback addresses from the rest', () => {
    expect(
      ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'].map(isLoopbackAddress),
    ).toEqual(Array(6).fill(true));
    expect(
      ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example', '127.0.0.1.nip.io'].map(
        isLoopbackAddress,
      ),
    ).toEqual(Array(6).fill(false));
  });
});
