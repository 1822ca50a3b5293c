/**
 * Serves the built Angular app (GET and HEAD only, files under one folder, unknown paths fall
 * back to index.html) with headers that keep the page to itself: a Content-Security-Policy that
 * allows scripts from the page only and sockets to its own relay, no sniffing, no framing. The
 * page holds no secret (the token travels in the URL the demo prints), but every request still
 * passes the loopback `Host` check, so a rebinding page cannot even read it.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { checkPageRequest } from './relayGate.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

/** The security headers of every response, for the page served at `port`. */
export function pageHeaders(port: number): Record<string, string> {
  // CSP host sources cannot name an IPv6 literal; the page is opened on 127.0.0.1 or localhost.
  const sockets = ['127.0.0.1', 'localhost'].map((host) => `ws://${host}:${port}`).join(' ');
  return {
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; ` +
      `img-src 'self' data:; connect-src 'self' ${sockets}; object-src 'none'; base-uri 'self'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/** A request handler serving the files of `root` at `port`. */
export function servePage(root: string, port: () => number) {
  const base = normalize(root + sep);
  return (request: IncomingMessage, response: ServerResponse): void => {
    const refusal = checkPageRequest(request, port());
    const headers = pageHeaders(port());
    if (refusal !== null || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(refusal?.status ?? 405, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${refusal?.reason ?? 'Method not allowed'}\n`);
      return;
    }
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://loopback').pathname);
    let file = normalize(join(base, pathname));
    if (!file.startsWith(base) || !isFile(file)) file = join(base, 'index.html');
    response.writeHead(200, {
      ...headers,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response);
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
