/**
 * The MCP session over a MessagePort (workers, iframes, Electron renderers): `fromMessagePort(port)`
 * is the subject `mcpSession()` runs on, `serveMessagePort(port, server)` the side that owns the
 * server. No Node built-ins.
 *
 * @module rxjs-mcp-stdio/port
 */
export { fromMessagePort } from './fromMessagePort.js';
// Made by fromMessagePort(), never by the user: its type only.
export type { MessagePortSubject } from './MessagePortSubject.js';
export { serveMessagePort } from './serveMessagePort.js';
export { MessagePortError } from './MessagePortError.js';
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
