import { execFileSync, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { filter, firstValueFrom, map, take, timeout } from 'rxjs';
import {
  fromStdioServer,
  StdioServerExitError,
  type MalformedFrame,
  type StdioExitEvent,
  type StdioServerParams,
} from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { collect, valuesOf } from '../support/collect.js';
import { waitFor } from '../support/wait.js';
import {
  descendantsOf,
  fixturePath,
  isAlive,
  killGroupIfAlive,
  killIfAlive,
  processInfo,
  waitUntilGone,
} from '../support/processes.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';

checkProcessesAfterEachTest();

type Params = Partial<StdioServerParams<JsonRpcMessage, JsonRpcMessage>>;

/** Every pid a test caused, to prove at the end that none is alive (and to clean up if not). */
const pids: number[] = [];

afterEach(async () => {
  const left = await waitUntilGone(pids, 3000);
  killIfAlive(left);
  for (const pid of left) killGroupIfAlive(pid);
  pids.length = 0;
  expect(left).toEqual([]);
});

/** A transport on a fixture, recording its pid, its exits and its skipped lines. */
function fixture(name: string, args: string[] = [], params: Params = {}) {
  const exits: (StdioExitEvent & { at: number })[] = [];
  const malformed: MalformedFrame[] = [];
  const stderr: string[] = [];
  let pid: number | undefined;
  const server$ = fromStdioServer({
    command: process.execPath,
    args: [fixturePath(name), ...args],
    stderr: { next: (line) => stderr.push(line) },
    spawnObserver: {
      next: (e) => {
        pid = e.pid;
        if (e.pid !== undefined) pids.push(e.pid);
      },
    },
    exitObserver: { next: (e) => exits.push({ ...e, at: performance.now() }) },
    malformedObserver: { next: (r) => malformed.push(r) },
    ...params,
  });
  return { server$, exits, malformed, stderr, pid: () => pid };
}

const request = (id: number, method = 'ping', params?: unknown): JsonRpcMessage => ({
  jsonrpc: '2.0',
  id,
  method,
  ...(params === undefined ? {} : { params }),
});

/** Resolves once the frame with this id arrives (a bound against a hang, not a speed check). */
function answer(server$: ReturnType<typeof fixture>['server$'], id: number): Promise<JsonRpcMessage> {
  return firstValueFrom(
    server$.pipe(
      filter((m) => m.id === id),
      take(1),
      timeout(100_000),
    ),
  );
}

/** Waits until `condition` holds (throws if it does not within 10 s). */
const until = (condition: () => boolean): Promise<void> => waitFor(condition, 'the condition');

describe('real processes', () => {
  it('echo: round trips in order, completes after a polite exit on unsubscribe', async () => {
    const { server$, exits, pid } = fixture('echo.js');
    const recording = collect(server$.pipe(take(200)));
    for (let id = 1; id <= 200; id++) server$.next(request(id, 'echo', { id }));
    const values = valuesOf(await recording);
    expect(values.map((m) => m.id)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    await until(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ code: 0, signal: null });
    expect(isAlive(pid() as number)).toBe(false);
  });

  it('slow exit: waits for the server to exit on EOF, no signal needed', async () => {
    const { server$, exits } = fixture('slow-exit.js', ['300'], { shutdown: { closeTimeout: 3000 } });
    const subscription = server$.subscribe();
    server$.next(request(1));
    await answer(server$, 1);
    const start = performance.now();
    subscription.unsubscribe();
    await until(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ code: 0, signal: null });
    expect((exits[0]?.at ?? 0) - start).toBeGreaterThanOrEqual(250);
  });

  it('ignores EOF: SIGTERM after closeTimeout', async () => {
    const { server$, exits } = fixture('ignore-eof.js', [], {
      shutdown: { closeTimeout: 300, termTimeout: 3000 },
    });
    const subscription = server$.subscribe();
    server$.next(request(1));
    await answer(server$, 1);
    const start = performance.now();
    subscription.unsubscribe();
    await until(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ code: null, signal: 'SIGTERM' });
    // Not before closeTimeout (a lower bound holds on any machine); SIGTERM, not SIGKILL, proves
    // it came before closeTimeout + termTimeout.
    expect((exits[0]?.at ?? 0) - start).toBeGreaterThanOrEqual(290);
  });

  it('ignores SIGTERM: SIGKILL after closeTimeout + termTimeout', async () => {
    const { server$, exits } = fixture('ignore-sigterm.js', [], {
      shutdown: { closeTimeout: 200, termTimeout: 300 },
    });
    const subscription = server$.subscribe();
    await firstValueFrom(
      server$.pipe(
        filter((m) => m.method === 'ready'),
        timeout(10_000),
      ),
    );
    const start = performance.now();
    subscription.unsubscribe();
    await until(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect((exits[0]?.at ?? 0) - start).toBeGreaterThanOrEqual(490);
  });

  it.each([
    ['grandchildren in the group', ['3']],
    ['grandchildren behind sh -c wrappers', ['2', '--wrapper']],
    ['grandchildren that ignore SIGTERM and hold stdout', ['2', '--ignore-sigterm', '--hold-stdio']],
    ['a server that exits on EOF but leaves grandchildren', ['2', '--ignore-sigterm', '--wrapper']],
  ])('kills the whole tree: %s', async (_name, args) => {
    const { server$, exits, pid } = fixture('grandchildren.js', args, {
      shutdown: { closeTimeout: 300, termTimeout: 300 },
    });
    const subscription = server$.subscribe();
    const reported = await firstValueFrom(
      server$.pipe(
        filter((m) => m.method === 'pids'),
        map((m) => m.params as { pids: number[]; wrappers: number[] }),
        timeout(10_000),
      ),
    );
    const tree = [pid() as number, ...reported.pids, ...reported.wrappers];
    pids.push(...reported.pids, ...reported.wrappers);
    for (const member of tree) expect(processInfo(member)?.pgid).toBe(pid());
    expect(descendantsOf(pid() as number).length).toBeGreaterThanOrEqual(reported.pids.length);
    subscription.unsubscribe();
    await until(() => exits.length === 1);
    expect(await waitUntilGone(tree, 3000)).toEqual([]);
  });

  it('a crash explains itself: StdioServerExitError with code and stderr tail', async () => {
    const { server$ } = fixture('crash.js', ['3']);
    const notifications = await collect(server$);
    const error = notifications[notifications.length - 1];
    expect(error?.kind).toBe('E');
    const exit = (error as { error: unknown }).error;
    expect(exit).toBeInstanceOf(StdioServerExitError);
    expect(exit).toMatchObject({ name: 'StdioServerExitError', code: 3, signal: null });
    const tail = (exit as StdioServerExitError).stderrTail;
    expect(tail[tail.length - 1]).toBe('fatal: boom');
    expect(tail[0]).toMatch(/^crash: starting \(pid \d+\)$/);
    expect((exit as Error).message).toBe('MCP server exited with code 3; last stderr: fatal: boom');
  });

  it('a crash by signal reports the signal', async () => {
    const { server$ } = fixture('crash.js', ['--signal', 'SIGSEGV']);
    const last = (await collect(server$)).pop();
    expect(last).toMatchObject({
      kind: 'E',
      error: { name: 'StdioServerExitError', code: null, signal: 'SIGSEGV' },
    });
  });

  it('bad frames: every good frame arrives in order, every bad line is reported, under each handler', async () => {
    const max = 200;
    const list = JSON.parse(
      execFileSync(process.execPath, [fixturePath('bad-frames.js'), String(max), '--list'], {
        encoding: 'utf8',
      }),
    ) as {
      entries: {
        expect: string;
        frame?: unknown;
        frameIfReplaced?: unknown;
        validUtf8: boolean;
        name: string;
      }[];
    };
    for (const handler of ['strict', 'replace'] as const) {
      const { server$, malformed } = fixture('bad-frames.js', [String(max), '--chunk', '7'], {
        maxFrameLength: max,
        encodingErrorHandler: handler,
      });
      const notifications = await collect(server$);
      expect(notifications[notifications.length - 1]).toEqual({ kind: 'C' });
      const expected = list.entries.flatMap((e) => {
        if (e.expect === 'frame') return [e.frame];
        if (handler === 'replace' && e.frameIfReplaced !== undefined) return [e.frameIfReplaced];
        return [];
      });
      expect(valuesOf(notifications)).toEqual(expected);
      const reported = list.entries.filter(
        (e) => e.expect === 'malformed' && !(handler === 'replace' && e.frameIfReplaced !== undefined),
      );
      expect(malformed.length).toBe(reported.length);
    }
  });

  it('delivers a last frame without newline before completing', async () => {
    const { server$ } = fixture('no-newline.js');
    expect(await collect(server$)).toEqual([
      { kind: 'N', value: { jsonrpc: '2.0', method: 'last', params: { n: 1 } } },
      { kind: 'C' },
    ]);
  });

  it('a server that exits while the client writes (EPIPE) is no uncaught exception', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      // The real spawn, kept so the test can wait for the end of the server's stdin.
      let stdin: Writable | null = null;
      const { server$, exits } = fixture('epipe.js', ['0'], {
        spawn: (command, args, options) => {
          const child = spawn(command, args, options);
          stdin = child.stdin;
          return child;
        },
      });
      const done = collect(server$);
      const big = 'x'.repeat(64 * 1024);
      for (let id = 1; id <= 64; id++) server$.next(request(id, 'echo', { big }));
      await until(() => exits.length === 1);
      // Keep writing into the dead pipe for a while.
      for (let id = 100; id <= 120; id++) server$.next(request(id, 'echo', { big }));
      const last = (await done).pop();
      expect(last).toEqual({ kind: 'C' });
      // Once stdin is closed, every EPIPE of a write into it has been emitted (an error is
      // emitted before the close), so one that escaped would be in `uncaught` by now.
      await waitFor(() => (stdin as Writable | null)?.closed === true, 'the server’s stdin to close');
      expect(uncaught).toEqual([]);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });

  it('8 MiB each way: a large request and its large answer', async () => {
    const { server$ } = fixture('echo.js');
    const big = 'y'.repeat(8 * 1024 * 1024);
    const reply = answer(server$, 7);
    server$.next(request(7, 'echo', { big }));
    const message = await reply;
    expect((message.result as { big: string }).big.length).toBe(big.length);
  }, 120_000);

  it('a resubscription spawns a fresh process', async () => {
    const { server$, pid } = fixture('echo.js');
    server$.next(request(1));
    await answer(server$, 1);
    const first = pid();
    server$.next(request(2));
    await answer(server$, 2);
    expect(pid()).not.toBe(first);
    expect(await waitUntilGone([first as number], 3000)).toEqual([]);
  });

  it('after complete(), next() is dropped: the message never reaches the next process', async () => {
    const { server$, exits, pid } = fixture('echo.js');
    const seen: JsonRpcMessage[] = [];
    const done = collect(server$);
    server$.next(request(1));
    await answer(server$, 1);
    const first = pid();
    server$.complete();
    server$.next(request(5)); // after complete(): dropped
    expect((await done).pop()).toEqual({ kind: 'C' });
    await until(() => exits.length === 1);
    const subscription = server$.subscribe((m) => seen.push(m));
    server$.next(request(6));
    await answer(server$, 6);
    expect(pid()).not.toBe(first);
    expect(seen.map((m) => m.id)).toEqual([6]);
    subscription.unsubscribe();
    await until(() => exits.length === 2);
  });

  it('a server that closes stdout but keeps running is shut down, and the stream completes', async () => {
    const { server$, exits } = fixture('close-stdout.js', [], {
      shutdown: { closeTimeout: 500, termTimeout: 500 },
    });
    expect((await collect(server$)).pop()).toEqual({ kind: 'C' });
    await until(() => exits.length === 1);
    expect(exits[0]).toMatchObject({ code: 0 });
  });
});

