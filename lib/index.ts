/**
 * The transport: `fromStdioServer()` makes an MCP server's process an RxJS subject (spawn on
 * subscribe, frames in and out, the whole process tree shut down on the last unsubscribe), with
 * its parameters, errors, launchers and defaults. Node only.
 *
 * @module rxjs-mcp-stdio
 */
export { fromStdioServer } from './fromStdioServer.js';
export { StdioServerSubject } from './StdioServerSubject.js';
export { getDefaultEnvironment, DEFAULT_INHERITED_ENV_VARS } from './process/getDefaultEnvironment.js';
export { StdioParamsError } from './errors/StdioParamsError.js';
export { StdioSpawnError } from './errors/StdioSpawnError.js';
export { StdioServerExitError } from './errors/StdioServerExitError.js';
export { StdioWriteOverflowError } from './errors/StdioWriteOverflowError.js';
export {
  DEFAULT_MAX_FRAME_LENGTH,
  DEFAULT_MAX_WRITE_QUEUE_LENGTH,
  DEFAULT_SHUTDOWN_TIMEOUT,
} from './connection/defaults.js';
export type { JsonRpcMessage } from './JsonRpcMessage.js';
export type { MalformedFrame } from './MalformedFrame.js';
export type {
  StdioEncoding,
  StdioEncodingErrorHandler,
  StdioExitEvent,
  StdioRuntime,
  StdioServerParams,
  StdioShutdownOptions,
  StdioSpawnEvent,
} from './StdioServerParams.js';
export type {
  StdioChildProcess,
  StdioReadable,
  StdioSignal,
  StdioSpawn,
  StdioSpawnOptions,
  StdioWritable,
} from './process/StdioChildProcess.js';
export * from './launchers/index.js';
