import type { SchedulerLike } from 'rxjs';
import type { McpPeer } from '../McpPeer.js';
import type { ServerCapabilities } from '../McpTypes.js';
import type { ToolLookup } from '../toolLookup.js';
import type { McpTask } from './taskSchemas.js';

/** What a tool call run as a task needs of its session (built once per session). */
export interface TaskContext {
  /** The session's peer. */
  peer: McpPeer;
  /** The scheduler of polls and of the ttl. */
  scheduler: SchedulerLike;
  /** What the server declared in `initialize`. */
  capabilities: ServerCapabilities;
  /** Finds a tool in the live tool list. */
  lookupTool: ToolLookup;
  /** A progress token no other call of the session uses. */
  progressToken: () => string;
  /** Told about every status change a call shows (keeps `tasks$` current). */
  onTaskSeen: (task: McpTask) => void;
  /**
   * Cancels a task on the server and forgets the answer: only where the server declares
   * `tasks.cancel` and the session is open.
   */
  cancelDetached: (taskId: string) => void;
}
