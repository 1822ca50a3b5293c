/**
 * Session-level benchmark (issue 9): what an app calls, side by side and interleaved, on the
 * bench's echo server. Each contender opens its own session to its own server process:
 *
 *   session   mcpSession over fromStdioServer, `request('ping')`
 *   sdk       the SDK v1 Client over its own StdioClientTransport, `client.ping()`
 *   sdk-ours  the SDK v1 Client over our toSdkTransport(fromStdioServer), `client.ping()`
 *
 *   npx tsx spec/bench/sessionBench.ts            full sizes
 *   npx tsx spec/bench/sessionBench.ts --quick    small sizes (CI): fails only on a wrong answer
 *
 * Reports medians and spread of calls per second (64 in flight) and µs per call (1 in flight),
 * and the ratio of each contender's median to the SDK's. Timing never fails the run.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { firstValueFrom, lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import { toSdkTransport } from '../../lib/sdk/index.js';
import { mcpSession, type McpSession } from '../../lib/session/index.js';

const quick = process.argv.includes('--quick');
const ECHO = path.join(__dirname, 'fixtures', 'echo-server.js');
const params = { command: process.execPath, args: [ECHO] };
const sizes = quick
  ? { latency: 200, throughput: 2_000, inFlight: 64, rounds: 2 }
  : { latency: 5_000, throughput: 100_000, inFlight: 64, rounds: 5 };

/** One open session of a contender: a call, and a close that resolves once it is shut. */
interface Open {
  ping(): Promise<unknown>;
  close(): Promise<void>;
}

type ContenderId = 'session' | 'sdk' | 'sdk-ours';
const CONTENDERS: ContenderId[] = ['session', 'sdk', 'sdk-ours'];

async function openSession(): Promise<Open & { session: McpSession }> {
  const server$ = fromStdioServer(params);
  let closeSession!: () => void;
  const session = await new Promise<McpSession>((resolve, reject) => {
    const subscription = mcpSession(server$).subscribe({ next: resolve, error: reject });
    closeSession = () => {
      subscription.unsubscribe();
    };
  });
  return {
    session,
    ping: () => firstValueFrom(session.request('ping')),
    close: () => {
      closeSession();
      return Promise.resolve();
    },
  };
}

async function openSdk(ours: boolean): Promise<Open> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(ours ? toSdkTransport(fromStdioServer(params)) : new StdioClientTransport(params));
  return { ping: () => client.ping(), close: () => client.close() };
}

const open = (id: ContenderId): Promise<Open> =>
  id === 'session' ? openSession() : openSdk(id === 'sdk-ours');

/** Checks an answer: a ping answers `{}` (the SDK may add nothing else either). */
function check(id: ContenderId, answer: unknown): void {
  if (typeof answer !== 'object' || answer === null || Object.keys(answer).length !== 0)
    throw new Error(`${id}: wrong answer to ping: ${JSON.stringify(answer)}`);
}

/** Calls per second with `inFlight` calls outstanding, for `total` calls. */
async function throughput(id: ContenderId, o: Open, total: number, inFlight: number): Promise<number> {
  const start = process.hrtime.bigint();
  if (id === 'session') {
    const { session } = o as Open & { session: McpSession };
    const answered = await lastValueFrom(
      range(0, total).pipe(
        mergeMap(() => session.request('ping'), inFlight),
        reduce((count, answer) => {
          check(id, answer);
          return count + 1;
        }, 0),
      ),
    );
    if (answered !== total) throw new Error(`${id}: ${answered} answers of ${total}`);
  } else {
    let next = 0;
    let answered = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        next += 1;
        check(id, await o.ping());
        answered += 1;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    if (answered !== total) throw new Error(`${id}: ${answered} answers of ${total}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return total / seconds;
}

/** Microseconds per call with one call in flight. */
async function latency(id: ContenderId, o: Open, total: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; i += 1) check(id, await o.ping());
  return Number(process.hrtime.bigint() - start) / 1e3 / total;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values: number[]): string =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

async function main(): Promise<void> {
  const load = loadavg()[0].toFixed(2);
  const samples: Record<ContenderId, { tput: number[]; lat: number[] }> = {
    session: { tput: [], lat: [] },
    sdk: { tput: [], lat: [] },
    'sdk-ours': { tput: [], lat: [] },
  };
  const opened = new Map<ContenderId, Open>();
  for (const id of CONTENDERS) {
    const o = await open(id);
    opened.set(id, o);
    // Warm-up, unrecorded: JIT and the server's first reads.
    await throughput(id, o, Math.min(2_000, sizes.throughput), sizes.inFlight);
    await latency(id, o, Math.min(200, sizes.latency));
  }
  for (let round = 0; round < sizes.rounds; round += 1) {
    // Interleaved, with the order rotating each round, so load drift hits every contender alike.
    const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
    for (const id of order) {
      const o = opened.get(id) as Open;
      samples[id].tput.push(await throughput(id, o, sizes.throughput, sizes.inFlight));
      samples[id].lat.push(await latency(id, o, sizes.latency));
    }
  }
  for (const o of opened.values()) await o.close();

  const sdkTput = median(samples.sdk.tput);
  const sdkLat = median(samples.sdk.lat);
  const lines = [
    `Session-level, echo server, ${quick ? 'quick' : 'full'} run, ${sizes.rounds} interleaved rounds, load ${load}`,
    '',
    '| contender | calls/s, 64 in flight (median, spread) | × SDK | µs/call, 1 in flight (median, spread) | × SDK |',
    '|---|---|---|---|---|',
  ];
  for (const id of CONTENDERS) {
    const t = median(samples[id].tput);
    const l = median(samples[id].lat);
    lines.push(
      `| ${id} | ${t.toFixed(0)} (${spread(samples[id].tput)}) | ${(t / sdkTput).toFixed(2)}× | ${l.toFixed(1)} (${spread(samples[id].lat)}) | ${(l / sdkLat).toFixed(2)}× |`,
    );
  }
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
