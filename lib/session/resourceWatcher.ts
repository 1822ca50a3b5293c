import { ResultSchema } from './schemas/mcpSchemas.js';
import { filter, Observable, ReplaySubject, share, startWith, switchMap, tap } from 'rxjs';
import { McpError } from './McpError.js';
import type { McpPeer } from './McpPeer.js';
import type { ReadResourceResult } from './McpTypes.js';

/**
 * Makes `session.watchResource`: for each URI one shared watch (`resources/subscribe` once, read,
 * re-read on `notifications/resources/updated` for that URI, `resources/unsubscribe` when the
 * last watcher leaves), the latest contents replayed to later watchers.
 *
 * @param peer The session's peer.
 * @param read Reads a resource (`resources/read`).
 * @returns `watchResource(uri)`.
 */
export function resourceWatcher(
  peer: McpPeer,
  read: (uri: string) => Observable<ReadResourceResult>,
): (uri: string) => Observable<ReadResourceResult> {
  const watches = new Map<string, Observable<ReadResourceResult>>();
  return (uri) => {
    let watch = watches.get(uri);
    if (watch === undefined) {
      watch = watchOnce(peer, uri, read).pipe(
        share({ connector: () => new ReplaySubject<ReadResourceResult>(1), resetOnRefCountZero: true }),
      );
      watches.set(uri, watch);
    }
    return watch;
  };
}

function watchOnce(
  peer: McpPeer,
  uri: string,
  read: (uri: string) => Observable<ReadResourceResult>,
): Observable<ReadResourceResult> {
  return new Observable<ReadResourceResult>((subscriber) => {
    let refused = false;
    const updates$ = peer.notifications$.pipe(
      filter((n) => n.method === 'notifications/resources/updated' && n.params?.uri === uri),
    );
    const subscription = peer
      .request('resources/subscribe', { uri }, ResultSchema)
      .pipe(
        tap({
          error: (error: unknown) => {
            refused = error instanceof McpError;
          },
        }),
        switchMap(() => updates$.pipe(startWith(null))),
        switchMap(() => read(uri)),
      )
      .subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      if (refused || peer.closed) return;
      peer.request('resources/unsubscribe', { uri }, ResultSchema).subscribe({ error: () => undefined });
    };
  });
}
