import { filter, of, shareReplay, startWith, switchMap, type Observable } from 'rxjs';
import { fetchAllPages } from './fetchAllPages.js';
import type { McpPeer } from './McpPeer.js';
import type { McpSchema } from './schemas/McpSchema.js';

/** Which list, how to read it, and what announces a change. */
export interface LiveListSpec<P, T> {
  /** The list method, e.g. `'tools/list'`. */
  method: string;
  /** The schema of one page. */
  schema: McpSchema<P>;
  /** The items of one page. */
  items: (page: P) => T[];
  /** The notification that the list changed, e.g. `'notifications/tools/list_changed'`. */
  changed: string;
  /** The most pages one fetch reads (then `McpProtocolError`). */
  maxPages: number;
  /** Whether the server declared the capability; when not, the list is `[]` and nothing is asked. */
  supported: boolean;
}

/**
 * A list of the server that stays current: fetched (every page) on the first subscription and
 * again on each `changed` notification (a fetch in flight is cancelled by a newer one), the
 * latest list replayed to late subscribers; it stops listening when the last subscriber leaves.
 *
 * @param peer The session's peer.
 * @param spec The list.
 * @returns The latest complete list.
 */
export function liveList<P extends { nextCursor?: string }, T>(
  peer: McpPeer,
  spec: LiveListSpec<P, T>,
): Observable<T[]> {
  return peer.notifications$.pipe(
    filter((notification) => notification.method === spec.changed),
    startWith(null),
    switchMap(() => (spec.supported ? fetchAllPages(peer, spec) : of([]))),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
}
