import type { NextObserver, SchedulerLike } from 'rxjs';
import type { StdioShutdownOptions } from '../transport/StdioServerParams.js';
import type { McpSessionOptions } from '../session/index.js';
import type { McpRestartPolicy } from './McpRestartPolicy.js';
import type { McpHealthCheck, McpHostConnect } from './superviseServer.js';
import type { McpToolNaming } from './toolNames.js';

/**
 * How `mcpHost()` runs its servers. Every field is optional.
 *
 * @example
 * ```ts
 * mcpHost(config, {
 *   session: { clientInfo: { name: 'my-app', version: '1.0.0' } },
 *   restart: { maxRestarts: 3 },
 *   healthCheck: { interval: 30_000, timeout: 5_000 },
 *   toolNames: { separator: '__' },
 * });
 * ```
 */
export interface McpHostOptions {
  /** The scheduler of every wait: backoff, health checks, timeouts, shutdown. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Options of each server's `mcpSession()` (client info, timeouts, roots, handlers). */
  session?: Omit<McpSessionOptions, 'scheduler'>;
  /** When and how often a crashed server is restarted. */
  restart?: McpRestartPolicy;
  /** A ping on an interval whose failure counts as a crash. Default: none. */
  healthCheck?: McpHealthCheck;
  /** How tools are named in the catalog. Default `server_tool`. */
  toolNames?: McpToolNaming;
  /**
   * Milliseconds `callTool()` waits for a server that is starting or restarting to get ready,
   * before failing with `McpHostError` (`'not-ready'`). Default 30 000.
   */
  callReadyTimeout?: number;
  /** Bounds of each server's shutdown (default `fromStdioServer()`'s: 2 s + 2 s). */
  shutdown?: StdioShutdownOptions;
  /**
   * Where each server's stderr lines go. Default: captured and dropped, so that a crash's
   * `StdioServerExitError` carries the last lines.
   */
  stderr?: (server: string) => NextObserver<string> | 'inherit' | 'ignore';
  /**
   * Makes the transport of one start of a server. Default: `fromStdioServer()` with the
   * definition's command, args, env and cwd. Tests give a fake here.
   */
  connect?: McpHostConnect;
}
