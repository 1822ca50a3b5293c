/**
 * The sandbox proxy page: served from another origin than the host page (the relay's
 * `appSandbox`), it tells the host it is ready (`ui/notifications/sandbox-proxy-ready`), makes the
 * view's iframe from `ui/notifications/sandbox-resource-ready` (`sandbox="allow-scripts"`: an
 * opaque origin, never the proxy's or the page's; the host's `allow`; the HTML, which already
 * carries its policy), and relays: the host's messages (its window and origin only) to the view,
 * the view's (its window only) to the host. Everything else is dropped. Plain script, no imports.
 */

/** The page. `?host=` is the host page's origin; the server sends it with `sandboxProxyHeaders()`. */
export const SANDBOX_PROXY_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>MCP App sandbox</title>
<style>html,body{margin:0;padding:0;border:0;overflow:hidden}iframe{display:block;width:100%;height:100vh;border:0}</style>
</head><body><script>
(function () {
  'use strict';
  var host = new URL(location.href).searchParams.get('host');
  if (!host || window.parent === window) return;
  var view = null;
  var PERMISSIONS = { camera: 'camera', microphone: 'microphone', geolocation: 'geolocation', clipboardWrite: 'clipboard-write' };
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source === window.parent) {
      if (event.origin !== host) return;
      if (data && data.method === 'ui/notifications/sandbox-resource-ready') {
        if (view !== null || !data.params || typeof data.params.html !== 'string') return;
        view = document.createElement('iframe');
        view.setAttribute('sandbox', 'allow-scripts');
        var asked = data.params.permissions || {};
        var allow = Object.keys(PERMISSIONS).filter(function (key) { return asked[key] && typeof asked[key] === 'object'; })
          .map(function (key) { return PERMISSIONS[key]; }).join('; ');
        if (allow) view.setAttribute('allow', allow);
        view.srcdoc = data.params.html;
        document.body.appendChild(view);
        return;
      }
      if (view !== null && view.contentWindow) view.contentWindow.postMessage(data, '*');
      return;
    }
    if (view !== null && event.source === view.contentWindow) window.parent.postMessage(data, host);
  });
  window.parent.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/sandbox-proxy-ready', params: {} }, host);
})();
</script></body></html>
`;

/**
 * The response headers of the proxy page: only the given host origins may frame it, its own
 * scripts are its inline one, and nothing of it is cached or sniffed.
 *
 * @param hostOrigins The origins of the pages that may frame it.
 * @returns The headers.
 */
export function sandboxProxyHeaders(hostOrigins: readonly string[]): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `frame-ancestors ${hostOrigins.join(' ') || "'none'"}`,
  };
}
