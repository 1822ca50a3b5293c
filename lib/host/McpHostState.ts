/**
 * The host's live state as plain, immutable data: what a UI renders and what a test compares.
 * One discriminated union per server status, so `switch (server.status)` narrows to the fields
 * that status has.
 */
import type { Implementation, Prompt, Resource, ServerCapabilities, Tool } from '../session/McpTypes.js';
import type { McpConfigError, McpServerDefinition } from '../config/index.js';

/** What every server's state has, whatever its status. */
export interface McpServerStateBase {
  /** The server's name in the config. */
  name: string;
  /** Its definition, as validated. */
  definition: McpServerDefinition;
  /** The pid of its current process, once spawned (with the default `connect`). */
  pid?: number;
  /**
   * Its tools while `ready` (the session's live list), else `[]`: all of them, the ones only its
   * own MCP App views may call (`_meta.ui.visibility: ["app"]`) included.
   */
  tools: readonly Tool[];
  /** Its prompts while `ready`, else `[]`. */
  prompts: readonly Prompt[];
  /** Its resources while `ready`, else `[]`. */
  resources: readonly Resource[];
}

/** Spawned, handshake under way. */
export interface McpServerStarting extends McpServerStateBase {
  /** Discriminant. */
  status: 'starting';
  /** Which start this is: 1 the first, 2 after one restart, … */
  attempt: number;
}

/** Handshake done; its lists are loaded and follow the server's changes. */
export interface McpServerReady extends McpServerStateBase {
  /** Discriminant. */
  status: 'ready';
  /** The server's name and version (from `initialize`). */
  serverInfo: Implementation;
  /** What the server can do (from `initialize`). */
  capabilities: ServerCapabilities;
}

/** Crashed (or failed its handshake or a health check); a restart is scheduled. */
export interface McpServerRestarting extends McpServerStateBase {
  /** Discriminant. */
  status: 'restarting';
  /** Which restart in a row comes next: 1, 2, … up to the policy's `maxRestarts`. */
  attempt: number;
  /** Milliseconds until it (from when this state was emitted). */
  nextTryIn: number;
  /** What went wrong, e.g. a `StdioServerExitError` with the server's last stderr lines. */
  error: unknown;
}

/** Gave up: the last failure, after `maxRestarts` restarts in a row. */
export interface McpServerFailed extends McpServerStateBase {
  /** Discriminant. */
  status: 'failed';
  /** The last failure. */
  error: unknown;
  /** How many restarts were tried. */
  restarts: number;
}

/** The server ended the session on its own (closed stdout, exit code 0); it is not restarted. */
export interface McpServerStopped extends McpServerStateBase {
  /** Discriminant. */
  status: 'stopped';
}

/** `disabled: true` in the config: not started. */
export interface McpServerDisabled extends McpServerStateBase {
  /** Discriminant. */
  status: 'disabled';
}

/** A `url` / `http` / `sse` entry: this host runs stdio servers only. */
export interface McpServerUnsupported extends McpServerStateBase {
  /** Discriminant. */
  status: 'unsupported';
  /** The transport the entry asks for. */
  transport: string;
}

/** One server's state. */
export type McpServerState =
  | McpServerStarting
  | McpServerReady
  | McpServerRestarting
  | McpServerFailed
  | McpServerStopped
  | McpServerDisabled
  | McpServerUnsupported;

/** A server's status name. */
export type McpServerStatus = McpServerState['status'];

/** A tool of the catalog. */
export interface McpHostTool {
  /** The qualified name (`server_tool` by default), matching `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  /** The server that offers it. */
  server: string;
  /** The tool as that server lists it (its `name` is the server's own). */
  tool: Tool;
}

/**
 * Two or more tools whose qualified names are the same after sanitizing. None of them is in the
 * catalog (no silent overwrite, no preference by order); rename one with `toolNames.prefix`.
 */
export interface McpToolNameConflict {
  /** The qualified name they share. */
  name: string;
  /** The tools, in config order. */
  tools: readonly {
    /** The server's name in the config. */
    server: string;
    /** The tool's name on that server. */
    tool: string;
  }[];
}

/** The host at one moment. */
export interface McpHostState {
  /** Every server of the config, by name, in the config's order. */
  servers: Readonly<Record<string, McpServerState>>;
  /**
   * The catalog a model gets: the tools of every ready server, qualified, in config order,
   * conflicts and app-only tools (`_meta.ui.visibility` without `"model"`) left out.
   */
  tools: readonly McpHostTool[];
  /** Qualified names more than one tool ended up with. Empty when all is well. */
  conflicts: readonly McpToolNameConflict[];
  /**
   * The last config that could not be used (the servers of the one before keep running), or
   * `null` once a valid config arrived.
   */
  configError: McpConfigError | null;
}
