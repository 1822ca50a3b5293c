/**
 * `rxjs-mcp-stdio/port`: MCP over a `MessagePort` (Electron's utility processes and renderers,
 * workers, iframes). `serveMessagePort()` serves a server's process on the owner's end;
 * `fromMessagePort()` is the other end, a subject that `mcpSession()` runs on. No Node built-ins.
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
