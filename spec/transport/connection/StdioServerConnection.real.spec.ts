/**
 * The connection's host-exit guard on real processes, written from the mutants the fake child
 * cannot reach (only a Node ChildProcess is guarded): a live server is in the guard until its
 * tree is gone, whether it exits on stdin's EOF or only after the SIGTERM of a shutdown, and the
 * guard's kill (what runs when the host exits) ends it. Every test proves by pid that what it
 * started is gone.
 */
import { StdioServerConnection } from '../../../lib/transport/connection/StdioServerConnection.js';
import { resolveParams } from '../../../lib/transport/connection/resolveParams.js';
import type { StdioExitEvent } from '../../../lib/transport/StdioServerParams.js';
import { guardedTrees } from '../../support/guardedTrees.js';
import { checkProcessesAfterEachTest } from '../../support/leakCheck.js';
import { killIfAlive, waitUntilGone } from '../../support/processes.js';
import { waitFor } from '../../support/wait.js';

checkProcessesAfterEachTest();

/** What each server writes once its script runs (a spawned process may not have started it yet). */
const READY = 'console.log(JSON.stringify({ ready: true }));';
/** A server that exits when its stdin ends. */
const EXITS_ON_EOF = `process.stdin.resume(); process.stdin.on("end", () => process.exit(0)); ${READY}`;
/** A server that never reads stdin: only a signal ends it. */
const IGNORES_EOF = `setInterval(() => undefined, 1000); ${READY}`;
/** Generous: reached only when the code under test is wrong. */
const WITHIN = 10_000;

const pids: number[] = [];
afterEach(() => {
  killIfAlive(pids.splice(0));
});

/**
 * A connection to `node -e script`, started, once its script runs. `closeTimeout` is how long a
 * shutdown waits for the EOF exit before its SIGTERM.
 */
async function running(script: string, closeTimeout: number) {
  let pid: number | undefined;
  const exits: StdioExitEvent[] = [];
  const config = resolveParams<unknown, unknown>({
    command: process.execPath,
    args: ['-e', script],
    stderr: 'ignore',
    shutdown: { closeTimeout, termTimeout: 2000 },
    spawnObserver: { next: (event) => (pid = event.pid) },
    exitObserver: { next: (exit) => exits.push(exit) },
  });
  const connection = new StdioServerConnection(config);
  const outcome = { completed: false, error: undefined as unknown, ready: false };
  connection.output.subscribe({
    next: () => (outcome.ready = true),
    error: (error: unknown) => (outcome.error = error),
    complete: () => (outcome.completed = true),
  });
  const before = new Set(guardedTrees());
  connection.start();
  await waitFor(() => pid !== undefined && outcome.ready, 'the server to run its script', WITHIN);
  pids.push(pid as number);
  const mine = [...guardedTrees()].filter((tree) => !before.has(tree));
  return { connection, pid: pid as number, exits, outcome, mine };
}

describe('StdioServerConnection: the host-exit guard', () => {
  it('guards a server while it runs, and lets go once it exits on the EOF of a shutdown', async () => {
    const server = await running(EXITS_ON_EOF, WITHIN);
    expect(server.mine).toHaveLength(1);
    server.connection.end();
    await waitFor(() => server.outcome.completed, 'the session to complete', WITHIN);
    expect(server.exits).toEqual([{ code: 0, signal: null }]);
    expect(guardedTrees().has(server.mine[0] as never)).toBe(false);
    expect(await waitUntilGone([server.pid], WITHIN)).toEqual([]);
  });

  it('lets go of a server that ignores the EOF once the SIGTERM has ended its tree', async () => {
    const server = await running(IGNORES_EOF, 200);
    expect(server.mine).toHaveLength(1);
    server.connection.end();
    await waitFor(() => server.outcome.completed, 'the session to complete', WITHIN);
    expect(server.exits).toEqual([{ code: null, signal: 'SIGTERM' }]);
    // The termination's end (its leader gone, its group empty) releases the guard.
    await waitFor(() => !guardedTrees().has(server.mine[0] as never), 'the guard to let go', WITHIN);
    expect(await waitUntilGone([server.pid], WITHIN)).toEqual([]);
  });

  it("the guard's kill, what runs as the host exits, ends the server at once", async () => {
    const server = await running(IGNORES_EOF, 200);
    const [tree] = server.mine;
    if (tree === undefined) throw new Error('not guarded');
    tree.killNow();
    expect(await waitUntilGone([server.pid], WITHIN)).toEqual([]);
    await waitFor(() => server.exits.length === 1, 'the exit', WITHIN);
    expect(server.exits).toEqual([{ code: null, signal: 'SIGKILL' }]);
    // A server that died of a kill nobody asked for crashed.
    await waitFor(() => server.outcome.error !== undefined, 'the crash', WITHIN);
    expect(server.outcome.error).toMatchObject({ name: 'StdioServerExitError', signal: 'SIGKILL' });
  });
});
