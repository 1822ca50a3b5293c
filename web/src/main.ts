/**
 * Boots the page without zone.js (signals drive change detection) and tells the MCP service
 * where the relay is: the page's own host, path /mcp/<server> (the server by its config name,
 * `?server=`, default everything), with the token from the page's URL; and where the MCP Apps
 * sandbox proxy is (`?sandbox=`).
 */
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { MCP_APP_SANDBOX_URL, MCP_RELAY_URL, MCP_SERVER_NAME } from './app/mcpClient.service';

const query = new URLSearchParams(location.search);

/** The server's config name from the page's URL (`?server=`), `everything` by default. */
function serverFromPage(): string {
  const name = query.get('server') ?? 'everything';
  return /^[A-Za-z0-9_-]{1,64}$/.test(name) ? name : 'everything';
}

/** The relay's URL, or `null` if the page's URL has no token. */
function relayUrlFromPage(): string | null {
  const token = query.get('token');
  if (token === null || token === '') return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/mcp/${serverFromPage()}?token=${encodeURIComponent(token)}`;
}

bootstrapApplication(AppComponent, {
  providers: [
    provideZonelessChangeDetection(),
    { provide: MCP_RELAY_URL, useFactory: relayUrlFromPage },
    { provide: MCP_SERVER_NAME, useFactory: serverFromPage },
    // The MCP Apps sandbox proxy, on another origin (the demo's second port); no views without it.
    { provide: MCP_APP_SANDBOX_URL, useFactory: () => query.get('sandbox') },
  ],
}).catch((error: unknown) => {
  console.error(error);
});
