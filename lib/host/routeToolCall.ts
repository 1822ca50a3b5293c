/**
 * Where a qualified tool name goes, decided from one state of the host: call now, wait for the
 * server (it is starting or restarting), or fail with the reason. Pure, so `callTool()` is only
 * "route each state until one is not `wait`".
 */
import { isToolCallableByApp, isToolVisibleToModel, type McpSession } from '../session/index.js';
import { McpHostError } from './McpHostError.js';
import type { McpHostState, McpServerState } from './McpHostState.js';
import { qualifiedToolName, sanitizeToolName, toolNamePrefix, type McpToolNaming } from './toolNames.js';

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
    case 'ready': {
      const hidden = server.tools.find(
        (tool) => !isToolVisibleToModel(tool) && qualifiedToolName(server.name, tool.name, naming) === name,
      );
      return hidden === undefined
        ? fail('unknown-tool', name, `The server ${server.name} has no tool for ${name}`, server.name)
        : fail(
            'app-only',
            name,
            `The tool ${name} is for the views of ${server.name} only (its visibility leaves out "model")`,
            server.name,
          );
    }
    default:
      return unavailable(server, name);
  }
}

/** The decision for a server that is neither ready nor coming. */
function unavailable(server: McpServerState, name: string): ToolRoute {
  switch (server.status) {
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

/**
 * Routes a call from one server's own MCP App view: `tool` is the server's own name for it, and
 * only a tool whose visibility includes `"app"` (app-only tools included) is reached; a
 * model-only tool, or one the server does not list, fails. With no `tool`, the route is to the
 * server alone (a view's `resources/read`).
 *
 * @param state The host's state.
 * @param sessions The ready servers' sessions.
 * @param server The server's config name.
 * @param tool The tool's name on that server, or `undefined` for the server alone.
 * @param what What is asked for, as an error names it (the tool, or the resource URI).
 * @returns Call, wait or fail.
 */
export function routeAppCall(
  state: McpHostState,
  sessions: ReadonlyMap<string, McpSession>,
  server: string,
  tool: string | undefined,
  what: string,
): ToolRoute {
  const owner = Object.prototype.hasOwnProperty.call(state.servers, server)
    ? state.servers[server]
    : undefined;
  if (owner === undefined) {
    return fail('server-unavailable', what, `This host has no server named ${server}`);
  }
  const session = sessions.get(server);
  if (owner.status !== 'ready' || session === undefined) {
    return owner.status === 'starting' || owner.status === 'restarting'
      ? { kind: 'wait', server }
      : unavailable(owner, what);
  }
  if (tool === undefined) return { kind: 'call', server, tool: '', session };
  const listed = owner.tools.find((entry) => entry.name === tool);
  if (listed === undefined) {
    return fail('unknown-tool', what, `The server ${server} has no tool named ${tool}`, server);
  }
  if (!isToolCallableByApp(listed)) {
    return fail(
      'not-for-apps',
      what,
      `The tool ${tool} of ${server} is not for its views (its visibility leaves out "app")`,
      server,
    );
  }
  return { kind: 'call', server, tool, session };
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
