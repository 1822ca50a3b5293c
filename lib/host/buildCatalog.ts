/**
 * The catalog: every ready server's tools under one qualified name each. Rebuilt from the
 * servers' states on each change (a few hundred tools at most), so it is never out of step. It is
 * what an app hands to a model, so it leaves out the tools a model must not see (MCP Apps'
 * `_meta.ui.visibility` without `"model"`): those stay in their server's `tools`, for its views.
 */
import { isToolVisibleToModel } from '../session/index.js';
import type { McpHostTool, McpServerState, McpToolNameConflict } from './McpHostState.js';
import { qualifiedToolName, type McpToolNaming } from './toolNames.js';

/**
 * The qualified tools of the ready servers that a model may see, and the names more than one tool maps to (those are
 * left out of `tools`).
 *
 * @param servers The servers' states, in config order.
 * @param naming How tools are named.
 * @returns The catalog and its conflicts.
 */
export function buildCatalog(
  servers: readonly McpServerState[],
  naming: McpToolNaming,
): { tools: McpHostTool[]; conflicts: McpToolNameConflict[] } {
  const byName = new Map<string, McpHostTool[]>();
  for (const server of servers) {
    if (server.status !== 'ready') continue;
    for (const tool of server.tools) {
      if (!isToolVisibleToModel(tool)) continue;
      const name = qualifiedToolName(server.name, tool.name, naming);
      const entry: McpHostTool = { name, server: server.name, tool };
      const same = byName.get(name);
      if (same === undefined) byName.set(name, [entry]);
      else same.push(entry);
    }
  }
  const tools: McpHostTool[] = [];
  const conflicts: McpToolNameConflict[] = [];
  for (const [name, entries] of byName) {
    if (entries.length === 1) tools.push(entries[0]);
    else conflicts.push({ name, tools: entries.map((e) => ({ server: e.server, tool: e.tool.name })) });
  }
  return { tools, conflicts };
}
