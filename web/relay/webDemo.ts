/**
 * The web demo's server: one HTTP server on 127.0.0.1 that serves the built page and carries the
 * relay on the same port (so the page's origin and the socket's host are one loopback address),
 * with a fresh token per run. The tests start it in-process, the CLI (`main.ts`) prints its URL.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StdioServerParams } from 'rxjs-mcp-stdio';
import { attachMcpRelay, type McpRelay } from './mcpRelay.js';
import { servePage } from './staticPage.js';

/** How to start the demo. */
export interface WebDemoOptions {
  /** The folder of the built Angular app (its `index.html`). */
  pageRoot: string;
  /** The MCP server each page connection gets. */
  server: StdioServerParams;
  /** The port; default 0 (any free one). */
  port?: number;
  /** Largest client frame, in bytes (see `McpRelayOptions`). */
  maxFrameLength?: number;
}

/** A running demo. */
export interface WebDemo {
  /** The page's URL, token included: what a person opens. */
  readonly url: string;
  /** The port it listens on (127.0.0.1 only). */
  readonly port: number;
  /** The per-run token. */
  readonly token: string;
  /** The relay, for its events. */
  readonly relay: McpRelay;
  /** Closes the relay (every server process exits) and the HTTP server. */
  close(): Promise<void>;
}

/** A fresh random token (256 bits, URL-safe). */
export function createRelayToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts the page and the relay on 127.0.0.1. */
export async function startWebDemo(options: WebDemoOptions): Promise<WebDemo> {
  const token = createRelayToken();
  let port = -1;
  const http = createServer(servePage(options.pageRoot, () => port));
  const relay = attachMcpRelay(http, {
    server: options.server,
    token,
    ...(options.maxFrameLength === undefined ? {} : { maxFrameLength: options.maxFrameLength }),
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    relay,
    close: async () => {
      await relay.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
