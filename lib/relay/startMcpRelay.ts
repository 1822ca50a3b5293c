/**
 * The relay: pages reach the servers of an operator's config over a WebSocket, one server
 * process per connection. The HTTP side (loopback, `Host`, bounded everything) is
 * `loopbackServer.ts`; this module adds the endpoint `<path>/<server name>?token=…`, its checks
 * (origin, handshake, token, server name, connection cap) and one `RelayConnection` per socket.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Observable } from 'rxjs';
import { WebSocketServer } from 'ws';
import type { StdioServerParams } from '../index.js';
import type { McpRelayConfig } from './McpRelayConfig.js';
import type { McpRelayEvent } from './McpRelayEvent.js';
import { ownOrigins, startGuardedServer, type GuardedServer } from './loopbackServer.js';
import { RelayConnection } from './RelayConnection.js';
import { checkHandshake, checkOrigin, normalizeOrigin } from './relayGate.js';
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_PAGE_BUFFER_BYTES,
  DEFAULT_MAX_SERVER_FRAME_BYTES,
  DEFAULT_MAX_SERVER_QUEUE_BYTES,
} from './relayLimits.js';
import { relayServers } from './relayServers.js';
import { createRelayToken, sameToken } from './relayToken.js';
import type { RelayRefusal, RequestTarget } from './requestTarget.js';

/** The default `path`. */
export const DEFAULT_RELAY_PATH = '/mcp';
/** The shortest token accepted from the operator, in characters (43: 256 bits in base64url). */
const MIN_TOKEN_LENGTH = 43;

/** A running relay. */
export interface McpRelay {
  /** The port it listens on. */
  readonly port: number;
  /** Its origin, as a page it serves has it: `http://127.0.0.1:<port>` by default. */
  readonly origin: string;
  /** The token pages must send. */
  readonly token: string;
  /** The config names of the servers pages can reach. */
  readonly servers: readonly string[];
  /**
   * The WebSocket URL of a server, token included, e.g. `ws://127.0.0.1:4100/mcp/files?token=…`.
   *
   * @param server The server's config name.
   * @returns The URL.
   */
  socketUrl(server: string): string;
  /** Everything the relay does (every refusal once); completes when it is closed. */
  readonly events$: Observable<McpRelayEvent>;
  /**
   * Closes every page connection (1001), ends every server process tree and stops listening;
   * resolves once they are all gone. Every wait in it is bounded. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** A positive integer option, or its default. */
function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new TypeError(`${name} must be a positive integer, not ${value}`);
  return value;
}

/**
 * Starts a relay: an HTTP server on loopback whose WebSocket endpoint lets a page talk MCP to one
 * of the configured servers, each connection with its own server process.
 *
 * @example
 * ```ts
 * const relay = await startMcpRelay({ servers: { mcpServers: { files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] } } } });
 * console.log(relay.socketUrl('files')); // give this to mcpSession(webSocket(url)) in the page
 * closeOnSignals(relay);
 * ```
 *
 * @param config The servers, and optionally where to listen, the token, origins and limits.
 * @returns The listening relay.
 * @throws {McpConfigError} When `servers` is not a valid config.
 * @throws {TypeError} When an option is not valid (a non-loopback host without the opt-in, a short token, a malformed origin).
 */
