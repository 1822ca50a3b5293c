import {
  concat,
  defer,
  EMPTY,
  filter,
  first,
  ignoreElements,
  Observable,
  race,
  timer,
  type SchedulerLike,
} from 'rxjs';

/** How often the group is checked for survivors while they get their SIGTERM grace. */
const POLL_INTERVAL = 50;

/**
 * Ends what a server left behind after it exited: descendants still in its process group (a
 * wrapper's child, a worker that outlived its parent). They get SIGTERM, up to `termTimeout` to
 * go, then SIGKILL. Without survivors it does nothing.
 *
 * @param treeAlive Whether any descendant of the exited server is still alive.
 * @param killTree Signals every survivor.
 * @param termTimeout Milliseconds between SIGTERM and SIGKILL.
 * @param scheduler The scheduler of the wait.
 * @returns An Observable that completes when the survivors are gone or have been sent SIGKILL.
 */
export function reapLeftovers(
  treeAlive: () => boolean,
  killTree: (signal: 'SIGTERM' | 'SIGKILL') => void,
  termTimeout: number,
  scheduler: SchedulerLike,
): Observable<never> {
  return defer(() => {
    if (!treeAlive()) return EMPTY;
    killTree('SIGTERM');
    const gone = timer(POLL_INTERVAL, POLL_INTERVAL, scheduler).pipe(filter(() => !treeAlive()));
    const deadline = timer(termTimeout, scheduler);
    return concat(
      race(gone, deadline).pipe(first(), ignoreElements()),
      defer(() => {
        if (treeAlive()) killTree('SIGKILL');
        return EMPTY;
      }),
    );
  });
}
