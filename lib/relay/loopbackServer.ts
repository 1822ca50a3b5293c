/**
 * The HTTP side of the relay: a server that listens on loopback unless told otherwise (loudly),
 * checks `Host` on every request, reads every target without throwing, bounds heads, waits and
 * open sockets, and answers everything it refuses with a status, reported once. The relay adds
 * its WebSocket endpoint through `onUpgrade`; `startLoopbackServer()` alone serves a second
 * origin (a page of its own, on its own port) on the same defaults.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIPv4, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Subject, type Observable } from 'rxjs';
import type { LoopbackServerConfig } from './McpRelayConfig.js';
import { describeRelayEvent, type McpRelayEvent } from './McpRelayEvent.js';
import { checkHost, loopbackHosts, loopbackOrigins } from './relayGate.js';
import {
  HEADERS_TIMEOUT_MS,
  MAX_HEADER_BYTES,
  MAX_OPEN_SOCKETS,
  REFUSAL_LINGER_MS,
  REQUEST_TIMEOUT_MS,
  TIMEOUT_CHECK_INTERVAL_MS,
} from './relayLimits.js';
import { isRefusal, parseRequestTarget, type RelayRefusal, type RequestTarget } from './requestTarget.js';

/** The default address: IPv4 loopback. */
export const DEFAULT_RELAY_HOST = '127.0.0.1';

/** A running server from `startLoopbackServer()`. */
export interface LoopbackServer {
  /** The address it listens on. */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** Its origin, as a page it serves has it: `http://127.0.0.1:<port>` by default. */
  readonly origin: string;
  /** Every refusal, once each (and a warning when listening beyond loopback); completes on close. */
  readonly events$: Observable<McpRelayEvent>;
  /** Stops listening and closes every connection; resolves when the server is closed. */
  close(): Promise<void>;
}

/** What the relay hangs on a loopback server. */
export interface UpgradeHook {
  /** Called for an upgrade whose `Host` and target passed; must answer or take the socket. */
  onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, target: RequestTarget): void;
  /** Path prefix of the upgrade endpoint: a plain request there is answered 426. */
  path: string;
}

/** A loopback server as the relay uses it: the public face plus the means to refuse. */
export interface GuardedServer extends LoopbackServer {
  /** Reports an event (a refusal, a connection's events). */
  report: (event: McpRelayEvent) => void;
  /** Answers a raw socket (an upgrade) with a refusal and closes it; reports it once. */
  refuseSocket(socket: Duplex, refusal: RelayRefusal, headers?: Record<string, string>): void;
  /** The events subject, to complete last. */
  readonly events: Subject<McpRelayEvent>;
}

const noop = (): void => undefined;

/**
 * Whether `host` is a loopback address or name.
 *
 * @param host A listen address.
 * @returns `true` for `localhost`, `::1` and `127.0.0.0/8`.
 */
export function isLoopbackAddress(host: string): boolean {
  const name = host.toLowerCase();
  return (
    name === 'localhost' || name === '::1' || name === '[::1]' || (isIPv4(name) && name.startsWith('127.'))
  );
}

/** The host part of a URL for a listen address (IPv6 in brackets; any address → 127.0.0.1). */
function urlHost(host: string): string {
  if (!isLoopbackAddress(host)) return DEFAULT_RELAY_HOST;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host.toLowerCase();
}

