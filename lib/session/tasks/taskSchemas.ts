// The task vocabulary of protocol 2025-11-25 (the session's own schemas, mirroring
// `@modelcontextprotocol/core`'s, in one place).
import {
  CancelTaskResultSchema,
  CreateTaskResultSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
  TaskSchema,
  TaskStatusSchema,
} from '../schemas/mcpSchemas.js';
import type { McpSchema, McpSchemaOutput } from '../schemas/McpSchema.js';

/** A task as the protocol describes it: id, status, ttl, timestamps, poll interval, message. */
export const McpTaskSchema: McpSchema<McpSchemaOutput<typeof TaskSchema>> = TaskSchema;
/** The answer to a task-augmented request: `{ task }`. */
export const McpCreateTaskResultSchema: McpSchema<McpSchemaOutput<typeof CreateTaskResultSchema>> =
  CreateTaskResultSchema;
/** The answer to `tasks/get`: the task itself. */
export const McpGetTaskResultSchema: McpSchema<McpSchemaOutput<typeof GetTaskResultSchema>> =
  GetTaskResultSchema;
/** The answer to `tasks/cancel`: the task, now cancelled. */
export const McpCancelTaskResultSchema: McpSchema<McpSchemaOutput<typeof CancelTaskResultSchema>> =
  CancelTaskResultSchema;
/** One page of `tasks/list`. */
export const McpListTasksResultSchema: McpSchema<McpSchemaOutput<typeof ListTasksResultSchema>> =
  ListTasksResultSchema;

/** A task's status: `working`, `input_required`, `completed`, `failed` or `cancelled`. */
export type McpTaskStatus = McpSchemaOutput<typeof TaskStatusSchema>;
/** A task (SEP-1686): a request the receiver runs in the background and reports on. */
export type McpTask = McpSchemaOutput<typeof TaskSchema>;

/** The statuses after which a task never changes again. */
const TERMINAL: ReadonlySet<McpTaskStatus> = new Set<McpTaskStatus>(['completed', 'failed', 'cancelled']);

/**
 * Whether a task's status is final.
 *
 * @param status The status.
 * @returns `true` for `completed`, `failed` and `cancelled`.
 */
export function isTerminalStatus(status: McpTaskStatus): boolean {
  return TERMINAL.has(status);
}
