/**
 * A page handler that serves the files of one folder (a built app): GET and HEAD only (the relay
 * refuses other methods before it), paths already decoded and checked by the relay (no `..`,
 * no bad escapes), unknown paths answered with the folder's `index.html` (a single-page app's
 * routes), and headers that keep the page to itself.
 */
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { McpRelayPageHandler } from './McpRelayConfig.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** How `staticFiles()` serves. */
export interface StaticFilesOptions {
  /**
   * The `Content-Security-Policy` header, or `null` for none. Default: scripts, styles, images
   * and connections from the page's own origin only (its WebSocket included), no framing.
   */
  contentSecurityPolicy?: string | null;
  /** The file served for a path that is not a file. Default `'index.html'`; `null`: 404. */
  fallback?: string | null;
}

/**
 * The CSP of `staticFiles()` by default: everything from the page's own origin (`'self'`, which
 * covers its WebSocket to the same host and port), inline styles (Angular's), no plugins, no framing.
 */
export const DEFAULT_PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the files of `root`.
 *
 * @example
 * ```ts
 * const relay = await startMcpRelay({ servers, page: staticFiles('dist/my-app/browser') });
 * ```
 *
 * @param root The folder.
 * @param options The CSP and the fallback file.
 * @returns A page handler for `startMcpRelay()` or `startLoopbackServer()`.
 */
export function staticFiles(root: string, options: StaticFilesOptions = {}): McpRelayPageHandler {
  const base = resolve(root) + sep;
  const csp = options.contentSecurityPolicy === undefined ? DEFAULT_PAGE_CSP : options.contentSecurityPolicy;
  const fallback = options.fallback === undefined ? 'index.html' : options.fallback;
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...(csp === null ? {} : { 'Content-Security-Policy': csp }),
  };
  return (request, response, target) => {
    let file = resolve(join(base, ...target.segments));
    if (!file.startsWith(base) || !isFile(file)) {
      file = fallback === null ? '' : join(base, fallback);
    }
    if (file === '' || !isFile(file)) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found\n');
      return;
    }
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
