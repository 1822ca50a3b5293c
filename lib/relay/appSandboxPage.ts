/**
 * The MCP Apps sandbox proxy page as a page handler: serve it with `startLoopbackServer()` on a
 * port of its own, so that it (and every view inside it) has another origin than the app's page.
 * It answers every GET/HEAD path with the proxy page (the proxy has no other files), framed only
 * by the given app origins.
 */
// The page itself is plain text of the browser-safe apps entry; this file imports it directly
// (not through the apps face, which loads ext-apps) so the relay needs no optional peer.
import { SANDBOX_PROXY_HTML, sandboxProxyHeaders } from '../apps/sandboxProxyPage.js';
import type { McpRelayPageHandler } from './McpRelayConfig.js';

/** The options of `appSandboxPage()`. */
export interface AppSandboxPageOptions {
  /**
   * The origins of the pages that may frame the proxy (its `frame-ancestors`): the app's, e.g.
   * `relay.origin`. Nothing else can frame it; with none, nothing can.
   */
  hostOrigins: readonly string[];
}

/**
 * The sandbox proxy page handler, for `startLoopbackServer({ page })` on its own port.
 *
 * @example
 * ```ts
 * const sandbox = await startLoopbackServer({ page: appSandboxPage({ hostOrigins: [relay.origin] }) });
 * // in the page: iframeAppFrame({ container, sandboxUrl: `${sandbox.origin}/` })
 * ```
 *
 * @param options The app origins that may frame it.
 * @returns The page handler.
 */
export function appSandboxPage(options: AppSandboxPageOptions): McpRelayPageHandler {
  for (const origin of options.hostOrigins) {
    if (!/^https?:\/\/[^\s/;,'"]+$/.test(origin))
      throw new TypeError(`Not an origin: ${JSON.stringify(origin)}`);
  }
  const body = Buffer.from(SANDBOX_PROXY_HTML, 'utf8');
  const headers = { ...sandboxProxyHeaders(options.hostOrigins), 'content-length': String(body.length) };
  return (request, response) => {
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}
