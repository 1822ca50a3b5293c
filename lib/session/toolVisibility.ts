/**
 * Who may see and call a tool, and which view shows its result, from the MCP Apps metadata
 * (SEP-1865, stable 2026-01-26) in the tool's `_meta.ui`: `visibility` lists the audiences
 * (`"model"`: the agent may see and call it; `"app"`: its own server's views may call it),
 * `["model", "app"]` when absent; `resourceUri` names the `ui://` view. A server's metadata is
 * not trusted to be well formed: anything else than a list of strings reads as absent, unknown
 * audiences are ignored.
 */
import type { Tool } from './McpTypes.js';

/** An audience of a tool: the agent (`model`) or its server's own views (`app`). */
export type McpToolAudience = 'model' | 'app';

/** The visibility of a tool without `_meta.ui.visibility`: both audiences. */
export const DEFAULT_TOOL_VISIBILITY: readonly McpToolAudience[] = Object.freeze(['model', 'app']);

/** A tool, or as much of one as these helpers read (its `_meta`). */
export type McpToolMeta = Pick<Tool, '_meta'>;

/** The `_meta.ui` object of a tool, if it has one. */
function uiMetaOf(tool: McpToolMeta): Record<string, unknown> | undefined {
  const ui = tool._meta?.['ui'];
  return typeof ui === 'object' && ui !== null && !Array.isArray(ui)
    ? (ui as Record<string, unknown>)
    : undefined;
}

/**
 * The audiences of a tool (`_meta.ui.visibility`), `["model", "app"]` when it declares none.
 *
 * @example
 * ```ts
 * toolVisibility({ _meta: { ui: { visibility: ['app'] } } }); // ['app']
 * toolVisibility({}); // ['model', 'app']
 * ```
 *
 * @param tool The tool (its `_meta`).
 * @returns Its audiences, each once.
 */
export function toolVisibility(tool: McpToolMeta): readonly McpToolAudience[] {
  const visibility = uiMetaOf(tool)?.['visibility'];
  if (!Array.isArray(visibility) || !visibility.every((entry) => typeof entry === 'string')) {
    return DEFAULT_TOOL_VISIBILITY;
  }
  return (['model', 'app'] as const).filter((audience) => visibility.includes(audience));
}

/**
 * Whether the agent may see and call a tool: what a catalog handed to a model keeps.
 *
 * @param tool The tool.
 * @returns `true` unless its visibility leaves out `"model"`.
 */
export function isToolVisibleToModel(tool: McpToolMeta): boolean {
  return toolVisibility(tool).includes('model');
}

/**
 * Whether its server's own views may call a tool (`tools/call` from an MCP App view).
 *
 * @param tool The tool.
 * @returns `true` unless its visibility leaves out `"app"`.
 */
export function isToolCallableByApp(tool: McpToolMeta): boolean {
  return toolVisibility(tool).includes('app');
}

/**
 * The `ui://` view of a tool (`_meta.ui.resourceUri`, or the older flat `_meta["ui/resourceUri"]`),
 * or `undefined` when it has none (or names something that is not a `ui://` resource).
 *
 * @example
 * ```ts
 * toolViewUri({ _meta: { ui: { resourceUri: 'ui://system-monitor/mcp-app.html' } } }); // 'ui://system-monitor/mcp-app.html'
 * ```
 *
 * @param tool The tool.
 * @returns The view's resource URI.
 */
export function toolViewUri(tool: McpToolMeta): string | undefined {
  const uri = uiMetaOf(tool)?.['resourceUri'] ?? tool._meta?.['ui/resourceUri'];
  return typeof uri === 'string' && uri.startsWith('ui://') ? uri : undefined;
}
