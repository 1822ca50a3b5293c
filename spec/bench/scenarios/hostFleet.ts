/**
 * Many servers at once: time from start to every server ready (handshake done, tools listed),
 * and from the end to every process gone, for `mcpHost()` against as many SDK v1 `Client`s on
 * `StdioClientTransport` (connect, listTools; then close). Both run the same small MCP server.
 */
import path from 'node:path';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { McpServerEntry } from '../../../lib/config/index.js';
import { mcpHost } from '../../../lib/host/index.js';
import { isAlive } from '../../support/processes.js';
import { withTimeout } from '../harness.js';

const server = path.join(__dirname, '..', '..', 'host', 'fixtures', 'crash-on-second-call.js');

/** One measurement: ms to all ready, ms to all gone. */
export interface FleetSample {
  readyMs: number;
  goneMs: number;
}

/** Polls /proc (or kill 0) every 5 ms until every pid is gone; bounded. */
async function allGone(pids: readonly number[]): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (pids.some(isAlive)) {
    if (performance.now() > deadline) throw new Error(`still running: ${pids.filter(isAlive).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Starts `count` servers with `mcpHost()`, waits for all ready, unsubscribes, waits for all gone.
 *
 * @param count How many servers.
 * @returns The two times.
 */
export async function measureHostFleet(count: number): Promise<FleetSample> {
  const mcpServers: Record<string, McpServerEntry> = {};
  for (let i = 0; i < count; i++) mcpServers[`s${i}`] = { command: process.execPath, args: [server] };
  const start = performance.now();
  const host = mcpHost({ mcpServers });
  const subscription = host.subscribe();
  const ready = await firstValueFrom(
    host.pipe(
      filter((state) => Object.values(state.servers).every((s) => s.status === 'ready')),
      timeout(30_000),
    ),
  );
  const readyMs = performance.now() - start;
  const pids = Object.values(ready.servers).map((s) => s.pid ?? -1);
  const end = performance.now();
  subscription.unsubscribe();
  await allGone(pids);
  return { readyMs, goneMs: performance.now() - end };
}

/**
 * Starts `count` SDK v1 clients at once (connect = handshake, then listTools), closes them all.
 *
 * @param count How many servers.
 * @returns The two times.
 */
export async function measureSdkFleet(count: number): Promise<FleetSample> {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const start = performance.now();
  const clients = Array.from({ length: count }, () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [server], stderr: 'pipe' });
    return { client: new Client({ name: 'bench', version: '1.0.0' }), transport };
  });
  await withTimeout(
    Promise.all(
      clients.map(async ({ client, transport }) => {
        await client.connect(transport);
        await client.listTools();
      }),
    ),
    30_000,
    'sdk: not all ready',
  );
  const readyMs = performance.now() - start;
  const pids = clients.map(({ transport }) => transport.pid ?? -1);
  const end = performance.now();
  await Promise.all(clients.map(({ client }) => client.close()));
  await allGone(pids);
  return { readyMs, goneMs: performance.now() - end };
}
