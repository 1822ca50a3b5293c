/**
 * The server side a view reaches: what `mcpAppView()` routes the view's requests to. A host's
 * `appServer(name)` is one; `sessionAppServer(session)` makes one of a single session.
 */
import { defer, map, switchMap, take, throwError, type Observable } from 'rxjs';
import {
  isToolCallableByApp,
  type CallToolResult,
  type McpRequestEvent,
  type McpRequestOptions,
  type McpSession,
  type ReadResourceResult,
} from '../session/index.js';

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

/** A call a view may not make, on `sessionAppServer()` (a host's `McpHostError` on `appServer()`). */
export class McpAppCallError extends Error {
  /** Always `'McpAppCallError'`, so the error can be told apart after serialization too. */
  override readonly name = 'McpAppCallError';

  /**
   * @param reason `unknown-tool` (the server has none of that name) or `not-for-apps` (its
   *   visibility leaves out `"app"`).
   * @param tool The tool asked for.
   * @param message What happened, for people.
   */
  constructor(
    readonly reason: 'unknown-tool' | 'not-for-apps',
    readonly tool: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The views' side of one session: calls checked against the session's live tool list (only tools
 * whose `_meta.ui.visibility` includes `"app"`, the default), and resource reads.
 *
 * @example
 * ```ts
 * mcpSession(transport).pipe(switchMap((session) => mcpAppView({ server: sessionAppServer(session, 'monitor'), ... })));
 * ```
 *
 * @param session The session.
 * @param name The server's name, for errors.
 * @returns The server side for its views.
 */
export function sessionAppServer(session: McpSession, name = 'server'): McpAppServer {
  return {
    name,
    callTool: (tool, args, options) =>
      defer(() => session.tools$).pipe(
        take(1),
        map((tools) => tools.find((entry) => entry.name === tool)),
        switchMap((found) => {
          if (found === undefined) {
            return throwError(
              () => new McpAppCallError('unknown-tool', tool, `The server ${name} has no tool named ${tool}`),
            );
          }
          if (!isToolCallableByApp(found)) {
            return throwError(
              () =>
                new McpAppCallError(
                  'not-for-apps',
                  tool,
                  `The tool ${tool} of ${name} is not for its views (its visibility leaves out "app")`,
                ),
            );
          }
          return session.callTool(tool, args, options);
        }),
      ),
    readResource: (uri, options) => session.readResource(uri, options),
  };
}
