import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StdioServerParams } from '../index.js';
import type { McpServerDefinitions, McpServersConfig } from '../config/index.js';
import type { McpRelayEvent } from './McpRelayEvent.js';
import type { RequestTarget } from './requestTarget.js';

/**
 * Serves a page request (GET or HEAD) that passed the relay's checks: its `Host` is allowed and
 * its target is a well-formed path (given read). Anything it throws is answered with 500.
 */
export type McpRelayPageHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  target: RequestTarget,
) => void;

/**
 * What the operator may set for every server process, besides what the config says
 * (command, args, env and cwd come from the config only).
 */
export type McpRelayServerParams = Pick<
  StdioServerParams,
  'stderr' | 'shutdown' | 'encoding' | 'encodingErrorHandler'
>;

/** Where and how a server listens (shared by the relay and `startLoopbackServer()`). */
export interface LoopbackServerConfig {
  /**
   * The address to listen on. Default `'127.0.0.1'`. Anything but a loopback address
   * (`127.0.0.0/8`, `::1`, `localhost`) is refused unless `dangerouslyListenBeyondLoopback` is set.
   */
  host?: string;
  /** The port. Default 0: any free one (read it from the result). */
  port?: number;
  /**
   * Listens on a non-loopback `host`, so other machines can reach the relay, and through it start
   * local processes. Only the token then stands between them and your servers: a warning is
   * printed (a process warning) and reported on `events$`. Default `false`.
   */
  dangerouslyListenBeyondLoopback?: boolean;
  /**
   * More `Host` header values to accept, exactly (`name:port`), beyond the loopback names at the
   * relay's own port. Needed only with a non-loopback `host`. Default none.
   */
  allowedHosts?: readonly string[];
  /** Serves the requests that are not WebSocket upgrades (GET and HEAD only). Default: 404 for all. */
  page?: McpRelayPageHandler;
  /** Told each refusal, as one line. Default: nothing (subscribe to `events$` instead). */
  log?: (line: string, event: McpRelayEvent) => void;
}

/**
 * How `startMcpRelay()` is set up. Only `servers` is required: everything else has a safe
 * default (loopback, a fresh token, the relay's own origin, bounded everything).
 */
export interface McpRelayConfig extends LoopbackServerConfig {
  /**
   * The servers pages may reach, by config name: an `mcpServers` config (Claude Desktop,
   * Cursor), VS Code's `servers` (`type: "stdio"`), or what `readMcpServersConfig()` returns. A
   * page names a server, never a command: a server named `files` is at `<path>/files`. Disabled
   * and non-stdio servers cannot be reached.
   */
  servers: McpServersConfig | McpServerDefinitions;
  /** Params for every server process (stderr, shutdown bounds, encoding). Default: the transport's. */
  serverParams?: McpRelayServerParams;
  /** The WebSocket endpoint's path prefix. Default `'/mcp'`. */
  path?: string;
  /**
   * The secret a page must send as `?token=` (the only query parameter allowed). Default: a fresh
   * 256-bit one from `createRelayToken()`. A given one must be at least 43 characters.
   */
  token?: string;
  /**
   * Origins whose pages may connect, exactly as browsers send them (`http://localhost:4200`), in
   * addition to the relay's own (a page it serves itself). Default none.
   */
  allowedOrigins?: readonly string[];
  /** Page connections (each with its own server process) at once; more are refused with 503. Default 8. */
  maxConnections?: number;
  /** The largest message a page may send, in bytes; a larger one closes its connection with 1009. Default 1 MiB. */
  maxMessageBytes?: number;
  /**
   * Bytes allowed to wait for a page that does not read; past it the connection is closed with
   * 1013 (and its server shut down). Default 8 MiB.
   */
  maxPageBufferBytes?: number;
  /**
   * Bytes allowed to wait for a server that does not read its stdin; past it the connection is
   * closed with 1013. Default 8 MiB.
   */
  maxServerQueueBytes?: number;
  /** The largest frame accepted from a server, in bytes; longer lines are skipped. Default 16 MiB. */
  maxServerFrameBytes?: number;
}
