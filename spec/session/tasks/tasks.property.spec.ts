// Model-based test of a task's events: whatever statuses a server goes through, reported by polls
// and by notifications at once, the Observable emits each change once and in order, stops at the
// first terminal status (result, or McpTaskError with the server's reason), never polls after it,
// and ends at the ttl when the task never ends, cancelling it there.
import fc from 'fast-check';
import { map, NEVER, timer } from 'rxjs';
import { McpError, McpTaskError, type McpTask, type McpTaskStatus } from '../../../lib/session/index.js';
import { newTestScheduler } from '../../support/marbles.js';
import { openSession } from '../marbleHelpers.js';
import { sentTimeline, taskOf, taskServer } from './taskServer.js';

const P = 100;
const running = fc.record({
  status: fc.constantFrom<McpTaskStatus>('working', 'input_required'),
  statusMessage: fc.constantFrom(undefined, 'stage a', 'stage b'),
});
const ending = fc.constantFrom<McpTaskStatus | null>('completed', 'failed', 'cancelled', null);

describe('callToolTask (model)', () => {
  it('emits each change of the server timeline once, in order, up to the first terminal status', () => {
    fc.assert(
      fc.property(
        fc.array(running, { minLength: 1, maxLength: 6 }),
        ending,
        fc.boolean(),
        (steps, end, notify) => {
          // The server's truth: status k holds from k*P on; the last one, when terminal, ends it.
          const timeline: McpTask[] = steps.map(({ status, statusMessage }) =>
            taskOf('t1', status, statusMessage === undefined ? {} : { statusMessage }),
          );
          if (end !== null)
            timeline.push(taskOf('t1', end, end === 'failed' ? { statusMessage: 'boom' } : {}));
          const ttl = end === null ? (timeline.length + 2) * P : null;
          const tasks = timeline.map((task) => ({ ...task, ttl, pollInterval: P }));
          const endsAt = end === null ? Infinity : (tasks.length - 1) * P;

          const testScheduler = newTestScheduler();
          const events: string[] = [];
          let outcome = 'open';
          let sent: string[] = [];
          testScheduler.run(() => {
            const server = taskServer({
              timelines: { t1: tasks },
              // tasks/result answers just after the task ends (and never if it does not).
              result: () =>
                Number.isFinite(endsAt)
                  ? timer(Math.max(0, endsAt + 1 - testScheduler.now()), testScheduler).pipe(
                      map(() => {
                        if (end === 'completed') return { content: [] };
                        throw new McpError(-32603, 'no result');
                      }),
                    )
                  : NEVER,
            });
            sent = sentTimeline(server, testScheduler);
            if (notify) {
              tasks.forEach((task, k) => {
                if (k > 0)
                  testScheduler.schedule(() => {
                    server.notify('notifications/tasks/status', { ...task });
                  }, k * P);
              });
            }
            const { session, subscription } = openSession(server, { scheduler: testScheduler });
            session.callToolTask('research').subscribe({
              next: (e) =>
                events.push(e.type === 'task' ? `${e.task.status}|${e.task.statusMessage ?? ''}` : e.type),
              error: (error: unknown) => {
                outcome = error instanceof McpTaskError ? error.reason : String(error);
              },
              complete: () => {
                outcome = 'complete';
              },
            });
            testScheduler.schedule(
              () => {
                subscription.unsubscribe();
              },
              (tasks.length + 5) * P,
            );
          });

          const expected = tasks
            .map((task) => `${task.status}|${task.statusMessage ?? ''}`)
            .filter((value, i, all) => i === 0 || all[i - 1] !== value);
          if (end === 'completed') expected.push('result');
          expect(events).toEqual(expected);
          expect(outcome).toBe(end === null ? 'expired' : end === 'completed' ? 'complete' : end);
          // Nothing is polled once the task ended (or expired); a finished task is never cancelled,
          // one that expired is, once, at its ttl (the client gave up on it).
          const lastPoll = Math.max(
            -1,
            ...sent.filter((l) => l.includes('tasks/get')).map((l) => Number(l.split(' ')[0])),
          );
          expect(lastPoll).toBeLessThan(Number.isFinite(endsAt) ? endsAt + (notify ? 0 : 1) : (ttl ?? 0));
          expect(sent.filter((l) => l.includes('tasks/cancel'))).toEqual(
            end === null ? [`${ttl ?? 0} tasks/cancel t1`] : [],
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
