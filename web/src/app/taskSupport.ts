/**
 * Whether the page offers a tool as a task. Pure (no Angular) so the rule is one place and unit
 * tested: a task needs both the server (`tasks.requests.tools.call` in its capabilities) and the
 * tool (`execution.taskSupport` of `optional` or `required`; absent means `forbidden`). The
 * session refuses a task call otherwise (`McpTaskError`, `unsupported`), so the page never
 * offers one it would refuse.
 */
import type { ServerCapabilities, Tool } from 'rxjs-mcp-stdio/session';

/**
 * How the page runs a tool: `plain` only (no task), `optional` (a "Run as task" toggle, plain by
 * default), or `required` (always as a task: the tool refuses plain calls).
 */
export type TaskMode = 'plain' | 'optional' | 'required';

/** How `tool` can run on a server that declared `capabilities`. */
export function taskModeOf(tool: Tool, capabilities: ServerCapabilities | undefined): TaskMode {
  if (capabilities?.tasks?.requests?.tools?.call === undefined) return 'plain';
  const support = tool.execution?.taskSupport;
  return support === 'optional' || support === 'required' ? support : 'plain';
}
