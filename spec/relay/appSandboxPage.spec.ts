/**
 * The MCP Apps sandbox proxy on a second loopback port: served to GET and HEAD on every path,
 * framed only by the app's origin, never cached or sniffed; everything else answered with a
 * status by the loopback server's own checks; and the page itself never gives a view the
 * proxy's origin (`allow-scripts` only) and relays only between its parent and its view.
 */
import { request } from 'node:http';
import { appSandboxPage, startLoopbackServer, type LoopbackServer } from '../../lib/relay/index.js';
import { SANDBOX_PROXY_HTML } from '../../lib/apps/sandboxProxyPage.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function ask(
  server: LoopbackServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: server.host, port: server.port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('appSandboxPage on its own loopback port', () => {
  let sandbox: LoopbackServer;
  const app = 'http://127.0.0.1:4200';
  beforeAll(async () => {
    sandbox = await startLoopbackServer({ page: appSandboxPage({ hostOrigins: [app] }) });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('serves the proxy page, framed only by the app’s origin', async () => {
    const answer = await ask(sandbox, 'GET', `/?host=${encodeURIComponent(app)}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(SANDBOX_PROXY_HTML);
    expect(answer.headers['content-security-policy']).toBe(`frame-ancestors ${app}`);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    const head = await ask(sandbox, 'HEAD', '/anything');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers what it does not serve with a status, and keeps serving', async () => {
    expect((await ask(sandbox, 'POST', '/')).status).toBe(405);
    expect((await ask(sandbox, 'GET', '/', { Host: 'evil.example:80' })).status).toBe(403);
    expect((await ask(sandbox, 'GET', '/%')).status).toBe(400);
    expect((await ask(sandbox, 'GET', '/')).status).toBe(200);
  });

  it('has another origin than the app', () => {
    expect(sandbox.origin).not.toBe(app);
    expect(sandbox.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses host origins that would break the header', () => {
    for (const bad of [
      "http://a.example 'unsafe-inline'",
      'http://a.example;script-src *',
      'javascript:x',
      '*',
    ]) {
      expect(() => appSandboxPage({ hostOrigins: [bad] })).toThrow(TypeError);
    }
    expect(() => appSandboxPage({ hostOrigins: [] })).not.toThrow();
  });
});

describe('the proxy page', () => {
  it('gives its view allow-scripts only, never allow-same-origin, and relays by window and origin', () => {
    expect(SANDBOX_PROXY_HTML).toContain("view.setAttribute('sandbox', 'allow-scripts');");
    expect(SANDBOX_PROXY_HTML).not.toMatch(/allow-same-origin|allow-top-navigation|allow-popups/);
    // From the parent: only at the host's origin; from the view: only its own window; to the parent: only the host.
    expect(SANDBOX_PROXY_HTML).toContain('if (event.origin !== host) return;');
    expect(SANDBOX_PROXY_HTML).toContain(
      'event.source === view.contentWindow) window.parent.postMessage(data, host)',
    );
  });
});
