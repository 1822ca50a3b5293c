/**
 * Shared use on a real server (server-everything): several consumers of one session$, and the
 * one-protocol-session-per-process rule across mcpSession() and the SDK bridge. Each test proves
 * the server's process tree is gone, by pid.
 */
import { filter, firstValueFrom, lastValueFrom, map, switchMap, take, type Observable } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import { toSdkTransport } from '../../lib/sdk/index.js';
import {
  mcpSession,
  McpTransportInUseError,
  type CallToolResult,
  type McpRequestEvent,
  type McpSession,
} from '../../lib/session/index.js';
import { descendantsOf, killIfAlive, waitUntilGone } from '../support/processes.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';

checkProcessesAfterEachTest();

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

/** The everything server, with the pid of each process it spawns. */
function everythingServer() {
  const pids: number[] = [];
  const server$ = fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: {
      next: ({ pid }) => {
        if (pid !== undefined) pids.push(pid);
      },
    },
  });
  return { server$, pids };
}

const textOf = (events$: Observable<McpRequestEvent<CallToolResult>>): Observable<string> =>
  events$.pipe(
    filter((e) => e.type === 'result'),
    map((e) => e.result.content.map((block) => (block.type === 'text' ? block.text : block.type)).join('\n')),
  );

/** Every pid of the trees rooted at `pids`, now. */
const treesOf = (pids: number[]): number[] => pids.flatMap((pid) => [pid, ...descendantsOf(pid)]);

async function expectGone(tree: number[]): Promise<void> {
  const left = await waitUntilGone(tree, 8000);
  killIfAlive(left);
  expect(left).toEqual([]);
}

describe('one session$ on server-everything, several consumers', () => {
  it('two subscribers call different tools at once, get their own answers, share one process', async () => {
    const { server$, pids } = everythingServer();
    const session$ = mcpSession(server$, { requestTimeout: 15_000 });
    const call = (tool: string, args: Record<string, unknown>) =>
      firstValueFrom(session$.pipe(switchMap((session) => textOf(session.callTool(tool, args)))));
    const sessions: McpSession[] = [];
    const keep = session$.subscribe((s) => sessions.push(s));
    const [echo, sum, names] = await Promise.all([
      call('echo', { message: 'from window A' }),
      call('get-sum', { a: 20, b: 22 }),
      firstValueFrom(
        session$.pipe(
          switchMap((s) => s.tools$),
          take(1),
        ),
      ),
    ]);
    expect(echo).toBe('Echo: from window A');
    expect(sum).toContain('42');
    expect(names.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    expect(pids).toHaveLength(1);
    const tree = treesOf(pids);
    keep.unsubscribe();
    await expectGone(tree);
    expect(sessions).toHaveLength(1);
  });

  it('a BigInt argument fails that call alone; the other subscriber and the process go on', async () => {
    const { server$, pids } = everythingServer();
    const session$ = mcpSession(server$, { requestTimeout: 15_000 });
    const keep = session$.subscribe();
    const failed = firstValueFrom(
      session$.pipe(switchMap((s) => textOf(s.callTool('echo', { message: 1n })))),
    );
    await expect(failed).rejects.toThrow(/BigInt/);
    const echo = await firstValueFrom(
      session$.pipe(switchMap((s) => textOf(s.callTool('echo', { message: 'still here' })))),
    );
    expect(echo).toBe('Echo: still here');
    expect(pids).toHaveLength(1);
    const tree = treesOf(pids);
    keep.unsubscribe();
    await expectGone(tree);
  });
});

describe('one protocol session per live subject', () => {
  it('a second mcpSession() Observable errors; an SDK transport start() rejects; the first session is unharmed', async () => {
    const { server$, pids } = everythingServer();
    const first = mcpSession(server$, { requestTimeout: 15_000 });
    const keep = first.subscribe();
    await firstValueFrom(first);
    await expect(lastValueFrom(mcpSession(server$))).rejects.toThrow(McpTransportInUseError);
    const sdk = toSdkTransport(server$);
    await expect(sdk.start()).rejects.toThrow(
      /already carries an mcpSession\(\).*Connect one SDK Client per/,
    );
    const echo = await firstValueFrom(
      first.pipe(switchMap((s) => textOf(s.callTool('echo', { message: 'ok' })))),
    );
    expect(echo).toBe('Echo: ok');
    expect(pids).toHaveLength(1);
    const tree = treesOf(pids);
    keep.unsubscribe();
    await expectGone(tree);
  });
});
