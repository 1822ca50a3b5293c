// The `tools/call` that creates a task. It is not cancelled with the subscriber: a typeahead's
// `switchMap` leaves a call as soon as the next key comes, usually before the server's
// CreateTaskResult; the server has started the task by then, and dropping the late answer would
// leave it running with nobody to tell. So the answer is still awaited after the subscriber
// left (bounded by the request's timeout and the session's life), and the task it names is
// handed to `abandoned`, which cancels it. `notifications/cancelled` is never sent for it: the
// protocol asks for `tasks/cancel` instead, for a task-augmented request.
import { Observable } from 'rxjs';
import type { McpPeer } from '../McpPeer.js';
import type { McpRequestOptions } from '../McpRequestOptions.js';
import type { McpSchemaOutput } from '../schemas/McpSchema.js';
import { McpCreateTaskResultSchema } from './taskSchemas.js';

/** The answer to a task-augmented request: the task, and `_meta`. */
export type McpCreateTaskResult = McpSchemaOutput<typeof McpCreateTaskResultSchema>;

/**
 * Sends a task-augmented `tools/call` and emits its `CreateTaskResult`. Unsubscribing before the
 * answer does not drop it: `abandoned` gets it when it comes.
 *
 * @param peer The session's peer.
 * @param params The call's params, with `task`.
 * @param options The call's timeout.
 * @param abandoned Gets the task of an answer that came after the subscriber left.
 * @returns The CreateTaskResult.
 */
export function createTask(
  peer: McpPeer,
  params: object,
  options: McpRequestOptions<McpCreateTaskResult>,
  abandoned: (created: McpCreateTaskResult) => void,
): Observable<McpCreateTaskResult> {
  return new Observable<McpCreateTaskResult>((subscriber) => {
    let left = false;
    // Not torn down with the subscriber: it ends with its answer, its timeout or the session.
    peer
      .request('tools/call', params, McpCreateTaskResultSchema, { ...options, cancellable: false })
      .subscribe({
        next: (created) => {
          if (left) abandoned(created);
          else subscriber.next(created);
        },
        error: (error: unknown) => {
          subscriber.error(error);
        },
        complete: () => {
          subscriber.complete();
        },
      });
    return () => {
      left = true;
    };
  });
}
