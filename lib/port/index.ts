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
