// docs/tasks.md example: typeahead.example.ts
import { filter, switchMap, type Observable } from 'rxjs';
import type { McpSession } from '../../../../lib/session/index.js';

/** The report on the topic typed last; each new topic cancels the task of the one before. */
export function researchAsYouType(session: McpSession, topics$: Observable<string>) {
  return topics$.pipe(
    switchMap((topic) => session.callToolTask('simulate-research-query', { topic })),
    filter((event) => event.type === 'result'),
  );
}
