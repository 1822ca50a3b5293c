/**
 * Fakes for marble tests in virtual time: `fakeServer()` (a scripted server process for the
 * transport) and `fakeMcpServer()` (a process-free MCP server the session runs on). No Node
 * built-ins.
 *
 * @module rxjs-mcp-stdio/testing
 */
export { fakeServer } from './fakeServer.js';
export type { FakeServer } from './fakeServer.js';
// The fakes' processes and connections are made by fakeServer() and fakeMcpServer(): types only.
export type { FakeServerProcess } from './FakeServerProcess.js';
export type { FakeServerBehavior } from './FakeServerBehavior.js';
export type { FakeServerEvent } from './FakeServerEvent.js';
export { fakeMcpServer } from './fakeMcpServer.js';
export type { FakeMcpServer } from './fakeMcpServer.js';
export type { FakeMcpConnection, FakeMcpEnd } from './FakeMcpConnection.js';
export type {
  FakeAnswer,
  FakeMcpHandler,
  FakeMcpPrompt,
  FakeMcpRequestContext,
  FakeMcpResource,
  FakeMcpServerOptions,
  FakeMcpTool,
} from './FakeMcpServerOptions.js';
