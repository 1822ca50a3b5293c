/**
 * `rxjs-mcp-stdio/relay` (Node): pages reach the MCP servers of an operator's config over a
 * WebSocket, each connection with its own server process. Loopback only by default, a 256-bit
 * token compared in constant time, exact `Origin` and `Host` checks, every malformed or hostile
 * request answered with a status or close code and never fatal, memory bounded under floods.
 * The page side is `mcpSession(webSocket(relay.socketUrl(name)))` from `rxjs-mcp-stdio/session`.
 *
 * @module rxjs-mcp-stdio/relay
 */
// A Node entry: its declarations use Node's types (http, signals), so they bring them along.
/// <reference types="node" preserve="true" />
export { startMcpRelay } from './startMcpRelay.js';
export { startLoopbackServer } from './loopbackServer.js';
export { staticFiles } from './staticFiles.js';
export { appSandboxPage } from './appSandboxPage.js';
export { closeOnSignals } from './closeOnSignals.js';
export type { McpRelay } from './startMcpRelay.js';
export type { LoopbackServer } from './loopbackServer.js';
export type { StaticFilesOptions } from './staticFiles.js';
export type { AppSandboxPageOptions } from './appSandboxPage.js';
export type { Closable, CloseOnSignalsOptions } from './closeOnSignals.js';
export type { RequestTarget } from './requestTarget.js';
export type { McpRelayEvent } from './McpRelayEvent.js';
export type {
  LoopbackServerConfig,
  McpRelayConfig,
  McpRelayPageHandler,
  McpRelayServerParams,
} from './McpRelayConfig.js';
