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
export { startMcpRelay, DEFAULT_RELAY_PATH } from './startMcpRelay.js';
export { startLoopbackServer, isLoopbackAddress, DEFAULT_RELAY_HOST } from './loopbackServer.js';
export { staticFiles, DEFAULT_PAGE_CSP } from './staticFiles.js';
export { appSandboxPage } from './appSandboxPage.js';
export { closeOnSignals } from './closeOnSignals.js';
export { createRelayToken, sameToken, RELAY_TOKEN_BYTES } from './relayToken.js';
export { parseClientMessage } from './clientMessage.js';
export { parseRequestTarget } from './requestTarget.js';
export { describeRelayEvent } from './McpRelayEvent.js';
export { LOOPBACK_HOST_NAMES } from './relayGate.js';
export * from './relayLimits.js';
export type { McpRelay } from './startMcpRelay.js';
export type { LoopbackServer } from './loopbackServer.js';
export type { StaticFilesOptions } from './staticFiles.js';
export type { AppSandboxPageOptions } from './appSandboxPage.js';
export type { Closable, CloseOnSignalsOptions } from './closeOnSignals.js';
export type { ClientMessage } from './clientMessage.js';
export type { RelayRefusal, RequestTarget } from './requestTarget.js';
export type { McpRelayEvent } from './McpRelayEvent.js';
export type {
  LoopbackServerConfig,
  McpRelayConfig,
  McpRelayPageHandler,
  McpRelayServerParams,
} from './McpRelayConfig.js';
