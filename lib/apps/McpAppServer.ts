/**
 * The server side a view reaches: what `mcpAppView()` routes the view's requests to. A host's
 * `appServer(name)` is one; `sessionAppServer(session)` makes one of a single session.
 */
import { defer, map, switchMap, take, throwError } from 'rxjs';
import { isToolCallableByApp, type McpSession } from '../session/index.js';
import type { McpAppServer } from '../session/McpAppServer.js';

export type { McpAppServer } from '../session/McpAppServer.js';

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
