/** Why a view could not be shown. */
export type McpAppErrorReason =
  /** The tool names no `ui://` view (`_meta.ui.resourceUri`). */
  | 'no-view'
  /** The view's resource is not an MCP App (`text/html;profile=mcp-app` text or blob). */
  | 'bad-view';

/** A view that could not be mounted: the error of `mcpAppView()`. */
export class McpAppError extends Error {
  /** Always `'McpAppError'`, so the error can be told apart after serialization too. */
  override readonly name = 'McpAppError';

  /**
   * @param reason Why.
   * @param uri The view's URI, or the tool's name when it has none.
   * @param message What happened, for people.
   */
  constructor(
    readonly reason: McpAppErrorReason,
    readonly uri: string,
    message: string,
  ) {
    super(message);
  }
}
