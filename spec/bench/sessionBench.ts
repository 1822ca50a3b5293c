/**
 * Session-level benchmark (issue 9): what an app calls, side by side and interleaved (each round
 * runs every contender once, in an order that rotates from round to round), with every ratio taken
 * against the SDK v1 `Client` over its own `StdioClientTransport` measured in the same round.
 * Contenders and servers: session/sessionContenders.ts; measurements: session/sessionMeasures.ts.
 *
 *   npm run bench:session                 full sizes (a few minutes)
 *   npm run bench:session -- --quick      small sizes (CI): fails only on a wrong or missing answer
 *   npm run bench:session -- --only=everything   some parts only: echo, everything, lifecycle
 *
 * Prints Markdown tables (with the load average at the start and end of each) and writes JSON
 * under spec/bench/results/ (git-ignored), like run.ts. Timing never fails the run; a wrong or
 * missing answer, or a process left alive, does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { collectGarbage, errorText, median, pairedRatio } from './harness.js';
import { killEverythingTagged } from './processes.js';
import {
  SESSION_LABELS,
  openSession,
  type OpenSession,
  type ServerId,
  type SessionContenderId,
} from './session/sessionContenders.js';
import {
  driveMergeMap,
  driveWorkers,
  fleet,
  heapGrowth,
  serverCpuMicros,
  lifecycle,
  roundTrip,
  type FleetSample,
  type LifecycleSample,
} from './session/sessionMeasures.js';

const quick = process.argv.includes('--quick');
/** The parts to run (`--only=echo,everything,lifecycle`; default all three). */
const PARTS = ['echo', 'everything', 'lifecycle'] as const;
const onlyArg = process.argv.find((arg) => arg.startsWith('--only='));
const only = onlyArg === undefined ? [...PARTS] : onlyArg.slice('--only='.length).split(',');
for (const part of only) {
  if (!(PARTS as readonly string[]).includes(part))
    throw new Error(`--only: unknown part "${part}" (${PARTS.join(', ')})`);
}
const runs = (part: (typeof PARTS)[number]): boolean => only.includes(part);
const IN_FLIGHT = 64;

/** Sizes of a run; `throughput`, `latency` and `heap` are per server. */
const SIZES = quick
  ? {
      rounds: 1,
      throughput: { echo: 500, everything: 200 },
      latency: { echo: 50, everything: 20 },
      heap: { echo: 500, everything: 200 },
      lifecycleRounds: 1,
      fleetCount: 4,
      fleetRounds: 1,
    }
  : {
      rounds: 5,
      throughput: { echo: 30_000, everything: 5_000 },
      latency: { echo: 2_000, everything: 1_000 },
      heap: { echo: 100_000, everything: 10_000 },
      lifecycleRounds: 5,
      fleetCount: 40,
      fleetRounds: 2,
    };

/** The contenders of the steady-state runs on each server (the SDK v1 first: the reference). */
const STEADY: Record<ServerId, SessionContenderId[]> = {
  echo: ['sdk', 'ours', 'sdk-v2', 'sdk-ours', 'ours-mergemap', 'ours-attached'],
  everything: ['sdk', 'ours', 'ours-noprogress', 'sdk-v2', 'sdk-ours'],
};
/** The contenders of the start/stop runs (echo server). */
const LIFECYCLE: SessionContenderId[] = ['sdk', 'ours', 'sdk-v2', 'sdk-ours', 'ours-attached'];

const failures: string[] = [];
const t0 = performance.now();
const load = (): string => loadavg()[0].toFixed(2);

/** Runs one measurement; a failure is recorded and the sample is NaN. */
async function attempt<T>(what: string, measure: () => Promise<T>, failed: T): Promise<T> {
  try {
    return await measure();
  } catch (error) {
    failures.push(`${what}: ${errorText(error)}`);
    return failed;
  }
}

/** `round`'s order: the contenders rotated by `round`, so none always runs first or last. */
function rotated<T>(items: readonly T[], round: number): T[] {
  return items.map((_, i) => items[(i + round) % items.length]);
}

