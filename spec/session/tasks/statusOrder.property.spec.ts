// Model-based test of status ordering: a server's task goes through random statuses at random
// times, notifies some of the changes at once, and answers each tasks/get with the state it read
// on receipt but after a random delay, so poll answers arrive late and out of order with the
// notifications; its clock may be coarse (several changes in one timestamp). Whatever the
// interleaving, the caller sees the server's states in the server's order, each change once,
// the terminal status last and nothing after it but the result.
import fc from 'fast-check';
import { McpTaskError, type McpTask, type McpTaskStatus } from '../../../lib/session/index.js';
import { newTestScheduler } from '../../support/marbles.js';
import { openSession } from '../marbleHelpers.js';
import { at, sentTimeline, taskOf, timedTaskServer, type TaskTransition } from './taskServer.js';

const P = 100;
const TERMINAL = ['completed', 'failed', 'cancelled'];

const running = fc.record({
  status: fc.constantFrom<McpTaskStatus>('working', 'input_required'),
  statusMessage: fc.constantFrom(undefined, 'stage a', 'stage b'),
  gap: fc.integer({ min: 1, max: 3 * P }),
  notify: fc.boolean(),
});
const model = fc.record({
  steps: fc.array(running, { minLength: 1, maxLength: 7 }),
  end: fc.constantFrom<McpTaskStatus | null>('completed', 'failed', 'cancelled', null),
  endGap: fc.integer({ min: 1, max: 3 * P }),
  endNotified: fc.boolean(),
  createDelay: fc.integer({ min: 0, max: 20 }),
  pollDelays: fc.array(fc.integer({ min: 0, max: 3 * P }), { minLength: 1, maxLength: 8 }),
  // A coarse clock: lastUpdatedAt in steps of this many frames (1: every change has its own).
  clock: fc.constantFrom(1, 1, P, 3 * P),
});

describe('task status ordering (model)', () => {
  it('shows the server states in order, each change once, the terminal one last', () => {
    fc.assert(
      fc.property(model, ({ steps, end, endGap, endNotified, createDelay, pollDelays, clock }) => {
        // The server's truth. Each state is marked (in createdAt, which the client passes through
        // untouched) with its index in the truth, so the test knows which one the client showed.
        const transitions: TaskTransition[] = [];
        let frame = 0;
        const stateOf = (index: number, status: McpTaskStatus, statusMessage: string | undefined) =>
          taskOf('t1', status, {
            createdAt: `truth-${index}`,
            lastUpdatedAt: at(Math.floor(frame / clock) * clock),
            pollInterval: P,
            ...(statusMessage === undefined ? {} : { statusMessage }),
          });
        steps.forEach((s, index) => {
          if (index > 0) frame += s.gap;
          transitions.push({ at: frame, task: stateOf(index, s.status, s.statusMessage), notify: s.notify });
        });
        if (end !== null) {
          frame += endGap;
          const message = end === 'failed' ? 'boom' : undefined;
          transitions.push({ at: frame, task: stateOf(steps.length, end, message), notify: endNotified });
        }
        const ttl = end === null ? frame + 3 * P : null;
        for (const change of transitions) change.task.ttl = ttl;
        const lastFrame = frame;

        const testScheduler = newTestScheduler();
        const events: { frame: number; type: string; task?: McpTask }[] = [];
        let outcome = 'open';
        let sent: string[] = [];
        testScheduler.run(() => {
          const server = timedTaskServer({
            scheduler: testScheduler,
            transitions,
            createDelay,
            pollDelay: (k) => pollDelays[k % pollDelays.length],
          });
          sent = sentTimeline(server, testScheduler);
          const { session, subscription } = openSession(server, { scheduler: testScheduler });
          session.callToolTask('research').subscribe({
            next: (e) => {
              events.push({
                frame: testScheduler.now(),
                type: e.type,
                ...(e.type === 'task' ? { task: e.task } : {}),
              });
            },
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
            lastFrame + 10 * P,
          );
        });

        const shown = events.filter((e) => e.type === 'task').map((e) => e.task as McpTask);
        const indices = shown.map((task) => Number(task.createdAt.replace('truth-', '')));
        // Each shown state is one of the server's, as the server described it.
        shown.forEach((task, i) => {
          expect(task).toEqual(transitions[indices[i]].task);
        });
        // In the server's order, never back, never the same state twice.
        indices.forEach((index, i) => {
          if (i > 0) expect(index).toBeGreaterThan(indices[i - 1]);
        });
        // Each event is a change of status or message.
        shown.forEach((task, i) => {
          if (i > 0)
            expect([task.status, task.statusMessage]).not.toEqual([
              shown[i - 1].status,
              shown[i - 1].statusMessage,
            ]);
        });
        // The terminal status is the last status shown; only the result may follow it.
        const firstTerminal = shown.findIndex((task) => TERMINAL.includes(task.status));
        if (firstTerminal >= 0) expect(firstTerminal).toBe(shown.length - 1);
        const types = events.map((e) => e.type);
        expect(types.slice(0, -1)).not.toContain('result');
        // The outcome is the server's: seen in a status, or (once tasks/result is open, from the
        // first input_required on) in the answer to tasks/result, which may come first.
        const resultOpen = shown.some((task) => task.status === 'input_required');
        if (end === null) expect(outcome).toBe('expired');
        else if (end === 'completed')
          expect([outcome, types[types.length - 1]]).toEqual(['complete', 'result']);
        else if (outcome === end) expect(shown[shown.length - 1].status).toBe(end);
        else expect([resultOpen, outcome]).toEqual([true, 'McpError: Task ' + end]);
        // No poll is sent once the terminal status was shown.
        const endShownAt = events.find(
          (e) => e.task !== undefined && TERMINAL.includes(e.task.status),
        )?.frame;
        if (endShownAt !== undefined) {
          const polls = sent
            .filter((line) => line.includes('tasks/get'))
            .map((line) => Number(line.split(' ')[0]));
          for (const pollAt of polls) expect(pollAt).toBeLessThanOrEqual(endShownAt);
        }
      }),
      { numRuns: 300 },
    );
  });
});
