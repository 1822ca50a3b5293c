/**
 * The web demo's server, on the library's relay (`rxjs-mcp-stdio/relay`): the built page and the
 * WebSocket endpoint on one loopback port (so the page's origin is the relay's own and needs no
 * allow list), a fresh token per run, the everything server for each page. The tests start it
 * in-process; the CLI (`main.ts`) prints its URL.
 */
import {
  appSandboxPage,
  staticFiles,
  startLoopbackServer,
  startMcpRelay,
  type LoopbackServer,
  type McpRelay,
  type McpRelayConfig,
  type McpRelayPageHandler,
} from 'rxjs-mcp-stdio/relay';
import { everythingConfig } from './everythingServer.js';

/**
 * The page's CSP: its own origin for everything (its WebSocket included), inline styles
 * (Angular's), no framing of the page; and frames from the MCP Apps sandbox origin only.
 */
function pageCsp(sandboxOrigin: string): string {
  return (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    `connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; frame-src ${sandboxOrigin}`
  );
}

/** How to start the demo. */
export interface WebDemoOptions {
  /** The folder of the built Angular app (its `index.html`). */
  pageRoot: string;
  /** The port; default 0 (any free one). */
  port?: number;
  /** Relay options to override (limits, for the tests). */
  relay?: Partial<McpRelayConfig>;
  /** More servers beside the demo's (the tests' hostile MCP App). */
  extraServers?: Record<string, { command: string; args: string[] }>;
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
  /** The MCP Apps sandbox proxy, on a port (so an origin) of its own. */
  readonly sandbox: LoopbackServer;
  /** The page's URL for one server of the config, by name, with the sandbox origin for its views. */
  urlFor(server: string): string;
  /** Closes the relay: every server process tree ends, then the HTTP server. */
  close(): Promise<void>;
}

/** Starts the page and the relay on 127.0.0.1. */
export async function startWebDemo(options: WebDemoOptions): Promise<WebDemo> {
  // The sandbox first (the page's CSP names its origin); it learns the page's origin just after.
  let sandboxPage: McpRelayPageHandler = appSandboxPage({ hostOrigins: [] });
  const sandbox = await startLoopbackServer({
    page: (request, response, target) => {
      sandboxPage(request, response, target);
    },
  });
  const demoServers = everythingConfig();
  const relay = await startMcpRelay({
    servers: { mcpServers: { ...demoServers.mcpServers, ...options.extraServers } },
    serverParams: { stderr: 'ignore' },
    page: staticFiles(options.pageRoot, {
      contentSecurityPolicy: pageCsp(sandbox.origin),
    }),
    port: options.port ?? 0,
    ...options.relay,
  }).catch(async (error: unknown) => {
    await sandbox.close();
    throw error;
  });
  sandboxPage = appSandboxPage({ hostOrigins: [relay.origin] });
  const urlFor = (server: string): string =>
    `${relay.origin}/?token=${relay.token}&server=${encodeURIComponent(server)}` +
    `&sandbox=${encodeURIComponent(`${sandbox.origin}/`)}`;
  return {
    url: `${relay.origin}/?token=${relay.token}`,
    urlFor,
    port: relay.port,
    token: relay.token,
    relay,
    sandbox,
    close: async () => {
      await relay.close();
      await sandbox.close();
    },
  };
}
