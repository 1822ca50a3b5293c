// Polling a task with `tasks/get`, as the protocol asks of a requestor even where the server
// sends status notifications. The loop is cold and sequential: wait, ask, wait for the answer,
// wait again; each wait is read anew from the status the ordering passed last, so a server that
// changes its pollInterval is followed.
import { concat, concatMap, defer, map, of, repeat, type Observable, type SchedulerLike } from 'rxjs';
import { boundedTimer } from '../../transport/timing/boundedTimer.js';
import type { McpPeer } from '../McpPeer.js';
import type { McpRequestOptions } from '../McpRequestOptions.js';
import type { TaskStatusInput } from './latestStatus.js';
import { DEFAULT_TASK_POLL_INTERVAL, MIN_TASK_POLL_INTERVAL } from './McpTaskOptions.js';
import { McpGetTaskResultSchema, type McpTask } from './taskSchemas.js';

/**
 * Milliseconds until the next poll: the server's `pollInterval`, else the caller's, else
 * `DEFAULT_TASK_POLL_INTERVAL`; never less than `MIN_TASK_POLL_INTERVAL`.
 *
 * @param task The status passed last.
 * @param fallback The caller's `pollInterval`, if any.
 * @returns The wait.
 */
export function pollInterval(task: McpTask, fallback: number | undefined): number {
  const asked = task.pollInterval ?? fallback ?? DEFAULT_TASK_POLL_INTERVAL;
  return Number.isNaN(asked) ? DEFAULT_TASK_POLL_INTERVAL : Math.max(MIN_TASK_POLL_INTERVAL, asked);
}

/**
 * Polls a task until unsubscribed: waits `wait()`, sends `tasks/get` (emitting `asked`),
 * emits its answer (`polled`), and again. Errors with the first failed poll.
 *
 * @param peer The session's peer.
 * @param taskId The task.
 * @param wait The milliseconds before the next poll, read before each wait.
 * @param scheduler The scheduler of the waits.
 * @param options The options of each `tasks/get` (its timeout).
 * @returns The polls and their answers, for `latestStatus()`.
 */
export function pollTask(
  peer: McpPeer,
  taskId: string,
  wait: () => number,
  scheduler: SchedulerLike,
  options: McpRequestOptions<McpTask>,
): Observable<TaskStatusInput> {
  return defer(() => {
    let polls = 0;
    return defer(() => boundedTimer(wait(), scheduler)).pipe(
      concatMap(() => {
        const poll = polls++;
        return concat(
          of<TaskStatusInput>({ kind: 'asked', poll }),
          peer
            .request('tasks/get', { taskId }, McpGetTaskResultSchema, options)
            .pipe(map((task): TaskStatusInput => ({ kind: 'polled', poll, task }))),
        );
      }),
      repeat(),
    );
  });
}
