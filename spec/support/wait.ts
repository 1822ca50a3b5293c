/**
 * The one way real-time tests wait: for a condition (an event's effect), polled, with a bound
 * that only turns a hang into a clear failure. Never a fixed sleep followed by a check.
 */

/** Resolves after `ms` real milliseconds (for pacing a producer, never before an assertion). */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms; resolves `true` once it holds, `false` after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await delay(5);
  }
  return true;
}

/** Like `until`, but throws (naming `what`) when the condition does not hold in time. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (!(await until(condition, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}