const fmt = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
function cell(values: readonly number[], digits = 0): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '—';
  return `${fmt(median(finite), digits)} (${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)})`;
}
const signed = (value: number): string =>
  Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(1)}` : '—';
/** A progress line on stderr (the tables go to stdout). */
const progress = (text: string): void => {
  process.stderr.write(
    `[session bench ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${load()}] ${text}\n`,
  );
};
const times = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');

interface SteadyResult {
  server: ServerId;
  loadStart: string;
  loadEnd: string;
  throughput: Partial<Record<SessionContenderId, number[]>>;
  /** Client CPU µs per call during the throughput runs. */
  cpuPerCall: Partial<Record<SessionContenderId, number[]>>;
  /** Server CPU µs per call during the throughput runs (/proc, 10 ms resolution). */
  serverCpuPerCall: Partial<Record<SessionContenderId, number[]>>;
  latency: Partial<Record<SessionContenderId, number[]>>;
  heapKiB: Partial<Record<SessionContenderId, number>>;
}

/** Throughput, latency and heap on one server, every contender on its own server process. */
async function steady(server: ServerId): Promise<SteadyResult> {
  const result: SteadyResult = {
    server,
    loadStart: load(),
    loadEnd: '',
    throughput: {},
    cpuPerCall: {},
    serverCpuPerCall: {},
    latency: {},
    heapKiB: {},
  };
  const contenders = STEADY[server];
  const sessions = new Map<SessionContenderId, OpenSession>();
  for (const id of contenders) {
    const session = await attempt(`${server}/${id}: open`, () => openSession(server, id), null);
    if (session !== null) sessions.set(id, session);
  }
  const tput = (id: SessionContenderId, session: OpenSession, total: number) =>
    id === 'ours-mergemap'
      ? driveMergeMap(session, total, IN_FLIGHT)
      : driveWorkers(session, total, IN_FLIGHT);
  try {
    // Warm-up, unrecorded: JIT, and the servers' first reads.
    for (const [id, session] of sessions) {
      await attempt(
        `${server}/${id}: warm-up`,
        async () => {
          await tput(id, session, Math.min(2_000, SIZES.throughput[server] / 4));
          await roundTrip(session, Math.min(200, SIZES.latency[server] / 4));
        },
        undefined,
      );
    }
    for (let round = 0; round < SIZES.rounds; round += 1) {
      for (const id of rotated(contenders, round)) {
        const session = sessions.get(id);
        collectGarbage();
        const cpuBefore = process.cpuUsage();
        const serverCpuBefore = session === undefined ? Number.NaN : serverCpuMicros(session);
        const t =
          session === undefined
            ? Number.NaN
            : await attempt(
                `${server}/${id}: throughput`,
                () => tput(id, session, SIZES.throughput[server]),
                Number.NaN,
              );
        const cpu = process.cpuUsage(cpuBefore);
        const serverCpu = session === undefined ? Number.NaN : serverCpuMicros(session) - serverCpuBefore;
        (result.throughput[id] ??= []).push(t);
        // The client's own CPU per call (this process, user + system): what the client costs,
        // much less sensitive to the machine's load than the wall-clock rate.
        (result.cpuPerCall[id] ??= []).push(
          Number.isFinite(t) ? (cpu.user + cpu.system) / SIZES.throughput[server] : Number.NaN,
        );
        // And the server's (its tree's, from /proc): what the client's way of calling costs the server.
        (result.serverCpuPerCall[id] ??= []).push(
          Number.isFinite(t) ? serverCpu / SIZES.throughput[server] : Number.NaN,
        );
      }
    }
    // Latency in rounds of its own: one call at a time, from a collected heap and not right after
    // a burst of 64 in flight (whose garbage, and the server's, would land on whoever ran next).
    for (let round = 0; round < SIZES.rounds; round += 1) {
      for (const id of rotated(contenders, round)) {
        if (id === 'ours-mergemap') continue; // the same client as `ours` one at a time
        const session = sessions.get(id);
        collectGarbage();
        const l =
          session === undefined
            ? Number.NaN
            : await attempt(
                `${server}/${id}: latency`,
                () => roundTrip(session, SIZES.latency[server]),
                Number.NaN,
              );
        (result.latency[id] ??= []).push(l);
      }
    }
    for (const id of contenders) {
      const session = sessions.get(id);
      if (session === undefined || id === 'ours-mergemap') continue;
      result.heapKiB[id] = await attempt(
        `${server}/${id}: heap`,
        () => heapGrowth(session, SIZES.heap[server], IN_FLIGHT),
        Number.NaN,
      );
    }
  } finally {
    for (const [id, session] of sessions) {
      await attempt(`${server}/${id}: close`, () => session.close(), undefined);
    }
  }
  result.loadEnd = load();
  return result;
}

interface LifecycleResult {
  loadStart: string;
  loadEnd: string;
  single: Partial<Record<SessionContenderId, LifecycleSample[]>>;
  fleet: Partial<Record<SessionContenderId, FleetSample[]>>;
}

const NAN_LIFECYCLE: LifecycleSample = { readyMs: Number.NaN, goneMs: Number.NaN };
const NAN_FLEET: FleetSample = {
  readyMs: Number.NaN,
  goneMs: Number.NaN,
  rssMiB: Number.NaN,
  rssGrowthMiB: Number.NaN,
};

/** Cold start and teardown of one session, then of a fleet at once, interleaved. */
async function lifecycles(): Promise<LifecycleResult> {
  const result: LifecycleResult = { loadStart: load(), loadEnd: '', single: {}, fleet: {} };
  // One unrecorded pass (full runs): module and JIT warm-up of each client's start and stop paths.
  if (!quick) {
    for (const id of LIFECYCLE)
      await attempt(`lifecycle/${id}: warm-up`, () => lifecycle('echo', id), NAN_LIFECYCLE);
  }
  for (let round = 0; round < SIZES.lifecycleRounds; round += 1) {
    for (const id of rotated(LIFECYCLE, round)) {
      collectGarbage();
      (result.single[id] ??= []).push(
        await attempt(`lifecycle/${id}`, () => lifecycle('echo', id), NAN_LIFECYCLE),
      );
    }
  }
  for (let round = 0; round < SIZES.fleetRounds; round += 1) {
    for (const id of rotated(LIFECYCLE, round)) {
      (result.fleet[id] ??= []).push(
        await attempt(`fleet/${id}`, () => fleet('echo', id, SIZES.fleetCount), NAN_FLEET),
      );
    }
  }
  result.loadEnd = load();
  return result;
}

const SERVER_TITLES: Record<ServerId, string> = {
  echo: 'plain echo server (spec/bench/fixtures/echo-server.js), `ping`',
  everything: "@modelcontextprotocol/server-everything (stdio), `callTool('echo', { message })`",
};

function steadyTable(r: SteadyResult): string {
  const sdkT = r.throughput.sdk ?? [];
  const sdkL = r.latency.sdk ?? [];
  const sdkC = r.cpuPerCall.sdk ?? [];
  const lines = [
    `**${SERVER_TITLES[r.server]}**: ${SIZES.throughput[r.server]} calls × ${SIZES.rounds} rounds at ${IN_FLIGHT} in flight, ` +
      `${SIZES.latency[r.server]} × ${SIZES.rounds} at 1 in flight; load average ${r.loadStart} → ${r.loadEnd}.`,
    '',
    `| contender | calls/s, ${IN_FLIGHT} in flight | × SDK v1 | client CPU µs/call | × SDK v1 | server CPU µs/call | µs/call, 1 in flight | × SDK v1 | heap KiB after ${SIZES.heap[r.server]} calls |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const id of STEADY[r.server]) {
    const t = r.throughput[id] ?? [];
    const l = r.latency[id] ?? [];
    const c = r.cpuPerCall[id] ?? [];
    const sc = r.serverCpuPerCall[id] ?? [];
    const heap = r.heapKiB[id];
    lines.push(
      `| ${SESSION_LABELS[id]} | ${cell(t)} | ${times(pairedRatio(t, sdkT))} | ${cell(c, 1)} | ${times(pairedRatio(c, sdkC))} | ${cell(sc, 1)} | ` +
        `${id === 'ours-mergemap' ? '—' : cell(l, 1)} | ` +
        `${id === 'ours-mergemap' ? '—' : times(pairedRatio(l, sdkL))} | ${heap === undefined ? '—' : fmt(heap)} |`,
    );
  }
  return lines.join('\n');
}

