// The one place where a task's statuses are ordered. A task's status reaches this client three
// ways: the CreateTaskResult, `notifications/tasks/status`, and the answers to `tasks/get`. The
// first two come in the server's order; a poll answer can be late (the server read the status,
// then sent a notification of a newer one, then answered), and showing it would move the task
// backwards (`step 0 → step 1 → step 0`). So every status goes through `latestStatus()`, which
// passes one on only if it is newer than the last one it passed (see `supersedes`).
import { distinctUntilChanged, filter, map, scan, takeWhile, type OperatorFunction } from 'rxjs';
import { isTerminalStatus, type McpTask } from './taskSchemas.js';

/** What the ordering is given, in the order things happened on this client. */
export type TaskStatusInput =
  /** A status the server sent by itself (the CreateTaskResult, a notification). */
  | { kind: 'status'; task: McpTask }
  /** `tasks/get` number `poll` was sent. */
  | { kind: 'asked'; poll: number }
  /** The answer to `tasks/get` number `poll`. */
  | { kind: 'polled'; poll: number; task: McpTask };

/** The ordering's memory: the status passed last, and the polls still waiting for their answer. */
export interface StatusOrder {
  /** The status passed last (`null` before the first). */
  latest: McpTask | null;
  /** Per poll waiting for its answer: whether a status was passed since it was sent. */
  waiting: ReadonlyMap<number, boolean>;
  /** The status this input made the latest, or `null` when it passed none. */
  passed: McpTask | null;
}

/** The ordering before any input. */
export const NO_STATUS: StatusOrder = { latest: null, waiting: new Map(), passed: null };

/**
 * Whether `update` is newer than `latest`, the status passed last:
 * 1. nothing follows a terminal status, nor a status of another task;
 * 2. a later `lastUpdatedAt` is newer, an earlier one older;
 * 3. when the times are equal or one cannot be read, it is newer unless it is `stale`: the
 *    answer to a poll sent before `latest` arrived, which may describe the task before it.
 *
 * @param latest The status passed last.
 * @param update The candidate.
 * @param stale Whether `update` answers a poll sent before `latest` arrived.
 * @returns Whether to pass `update` on.
 */
export function supersedes(latest: McpTask, update: McpTask, stale: boolean): boolean {
  if (isTerminalStatus(latest.status) || update.taskId !== latest.taskId) return false;
  const before = Date.parse(latest.lastUpdatedAt);
  const after = Date.parse(update.lastUpdatedAt);
  if (Number.isFinite(before) && Number.isFinite(after) && before !== after) return after > before;
  return !stale;
}

/**
 * One step of the ordering (a reducer: `scan(orderStatus, NO_STATUS)`).
 *
 * @param order The ordering so far.
 * @param input What happened.
 * @returns The ordering after it, with `passed` set when the input passed a status.
 */
export function orderStatus(order: StatusOrder, input: TaskStatusInput): StatusOrder {
  const waiting = new Map(order.waiting);
  if (input.kind === 'asked') {
    waiting.set(input.poll, false);
    return { latest: order.latest, waiting, passed: null };
  }
  // An answer to a poll this ordering was not told of is taken as stale.
  const stale = input.kind === 'polled' ? (waiting.get(input.poll) ?? true) : false;
  if (input.kind === 'polled') waiting.delete(input.poll);
  if (order.latest !== null && !supersedes(order.latest, input.task, stale)) {
    return { latest: order.latest, waiting, passed: null };
  }
  // Every poll still waiting was sent before this status arrived.
  for (const poll of waiting.keys()) waiting.set(poll, true);
  return { latest: input.task, waiting, passed: input.task };
}

/**
 * Orders a task's statuses (see `supersedes`): passes on each status newer than the one before,
 * also one that changes nothing a person sees (its poll interval and its time count), and
 * completes after a terminal status.
 *
 * @returns The operator.
 */
export function latestStatus(): OperatorFunction<TaskStatusInput, McpTask> {
  return (inputs) =>
    inputs.pipe(
      scan(orderStatus, NO_STATUS),
      map((order) => order.passed),
      filter((task): task is McpTask => task !== null),
      takeWhile((task) => !isTerminalStatus(task.status), true),
    );
}

/**
 * The statuses a person sees: each change of status or status message, once.
 *
 * @returns The operator.
 */
export function statusChanges(): OperatorFunction<McpTask, McpTask> {
  return distinctUntilChanged((a, b) => a.status === b.status && a.statusMessage === b.statusMessage);
}
