import type { McpTransport } from '../session/McpTransport.js';
import type { SdkTransportOptions } from './SdkTransport.js';
import { SdkTransportBridge } from './SdkTransportBridge.js';

/**
 * Runs the MCP TypeScript SDK on a server subject: the returned object implements the SDK's
 * `Transport` (v1 `@modelcontextprotocol/sdk` and v2 `@modelcontextprotocol/client`), so
 * `client.connect(toSdkTransport(fromStdioServer(params)))` spawns the server, and
 * `client.close()` shuts its whole process tree down.
 *
 * - `start()` (called by `Client.connect()`) subscribes, which spawns the server; it rejects with
 *   the spawn error when the server cannot start, and when called twice.
 * - `send()` hands the message to `server.next()`; it rejects once the connection has ended.
 * - `close()` calls `server.complete()` (stdin closed, then SIGTERM and SIGKILL to the tree, every
 *   wait bounded) and resolves when the server has exited (at most `exitTimeout` later).
 * - The server's messages go to `onmessage`; its errors (a crash, a failed spawn) to `onerror`;
 *   `onclose` runs exactly once, whichever way the connection ends.
 * - `sessionId` stays unset and the HTTP-only send options are ignored, as in the SDK's own stdio
 *   transport.
 *
 * One transport is one connection. To reconnect, make a new transport on the same subject: its
 * `start()` subscribes again, which spawns a fresh server. A subject carries one protocol
 * session at a time: while one SDK transport (or an `mcpSession()`) is connected on it, another
 * transport's `start()` rejects with `McpTransportInUseError`; give each `Client` its own
 * `fromStdioServer()` subject.
 *
 * @example
 * ```ts
 * const client = new Client({ name: 'my-app', version: '1.0.0' });
 * await client.connect(toSdkTransport(fromStdioServer({ command: 'npx', args: ['-y', 'some-mcp-server'] })));
 * const { tools } = await client.listTools();
 * await client.close(); // the server and its children are gone
 * ```
 *
 * @param server The server subject, e.g. from `fromStdioServer()`.
 * @param options How long `close()` waits for the exit, and the scheduler of the waits.
 * @returns The SDK transport; not started.
 */
export function toSdkTransport(server: McpTransport, options?: SdkTransportOptions): SdkTransportBridge {
  return new SdkTransportBridge(server, options);
}
