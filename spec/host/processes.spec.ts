/**
 * The host on real processes: the reference servers plus a fixture that crashes on its second
 * call, a config edited live, 20 servers at once. Each test proves by pid that what it started
 * is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BehaviorSubject, filter, firstValueFrom, lastValueFrom, map, timeout, toArray } from 'rxjs';
import { StdioServerExitError } from '../../lib/index.js';
import { mcpHost, type McpHost, type McpHostConfig, type McpHostState } from '../../lib/host/index.js';
import type { McpServerEntry } from '../../lib/config/index.js';
import type { CallToolResult, McpRequestEvent } from '../../lib/session/index.js';
import { descendantsOf, endLeftovers, openFdCount, waitUntilGone } from '../support/processes.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';

checkProcessesAfterEachTest();

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const memory = require.resolve('@modelcontextprotocol/server-memory/dist/index.js');
const filesystem = require.resolve('@modelcontextprotocol/server-filesystem/dist/index.js');
const crasher = path.join(__dirname, 'fixtures', 'crash-on-second-call.js');

const node = (script: string, ...args: string[]): McpServerEntry => ({
  command: process.execPath,
  args: [script, ...args],
});

/** Every pid a test saw (servers and their descendants), for the safety net. */
const seen = new Set<number>();
afterEach(async () => {
  // Each test proves its processes gone; what one that failed half-way left is reported here.
  const left = await endLeftovers(seen);
  seen.clear();
  expect(left).toEqual([]);
});

/** Remembers the pids of a state's servers (and, when asked, their descendants: a /proc scan). */
function remember(state: McpHostState, withDescendants = false): void {
  for (const server of Object.values(state.servers)) {
    if (server.pid === undefined || (seen.has(server.pid) && !withDescendants)) continue;
    seen.add(server.pid);
    if (withDescendants) for (const pid of descendantsOf(server.pid)) seen.add(pid);
  }
}

/** The first state that satisfies `test` (bounded: a busy CI machine gets 60 s). */
function stateWhere(host: McpHost, test: (state: McpHostState) => boolean): Promise<McpHostState> {
  return firstValueFrom(host.pipe(filter(test), timeout(60_000)));
}

const allReady = (state: McpHostState): boolean =>
  Object.values(state.servers).every((server) => server.status === 'ready');
const pidOf = (state: McpHostState, name: string): number | undefined => state.servers[name]?.pid;

/** The text of a call's result. */
async function callText(host: McpHost, name: string, args?: Record<string, unknown>): Promise<string> {
  const events: McpRequestEvent<CallToolResult>[] = await lastValueFrom(
    host.callTool(name, args).pipe(toArray()),
  );
  const last = events.at(-1);
  if (last?.type !== 'result') throw new Error(`no result for ${name}`);
  return (last.result.content[0] as { text: string }).text;
}

