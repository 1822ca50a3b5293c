/**
 * Resubscribe latency: an app that leaves and comes back (a route, a reloaded window) subscribes
 * to the same `mcpSession(fromStdioServer(…))` shortly after its last unsubscribe. With the
 * session's `keepAlive` the subscriber gets the same ready session (same process, no second
 * handshake); without it, a cold spawn and a fresh handshake. The server is server-everything.
 *
 * Each measurement proves its answer as well as timing it: the session object and the server's
 * pid must be the same with keepAlive and new without; and every process carrying the run's tag
 * must be gone afterwards (after the keepAlive window, for the kept one).
 */
import path from 'node:path';
import { lastValueFrom, timeout, type Observable, type Subscription } from 'rxjs';
import { fromStdioServer } from '../../../lib/index.js';
import { mcpSession, type McpSession } from '../../../lib/session/index.js';
import { delay, withTimeout } from '../harness.js';
import { killTagged, newTag, tagEnv, taggedProcesses, waitUntilGone } from '../processes.js';

const everything = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);

/** How long the kept session outlives its last subscriber: wide, so a loaded machine stays inside it. */
export const KEEP_ALIVE_MS = 2_000;
/** The pause between the last unsubscribe and the resubscribe ("shortly after"). */
export const RESUBSCRIBE_AFTER_MS = 50;

/** One measurement. */
export interface ResubscribeSample {
  /** ms from the resubscribe to the ready session. */
  readyMs: number;
  /** The server's pid(s) before and after. */
  pidsBefore: number[];
  pidsAfter: number[];
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Subscribes and resolves with the first (ready) session, keeping the subscription open. */
async function subscribeReady(
  session$: Observable<McpSession>,
): Promise<{ session: McpSession; subscription: Subscription }> {
  let subscription: Subscription | undefined;
  const ready = new Promise<McpSession>((resolve, reject) => {
    subscription = session$.subscribe({ next: resolve, error: reject });
  });
  try {
    const session = await withTimeout(ready, 30_000, 'no ready session');
    if (subscription === undefined) throw new Error('no subscription');
    return { session, subscription };
  } catch (error) {
    subscription?.unsubscribe();
    throw error;
  }
}

/**
 * Subscribes, unsubscribes, resubscribes after `RESUBSCRIBE_AFTER_MS` and times that resubscribe.
 *
 * @param keepAlive Whether the session keeps the server for `KEEP_ALIVE_MS` after the last unsubscribe.
 * @returns The time to the ready session and the pids seen; throws on a wrong answer or a leftover.
 */
export async function measureResubscribe(keepAlive: boolean): Promise<ResubscribeSample> {
  const tag = newTag();
  const session$ = mcpSession(
    fromStdioServer({
      command: process.execPath,
      args: [everything, 'stdio'],
      env: tagEnv(tag),
      stderr: 'ignore',
    }),
    { keepAlive: keepAlive ? KEEP_ALIVE_MS : 0 },
  );
  try {
    const first = await subscribeReady(session$);
    const pidsBefore = taggedProcesses(tag);
    first.subscription.unsubscribe();
    await delay(RESUBSCRIBE_AFTER_MS);
    const start = performance.now();
    const second = await subscribeReady(session$);
    const readyMs = performance.now() - start;
    const pidsAfter = taggedProcesses(tag);
    // The session answers: a round trip on the resubscribed session.
    await lastValueFrom(second.session.ping().pipe(timeout(10_000)), { defaultValue: undefined });
    second.subscription.unsubscribe();

    if (pidsBefore.length === 0) throw new Error('no server process found');
    if (keepAlive) {
      if (second.session !== first.session) throw new Error('keepAlive: a new session (a second handshake)');
      if (!sameSet(pidsBefore, pidsAfter))
        throw new Error(`keepAlive: process changed (${pidsBefore.join(',')} → ${pidsAfter.join(',')})`);
    } else {
      if (second.session === first.session) throw new Error('no keepAlive: the old session came back');
      if (!pidsAfter.some((pid) => !pidsBefore.includes(pid)))
        throw new Error(`no keepAlive: no new process (${pidsBefore.join(',')} → ${pidsAfter.join(',')})`);
    }
    // Everything goes: with keepAlive, once the window has passed.
    const gone = await waitUntilGone(tag, performance.now() + (keepAlive ? KEEP_ALIVE_MS : 0) + 15_000);
    if (gone === null) throw new Error(`processes left: ${taggedProcesses(tag).join(', ')}`);
    return { readyMs, pidsBefore, pidsAfter };
  } finally {
    killTagged(tag);
  }
}
