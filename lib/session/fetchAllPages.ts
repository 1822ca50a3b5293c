import { defer, EMPTY, expand, reduce, throwError, type Observable } from 'rxjs';
import type { McpPeer } from './McpPeer.js';
import { McpProtocolError } from './McpProtocolError.js';
import type { McpSchema } from './schemas/McpSchema.js';

/** A page of a paginated list. */
interface Page {
  /** The cursor of the next page; absent on the last page. */
  nextCursor?: string;
}

/** Which list to read and how far. */
export interface PagedList<P, T> {
  /** The list method, e.g. `'tools/list'`. */
  method: string;
  /** The schema of one page. */
  schema: McpSchema<P>;
  /** The items of one page. */
  items: (page: P) => T[];
  /** The most pages to read; a `nextCursor` on the last one allowed fails the list. */
  maxPages: number;
}

/**
 * Fetches every page of a paginated list, one after the other (`cursor` from the previous
 * page's `nextCursor`), and emits the items of all pages once. A cursor seen twice, or more than
 * `maxPages` pages, fails with `McpProtocolError` rather than looping forever.
 *
 * @param peer The session's peer.
 * @param list The list, its page schema, its items and the page bound.
 * @returns All items, in order.
 */
export function fetchAllPages<P extends Page, T>(peer: McpPeer, list: PagedList<P, T>): Observable<T[]> {
  const { method, schema, items, maxPages } = list;
  return defer(() => {
    const seen = new Set<string>();
    const page = (cursor: string | undefined): Observable<P> =>
      peer.request(method, cursor === undefined ? undefined : { cursor }, schema);
    return page(undefined).pipe(
      expand((result) => {
        const next = result.nextCursor;
        if (next === undefined) return EMPTY;
        if (seen.has(next)) {
          return throwError(
            () => new McpProtocolError(method, `${method} repeated the cursor ${JSON.stringify(next)}`),
          );
        }
        if (seen.size + 1 >= maxPages) {
          return throwError(
            () =>
              new McpProtocolError(
                method,
                `${method} still had a next page after ${String(maxPages)} pages (maxListPages); the list is not read further`,
              ),
          );
        }
        seen.add(next);
        return page(next);
      }),
      reduce<P, T[]>((all, result) => all.concat(items(result)), []),
    );
  });
}
