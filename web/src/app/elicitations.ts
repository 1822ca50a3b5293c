/**
 * The server's `elicitation/create` requests waiting for the user. The session calls `handler`
 * for each; the request becomes a pending entry (a signal the page renders as a form) and the
 * handler's Observable answers when the user does. Unsubscribing (the server cancelled the request,
 * the session ended) takes the entry away, so a form never outlives its request.
 *
 * A request made for a task (`_meta["io.modelcontextprotocol/related-task"]`) carries its task id,
 * so the page shows it on that task's card; `settleTask` answers `cancel` for a task that ended.
 */
import { signal } from '@angular/core';
import { Observable } from 'rxjs';
import type { ElicitRequestParams, ElicitResult, McpRequestHandler } from 'rxjs-mcp-stdio/session';

/** The `_meta` key that ties a request to a task (SEP-1686). */
const RELATED_TASK = 'io.modelcontextprotocol/related-task';

/** One question from the server, waiting for the user. */
export interface PendingElicitation {
  /** A number unique on the page. */
  readonly id: number;
  /** The request as the server sent it. */
  readonly params: ElicitRequestParams;
  /** The task it was asked for, or `null`. */
  readonly taskId: string | null;
  /** Answers the server (once) and takes the entry away. */
  readonly answer: (result: ElicitResult) => void;
}

/** The task id in a request's `_meta`, if any. */
function relatedTaskOf(params: ElicitRequestParams): string | null {
  const related = params._meta?.[RELATED_TASK] as { taskId?: unknown } | undefined;
  return typeof related?.taskId === 'string' ? related.taskId : null;
}

/** The pending elicitations of a page. */
export class Elicitations {
  private readonly pendingSignal = signal<readonly PendingElicitation[]>([]);
  private nextId = 1;

  /** What the server is waiting for, oldest first. */
  readonly pending = this.pendingSignal.asReadonly();

  /** The session's `elicitation` handler. */
  readonly handler: McpRequestHandler<ElicitRequestParams, ElicitResult> = (params) =>
    new Observable<ElicitResult>((subscriber) => {
      const id = this.nextId++;
      const entry: PendingElicitation = {
        id,
        params,
        taskId: relatedTaskOf(params),
        answer: (result) => {
          subscriber.next(result);
          subscriber.complete();
        },
      };
      this.pendingSignal.update((pending) => [...pending, entry]);
      return () => this.pendingSignal.update((pending) => pending.filter((other) => other.id !== id));
    });

  /** Answers `cancel` to everything a task that ended still asks. */
  settleTask(taskId: string): void {
    for (const entry of this.pendingSignal()) if (entry.taskId === taskId) entry.answer({ action: 'cancel' });
  }
}
