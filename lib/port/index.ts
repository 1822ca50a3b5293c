/**
 * The MCP session over a MessagePort (workers, iframes, Electron renderers): `fromMessagePort(port)`
 * is the subject `mcpSession()` runs on, `serveMessagePort(port, server)` the side that owns the
 * server. No Node built-ins.
 *
 * @module rxjs-mcp-stdio/port
 */
export { fromMessagePort } from './fromMessagePort.js';
export { MessagePortSubject } from './MessagePortSubject.js';
export { serveMessagePort, DEFAULT_PORT_HEARTBEAT } from './serveMessagePort.js';
export { MessagePortError } from './MessagePortError.js';
export { DEFAULT_PORT_TIMEOUT } from './MessagePortConfig.js';
export { McpTransportInUseError } from '../session/index.js';
export type { MessagePortConfig } from './MessagePortConfig.js';
export type {
  MessagePortConnectedEvent,
  MessagePortDisconnectedEvent,
  MessagePortDisconnectReason,
  MessagePortMalformedEvent,
  MessagePortServeEvent,
  ServeMessagePortConfig,
} from './serveMessagePort.js';
export type { MessagePortErrorReason } from './MessagePortError.js';
export type {
  EmitterMessagePortLike,
  MessageEventLike,
  MessagePortLike,
  WebMessagePortLike,
} from './MessagePortLike.js';
export type { MalformedPortMessage } from './portProtocol.js';
export type { JsonRpcMessage, McpTransport } from '../session/index.js';
