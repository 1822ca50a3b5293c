// The server's tasks as a live list. The protocol has no "task list changed" notification, so the
// list is read again whenever this client learns that a task changed: a status notification from
// the server, or a status seen by one of its own task calls (created, polled, cancelled).
import {
  debounceTime,
  filter,
  merge,
  of,
  shareReplay,
  startWith,
  switchMap,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { fetchAllPages } from '../fetchAllPages.js';
import type { McpPeer } from '../McpPeer.js';
import type { ServerCapabilities } from '../McpTypes.js';
import { McpListTasksResultSchema, type McpTask } from './taskSchemas.js';

/**
 * The server's tasks (every page of `tasks/list`, at most `maxPages`), read on the first subscription and again
 * after each change this client learns of (changes close together cause one read); the latest
 * list is replayed to late subscribers. `[]` when the server does not declare `tasks.list`.
 *
 * @param peer The session's peer.
 * @param capabilities The server's capabilities.
 * @param seen$ Every task status this client's own calls see.
 * @param scheduler The scheduler of the coalescing of changes.
 * @param maxPages The most pages one read takes (the session's `maxListPages`).
 * @returns The latest list.
 */
export function taskList(
  peer: McpPeer,
  capabilities: ServerCapabilities,
  seen$: Observable<McpTask>,
  scheduler: SchedulerLike,
  maxPages: number,
): Observable<McpTask[]> {
  if (capabilities.tasks?.list === undefined) return of([]);
  const changes$ = merge(
    peer.notifications$.pipe(filter((notification) => notification.method === 'notifications/tasks/status')),
    seen$,
  );
  return changes$.pipe(
    debounceTime(0, scheduler),
    startWith(null),
    switchMap(() =>
      fetchAllPages(peer, {
        method: 'tasks/list',
        schema: McpListTasksResultSchema,
        items: (page) => page.tasks,
        maxPages,
      }),
    ),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
}
