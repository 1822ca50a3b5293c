export { fromStdioServer } from './fromStdioServer.js';
export { StdioServerSubject } from './StdioServerSubject.js';
export { getDefaultEnvironment, DEFAULT_INHERITED_ENV_VARS } from './process/getDefaultEnvironment.js';
export { StdioParamsError } from './errors/StdioParamsError.js';
export { StdioSpawnError } from './errors/StdioSpawnError.js';
export { StdioServerExitError } from './errors/StdioServerExitError.js';
export { StdioWriteOverflowError } from './errors/StdioWriteOverflowError.js';
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
