/**
 * Pages as an app has them, several at once: each connection gets its own server process (one
 * process carries one protocol session), and closing a tab ends that tree only (the server and
 * the processes it started, proved gone by pid), while the other page goes on answering. Then
 * the operator's side: `close()` and SIGTERM end every tree.
 */
import type WebSocket from 'ws';
import type { McpRelay } from '../../lib/relay/index.js';
import { killIfAlive, processInfo, waitUntilGone } from '../support/processes.js';
import {
  acceptedSocket,
  closed,
  roundTrip,
  startRelayProcess,
  startTestRelay,
  type RecordedRelay,
} from './relayHelpers.js';

const seen = new Set<number>();
afterEach(() => {
  // Safety net only: each test proves with waitUntilGone that its processes are gone.
  killIfAlive([...seen]);
});

/** A page on the `tree` server: its socket, and the pids of its server and the server's children. */
interface TreePage {
  socket: WebSocket;
  tree: number[];
}

/**
 * Opens a page on the `tree` server and makes it spawn (a ping): the server reports the pids of
 * the children it started, and their parent (read from /proc) is the page's own server process.
 */
async function openTreePage(relay: McpRelay): Promise<TreePage> {
  const socket = await acceptedSocket(relay, 'tree');
  const children = new Promise<number[]>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { method?: string; params?: { pids: number[] } };
      if (message.method === 'pids' && message.params !== undefined) resolve(message.params.pids);
    });
  });
  await roundTrip(socket, 1);
  const pids = await children;
  const tree = [processInfo(pids[0])?.ppid ?? -1, ...pids];
  for (const pid of tree) seen.add(pid);
  return { socket, tree };
}

const SHUTDOWN = { closeTimeout: 500, termTimeout: 500 };

describe('two pages at once', () => {
  let relay: RecordedRelay;
  beforeEach(async () => {
    relay = await startTestRelay({ serverParams: { stderr: 'ignore', shutdown: SHUTDOWN } });
  });
  afterEach(async () => {
    await relay.close();
  });

  it('get two server processes; closing one tab ends its tree only, the other page still answers', async () => {
    const [a, b] = await Promise.all([openTreePage(relay), openTreePage(relay)]);
    const spawned = relay.seen.flatMap((event) => (event.type === 'spawned' ? [event.pid] : []));
    expect(spawned.sort()).toEqual([a.tree[0], b.tree[0]].sort());
    expect(a.tree[0]).not.toBe(b.tree[0]);
    expect(a.tree.filter((pid) => b.tree.includes(pid))).toEqual([]);
    expect(a.tree.length).toBeGreaterThanOrEqual(3);

    const aClosed = closed(a.socket);
    a.socket.close();
    await aClosed;
    expect(await waitUntilGone(a.tree, 10_000)).toEqual([]);
    expect(await waitUntilGone(b.tree, 0)).toEqual(b.tree);
    expect(await roundTrip(b.socket, 2, 'after-a', { still: 'here' })).toEqual({ still: 'here' });

    const bClosed = closed(b.socket);
    b.socket.terminate(); // a tab that crashes: no close frame at all
    await bClosed;
    expect(await waitUntilGone(b.tree, 10_000)).toEqual([]);
  }, 60_000);

  it('close() ends every tree, tells each page 1001, and resolves once they are gone', async () => {
    const pages = await Promise.all([openTreePage(relay), openTreePage(relay)]);
    const codes = pages.map((page) => closed(page.socket));
    await relay.close();
    expect((await Promise.all(codes)).map(({ code }) => code)).toEqual([1001, 1001]);
    // The servers are gone when close() resolves; what they started goes with their group.
    expect(
      await waitUntilGone(
        pages.map((page) => page.tree[0]),
        0,
      ),
    ).toEqual([]);
    expect(
      await waitUntilGone(
        pages.flatMap((page) => page.tree),
        5_000,
      ),
    ).toEqual([]);
  }, 60_000);
});

describe('a relay process on SIGTERM', () => {
  it('ends every server tree, then exits 0', async () => {
    const { relay, pid, run } = await startRelayProcess(seen);
    const pages = await Promise.all([openTreePage(relay), openTreePage(relay)]);
    const codes = pages.map((page) => closed(page.socket));
    process.kill(pid, 'SIGTERM');
    const result = await run;
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    expect((await Promise.all(codes)).map(({ code }) => code)).toEqual([1001, 1001]);
    expect(
      await waitUntilGone(
        pages.flatMap((page) => page.tree),
        5_000,
      ),
    ).toEqual([]);
  }, 90_000);
});
