// The `_meta` keys of protocol 2025-11-25 that tie messages to tasks, read and written here only.
import { isRecord } from '../jsonRpcErrors.js';

/** The key of `_meta` that ties a request, notification or answer to a task: `{ taskId }`. */
export const RELATED_TASK_META_KEY = 'io.modelcontextprotocol/related-task';

/**
 * The key of a `CreateTaskResult`'s `_meta` whose string a host may hand the model at once, as
 * the tool's immediate answer, while the task runs.
 */
export const MODEL_IMMEDIATE_RESPONSE_META_KEY = 'io.modelcontextprotocol/model-immediate-response';

/**
 * The task a message's params (or result) say it is tied to.
 *
 * @param value A message's params or result.
 * @returns The task id, or `undefined` when it names none.
 */
export function relatedTaskOf(value: unknown): string | undefined {
  const meta = isRecord(value) ? value._meta : undefined;
  const related = isRecord(meta) ? meta[RELATED_TASK_META_KEY] : undefined;
  return isRecord(related) && typeof related.taskId === 'string' ? related.taskId : undefined;
}

/**
 * A result tied to a task: a copy of `result` whose `_meta` (kept) names the task.
 *
 * @param result The result (a non-object counts as `{}`).
 * @param taskId The task.
 * @returns The result with the related-task metadata.
 */
export function withRelatedTask(result: unknown, taskId: string): Record<string, unknown> {
  const value = isRecord(result) ? result : {};
  const meta = isRecord(value._meta) ? value._meta : {};
  return { ...value, _meta: { ...meta, [RELATED_TASK_META_KEY]: { taskId } } };
}

/**
 * The model-immediate-response of a `CreateTaskResult`, when it has one that is a string.
 *
 * @param created The `CreateTaskResult`.
 * @returns The string, or `undefined`.
 */
export function modelImmediateResponseOf(created: { _meta?: unknown }): string | undefined {
  const value = isRecord(created._meta) ? created._meta[MODEL_IMMEDIATE_RESPONSE_META_KEY] : undefined;
  return typeof value === 'string' ? value : undefined;
}
