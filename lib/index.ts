export { fromStdioServer } from './fromStdioServer.js';
export { StdioServerSubject } from './StdioServerSubject.js';
export { getDefaultEnvironment, DEFAULT_INHERITED_ENV_VARS } from './getDefaultEnvironment.js';
export { StdioParamsError } from './StdioParamsError.js';
export { StdioSpawnError } from './StdioSpawnError.js';
export { StdioServerExitError } from './StdioServerExitError.js';
export { StdioWriteOverflowError } from './StdioWriteOverflowError.js';
export { shutdownSequence } from './shutdownSequence.js';
export {
  DEFAULT_MAX_FRAME_LENGTH,
  DEFAULT_MAX_WRITE_QUEUE_LENGTH,
  DEFAULT_SHUTDOWN_TIMEOUT,
} from './resolveParams.js';
export type { ShutdownStep, ShutdownTarget } from './shutdownSequence.js';
export type { JsonRpcMessage } from './JsonRpcMessage.js';
export type { MalformedFrame } from './MalformedFrame.js';
export type {
  StdioEncoding,
  StdioEncodingErrorHandler,
  StdioExitEvent,
  StdioServerParams,
  StdioShutdownOptions,
  StdioSpawnEvent,
} from './StdioServerParams.js';
export type {
  StdioChildProcess,
  StdioReadable,
  StdioSpawn,
  StdioSpawnOptions,
  StdioWritable,
} from './StdioChildProcess.js';
