/**
 * MCP Apps (the `io.modelcontextprotocol/ui` extension, 2026-01-26) for a host page: a tool's
 * `ui://` view, mounted in a double-iframe sandbox on another origin, talking to the host through
 * ext-apps' `AppBridge` whose handlers go to the session or host the app gives. Browser-safe; it
 * needs `@modelcontextprotocol/ext-apps` (an optional peer dependency: only this entry uses it).
 *
 * @module rxjs-mcp-stdio/apps
 */
export { mcpAppView } from './mcpAppView.js';
export { MCP_APPS_CAPABILITIES } from './appsCapabilities.js';
export { McpAppError } from './McpAppError.js';
export { McpAppCallError, sessionAppServer } from './McpAppServer.js';
export { iframeAppFrame } from './iframeAppFrame.js';
export type { McpAppErrorReason } from './McpAppError.js';
export type { McpAppFrame, McpAppFrameFactory, McpAppFrameRequest } from './McpAppFrame.js';
export type { McpAppServer } from './McpAppServer.js';
export type {
  McpAppInitializedEvent,
  McpAppLogEvent,
  McpAppMountedEvent,
  McpAppRefusal,
  McpAppRefusedEvent,
  McpAppSizeEvent,
  McpAppTeardownRequestedEvent,
  McpAppToolCallEvent,
  McpAppViewEvent,
} from './McpAppViewEvent.js';
export type { McpAppMessage, McpAppModelContext, McpAppToolCall, McpAppViewOptions } from './mcpAppView.js';
export type {
  ContainerLike,
  DocumentLike,
  HostWindowLike,
  IframeAppFrameOptions,
  WindowMessageEvent,
} from './iframeAppFrame.js';
