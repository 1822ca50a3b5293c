import { from, map } from 'rxjs';
import type { McpPeerConfig } from '../McpPeer.js';
import { relatedTaskOf, withRelatedTask } from './taskMeta.js';

/**
 * Wraps a handler of the server's requests so that the answer to a request tied to a task (its
 * params' `_meta` name one, as the server must for, say, the elicitation a task waits on) names
 * the task too, as protocol 2025-11-25 asks of every message related to a task. `tasks/*` are
 * left alone: their `taskId` param says which task they are about.
 *
 * @param handleRequest The handler.
 * @returns The handler whose answers carry the related-task metadata where due.
 */
export function relatedTaskAnswers(
  handleRequest: McpPeerConfig['handleRequest'],
): McpPeerConfig['handleRequest'] {
  return (method, params, context) => {
    const taskId = method.startsWith('tasks/') ? undefined : relatedTaskOf(params);
    const answer = handleRequest(method, params, context);
    return taskId === undefined
      ? answer
      : from(answer).pipe(map((result) => withRelatedTask(result, taskId)));
  };
}
