/** Why `callTool()` (or a view's call through `appServer()`) of a host could not reach a tool. */
export type McpHostErrorReason =
  /** No server of the host offers a tool of that name. */
  | 'unknown-tool'
  /** Several tools share the name after sanitizing (see `McpHostState.conflicts`). */
  | 'ambiguous-tool'
  /** The server is `failed`, `stopped`, `disabled` or `unsupported`. */
  | 'server-unavailable'
  /** The server was starting or restarting and did not get ready within `callReadyTimeout`. */
  | 'not-ready'
  /**
   * The tool is for its server's own MCP App views only (`_meta.ui.visibility: ["app"]`): it is
   * not in the catalog, and `callTool()` refuses it; `appServer(server).callTool()` reaches it.
   */
  | 'app-only'
  /** A view asked for a tool whose visibility leaves out `"app"` (a model-only tool). */
  | 'not-for-apps';

/**
 * A tool call the host could not route. Errors of the call itself (the server's `McpError`, a
 * timeout, the server crashing mid-call) are the session's, passed on unchanged.
 *
 * @example
 * ```ts
 * host.callTool('memory_read_graph').subscribe({
 *   error: (e) => e instanceof McpHostError && e.reason === 'not-ready' && showRetryLater(e.server),
 * });
 * ```
 */
export class McpHostError extends Error {
  /** Always `'McpHostError'`, so the error can be told apart after serialization too. */
  override readonly name = 'McpHostError';

  /**
   * @param reason Why.
   * @param tool The qualified name asked for (the tool's own name, or the resource URI, on `appServer()`).
   * @param message What happened, for people.
   * @param server The server it was routed to, if any.
   * @param cause The server's last error, when it is `failed` or gave up restarting.
   */
  constructor(
    readonly reason: McpHostErrorReason,
    readonly tool: string,
    message: string,
    readonly server?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
