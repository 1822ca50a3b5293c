// The launchers: ready `fromStdioServer()` params for the usual ways to start a server
// (exported from the root entry; Node-only, like the transport itself).
export { nodeServer } from './nodeServer.js';
export { pythonServer } from './pythonServer.js';
export { npxServer } from './npxServer.js';
export { uvxServer } from './uvxServer.js';
export { fastmcpServer } from './fastmcpServer.js';
export { inferStdioServer } from './inferStdioServer.js';
export type { LauncherOptions } from './LauncherOptions.js';
export type { NodeServerOptions } from './nodeServer.js';
export type { PythonServerOptions, UvRunOptions } from './pythonServer.js';
export type { NpxServerOptions } from './npxServer.js';
export type { UvxServerOptions } from './uvxServer.js';
export type { FastMcpServerOptions } from './fastmcpServer.js';
export type { InferStdioServerOptions } from './inferStdioServer.js';
