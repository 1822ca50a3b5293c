// The one ordering of a task's statuses, alone: the rule (supersedes), the reducer that tells
// late poll answers apart (orderStatus), the operator (latestStatus) and what a person sees
// (statusChanges); and the poll interval's floor.
import { from, toArray, lastValueFrom } from 'rxjs';
import {
  latestStatus,
  NO_STATUS,
  orderStatus,
  statusChanges,
  supersedes,
  type TaskStatusInput,
} from '../../../lib/session/tasks/latestStatus.js';
import { pollInterval } from '../../../lib/session/tasks/pollTask.js';
import { MIN_TASK_POLL_INTERVAL, type McpTask } from '../../../lib/session/index.js';
import { DEFAULT_TASK_POLL_INTERVAL } from '../../../lib/session/tasks/McpTaskOptions.js';
import { at, taskOf } from './taskServer.js';

const t = (frame: number, status: McpTask['status'] = 'working', statusMessage?: string): McpTask =>
  taskOf('t1', status, {
    lastUpdatedAt: at(frame),
    ...(statusMessage === undefined ? {} : { statusMessage }),
  });
const unreadable = (status: McpTask['status'] = 'working'): McpTask =>
  taskOf('t1', status, { lastUpdatedAt: 'soon' });

describe('supersedes', () => {
  it('orders by lastUpdatedAt when both can be read and differ, stale or not', () => {
    expect(supersedes(t(1), t(2), false)).toBe(true);
    expect(supersedes(t(1), t(2), true)).toBe(true);
    expect(supersedes(t(2), t(1), false)).toBe(false);
    expect(supersedes(t(2, 'input_required'), t(1, 'working'), false)).toBe(false);
  });

  it('on equal or unreadable times takes arrival order, except for a stale poll answer', () => {
    expect(supersedes(t(5, 'working', 'a'), t(5, 'working', 'b'), false)).toBe(true);
    expect(supersedes(t(5, 'working', 'a'), t(5, 'working', 'b'), true)).toBe(false);
    expect(supersedes(unreadable(), t(5), false)).toBe(true);
    expect(supersedes(t(5), unreadable(), true)).toBe(false);
  });

  it('lets nothing follow a terminal status, nor a status of another task', () => {
    for (const end of ['completed', 'failed', 'cancelled'] as const) {
      expect(supersedes(t(1, end), t(2, 'working'), false)).toBe(false);
      expect(supersedes(t(1, end), t(2, 'completed'), false)).toBe(false);
    }
    expect(supersedes(t(1), { ...t(2), taskId: 'other' }, false)).toBe(false);
  });
});

describe('orderStatus', () => {
  const run = (inputs: TaskStatusInput[]) => {
    let order = NO_STATUS;
    return inputs.map((input) => {
      order = orderStatus(order, input);
      return order.passed?.statusMessage ?? null;
    });
  };

  it('drops, on a tie, the answer to a poll sent before the status passed last, and only that one', () => {
    expect(
      run([
        { kind: 'status', task: t(0, 'working', 'step 0') },
        { kind: 'asked', poll: 0 },
        { kind: 'status', task: t(0, 'working', 'step 1') },
        { kind: 'polled', poll: 0, task: t(0, 'working', 'step 0') },
        { kind: 'asked', poll: 1 },
        { kind: 'polled', poll: 1, task: t(0, 'working', 'step 2') },
      ]),
    ).toEqual(['step 0', null, 'step 1', null, null, 'step 2']);
  });

  it('takes an answer to a poll it was not told of as stale, and a newer time over any of it', () => {
    expect(
      run([
        { kind: 'status', task: t(0, 'working', 'a') },
        { kind: 'polled', poll: 7, task: t(0, 'working', 'b') },
        { kind: 'polled', poll: 8, task: t(1, 'working', 'c') },
      ]),
    ).toEqual(['a', null, 'c']);
  });
});

describe('latestStatus and statusChanges', () => {
  it('passes newer statuses (repeats too), completes after a terminal one; changes show once', async () => {
    const inputs: TaskStatusInput[] = [
      { kind: 'status', task: t(0, 'working', 'a') },
      { kind: 'status', task: t(1, 'working', 'a') },
      { kind: 'status', task: t(0, 'working', 'old') },
      { kind: 'status', task: t(2, 'completed') },
      { kind: 'status', task: t(3, 'working', 'after the end') },
    ];
    const passed = await lastValueFrom(from(inputs).pipe(latestStatus(), toArray()));
    expect(passed.map((task) => task.lastUpdatedAt)).toEqual([at(0), at(1), at(2)]);
    const shown = await lastValueFrom(from(passed).pipe(statusChanges(), toArray()));
    expect(shown.map((task) => `${task.status} ${task.statusMessage ?? ''}`)).toEqual([
      'working a',
      'completed ',
    ]);
  });
});

describe('pollInterval', () => {
  it("takes the server's, else the caller's, else the default, never under the floor", () => {
    expect(MIN_TASK_POLL_INTERVAL).toBe(100);
    expect(pollInterval(taskOf('t1', 'working', { pollInterval: 5000 }), 200)).toBe(5000);
    expect(pollInterval(taskOf('t1', 'working', { pollInterval: undefined }), 200)).toBe(200);
    expect(pollInterval(taskOf('t1', 'working', { pollInterval: undefined }), undefined)).toBe(
      DEFAULT_TASK_POLL_INTERVAL,
    );
    expect(pollInterval(taskOf('t1', 'working', { pollInterval: 0 }), undefined)).toBe(
      MIN_TASK_POLL_INTERVAL,
    );
    expect(pollInterval(taskOf('t1', 'working', { pollInterval: undefined }), -5)).toBe(
      MIN_TASK_POLL_INTERVAL,
    );
    expect(pollInterval(taskOf('t1', 'working', { pollInterval: undefined }), NaN)).toBe(
      DEFAULT_TASK_POLL_INTERVAL,
    );
    expect(pollInterval(taskOf('t1', 'working', { pollInterval: 2 ** 40 }), undefined)).toBe(2 ** 40);
  });
});
