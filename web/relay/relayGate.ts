/**
 * The gate every HTTP request and WebSocket upgrade passes before the relay does anything: it
 * only answers yes or no (with a status and a reason), so the checks are one pure function that
 * the security tests exercise through the real server, and no branch of the relay can forget one.
 *
 * A page that can start local processes is an attack surface. The checks, in order:
 * - `Host` must be a loopback name with the exact port (a DNS-rebinding page has its own host);
 * - `Origin`, when the request is an upgrade, must be the demo's own origin (a foreign page can
 *   open a WebSocket to loopback, and browsers always send its origin);
 * - the upgrade's path must be the relay's, its query the token alone (nothing else, so no
 *   parameter can ever be read as a command), and the token must match, compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The loopback names a browser may use for the demo. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** A refusal: the HTTP status sent back and why. */
export interface Refusal {
  /** 400, 401, 403 or 404. */
  status: number;
  /** A short reason, sent as the response body. */
  reason: string;
}

/** Whether `host` (a `Host` header value) names loopback at exactly `port`. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host !== undefined && LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** Whether `origin` (an `Origin` header value) is the demo's own page at `port`. */
export function isLoopbackOrigin(origin: string | undefined, port: number): boolean {
  return (
    origin !== undefined && LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`)
  );
}

/** Compares two secrets in time that does not depend on where they differ (or on their lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks a plain HTTP request (the static page): only the `Host` matters. */
export function checkPageRequest(request: IncomingMessage, port: number): Refusal | null {
  if (!isLoopbackHost(request.headers.host, port)) {
    return { status: 403, reason: 'Host is not loopback at this port' };
  }
  return null;
}

/** Checks a WebSocket upgrade: `Host`, `Origin`, path, query and token. */
export function checkUpgrade(
  request: IncomingMessage,
  port: number,
  path: string,
  token: string,
): Refusal | null {
  const pageRefusal = checkPageRequest(request, port);
  if (pageRefusal !== null) return pageRefusal;
  if (!isLoopbackOrigin(request.headers.origin, port)) {
    return { status: 403, reason: 'Origin is not this page' };
  }
  const url = new URL(request.url ?? '/', 'http://loopback');
  if (url.pathname !== path) return { status: 404, reason: 'No such endpoint' };
  const names = [...url.searchParams.keys()];
  if (names.some((name) => name !== 'token') || names.length > 1) {
    return { status: 400, reason: 'The only query parameter is the token' };
  }
  const given = url.searchParams.get('token');
  if (given === null || !sameSecret(given, token)) {
    return { status: 401, reason: 'Missing or wrong token' };
  }
  return null;
}
