/**
 * The web demo's server, on the library's relay (`rxjs-mcp-stdio/relay`): the built page and the
 * WebSocket endpoint on one loopback port (so the page's origin is the relay's own and needs no
 * allow list), a fresh token per run, the everything server for each page. The tests start it
 * in-process; the CLI (`main.ts`) prints its URL.
 */
import { staticFiles, startMcpRelay, type McpRelay, type McpRelayConfig } from 'rxjs-mcp-stdio/relay';
import { everythingConfig } from './everythingServer.js';

/** How to start the demo. */
export interface WebDemoOptions {
  /** The folder of the built Angular app (its `index.html`). */
  pageRoot: string;
  /** The port; default 0 (any free one). */
  port?: number;
  /** Relay options to override (limits, for the tests). */
  relay?: Partial<McpRelayConfig>;
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
  /** Closes the relay: every server process tree ends, then the HTTP server. */
  close(): Promise<void>;
}

/** Starts the page and the relay on 127.0.0.1. */
export async function startWebDemo(options: WebDemoOptions): Promise<WebDemo> {
  const relay = await startMcpRelay({
    servers: everythingConfig(),
    serverParams: { stderr: 'ignore' },
    page: staticFiles(options.pageRoot),
    port: options.port ?? 0,
    ...options.relay,
  });
  return {
    url: `${relay.origin}/?token=${relay.token}`,
    port: relay.port,
    token: relay.token,
    relay,
    close: () => relay.close(),
  };
}