/** The text of a refusal on a raw socket: a whole HTTP response that closes the connection. */
function refusalResponse(refusal: RelayRefusal, headers: Record<string, string>): string {
  const body = `${refusal.reason}\n`;
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}\r\n` +
    `Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`
  );
}

/** Whether a request announces a body (which a page request never has). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The status for a request Node's parser refused. */
function clientErrorRefusal(error: Error & { code?: string }): RelayRefusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request head too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request took too long' };
    case 'HPE_INVALID_METHOD':
      return { status: 400, reason: 'Unknown method' };
    default:
      return { status: 400, reason: `Malformed request (${error.code ?? 'parse error'})` };
  }
}

/**
 * Starts a guarded server (the relay's HTTP side). Internal: the relay and `startLoopbackServer()`.
 *
 * @param config Where to listen and what to serve.
 * @param hook The relay's upgrade endpoint, if any.
 * @returns The listening server.
 */
export async function startGuardedServer(
  config: LoopbackServerConfig,
  hook: UpgradeHook | null,
): Promise<GuardedServer> {
  const host = config.host ?? DEFAULT_RELAY_HOST;
  const beyondLoopback = !isLoopbackAddress(host);
  if (beyondLoopback && config.dangerouslyListenBeyondLoopback !== true) {
    throw new TypeError(
      `host ${JSON.stringify(host)} is not loopback: set dangerouslyListenBeyondLoopback to listen on it`,
    );
  }
  const events = new Subject<McpRelayEvent>();
  const report = (event: McpRelayEvent): void => {
    events.next(event);
    const line = describeRelayEvent(event);
    if (line !== null) config.log?.(line, event);
  };
  let hosts: ReadonlySet<string> = new Set();
  // A socket already answered with a refusal: a later parse error on it (its body) is not a second one.
  const refused = new WeakSet<Duplex>();

  const refuseSocket = (
    socket: Duplex,
    refusal: RelayRefusal,
    headers: Record<string, string> = {},
  ): void => {
    report({ type: 'refused', ...refusal });
    refused.add(socket);
    socket.on('error', noop);
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(refusalResponse(refusal, headers));
    // A client that never reads its answer does not keep the socket.
    const linger = setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS);
    linger.unref();
    socket.once('close', () => {
      clearTimeout(linger);
    });
  };

  const refuseResponse = (
    response: ServerResponse,
    refusal: RelayRefusal,
    headers: Record<string, string> = {},
  ): void => {
    report({ type: 'refused', ...refusal });
    if (response.socket !== null) refused.add(response.socket);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const body = `${refusal.reason}\n`;
    response.writeHead(refusal.status, {
      ...headers,
      Connection: 'close',
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    response.end(body);
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    response.on('error', noop);
    try {
      const refusal = checkHost(request.headers, hosts);
      if (refusal !== null) {
        refuseResponse(response, refusal);
        return;
      }
      const target = parseRequestTarget(request.url);
      if (isRefusal(target)) {
        refuseResponse(response, target);
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        refuseResponse(response, { status: 405, reason: 'Method not allowed' }, { Allow: 'GET, HEAD' });
        return;
      }
      if (hasBody(request)) {
        refuseResponse(response, { status: 400, reason: 'A GET or HEAD has no body' });
        return;
      }
      if (hook !== null && (target.rawPath === hook.path || target.rawPath.startsWith(`${hook.path}/`))) {
        refuseResponse(
          response,
          { status: 426, reason: 'This endpoint is a WebSocket' },
          { Upgrade: 'websocket' },
        );
        return;
      }
      if (config.page === undefined) {
        refuseResponse(response, { status: 404, reason: 'Not found' });
        return;
      }
      config.page(request, response, target);
    } catch {
      refuseResponse(response, { status: 500, reason: 'Internal error' });
    }
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', noop);
    try {
      const refusal = checkHost(request.headers, hosts);
      if (refusal !== null) {
        refuseSocket(socket, refusal);
        return;
      }
      const target = parseRequestTarget(request.url);
      if (isRefusal(target)) {
        refuseSocket(socket, target);
        return;
      }
      if (hook === null) {
        refuseSocket(socket, { status: 404, reason: 'No WebSocket endpoint here' });
        return;
      }
      hook.onUpgrade(request, socket, head, target);
    } catch {
      refuseSocket(socket, { status: 500, reason: 'Internal error' });
    }
  };

  const http = createServer({
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    // A request without Host is refused by our own check (403, reported), not silently by Node.
    requireHostHeader: false,
  });
  http.maxConnections = MAX_OPEN_SOCKETS;
  http.on('request', onRequest);
  http.on('upgrade', onUpgrade);
  // No "100 Continue": a page request has no body to wait for, so it is answered as it is.
  http.on('checkContinue', onRequest);
  http.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    refuseResponse(response, { status: 417, reason: 'Unsupported Expect' });
  });
  http.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    refuseSocket(socket, { status: 405, reason: 'CONNECT is not served' });
  });
  http.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || refused.has(socket)) {
      socket.destroy();
      return;
    }
    refuseSocket(socket, clientErrorRefusal(error));
  });
  http.on('drop', () => {
    report({ type: 'refused', status: 503, reason: 'Too many open sockets: connection dropped' });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  // Errors after listening (none expected) must not be uncaught.
  http.on('error', noop);
  const port = (http.address() as AddressInfo).port;
  const own = `${urlHost(host)}:${port}`;
  hosts = new Set([...loopbackHosts(port), own, ...(config.allowedHosts ?? [])].map((h) => h.toLowerCase()));
  const origin = `http://${own}`;
  if (beyondLoopback) {
    const message =
      `listening on ${host}:${port}, beyond loopback: other machines can reach this server` +
      (hook === null ? '' : ' and, with the token, start its MCP servers');
    process.emitWarning(message, { code: 'RXJS_MCP_RELAY_BEYOND_LOOPBACK' });
    report({ type: 'warning', message });
  }
  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    origin,
    events$: events.asObservable(),
    events,
    report,
    refuseSocket,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        http.close(() => {
          resolve();
        });
        http.closeAllConnections();
      })),
  };
}

/** The origins a page of this server has (its loopback names, and its own address). */
export function ownOrigins(server: LoopbackServer): string[] {
  return [...new Set([...loopbackOrigins(server.port), server.origin])];
}

/**
 * Starts an HTTP server on the relay's network defaults, without a relay: loopback only (unless
 * `dangerouslyListenBeyondLoopback`), exact `Host`, bounded heads and waits, every refusal a
 * status reported once. For a second origin next to a relay, such as a sandbox page that must
 * not share the app's origin.
 *
 * @example
 * ```ts
 * const sandbox = await startLoopbackServer({ page: staticFiles('sandbox/') });
 * console.log(sandbox.origin); // http://127.0.0.1:<another port>
 * ```
 *
 * @param config Where to listen and what to serve.
 * @returns The listening server.
 */
export async function startLoopbackServer(config: LoopbackServerConfig = {}): Promise<LoopbackServer> {
  const server = await startGuardedServer(config, null);
  return {
    host: server.host,
    port: server.port,
    origin: server.origin,
    events$: server.events$,
    close: async () => {
      await server.close();
      server.events.complete();
    },
  };
}