describe('host exit', () => {
  /** Runs a host script that starts a server and then ends itself in the given way. */
  async function hostThatDies(how: 'exit' | 'SIGTERM' | 'throw'): Promise<number[]> {
    const script = `
      const { fromStdioServer } = require(${JSON.stringify(require.resolve('../../dist/cjs/index.js'))});
      const server$ = fromStdioServer({
        command: process.execPath,
        args: [${JSON.stringify(fixturePath('grandchildren.js'))}, '2', '--ignore-sigterm', '--ignore-eof'],
        stderr: 'ignore',
        spawnObserver: { next: (e) => (serverPid = e.pid) },
      });
      let serverPid;
      server$.subscribe((m) => {
        if (m.method !== 'pids') return;
        console.log(JSON.stringify([serverPid, m.params.pids, m.params.wrappers].flat()));
        ${how === 'exit' ? 'process.exit(0);' : how === 'throw' ? 'setTimeout(() => { throw new Error("host crash"); });' : ''}
      });
      ${how === 'SIGTERM' ? 'setInterval(() => {}, 1000);' : ''}
    `;
    const host = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (host.pid !== undefined) pids.push(host.pid);
    const line = await new Promise<string>((resolve, reject) => {
      host.stdout.once('data', (d: Buffer) => resolve(d.toString()));
      host.once('exit', () => reject(new Error('host ended before reporting')));
    });
    const tree = JSON.parse(line) as number[];
    pids.push(...tree);
    if (how === 'SIGTERM') host.kill('SIGTERM');
    await new Promise((resolve) => host.once('exit', resolve));
    return tree;
  }

  it.each(['exit', 'SIGTERM', 'throw'] as const)(
    'kills live server trees when the host ends by %s',
    async (how) => {
      const tree = await hostThatDies(how);
      expect(tree).toHaveLength(3); // the server and its two sleepers
      expect(await waitUntilGone(tree, 3000)).toEqual([]);
    },
  );
});
