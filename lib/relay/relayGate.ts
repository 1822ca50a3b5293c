/**
 * The checks every request passes before the relay does anything, as pure functions of the
 * request's headers: they answer yes or a refusal, so no path of the relay can forget one.
 *
 * - `Host` must be one the relay answers to, exactly: its loopback names at its own port (plus
 *   what the operator adds). A DNS-rebinding page reaches loopback under its own host name, and
 *   is refused here (403), page requests included.
 * - `Origin`, on a WebSocket upgrade, must be on the allow list, exactly: the relay's own origin
 *   plus the operator's. Any web page can open a WebSocket to loopback, and browsers always send
 *   its origin, so a foreign page is refused (403).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RelayRefusal } from './requestTarget.js';

/** The loopback names a browser may use for the relay, as they appear in `Host` (IPv6 in brackets). */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The `Host` values a relay at `port` answers to by default.
 *
 * @param port The port it listens on.
 * @returns `127.0.0.1:port`, `localhost:port` and `[::1]:port`.
 */
export function loopbackHosts(port: number): string[] {
  return LOOPBACK_HOST_NAMES.map((name) => `${name}:${port}`);
}

/**
 * The origins of pages served by a relay at `port` itself.
 *
 * @param port The port it listens on.
 * @returns `http://127.0.0.1:port`, `http://localhost:port` and `http://[::1]:port`.
 */
export function loopbackOrigins(port: number): string[] {
  return loopbackHosts(port).map((host) => `http://${host}`);
}

/** The one value of a header, or `undefined` when it is missing or repeated. */
function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks `Host`.
 *
 * @param headers The request's headers.
 * @param hosts The allowed values, lower case.
 * @returns `null`, or the refusal (403).
 */
export function checkHost(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): RelayRefusal | null {
  const host = single(headers.host)?.toLowerCase();
  return host !== undefined && hosts.has(host) ? null : { status: 403, reason: 'Host not allowed' };
}

/**
 * Checks `Origin`.
 *
 * @param headers The request's headers.
 * @param origins The allowed origins, lower case.
 * @returns `null`, or the refusal (403).
 */
export function checkOrigin(headers: IncomingHttpHeaders, origins: ReadonlySet<string>): RelayRefusal | null {
  const origin = single(headers.origin)?.toLowerCase();
  return origin !== undefined && origins.has(origin) ? null : { status: 403, reason: 'Origin not allowed' };
}

/** A valid `Sec-WebSocket-Key`: 16 bytes in base64. */
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{21}[AQgw]==$/;

/**
 * Checks the WebSocket handshake headers (RFC 6455, 4.2.1), so a bad one is refused and reported
 * here rather than deep inside the WebSocket library.
 *
 * @param method The request's method.
 * @param headers The request's headers.
 * @returns `null`, or the refusal (400, or 426 for another protocol version).
 */
export function checkHandshake(
  method: string | undefined,
  headers: IncomingHttpHeaders,
): RelayRefusal | null {
  if (method !== 'GET') return { status: 400, reason: 'A WebSocket upgrade must be a GET' };
  if (single(headers.upgrade)?.toLowerCase() !== 'websocket') {
    return { status: 400, reason: 'Only WebSocket upgrades are accepted' };
  }
  const key = single(headers['sec-websocket-key']);
  if (key === undefined || !WEBSOCKET_KEY.test(key)) {
    return { status: 400, reason: 'Missing or invalid Sec-WebSocket-Key' };
  }
  if (single(headers['sec-websocket-version']) !== '13') {
    return { status: 426, reason: 'Unsupported WebSocket version' };
  }
  return null;
}

/**
 * Checks and normalizes an operator's origin (`scheme://host[:port]`, nothing else).
 *
 * @param origin As configured.
 * @returns It, lower case.
 * @throws {TypeError} When it is not an origin as browsers send it.
 */
export function normalizeOrigin(origin: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  if (parsed?.origin !== origin.toLowerCase() || parsed.origin === 'null') {
    throw new TypeError(
      `allowedOrigins: ${JSON.stringify(origin)} is not an origin as browsers send it (scheme://host[:port], no path, no trailing slash)`,
    );
  }
  return parsed.origin;
}
