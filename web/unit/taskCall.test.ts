/**
 * A task call's signals, driven by a scripted session (Subjects for the task's events and for the
 * server's answer to `tasks/cancel`): stages only when the status or the message changes, the
 * server's `cancelled` shown once it answers, one `tasks/cancel` and no unsubscribe (which would
 * send a second), failures in the session's words, and `ended` reported once. Two calls run at
 * once and keep to their own task.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Subject } from 'rxjs';
import {
  McpTaskError,
  type CallToolResult,
  type McpTask,
  type McpTaskEvent,
  type McpTaskStatus,
} from 'rxjs-mcp-stdio/session';
import { TaskCall } from '../src/app/taskCall.js';

const task = (taskId: string, status: McpTaskStatus, statusMessage?: string): McpTask => ({
  taskId,
  status,
  ttl: 60_000,
  createdAt: '2026-11-30T00:00:00.000Z',
  lastUpdatedAt: '2026-11-30T00:00:00.000Z',
  ...(statusMessage === undefined ? {} : { statusMessage }),
});

/** A TaskCall on a scripted session, with everything it asked of it recorded. */
function scripted(id = 1) {
  const events = new Subject<McpTaskEvent<CallToolResult>>();
  const cancelAnswers = new Subject<McpTask>();
  const cancelled: string[] = [];
  const ended: string[] = [];
  const call = new TaskCall(id, 'research', { topic: 'rx' });
  call.start({
    events$: events,
    cancelTask: (taskId) => {
      cancelled.push(taskId);
      return cancelAnswers;
    },
    ended: (taskId) => ended.push(taskId),
  });
  return { call, events, cancelAnswers, cancelled, ended };
}

const stagesOf = (call: TaskCall) => call.stages().map((s) => `${s.status}: ${s.message}`);

describe('a task call on the page', () => {
  it('adds a stage for each new status or message, shows progress, then the result', () => {
    const { call, events, ended } = scripted();
    assert.equal(call.state(), 'starting');
    events.next({ type: 'task', task: task('t1', 'working', 'Gathering') });
    events.next({ type: 'task', task: task('t1', 'working', 'Gathering') });
    events.next({ type: 'progress', progress: 1, total: 4 });
    events.next({ type: 'task', task: task('t1', 'working', 'Analyzing') });
    events.next({ type: 'task', task: task('t1', 'completed', 'Analyzing') });
    assert.equal(call.state(), 'running');
    assert.equal(call.percent(), 25);
    assert.deepEqual(stagesOf(call), ['working: Gathering', 'working: Analyzing', 'completed: Analyzing']);
    const result: CallToolResult = { content: [{ type: 'text', text: 'report' }] };
    events.next({ type: 'result', result });
    events.complete();
    assert.equal(call.state(), 'done');
    assert.equal(call.live(), false);
    assert.deepEqual(call.result(), result);
    assert.deepEqual(ended, ['t1']);
  });

  it('cancels through tasks/cancel once, shows the server answer, and keeps following the task', () => {
    const { call, events, cancelAnswers, cancelled, ended } = scripted();
    call.cancel(); // before the task exists: nothing to cancel yet
    assert.deepEqual(cancelled, []);
    events.next({ type: 'task', task: task('t1', 'working', 'Gathering') });
    call.cancel();
    call.cancel(); // a second click while the first is on its way sends nothing more
    assert.equal(call.state(), 'cancelling');
    assert.deepEqual(cancelled, ['t1']);
    cancelAnswers.next(task('t1', 'cancelled', 'Cancelled by the client'));
    assert.equal(call.state(), 'cancelled');
    assert.deepEqual(stagesOf(call), ['working: Gathering', 'cancelled: Cancelled by the client']);
    assert.deepEqual(ended, ['t1']);
    // Still subscribed (unsubscribing would send a second tasks/cancel): its poll ends it.
    assert.equal(events.observed, true);
    const seen = task('t1', 'cancelled', 'Cancelled by the client');
    events.error(new McpTaskError('cancelled', 'Task t1 was cancelled', 'research', seen));
    assert.equal(call.state(), 'cancelled');
    assert.equal(call.failure(), null);
    assert.equal(call.stages().length, 2);
    assert.deepEqual(ended, ['t1']);
  });

  it('goes back to running when the cancel fails (the task ended first), saying why', () => {
    const { call, events, cancelAnswers } = scripted();
    events.next({ type: 'task', task: task('t1', 'working') });
    call.cancel();
    cancelAnswers.error(new Error('Task t1 is already completed'));
    assert.equal(call.state(), 'running');
    assert.equal(call.failure(), 'Cancel failed: Task t1 is already completed');
  });

  it('fails with the server message of a failed task', () => {
    const { call, events, ended } = scripted();
    events.next({ type: 'task', task: task('t1', 'working') });
    const failed = task('t1', 'failed', 'Out of sources');
    events.error(new McpTaskError('failed', 'Out of sources', 'research', failed));
    assert.equal(call.state(), 'failed');
    assert.equal(call.failure(), 'Out of sources');
    assert.deepEqual(stagesOf(call), ['working: ', 'failed: Out of sources']);
    assert.deepEqual(ended, ['t1']);
  });

  it('keeps two concurrent calls to their own tasks', () => {
    const a = scripted(1);
    const b = scripted(2);
    a.events.next({ type: 'task', task: task('ta', 'working', 'A1') });
    b.events.next({ type: 'task', task: task('tb', 'input_required', 'B asks') });
    a.events.next({ type: 'task', task: task('ta', 'working', 'A2') });
    b.call.cancel();
    assert.deepEqual(b.cancelled, ['tb']);
    assert.deepEqual(a.cancelled, []);
    assert.deepEqual(stagesOf(a.call), ['working: A1', 'working: A2']);
    assert.deepEqual(stagesOf(b.call), ['input_required: B asks']);
    assert.equal(a.call.state(), 'running');
    assert.equal(b.call.state(), 'cancelling');
  });
});
