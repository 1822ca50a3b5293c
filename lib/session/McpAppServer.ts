/**
 * The server side an MCP App view reaches: the contract `mcpAppView()` routes a view's requests
 * to. Here, below both, so that a host's `appServer(name)` and `sessionAppServer(session)` of
 * the apps entry are one shape the compiler holds them to.
 */
import type { Observable } from 'rxjs';
import type { McpRequestEvent } from './McpRequestEvent.js';
import type { McpRequestOptions } from './McpRequestOptions.js';
import type { CallToolResult, ReadResourceResult } from './McpTypes.js';

/** One server as its own views reach it (`McpHost.appServer()` has this shape). */
export interface McpAppServer {
  /** The server's name (shown in errors). */
  readonly name: string;
  /**
   * Calls one of its tools whose visibility includes `"app"`, and fails for any other.
   *
   * @param name The tool's name on the server.
   * @param args Its arguments.
   * @param options The request's timeouts.
   * @returns Progress events, then one result event.
   */
  callTool(
    name: string,
    args?: Record<string, unknown>,
    options?: McpRequestOptions<CallToolResult>,
  ): Observable<McpRequestEvent<CallToolResult>>;
  /**
   * Reads one of its resources.
   *
   * @param uri The resource's URI.
   * @param options The request's timeouts.
   * @returns Its contents.
   */
  readResource(uri: string, options?: McpRequestOptions<ReadResourceResult>): Observable<ReadResourceResult>;
}
