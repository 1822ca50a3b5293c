/**
 * Model-based checks (fast-check) of the page's two pieces of shared state, over random
 * interleavings rather than one hand-picked path:
 * - the pending questions: any mix of questions (of two tasks or none) asked, answered, withdrawn
 *   by the server and settled by their task's end; the list always equals the model's open
 *   questions in the order asked, and every request gets at most one answer, the right one;
 * - a task call's stages: any run of status updates (repeats included) with Cancel clicks and
 *   the server's answers in between; the stages are the updates with consecutive repeats dropped,
 *   and the page never has two `tasks/cancel` on their way at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { from, Subject, type Observable } from 'rxjs';
import type {
  CallToolResult,
  ElicitResult,
  McpTask,
  McpTaskEvent,
  McpTaskStatus,
} from 'rxjs-mcp-stdio/session';
import { Elicitations } from '../src/app/elicitations.js';
import { TaskCall } from '../src/app/taskCall.js';

type QuestionCommand =
  | { kind: 'ask'; taskId: string | null }
  | { kind: 'answer'; pick: number; action: 'accept' | 'decline' | 'cancel' }
  | { kind: 'withdraw'; pick: number }
  | { kind: 'settle'; taskId: string };

const taskIds = fc.constantFrom('t1', 't2');
const questionCommand: fc.Arbitrary<QuestionCommand> = fc.oneof(
  fc.record({ kind: fc.constant('ask' as const), taskId: fc.option(taskIds, { nil: null }) }),
  fc.record({
    kind: fc.constant('answer' as const),
    pick: fc.nat(),
    action: fc.constantFrom('accept' as const, 'decline' as const, 'cancel' as const),
  }),
  fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('settle' as const), taskId: taskIds }),
);

describe('the page state, model-based', () => {
  it('keeps the pending questions equal to the open requests, each answered at most once', () => {
    fc.assert(
      fc.property(fc.array(questionCommand, { maxLength: 40 }), (commands) => {
        const elicitations = new Elicitations();
        // The model: every request asked, whether it is still open, and what it should have got.
        const asked: {
          message: string;
          taskId: string | null;
          open: boolean;
          expected: ElicitResult[];
          got: ElicitResult[];
          withdraw: () => void;
        }[] = [];
        for (const command of commands) {
          const open = asked.filter((q) => q.open);
          if (command.kind === 'ask') {
            const message = `q${asked.length}`;
            const got: ElicitResult[] = [];
            const params = {
              message,
              requestedSchema: { type: 'object' as const, properties: {} },
              ...(command.taskId === null
                ? {}
                : { _meta: { 'io.modelcontextprotocol/related-task': { taskId: command.taskId } } }),
            };
            const answers = from(
              elicitations.handler(params, { requestId: asked.length, signal: new AbortController().signal }),
            ) as Observable<ElicitResult>;
            const subscription = answers.subscribe((answer) => got.push(answer));
            asked.push({
              message,
              taskId: command.taskId,
              open: true,
              expected: [],
              got,
              withdraw: () => subscription.unsubscribe(),
            });
          } else if (command.kind === 'answer') {
            const target = open[command.pick % Math.max(1, open.length)];
            if (target !== undefined) {
              const shown = elicitations.pending().find((p) => p.params.message === target.message);
              const result: ElicitResult = { action: command.action };
              shown?.answer(result);
              target.expected.push(result);
              target.open = false;
            }
          } else if (command.kind === 'withdraw') {
            const target = open[command.pick % Math.max(1, open.length)];
            if (target !== undefined) {
              target.withdraw();
              target.open = false;
            }
          } else if (command.kind === 'settle') {
            for (const q of open) {
              if (q.taskId !== command.taskId) continue;
              q.expected.push({ action: 'cancel' });
              q.open = false;
            }
            elicitations.settleTask(command.taskId);
          }
          assert.deepEqual(
            elicitations.pending().map((p) => [p.params.message, p.taskId]),
            asked.filter((q) => q.open).map((q) => [q.message, q.taskId]),
          );
        }
        for (const q of asked) assert.deepEqual(q.got, q.expected, q.message);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a task call's stages to the changes, with one tasks/cancel on its way at most", () => {
    type Step =
      | { kind: 'status'; status: McpTaskStatus; message: string }
      | { kind: 'click' }
      | { kind: 'serverAnswer'; ok: boolean };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('status' as const),
        status: fc.constantFrom<McpTaskStatus>('working', 'input_required'),
        message: fc.constantFrom('A', 'B', ''),
      }),
      fc.record({ kind: fc.constant('click' as const) }),
      fc.record({ kind: fc.constant('serverAnswer' as const), ok: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const events = new Subject<McpTaskEvent<CallToolResult>>();
        const waiting: Subject<McpTask>[] = [];
        let cancelsSent = 0;
        const call = new TaskCall(1, 'tool', {});
        call.start({
          events$: events,
          cancelTask: () => {
            cancelsSent++;
            const answer = new Subject<McpTask>();
            waiting.push(answer);
            return answer;
          },
          ended: () => undefined,
        });
        const expected: string[] = [];
        let last: McpTask | null = null;
        for (const s of steps) {
          if (call.state() === 'cancelled') break;
          if (s.kind === 'status') {
            last = {
              taskId: 't',
              status: s.status,
              ttl: null,
              createdAt: '2026-11-30T00:00:00Z',
              lastUpdatedAt: '2026-11-30T00:00:00Z',
              statusMessage: s.message,
            };
            const stage = `${s.status}: ${s.message}`;
            if (expected.at(-1) !== stage) expected.push(stage);
            events.next({ type: 'task', task: last });
          } else if (s.kind === 'click') {
            call.cancel();
          } else {
            const answer = waiting.shift();
            if (answer === undefined || last === null) continue;
            if (s.ok) {
              const cancelled = { ...last, status: 'cancelled' as const, statusMessage: 'stopped' };
              expected.push('cancelled: stopped');
              answer.next(cancelled);
            } else answer.error(new Error('too late'));
          }
          // Never two cancels on their way: each was sent from `running`, which a cancel leaves.
          assert.equal(waiting.length <= 1, true);
          assert.deepEqual(
            call.stages().map((stage) => `${stage.status}: ${stage.message}`),
            expected,
          );
        }
        assert.equal(cancelsSent <= steps.filter((s) => s.kind === 'click').length, true);
      }),
      { numRuns: 300 },
    );
  });
});
