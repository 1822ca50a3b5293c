/**
 * ProcessTree on real processes, written from the mutants the marble specs cannot reach (they
 * use a fake, which takes the `child.kill()` path): the group signal that reaches a leader's
 * leftovers, the SIGKILL after an ignored SIGTERM, `alive()` after the leader's exit, the
 * synchronous `killNow()`, and the `ps` walk for a server that does not lead its own group.
 * Every test proves by pid that what it started is gone. Kept small: a fixture with one sleeper.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { asyncScheduler, firstValueFrom, fromEvent, lastValueFrom, shareReplay, take } from 'rxjs';
import { ProcessTree, processGroupAlive } from '../../../lib/transport/process/processTree.js';
import { checkProcessesAfterEachTest } from '../../support/leakCheck.js';
import {
  endLeftovers,
  fixturePath,
  isAlive,
  killIfAlive,
  processGroupMembers,
  waitUntilGone,
} from '../../support/processes.js';

checkProcessesAfterEachTest();

/** Generous bounds: reached only when the code under test is wrong. */
const GONE_WITHIN = 10_000;

interface Started {
  child: ChildProcess;
  /** The sleeper the fixture started in its process group. */
  sleeper: number;
  /** Emits (and replays) the fixture's exit. */
  exited: ReturnType<typeof exitOf>;
}

const started: Started[] = [];

function exitOf(child: ChildProcess) {
  return fromEvent(child, 'exit').pipe(take(1), shareReplay(1));
}

/** `grandchildren.js 1 …flags`, once it has reported its sleeper's pid. */
async function startWithSleeper(detached: boolean, ...flags: string[]): Promise<Started> {
  const child = spawn(process.execPath, [fixturePath('grandchildren.js'), '1', ...flags], {
    detached,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const exited = exitOf(child);
  exited.subscribe();
  const sleeper = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.once('error', reject);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (data: string) => {
      text += data;
      const line = text.split('\n').find((l) => l.includes('"pids"'));
      if (line !== undefined)
        resolve((JSON.parse(line) as { params: { pids: number[] } }).params.pids[0] ?? 0);
    });
  });
  const entry = { child, sleeper, exited };
  started.push(entry);
  return entry;
}

afterEach(async () => {
  // Each test proves its pids gone; anything left (a failed test, or a mutant in the mutation
  // run, which has no leak check) is reported here and killed: the fixture, its sleeper and
  // whatever else is in a group it leads.
  const pids = started
    .splice(0)
    .flatMap(({ child, sleeper }) => [
      ...(child.pid === undefined ? [] : [child.pid, ...processGroupMembers(child.pid)]),
      sleeper,
    ]);
  expect(await endLeftovers(pids)).toEqual([]);
});

describe('ProcessTree (real processes)', () => {
  it('counts a leftover of an exited leader as alive, and SIGTERMs the whole group', async () => {
    const { child, sleeper, exited } = await startWithSleeper(true);
    const tree = new ProcessTree(child, true, exited);
    expect(tree.alive()).toBe(true);
    child.stdin?.end(); // the fixture exits 0 on EOF, leaving its sleeper in the group
    await firstValueFrom(exited);
    expect(isAlive(sleeper)).toBe(true);
    expect(tree.alive()).toBe(true);
    // A grace longer than the test: only the SIGTERM can end the sleeper in time.
    await lastValueFrom(tree.terminate(60_000, asyncScheduler), { defaultValue: 'done' });
    expect(await waitUntilGone([child.pid as number, sleeper], GONE_WITHIN)).toEqual([]);
    expect(tree.alive()).toBe(false);
    expect(processGroupAlive(child.pid as number)).toBe(false);
  });

  it('sends SIGKILL to the group once the SIGTERM grace is over', async () => {
    const { child, sleeper, exited } = await startWithSleeper(true, '--ignore-sigterm', '--ignore-eof');
    const tree = new ProcessTree(child, true, exited);
    await lastValueFrom(tree.terminate(100, asyncScheduler), { defaultValue: 'done' });
    // The leader went on SIGTERM; its sleeper ignores it and is gone only through the SIGKILL.
    expect(await waitUntilGone([child.pid as number, sleeper], GONE_WITHIN)).toEqual([]);
  });

  it('killNow() SIGKILLs the whole group at once', async () => {
    const { child, sleeper, exited } = await startWithSleeper(true, '--ignore-sigterm', '--ignore-eof');
    const tree = new ProcessTree(child, true, exited);
    tree.killNow();
    expect(await firstValueFrom(exited)).toEqual([null, 'SIGKILL']);
    expect(await waitUntilGone([sleeper], GONE_WITHIN)).toEqual([]);
  });

  it('killNow() on a server that does not lead a group kills the server alone', async () => {
    const { child, sleeper, exited } = await startWithSleeper(false, '--ignore-eof');
    const tree = new ProcessTree(child, false, exited);
    tree.killNow();
    expect(await firstValueFrom(exited)).toEqual([null, 'SIGKILL']);
    // Out of reach without a group: it stays until the safety net ends it.
    expect(isAlive(sleeper)).toBe(true);
    killIfAlive([sleeper]);
    expect(await waitUntilGone([sleeper], GONE_WITHIN)).toEqual([]);
  });

  it('signals a server that does not lead a group through the ps walk, descendants included', async () => {
    const { child, sleeper, exited } = await startWithSleeper(false, '--ignore-eof');
    const tree = new ProcessTree(child, false, exited);
    tree.signal('SIGTERM');
    expect(await firstValueFrom(exited)).toEqual([null, 'SIGTERM']);
    expect(await waitUntilGone([sleeper], GONE_WITHIN)).toEqual([]);
    // Not a group leader: nothing is polled beyond the leader, whose exit is known.
    expect(tree.alive()).toBe(false);
  });
});
