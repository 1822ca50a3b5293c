/**
 * Boots the page without zone.js (signals drive change detection) and tells the MCP service
 * where the relay is: the page's own host, path /mcp/everything (the server by its config name), with the token from the page's URL.
 */
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { MCP_RELAY_URL } from './app/mcpClient.service';

/** The relay's URL, or `null` if the page's URL has no token. */
function relayUrlFromPage(): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (token === null || token === '') return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/mcp/everything?token=${encodeURIComponent(token)}`;
}

bootstrapApplication(AppComponent, {
  providers: [provideZonelessChangeDetection(), { provide: MCP_RELAY_URL, useFactory: relayUrlFromPage }],
}).catch((error: unknown) => {
  console.error(error);
});
