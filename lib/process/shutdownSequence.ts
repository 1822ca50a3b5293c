import { concat, defer, first, map, mergeMap, Observable, of, race, timer, type SchedulerLike } from 'rxjs';

/** What the shutdown sequence acts on. */
export interface ShutdownTarget {
  /** Step 1: close the server's stdin (after what is queued), so it reads EOF. */
  closeStdin(): void;
  /** Steps 2 and 3: signal the server's whole process tree. */
  killTree(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Emits (at least once) when the server process has exited. */
  readonly exited: Observable<unknown>;
}

/** The stage the sequence reached, for logs and tests. */
export type ShutdownStep = 'stdin-closed' | 'sigterm' | 'sigkill' | 'exited';

/**
 * The MCP stdio shutdown sequence, every wait bounded and timed on `scheduler`:
 * 1. close stdin; wait up to `closeTimeout` for the process to exit;
 * 2. SIGTERM to the whole process tree; wait up to `termTimeout`;
 * 3. SIGKILL to the whole process tree.
 * It stops at the first step after which the process has exited. Subscribing runs it;
 * unsubscribing abandons the remaining steps.
 *
 * @example
 * ```ts
 * shutdownSequence(target, 2000, 2000, asyncScheduler).subscribe((step) => log(step));
 * // stdin-closed, exited            (a polite server)
 * // stdin-closed, sigterm, sigkill  (a server that ignores EOF and SIGTERM)
 * ```
 *
 * @param target The process to end.
 * @param closeTimeout Milliseconds to wait after closing stdin.
 * @param termTimeout Milliseconds to wait after SIGTERM.
 * @param scheduler The scheduler of both waits.
 * @returns The steps taken, in order; completes when the sequence is over.
 */
export function shutdownSequence(
  target: ShutdownTarget,
  closeTimeout: number,
  termTimeout: number,
  scheduler: SchedulerLike,
): Observable<ShutdownStep> {
  const exitedWithin = (ms: number): Observable<boolean> =>
    race(target.exited.pipe(map(() => true)), timer(ms, scheduler).pipe(map(() => false))).pipe(first());
  // Each stage acts, reports itself, then either sees the exit or hands over to the next stage.
  const stage = (
    name: ShutdownStep,
    act: () => void,
    wait: number,
    next: Observable<ShutdownStep>,
  ): Observable<ShutdownStep> =>
    defer(() => {
      act();
      return concat(
        of(name),
        exitedWithin(wait).pipe(mergeMap((exited) => (exited ? of<ShutdownStep>('exited') : next))),
      );
    });
  const kill = defer(() => {
    target.killTree('SIGKILL');
    return of<ShutdownStep>('sigkill');
  });
  return stage(
    'stdin-closed',
    () => {
      target.closeStdin();
    },
    closeTimeout,
    stage(
      'sigterm',
      () => {
        target.killTree('SIGTERM');
      },
      termTimeout,
      kill,
    ),
  );
}