describe('mcpHost on real servers', () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'rxjs-mcp-host-'));
  });
  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('runs the reference servers, restarts a crash, applies a live edit, leaves nothing behind', async () => {
    const memoryEntry = { ...node(memory), env: { MEMORY_FILE_PATH: path.join(workDir, 'memory.jsonl') } };
    const first: McpHostConfig = {
      mcpServers: {
        everything: node(everything, 'stdio'),
        memory: memoryEntry,
        filesystem: node(filesystem, workDir),
        crasher: node(crasher),
      },
    };
    const configs = new BehaviorSubject<McpHostConfig>(first);
    const host = mcpHost(configs, { restart: { initialDelay: 50, jitter: 0 } });
    const statuses: string[] = [];
    const app = host.subscribe((state) => {
      remember(state, state.servers.filesystem?.status === 'ready');
      const crash = state.servers.crasher;
      if (crash !== undefined) statuses.push(crash.status);
    });
    // A second consumer of the same host: same servers, same processes.
    const panel = host.pipe(map((state) => Object.values(state.servers).map((s) => s.pid)));

    const ready = await stateWhere(host, allReady);
    expect(
      Object.values(ready.servers).map((s) => [s.name, s.status === 'ready' && s.serverInfo.name]),
    ).toEqual([
      ['everything', 'mcp-servers/everything'],
      ['memory', 'memory-server'],
      ['filesystem', 'secure-filesystem-server'],
      ['crasher', 'crash-on-second-call'],
    ]);
    expect(await firstValueFrom(panel)).toEqual(Object.values(ready.servers).map((s) => s.pid));
    const names = ready.tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'everything_echo',
        'memory_read_graph',
        'filesystem_list_directory',
        'crasher_hit',
      ]),
    );

    expect(await callText(host, 'everything_echo', { message: 'hi' })).toBe('Echo: hi');
    expect(JSON.parse(await callText(host, 'memory_read_graph'))).toEqual({ entities: [], relations: [] });
    const crasherPid = pidOf(ready, 'crasher');
    expect(await callText(host, 'crasher_hit')).toBe(`pid ${crasherPid}`);

    // The second call crashes the fixture: the call fails, the server restarts with a new pid.
    await expect(callText(host, 'crasher_hit')).rejects.toThrow();
    const restarted = await stateWhere(
      host,
      (s) => s.servers.crasher?.status === 'ready' && pidOf(s, 'crasher') !== crasherPid,
    );
    expect(statuses).toContain('restarting');
    const others = ['everything', 'memory', 'filesystem'];
    expect(others.map((n) => pidOf(restarted, n))).toEqual(others.map((n) => pidOf(ready, n)));
    expect(await callText(host, 'crasher_hit')).toBe(`pid ${pidOf(restarted, 'crasher')}`);
    expect(await waitUntilGone([crasherPid ?? -1], 10_000)).toEqual([]);

    // A live edit: filesystem removed, crasher changed (args), memory2 added; the rest untouched.
    const fsPids = [pidOf(ready, 'filesystem') ?? -1, ...descendantsOf(pidOf(ready, 'filesystem') ?? -1)];
    const oldCrasher = pidOf(restarted, 'crasher');
    configs.next({
      mcpServers: {
        everything: node(everything, 'stdio'),
        memory: memoryEntry,
        crasher: node(crasher, '--tools=hit,more'),
        memory2: node(crasher, '--tools=x'),
      },
    });
    const edited = await stateWhere(
      host,
      (s) => allReady(s) && s.servers.memory2 !== undefined && pidOf(s, 'crasher') !== oldCrasher,
    );
    expect(Object.keys(edited.servers)).toEqual(['everything', 'memory', 'crasher', 'memory2']);
    expect(['everything', 'memory'].map((n) => pidOf(edited, n))).toEqual(
      ['everything', 'memory'].map((n) => pidOf(ready, n)),
    );
    expect(edited.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['crasher_more', 'memory2_x']));
    expect(await waitUntilGone([...fsPids, oldCrasher ?? -1], 10_000)).toEqual([]);

    app.unsubscribe();
    expect(await waitUntilGone([...seen], 15_000)).toEqual([]);
  }, 120_000);

  it('carries the exit code and stderr of a crash in the restarting state', async () => {
    const host = mcpHost({ mcpServers: { crasher: node(crasher) } }, { restart: { initialDelay: 60_000 } });
    const app = host.subscribe((state) => {
      remember(state);
    });
    await stateWhere(host, allReady);
    await callText(host, 'crasher_hit');
    await expect(callText(host, 'crasher_hit')).rejects.toThrow();
    const state = await stateWhere(host, (s) => s.servers.crasher?.status === 'restarting');
    const crash = state.servers.crasher;
    if (crash?.status !== 'restarting') throw new Error('not restarting');
    expect(crash.attempt).toBe(1);
    expect(crash.error).toBeInstanceOf(StdioServerExitError);
    expect((crash.error as StdioServerExitError).code).toBe(3);
    expect(String((crash.error as Error).message)).toContain('crashing on the second call');
    app.unsubscribe();
    expect(await waitUntilGone([...seen], 15_000)).toEqual([]);
  }, 60_000);

  it('starts 20 servers from one config, all ready, then all gone with no fd left', async () => {
    const fdsBefore = openFdCount();
    const mcpServers: Record<string, McpServerEntry> = {};
    for (let i = 1; i <= 20; i++) mcpServers[`s${i}`] = node(crasher, `--tools=t${i}`);
    const host = mcpHost({ mcpServers });
    const first = host.subscribe((state) => {
      remember(state);
    });
    const second = host.subscribe((state) => {
      remember(state);
    });
    const ready = await stateWhere(host, allReady);
    const pids = Object.values(ready.servers).map((s) => s.pid);
    expect(new Set(pids).size).toBe(20);
    expect(ready.tools.map((t) => t.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `s${i + 1}_t${i + 1}`),
    );
    first.unsubscribe();
    // The other consumer still holds the host: nothing was shut down.
    expect(await callText(host, 's7_t7')).toBe(`pid ${pidOf(ready, 's7')}`);
    second.unsubscribe();
    expect(await waitUntilGone(pids as number[], 15_000)).toEqual([]);
    // Pipes are closed once the processes are gone and their streams have ended.
    const deadline = Date.now() + 10_000;
    while (openFdCount() > fdsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(openFdCount()).toBeLessThanOrEqual(fdsBefore);
  }, 90_000);
});
