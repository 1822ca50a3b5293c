import { defer, EMPTY, expand, reduce, throwError, type Observable } from 'rxjs';
import type { McpPeer } from './McpPeer.js';
import { McpProtocolError } from './McpProtocolError.js';
import type { McpSchema } from './McpSchema.js';

/** A page of a paginated list. */
interface Page {
  /** The cursor of the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Fetches every page of a paginated list, one after the other (`cursor` from the previous
 * page's `nextCursor`), and emits the items of all pages once. A cursor seen twice fails with
 * `McpProtocolError` rather than looping forever.
 *
 * @param peer The session's peer.
 * @param method The list method, e.g. `'tools/list'`.
 * @param schema The schema of one page.
 * @param items The items of one page.
 * @returns All items, in order.
 */
export function fetchAllPages<P extends Page, T>(
  peer: McpPeer,
  method: string,
  schema: McpSchema<P>,
  items: (page: P) => T[],
): Observable<T[]> {
  return defer(() => {
    const seen = new Set<string>();
    const page = (cursor: string | undefined): Observable<P> =>
      peer.request(method, cursor === undefined ? undefined : { cursor }, { schema });
    return page(undefined).pipe(
      expand((result) => {
        const next = result.nextCursor;
        if (next === undefined) return EMPTY;
        if (seen.has(next)) {
          return throwError(
            () => new McpProtocolError(method, `${method} repeated the cursor ${JSON.stringify(next)}`),
          );
        }
        seen.add(next);
        return page(next);
      }),
      reduce<P, T[]>((all, result) => all.concat(items(result)), []),
    );
  });
}
