/**
 * `npm run demo -- --config <file>`: the servers of an `mcpServers` config under `mcpHost()`, as
 * a live status table (one line each time a server's row changes). With the sample config
 * (demo/host.config.json) it also crashes the fixture server by calling it twice, so the table
 * shows it restarting; then it unsubscribes and shows that every process is gone. Ctrl+C ends
 * it the same way at any time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  filter,
  firstValueFrom,
  last,
  Subject,
  takeUntil,
  timeout,
  type Observable,
  type Subscription,
} from 'rxjs';
import {
  mcpHost,
  readMcpServersConfig,
  type McpHost,
  type McpHostState,
  type McpServerState,
} from '../lib/host/index.js';
import * as processTree from './processTree.js';
import type { Terminal } from './terminal.js';

/** How long to wait for servers to get ready, and for processes to be gone. */
const WAIT = 30_000;

/** One row of the table. */
function row(server: McpServerState): string {
  const pid = server.pid === undefined ? '-' : String(server.pid);
  const head = `${server.name.padEnd(11)} ${server.status.padEnd(11)} ${pid.padEnd(8)}`;
  switch (server.status) {
    case 'ready':
      return `${head} ${server.serverInfo.name} ${server.serverInfo.version}, ${server.tools.length} tools`;
    case 'restarting':
      return `${head} attempt ${server.attempt} in ${server.nextTryIn} ms: ${firstLine(server.error)}`;
    case 'failed':
      return `${head} gave up after ${server.restarts} restarts: ${firstLine(server.error)}`;
    case 'starting':
      return `${head} attempt ${server.attempt}`;
    case 'unsupported':
      return `${head} ${server.transport}: this host runs stdio servers only`;
    default:
      return head;
  }
}

function firstLine(error: unknown): string {
  return String(error).split('\n')[0];
}

const isSettled = (s: McpServerState): boolean => s.status !== 'starting' && s.status !== 'restarting';

/** The first state where `test` holds, bounded. */
function stateWhere(
  host: Observable<McpHostState>,
  test: (state: McpHostState) => boolean,
): Promise<McpHostState> {
  return firstValueFrom(host.pipe(filter(test), timeout(WAIT)));
}

/**
 * Runs the host demo.
 *
 * @param configFile The config file.
 * @param term Where to print.
 */
export async function hostDemo(configFile: string, term: Terminal): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rxjs-mcp-demo-'));
  process.env.MCP_DEMO_TMP ??= scratch;
  const servers = await readMcpServersConfig(configFile);
  term.line('config', `${configFile}: ${servers.size} servers`);
  const host = mcpHost(servers, { restart: { initialDelay: 500 } });
  const rows = new Map<string, string>();
  const pids = new Set<number>();
  const subscription: Subscription = host.subscribe((state) => {
    for (const server of Object.values(state.servers)) {
      if (server.pid !== undefined) pids.add(server.pid);
      const text = row(server);
      if (rows.get(server.name) === text) continue;
      rows.set(server.name, text);
      term.line('status', text);
    }
  });
  let interrupted = false;
  let onInterrupt = (): void => undefined;
  const interrupt = new Promise<void>((resolve) => {
    onInterrupt = () => {
      interrupted = true;
      resolve();
    };
  });
  // Registered with on(), not once(), and kept until the cleanup below has been shown: while the
  // demo handles SIGINT itself, the host-exit guard leaves the signal to it; a once() listener
  // would be gone by then, and the guard would end the process before the cleanup is reported.
  process.on('SIGINT', onInterrupt);
  // Ctrl+C also ends what the tour waits for, so that nothing holds the host after it.
  const stop = new Subject<void>();
  const touring = tour(host, term, pids, stop).catch((error: unknown) => {
    if (!interrupted) throw error;
  });
  try {
    await Promise.race([touring, interrupt]);
  } finally {
    term.line(
      'end',
      interrupted ? 'Ctrl+C: unsubscribing' : 'unsubscribing: every server is shut down at once',
    );
    stop.next();
    subscription.unsubscribe();
    rmSync(scratch, { recursive: true, force: true });
  }
  await reportGone(term, [...pids]);
  process.off('SIGINT', onInterrupt);
}

/** Waits for the servers, shows the catalog, crashes the fixture (if there) and waits for its restart. */
async function tour(host: McpHost, term: Terminal, pids: Set<number>, stop: Observable<void>): Promise<void> {
  const states = host.pipe(takeUntil(stop));
  const settled = await stateWhere(states, (state) => Object.values(state.servers).every(isSettled));
  const tree = (pid: number | undefined): void => {
    if (pid === undefined || !processTree.supported) return;
    for (const descendant of processTree.descendantsOf(pid)) pids.add(descendant);
  };
  for (const server of Object.values(settled.servers)) tree(server.pid);
  const names = settled.tools.map((t) => t.name);
  term.line(
    'catalog',
    `${names.length} tools: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`,
  );
  for (const conflict of settled.conflicts) term.line('conflict', `${conflict.name} (left out)`);
  if (!names.includes('crasher_hit')) return;
  const before = settled.servers.crasher?.pid;
  for (const attempt of [1, 2]) {
    try {
      const event = await firstValueFrom(host.callTool('crasher_hit').pipe(takeUntil(stop), last()));
      term.line(
        'call',
        `crasher_hit #${attempt}: ${event.type === 'result' ? JSON.stringify(event.result.content) : ''}`,
      );
    } catch (error) {
      term.line('call', `crasher_hit #${attempt} failed: ${firstLine(error)}`);
    }
  }
  await stateWhere(states, (s) => s.servers.crasher?.status === 'ready' && s.servers.crasher.pid !== before);
}

/** Waits until every process seen is gone (Linux: checked in /proc) and says so. */
async function reportGone(term: Terminal, pids: number[]): Promise<void> {
  if (!processTree.supported) return;
  const deadline = Date.now() + WAIT;
  let left = pids.filter(processTree.isRunning);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = left.filter(processTree.isRunning);
  }
  if (left.length > 0) throw new Error(`Still running: ${left.join(', ')}`);
  term.line(
    'cleanup',
    `no process left: all ${pids.length} processes the host started are gone (checked in /proc)`,
  );
}