export async function startMcpRelay(config: McpRelayConfig): Promise<McpRelay> {
  const servers = relayServers(config.servers);
  const path = config.path ?? DEFAULT_RELAY_PATH;
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(path))
    throw new TypeError(`path must be like '/mcp', not ${JSON.stringify(path)}`);
  const token = config.token ?? createRelayToken();
  if (token.length < MIN_TOKEN_LENGTH)
    throw new TypeError(`token must be at least ${MIN_TOKEN_LENGTH} characters`);
  const allowedOrigins = (config.allowedOrigins ?? []).map(normalizeOrigin);
  const maxConnections = limit(config.maxConnections, DEFAULT_MAX_CONNECTIONS, 'maxConnections');
  const maxPayload = limit(config.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES, 'maxMessageBytes');
  const maxPageBufferBytes = limit(
    config.maxPageBufferBytes,
    DEFAULT_MAX_PAGE_BUFFER_BYTES,
    'maxPageBufferBytes',
  );
  const maxWriteQueueLength = limit(
    config.maxServerQueueBytes,
    DEFAULT_MAX_SERVER_QUEUE_BYTES,
    'maxServerQueueBytes',
  );
  const maxFrameLength = limit(
    config.maxServerFrameBytes,
    DEFAULT_MAX_SERVER_FRAME_BYTES,
    'maxServerFrameBytes',
  );

  const sockets = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
  const connections = new Map<number, RelayConnection>();
  let origins: ReadonlySet<string> = new Set();
  let nextConnection = 1;
  let closing = false;
  let http: GuardedServer | null = null;

  /** The checks of an upgrade, in order: a refusal, or the server it may reach. */
  const check = (request: IncomingMessage, target: RequestTarget): RelayRefusal | { server: string } => {
    if (closing) return { status: 503, reason: 'The relay is shutting down' };
    const originRefusal = checkOrigin(request.headers, origins);
    if (originRefusal !== null) return originRefusal;
    const handshakeRefusal = checkHandshake(request.method, request.headers);
    if (handshakeRefusal !== null) return handshakeRefusal;
    const prefix = path.slice(1).split('/');
    const { segments } = target;
    const name = segments[prefix.length];
    if (
      segments.length !== prefix.length + 1 ||
      prefix.some((part, i) => segments[i] !== part) ||
      !servers.has(name)
    ) {
      return { status: 404, reason: 'No such server' };
    }
    const names = [...target.query.keys()];
    if (names.length > 1 || names.some((key) => key !== 'token')) {
      return { status: 400, reason: 'The only query parameter is the token' };
    }
    if (!sameToken(target.query.get('token') ?? '', token))
      return { status: 401, reason: 'Missing or wrong token' };
    if (connections.size >= maxConnections) return { status: 503, reason: 'Too many connections' };
    return { server: name };
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer, target: RequestTarget): void => {
    const server = http;
    if (server === null) return;
    const verdict = check(request, target);
    if ('status' in verdict) {
      server.refuseSocket(socket, verdict, verdict.status === 426 ? { 'Sec-WebSocket-Version': '13' } : {});
      return;
    }
    const definition = servers.get(verdict.server);
    if (definition === undefined) return;
    const connection = nextConnection++;
    // ws completes the handshake synchronously here, so the cap counts this connection at once.
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const params: StdioServerParams = {
        ...config.serverParams,
        command: definition.command,
        args: definition.args,
        env: definition.env,
        ...(definition.cwd === undefined ? {} : { cwd: definition.cwd }),
        maxWriteQueueLength,
        maxFrameLength,
      };
      const served = new RelayConnection(ws, {
        connection,
        params,
        maxPageBufferBytes,
        report: server.report,
      });
      connections.set(connection, served);
      server.report({ type: 'connected', connection, server: verdict.server });
      void served.done.then(() => connections.delete(connection));
      if (closing) served.shutDown(1001, 'The relay is shutting down');
    });
  };
  // ws answers a handshake it cannot complete itself unless told here; answer and report it once.
  sockets.on('wsClientError', (error: Error, socket: Duplex) => {
    http?.refuseSocket(socket, { status: 400, reason: error.message.slice(0, 100) });
  });

  http = await startGuardedServer(config, { path, onUpgrade });
  const server = http;
  origins = new Set([...ownOrigins(server), ...allowedOrigins]);
  let closed: Promise<void> | null = null;
  const socketBase = `ws://${server.origin.slice('http://'.length)}${path}/`;
  return {
    port: server.port,
    origin: server.origin,
    token,
    servers: [...servers.keys()],
    socketUrl: (name) => `${socketBase}${encodeURIComponent(name)}?token=${token}`,
    events$: server.events$,
    close: () =>
      (closed ??= (async () => {
        closing = true;
        for (const connection of connections.values())
          connection.shutDown(1001, 'The relay is shutting down');
        await Promise.all([...connections.values()].map((connection) => connection.done));
        sockets.close();
        await server.close();
        server.events.complete();
      })()),
  };
}
