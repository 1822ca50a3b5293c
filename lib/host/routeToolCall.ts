/**
 * Where a qualified tool name goes, decided from one state of the host: call now, wait for the
 * server (it is starting or restarting), or fail with the reason. Pure, so `callTool()` is only
 * "route each state until one is not `wait`".
 */
import type { McpSession } from '../session/index.js';
import { McpHostError } from './McpHostError.js';
import type { McpHostState, McpServerState } from './McpHostState.js';
import { sanitizeToolName, toolNamePrefix, type McpToolNaming } from './toolNames.js';

/** The decision for one state. */
export type ToolRoute =
  | { kind: 'call'; server: string; tool: string; session: McpSession }
  | { kind: 'wait'; server: string }
  | { kind: 'fail'; error: McpHostError };

/**
 * Routes `name` in `state`.
 *
 * @param state The host's state.
 * @param sessions The ready servers' sessions.
 * @param name The qualified tool name.
 * @param naming How tools are named.
 * @returns Call, wait or fail.
 */
export function routeToolCall(
  state: McpHostState,
  sessions: ReadonlyMap<string, McpSession>,
  name: string,
  naming: McpToolNaming,
): ToolRoute {
  const entry = state.tools.find((tool) => tool.name === name);
  const session = entry === undefined ? undefined : sessions.get(entry.server);
  if (entry !== undefined && session !== undefined) {
    return { kind: 'call', server: entry.server, tool: entry.tool.name, session };
  }
  const conflict = state.conflicts.find((c) => c.name === name);
  if (conflict !== undefined) {
    const owners = conflict.tools.map((t) => `${t.tool} of ${t.server}`).join(', ');
    return fail('ambiguous-tool', name, `The tool name ${name} is ambiguous: ${owners}`);
  }
  const server = ownerByPrefix(state, name, naming);
  if (server === undefined) {
    return fail('unknown-tool', name, `No server of this host offers a tool named ${name}`);
  }
  switch (server.status) {
    case 'starting':
    case 'restarting':
      return { kind: 'wait', server: server.name };
    case 'ready':
      return fail('unknown-tool', name, `The server ${server.name} has no tool for ${name}`, server.name);
    case 'failed':
      return fail(
        'server-unavailable',
        name,
        `The server ${server.name} failed after ${server.restarts} restarts: ${String(server.error)}`,
        server.name,
        server.error,
      );
    default:
      return fail('server-unavailable', name, `The server ${server.name} is ${server.status}`, server.name);
  }
}

/** The server whose qualified names `name` starts with (the longest such prefix wins). */
function ownerByPrefix(state: McpHostState, name: string, naming: McpToolNaming): McpServerState | undefined {
  let owner: McpServerState | undefined;
  let longest = -1;
  for (const server of Object.values(state.servers)) {
    const raw = toolNamePrefix(server.name, naming);
    const prefix = raw === '' ? '' : sanitizeToolName(raw);
    if (name.startsWith(prefix) && prefix.length > longest) {
      owner = server;
      longest = prefix.length;
    }
  }
  return owner;
}

function fail(
  reason: McpHostError['reason'],
  tool: string,
  message: string,
  server?: string,
  cause?: unknown,
): ToolRoute {
  return { kind: 'fail', error: new McpHostError(reason, tool, message, server, cause) };
}
