/**
 * The page's pending questions, driven through the session's handler contract (the handler's
 * Observable is subscribed per request, unsubscribed when the server cancels it or the session
 * ends): each question is listed with its task, answered once, and gone when answered, withdrawn
 * or its task ends; several are pending at once and each answer goes to its own request.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { from, type Observable } from 'rxjs';
import type { ElicitRequestParams, ElicitResult } from 'rxjs-mcp-stdio/session';
import { Elicitations } from '../src/app/elicitations.js';

const question = (message: string, taskId?: string): ElicitRequestParams => ({
  message,
  requestedSchema: { type: 'object', properties: { answer: { type: 'string' } } },
  ...(taskId === undefined ? {} : { _meta: { 'io.modelcontextprotocol/related-task': { taskId } } }),
});

/** Asks a question through the handler; records its answers. */
function ask(elicitations: Elicitations, params: ElicitRequestParams) {
  const answers: ElicitResult[] = [];
  let done = false;
  const subscription = (
    from(
      elicitations.handler(params, { requestId: 1, signal: new AbortController().signal }),
    ) as Observable<ElicitResult>
  ).subscribe({
    next: (answer) => answers.push(answer),
    complete: () => (done = true),
  });
  return { answers, subscription, done: () => done };
}

describe('the server questions waiting on the page', () => {
  it('lists each question with its task and sends each answer to its own request, once', () => {
    const elicitations = new Elicitations();
    const first = ask(elicitations, question('Which one?', 'task-1'));
    const second = ask(elicitations, question('Your name?'));
    const pending = elicitations.pending();
    assert.deepEqual(
      pending.map((p) => [p.params.message, p.taskId]),
      [
        ['Which one?', 'task-1'],
        ['Your name?', null],
      ],
    );
    pending[1]?.answer({ action: 'accept', content: { answer: 'Ada' } });
    assert.deepEqual(second.answers, [{ action: 'accept', content: { answer: 'Ada' } }]);
    assert.equal(second.done(), true);
    assert.deepEqual(first.answers, []);
    assert.deepEqual(
      elicitations.pending().map((p) => p.params.message),
      ['Which one?'],
    );
    pending[1]?.answer({ action: 'decline' }); // a second answer goes nowhere
    assert.deepEqual(second.answers.length, 1);
  });

  it('drops a question the server withdrew (the handler was unsubscribed)', () => {
    const elicitations = new Elicitations();
    const asked = ask(elicitations, question('Still there?'));
    assert.equal(elicitations.pending().length, 1);
    asked.subscription.unsubscribe();
    assert.deepEqual(elicitations.pending(), []);
  });

  it("answers cancel to a task's questions when the task ends, and leaves the others", () => {
    const elicitations = new Elicitations();
    const ofTask = ask(elicitations, question('For the task', 'task-1'));
    const other = ask(elicitations, question('For another task', 'task-2'));
    elicitations.settleTask('task-1');
    assert.deepEqual(ofTask.answers, [{ action: 'cancel' }]);
    assert.deepEqual(other.answers, []);
    assert.deepEqual(
      elicitations.pending().map((p) => p.taskId),
      ['task-2'],
    );
  });
});
