/**
 * The reactive MCP session: `mcpSession()` runs the handshake once for every subscriber and gives
 * requests as cancellable Observables, live lists, tasks and server-to-client requests. No Node
 * built-ins: it runs over `fromStdioServer()` in Node and over `webSocket()` in a browser.
 *
 * @module rxjs-mcp-stdio/session
 */
export { mcpSession } from './mcpSession/mcpSession.js';
export { McpError } from './McpError.js';
export { McpErrorCode } from './McpErrorCode.js';
export { McpTimeoutError } from './McpTimeoutError.js';
export { McpProtocolError } from './McpProtocolError.js';
export { McpSessionClosedError } from './McpSessionClosedError.js';
export { McpTransportInUseError } from './transportClaim.js';
export type { McpSession } from './mcpSession/McpSessionApi.js';
export type { McpSessionOptions } from './McpSessionOptions.js';
export type { McpTransport } from './McpTransport.js';
// Every transport's message (stdio, webSocket(), a MessagePort): named here, the browser-safe entry.
export type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
export type { McpRequestOptions } from './McpRequestOptions.js';
export type { McpProgressEvent, McpRequestEvent, McpResultEvent } from './McpRequestEvent.js';
export type { McpNotification } from './McpNotification.js';
export type { McpServerRequestError } from './McpServerRequestError.js';
export type { McpHandlerContext, McpRequestHandler } from './McpHandlerContext.js';
export type { McpSchema, McpSchemaOutput, McpSchemaResult } from './schemas/McpSchema.js';
export type {
  CallToolResult,
  ClientCapabilities,
  CompleteRequestParams,
  CompleteResult,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  GetPromptResult,
  Implementation,
  LoggingLevel,
  LoggingMessage,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Result,
  Root,
  ServerCapabilities,
  Tool,
} from './McpTypes.js';
export { McpTaskError } from './tasks/McpTaskError.js';
export { MIN_TASK_POLL_INTERVAL } from './tasks/McpTaskOptions.js';
export type { McpTaskErrorReason } from './tasks/McpTaskError.js';
export type { McpTaskOptions } from './tasks/McpTaskOptions.js';
export type { McpTaskEvent, McpTaskStatusEvent } from './tasks/McpTaskEvent.js';
export type { McpTask, McpTaskStatus } from './tasks/taskSchemas.js';
export type { McpToolResult } from './McpToolResult.js';
export { isToolCallableByApp, isToolVisibleToModel, toolViewUri, toolVisibility } from './toolVisibility.js';
export type { McpToolAudience, McpToolMeta } from './toolVisibility.js';