function lifecycleTable(r: LifecycleResult): string {
  const of = <T>(samples: T[] | undefined, pick: (s: T) => number): number[] => (samples ?? []).map(pick);
  const sdkReady = of(r.single.sdk, (s) => s.readyMs);
  const sdkGone = of(r.single.sdk, (s) => s.goneMs);
  const lines = [
    `**Start and stop, echo server**: one session × ${SIZES.lifecycleRounds} rounds; ${SIZES.fleetCount} sessions at once × ` +
      `${SIZES.fleetRounds} rounds; load average ${r.loadStart} → ${r.loadEnd}. ms: median (min–max).`,
    '',
    `| contender | cold start → ready, ms | × SDK v1 | close → pids gone, ms | × SDK v1 | ${SIZES.fleetCount} at once → all ready, ms | → all gone, ms | host RSS, MiB (growth) |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const id of LIFECYCLE) {
    const ready = of(r.single[id], (s) => s.readyMs);
    const gone = of(r.single[id], (s) => s.goneMs);
    const f = r.fleet[id];
    lines.push(
      `| ${SESSION_LABELS[id]} | ${cell(ready, 1)} | ${times(pairedRatio(ready, sdkReady))} | ${cell(gone, 1)} | ` +
        `${times(pairedRatio(gone, sdkGone))} | ${cell(of(f, (s) => s.readyMs))} | ${cell(of(f, (s) => s.goneMs))} | ` +
        `${fmt(median(of(f, (s) => s.rssMiB)))} (${signed(median(of(f, (s) => s.rssGrowthMiB)))}) |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const started = new Date();
  const clock = performance.now();
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
  progress('echo server: throughput, latency, heap');
  const echo = runs('echo') ? await steady('echo') : null;
  progress('server-everything: throughput, latency, heap');
  const everything = runs('everything') ? await steady('everything') : null;
  progress('cold start, teardown, fleet');
  const starts = runs('lifecycle') ? await lifecycles() : null;
  progress('done');
  const leftovers = killEverythingTagged();
  if (leftovers > 0)
    failures.push(`${leftovers} process(es) of this run were still alive at the end (SIGKILLed)`);
  const seconds = (performance.now() - clock) / 1000;

  const markdown = [
    `Session-level benchmark (${quick ? 'quick' : 'full'}), ${started.toISOString()}, ${machine}, ${seconds.toFixed(0)} s. ` +
      `Medians (min–max) over interleaved rounds with a rotating order; × SDK v1 is the median of the per-round ratios ` +
      `(calls/s: higher is better; µs and ms: lower is better).`,
    ...(echo === null ? [] : ['', steadyTable(echo)]),
    ...(everything === null ? [] : ['', steadyTable(everything)]),
    ...(starts === null ? [] : ['', lifecycleTable(starts)]),
  ].join('\n');
  console.log(`\n${markdown}\n`);

  const directory = path.join(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const mode = quick ? 'quick' : 'full';
  const json = {
    mode,
    startedAt: started.toISOString(),
    seconds,
    machine,
    sizes: SIZES,
    inFlight: IN_FLIGHT,
    steady: [echo, everything].filter((result) => result !== null),
    lifecycle: starts,
    failures,
  };
  const text = `${JSON.stringify(json, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
  writeFileSync(
    path.join(directory, `session-${mode}-${started.toISOString().replace(/[:.]/g, '-')}.json`),
    text,
  );
  writeFileSync(path.join(directory, `latest-session-${mode}.json`), text);
  writeFileSync(path.join(directory, `latest-session-${mode}.md`), `${markdown}\n`);

  if (failures.length > 0) {
    console.error(`\nFAILED: ${failures.length} wrong or missing result(s):`);
    for (const failure of failures) console.error(`  - ${failure}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    killEverythingTagged();
    console.error(error);
    process.exit(1);
  },
);
