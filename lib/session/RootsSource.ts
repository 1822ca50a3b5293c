import { ReplaySubject, take, type Observable, type Subscription } from 'rxjs';
import type { Root } from './McpTypes.js';

/**
 * Holds the latest roots of `options.roots` for a session: `roots/list` is answered from it, and
 * each list after the first one is reported so that the session can send
 * `notifications/roots/list_changed`. Internal to the session entry.
 */
export class RootsSource {
  private readonly latest = new ReplaySubject<Root[]>(1);

  /**
   * @param roots$ The caller's roots.
   */
  constructor(private readonly roots$: Observable<Root[]>) {}

  /**
   * Starts following the caller's roots.
   *
   * @param onChange Called for every list after the first one.
   * @returns The subscription to end with the session.
   */
  connect(onChange: () => void): Subscription {
    let count = 0;
    return this.roots$.subscribe({
      next: (roots) => {
        this.latest.next(roots);
        if (count++ > 0) onChange();
      },
      error: (error: unknown) => {
        this.latest.error(error);
      },
    });
  }

  /**
   * The answer to `roots/list`: the latest list, or the first one when none came yet.
   *
   * @returns One list of roots.
   */
  list(): Observable<Root[]> {
    return this.latest.pipe(take(1));
  }
}
