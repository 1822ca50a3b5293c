/**
 * The benchmark of issue 5: this package's `fromStdioServer` against the MCP TypeScript SDK's
 * `StdioClientTransport` and a raw Node pipe, all talking to one echo fixture server.
 *
 *   npm run bench              full run (about 9 minutes on 2 cores)
 *   npm run bench -- --quick   reduced sizes, under a minute (CI)
 *   npm run bench -- --only=latency,teardown
 *
 * Prints a Markdown table, writes the same figures as JSON (and the table) under
 * spec/bench/results/. Exits non-zero when a contender produced a wrong or missing answer;
 * timing targets are reported as met or missed, never as a failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { loadContenders, RAISED_SDK_BUFFER } from './contenders.js';
import {
  CONTENDER_LABELS,
  CONTENDERS,
  errorText,
  interleave,
  median,
  pairedDifference,
  type ContenderId,
} from './harness.js';
import { killEverythingTagged, procAvailable } from './processes.js';
import {
  machineInfo,
  markdownTable,
  medianOf,
  ratio,
  samplesOf,
  diagnosticTable,
  type Cell,
  type DiagnosticRow,
  type Row,
  type Target,
} from './report.js';
import { measureColdStart } from './scenarios/coldStart.js';
import { measureHostFleet, measureSdkFleet } from './scenarios/hostFleet.js';
import { KEEP_ALIVE_MS, measureResubscribe, RESUBSCRIBE_AFTER_MS } from './scenarios/resubscribe.js';
import { runLargeFrameJob } from './scenarios/largeFrames.js';
import { measureRoundTrips } from './scenarios/roundTrips.js';
import { measureDecode, measureEncode } from './scenarios/rxjsLayer.js';
import {
  LEFTOVER_DEADLINE_MS,
  measureTeardown,
  TEARDOWN_SERVERS,
  type TeardownSample,
  type TeardownServer,
} from './scenarios/teardown.js';

interface Plan {
  mode: 'quick' | 'full';
  /** An unrecorded pass of every contender before the rounds (each session also warms up first). */
  warmUpPass: boolean;
  latency: { total: number; rounds: number };
  throughput: { total: number; inFlight: number; rounds: number };
  burst: { total: number; rounds: number; sdkRounds: number };
  /** Frame sizes in MB (10^6 characters of data); the SDK runs once from `sdkOnceFromMB` up. */
  frames: { sizesMB: number[]; rounds: number; sdkOnceFromMB: number };
  upload: { sizeMB: number; rounds: number };
  teardown: { politeRounds: number; stubbornRounds: number; allStubbornAtOnce: boolean };
  coldStart: { rounds: number };
  /** Many servers at once: mcpHost against as many SDK clients. */
  host: { servers: number; rounds: number };
  /** Resubscribe to mcpSession shortly after the last unsubscribe, with and without keepAlive. */
  resubscribe: { rounds: number };
  layer: { count: number; rounds: number };
  /** Diagnostics: what a session of its own (`detached`, for the process-group kill) costs. */
  session: { latencyTotal: number; throughputTotal: number; rounds: number };
}

const FULL: Plan = {
  mode: 'full',
  warmUpPass: true,
  latency: { total: 20_000, rounds: 9 },
  throughput: { total: 200_000, inFlight: 64, rounds: 3 },
  // The SDK registers one 'drain' listener per message: a 100,000-message burst takes it minutes.
  burst: { total: 100_000, rounds: 3, sdkRounds: 1 },
  // The SDK's read buffer is re-concatenated on every chunk: 100 MB takes it over a minute.
  frames: { sizesMB: [1, 10, 32, 100], rounds: 3, sdkOnceFromMB: 100 },
  upload: { sizeMB: 32, rounds: 3 },
  teardown: { politeRounds: 10, stubbornRounds: 2, allStubbornAtOnce: false },
  coldStart: { rounds: 15 },
  host: { servers: 20, rounds: 5 },
  resubscribe: { rounds: 9 },
  layer: { count: 100_000, rounds: 5 },
  session: { latencyTotal: 5_000, throughputTotal: 50_000, rounds: 3 },
};

const QUICK: Plan = {
  mode: 'quick',
  warmUpPass: false,
  latency: { total: 1_000, rounds: 3 },
  throughput: { total: 10_000, inFlight: 64, rounds: 3 },
  burst: { total: 5_000, rounds: 3, sdkRounds: 1 },
  frames: { sizesMB: [1, 12], rounds: 1, sdkOnceFromMB: 12 },
  upload: { sizeMB: 8, rounds: 1 },
  teardown: { politeRounds: 2, stubbornRounds: 1, allStubbornAtOnce: true },
  coldStart: { rounds: 3 },
  host: { servers: 20, rounds: 1 },
  resubscribe: { rounds: 1 },
  layer: { count: 10_000, rounds: 3 },
  session: { latencyTotal: 1_000, throughputTotal: 10_000, rounds: 1 },
};

const SCENARIOS = [
  'latency',
  'throughput',
  'burst',
  'frames',
  'upload',
  'teardown',
  'cold',
  'host',
  'resubscribe',
  'layer',
  'session',
] as const;
type ScenarioName = (typeof SCENARIOS)[number];
/** Diagnostics that explain figures rather than meet targets: full runs only (or --only). */
const FULL_ONLY: readonly ScenarioName[] = ['session'];

const rows: Row[] = [];
/** Set from the plan in main(). */
let warmUpPass = true;
const diagnostics: DiagnosticRow[] = [];
/** Resubscribe latency, without then with keepAlive (its own table: one contender, two settings). */
const keepAliveRows: DiagnosticRow[] = [];
const failures: string[] = [];
const notes: string[] = [];
const details: Record<string, unknown> = {};

function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

function record(scenario: string, found: readonly string[]): void {
  for (const failure of new Set(found)) failures.push(`${scenario}: ${failure}`);
}

function cells(samples: Record<ContenderId, number[]>, map: (x: number) => number = (x) => x) {
  const result: Partial<Record<ContenderId, Cell>> = {};
  for (const contender of CONTENDERS) {
    if (samples[contender].length > 0) result[contender] = { samples: samples[contender].map(map) };
  }
  return result;
}

/** A target on the ratio ours / other: `at most` (lower is better) or `at least`. */
function ratioTarget(row: Row, other: ContenderId, bound: number, kind: 'at most' | 'at least'): Target {
  const value = ratio(row, 'ours', other);
  const label = other === 'raw' ? 'raw' : 'SDK';
  const text = `${kind === 'at most' ? '≤' : '≥'} ${bound}× ${label}`;
  if (!Number.isFinite(value)) return { text, met: null };
  return { text, met: kind === 'at most' ? value <= bound : value >= bound };
}

function bothTargets(a: Target, b: Target): Target {
  const met = a.met === null || b.met === null ? null : a.met && b.met;
  return { text: `${a.text}, ${b.text}`, met };
}

async function roundTripScenario(
  name: string,
  metric: string,
  total: number,
  window: number | 'burst',
  rounds: number,
  sdkRounds: number = rounds,
): Promise<Row> {
  progress(`${name}: ${total.toLocaleString('en-US')} round trips × ${rounds} rounds`);
  const { samples, failures: found } = await interleave(
    rounds,
    (contender) => measureRoundTrips(contender, total, window),
    { roundsOf: { sdk: sdkRounds }, warmUp: warmUpPass },
  );
  record(name, found);
  const latency = window === 1;
  return {
    scenario: name,
    metric,
    unit: latency ? 'µs' : 'msg/s',
    cells: cells(samples, latency ? (ms) => (ms * 1000) / total : (ms) => (total * 1000) / ms),
    note: sdkRounds < rounds ? '¹' : undefined,
  };
}

async function latencyScenario(plan: Plan): Promise<void> {
  const row = await roundTripScenario(
    'latency, 1 in flight',
    `µs / round trip (${plan.latency.total.toLocaleString('en-US')})`,
    plan.latency.total,
    1,
    plan.latency.rounds,
  );
  row.target = ratioTarget(row, 'raw', 1.05, 'at most');
  rows.push(row);
}

async function throughputScenario(plan: Plan): Promise<void> {
  const { total, inFlight, rounds } = plan.throughput;
  const row = await roundTripScenario(
    `throughput, ${inFlight} in flight`,
    `msg/s (${total.toLocaleString('en-US')})`,
    total,
    inFlight,
    rounds,
  );
  row.target = bothTargets(
    ratioTarget(row, 'raw', 0.8, 'at least'),
    ratioTarget(row, 'sdk', 1.0, 'at least'),
  );
  rows.push(row);
}

async function burstScenario(plan: Plan): Promise<void> {
  const { total, rounds, sdkRounds } = plan.burst;
  const row = await roundTripScenario(
    'burst, all sent at once',
    `msg/s (${total.toLocaleString('en-US')})`,
    total,
    'burst',
    rounds,
    sdkRounds,
  );
  row.target = ratioTarget(row, 'raw', 0.7, 'at least');
  rows.push(row);
  if (sdkRounds < rounds) {
    notes.push(
      `¹ SDK measured in ${sdkRounds} round(s) only (it takes minutes at full size): its ratios are median over median, not pair by pair.`,
    );
  }
}

async function largeFrameRows(
  plan: Plan,
  direction: 's2c' | 'c2s',
  sizeMB: number,
  rounds: number,
  sdkRounds: number,
): Promise<{ time: Row; rss: Row }> {
  const label =
    direction === 's2c' ? `frame server → client, ${sizeMB} MB` : `frame client → server, ${sizeMB} MB`;
  progress(`${label} × ${rounds} rounds (one fresh process per measurement)`);
  const size = sizeMB * 1_000_000;
  const rss: Record<ContenderId, number[]> = { raw: [], sdk: [], ours: [] };
  const { samples, failures: found } = await interleave(
    rounds,
    async (contender) => {
      const result = await runLargeFrameJob({
        contender,
        direction,
        size,
        sdkMaxBufferSize: RAISED_SDK_BUFFER,
        timeoutMs: 240_000,
      });
      rss[contender].push(result.peakRssDelta ?? Number.NaN);
      if (!result.ok || result.ms === undefined) throw new Error(result.error ?? 'no result');
      return result.ms;
    },
    { warmUp: false, roundsOf: { sdk: sdkRounds } },
  );
  record(label, found);
  const note = sdkRounds < rounds ? '²' : undefined;
  void plan;
  return {
    time: { scenario: label, metric: 'ms', unit: 'ms', cells: cells(samples), note },
    rss: {
      scenario: label,
      metric: 'peak RSS − baseline, MB',
      unit: 'MB',
      cells: cells(rss, (bytes) => bytes / 1e6),
      note,
    },
  };
}

async function framesScenario(plan: Plan): Promise<void> {
  const { sizesMB, rounds, sdkOnceFromMB } = plan.frames;
  for (const sizeMB of sizesMB) {
    const { time, rss } = await largeFrameRows(
      plan,
      's2c',
      sizeMB,
      rounds,
      sizeMB >= sdkOnceFromMB ? 1 : rounds,
    );
    if (sizeMB === 32) time.target = ratioTarget(time, 'raw', 1.3, 'at most');
    rows.push(time);
    if (sizeMB === 100) {
      const peak = medianOf(rss.cells.ours);
      rss.target = { text: '≤ 3× frame size', met: Number.isFinite(peak) ? peak <= 3 * sizeMB : null };
    }
    rows.push(rss);
  }
  if (sizesMB.some((size) => size >= sdkOnceFromMB) && rounds > 1) {
    notes.push(
      `² SDK measured once from ${sdkOnceFromMB} MB up (its read buffer is concatenated again on every 64 KiB chunk, so a large frame takes it a long time).`,
    );
  }
  // The SDK as shipped: its read buffer stops at 10 MiB.
  const probes = sizesMB.filter((size) => size * 1e6 > 10 * 1024 * 1024);
  for (const sizeMB of probes) {
    progress(`SDK with its default maxBufferSize, ${sizeMB} MB frame`);
    const result = await runLargeFrameJob({
      contender: 'sdk',
      direction: 's2c',
      size: sizeMB * 1_000_000,
      sdkMaxBufferSize: 'default',
      timeoutMs: 60_000,
    });
    const text = result.ok ? 'delivered' : `fails: ${result.error ?? 'no result'}`;
    details[`sdkDefaultBuffer${sizeMB}MB`] = result;
    rows.push({
      scenario: `frame server → client, ${sizeMB} MB, SDK default maxBufferSize`,
      metric: 'outcome',
      unit: 'count',
      cells: { sdk: { text } },
      ratios: false,
    });
  }
}

async function uploadScenario(plan: Plan): Promise<void> {
  const { sizeMB, rounds } = plan.upload;
  const { time, rss } = await largeFrameRows(plan, 'c2s', sizeMB, rounds, rounds);
  if (sizeMB === 32) time.target = ratioTarget(time, 'raw', 1.3, 'at most');
  rows.push(time, rss);
}

async function teardownScenario(plan: Plan): Promise<void> {
  const cases: { server: TeardownServer; viaWrapper: boolean }[] = [];
  for (const viaWrapper of [false, true]) {
    for (const server of Object.keys(TEARDOWN_SERVERS) as TeardownServer[])
      cases.push({ server, viaWrapper });
  }
  const results = new Map<string, Record<ContenderId, TeardownSample[]>>();
  const found: string[] = [];
  const keyOf = (c: { server: TeardownServer; viaWrapper: boolean }) =>
    `${c.server}${c.viaWrapper ? ', via wrapper' : ''}`;
  for (const c of cases) results.set(keyOf(c), { raw: [], sdk: [], ours: [] });
  const one = async (contender: ContenderId, c: { server: TeardownServer; viaWrapper: boolean }) => {
    let sample: TeardownSample;
    try {
      sample = await measureTeardown(contender, c.server, c.viaWrapper);
    } catch (error) {
      found.push(`${contender}, ${keyOf(c)}: ${errorText(error)}`);
      sample = { exitMs: Number.NaN, treeGoneMs: null, left: Number.NaN };
    }
    results.get(keyOf(c))?.[contender].push(sample);
  };
  const polite = cases.filter((c) => c.server === 'exits on EOF');
  const stubborn = cases.filter((c) => c.server !== 'exits on EOF');
  const { politeRounds, stubbornRounds, allStubbornAtOnce } = plan.teardown;
  progress(
    `teardown: polite servers × ${politeRounds} rounds, stubborn ones × ${stubbornRounds} (up to ${LEFTOVER_DEADLINE_MS / 1000} s each)`,
  );
  // Warm the code paths once (not recorded).
  for (const contender of CONTENDERS)
    await measureTeardown(contender, 'exits on EOF', false).catch(() => null);
  for (let round = 0; round < politeRounds; round++) {
    for (const c of polite) for (const contender of CONTENDERS) await one(contender, c);
  }
  // Stubborn servers: the time is the contenders' own timeouts, so the contenders run side by side.
  for (let round = 0; round < stubbornRounds; round++) {
    if (allStubbornAtOnce) {
      await Promise.all(stubborn.flatMap((c) => CONTENDERS.map((contender) => one(contender, c))));
    } else {
      for (const c of stubborn) await Promise.all(CONTENDERS.map((contender) => one(contender, c)));
    }
  }
  record('teardown', found);
  details.teardown = Object.fromEntries(results);
  for (const c of cases) {
    const samples = results.get(keyOf(c));
    if (samples === undefined) continue;
    const exit: Record<ContenderId, number[]> = { raw: [], sdk: [], ours: [] };
    for (const contender of CONTENDERS) exit[contender] = samples[contender].map((s) => s.exitMs);
    const row: Row = {
      scenario: `teardown, server ${keyOf(c)}`,
      metric: 'ms, close → exit observed',
      unit: 'ms',
      cells: cells(exit),
    };
    if (c.server === 'exits on EOF') {
      const difference = pairedDifference(exit.ours, exit.raw);
      row.target = {
        text: `≤ raw + 5 ms (ours − raw: ${Number.isFinite(difference) ? difference.toFixed(1) : '?'} ms)`,
        met: Number.isFinite(difference) ? difference <= 5 : null,
      };
    }
    rows.push(row);
  }
  for (const viaWrapper of [false, true]) {
    const left: Partial<Record<ContenderId, Cell>> = {};
    let oursLeft = 0;
    let known = true;
    for (const contender of CONTENDERS) {
      const parts: string[] = [];
      for (const c of cases.filter((x) => x.viaWrapper === viaWrapper)) {
        const samples = results.get(keyOf(c))?.[contender] ?? [];
        const worst = Math.max(...samples.map((s) => s.left));
        if (!Number.isFinite(worst)) known = false;
        if (contender === 'ours' && Number.isFinite(worst)) oursLeft += worst;
        const gone = median(samples.map((s) => s.treeGoneMs).filter((x): x is number => x !== null));
        const short = c.server === 'exits on EOF' ? 'EOF' : c.server === 'ignores EOF' ? 'no-EOF' : 'no-TERM';
        parts.push(
          worst > 0
            ? `${short}: **${worst}**`
            : `${short}: 0${Number.isFinite(gone) ? ` (${gone >= 100 ? gone.toFixed(0) : gone.toFixed(1)} ms)` : ''}`,
        );
      }
      left[contender] = { text: parts.join(', ') };
    }
    rows.push({
      scenario: `teardown, processes left alive${viaWrapper ? ', server via a forking wrapper' : ''}`,
      metric: `count at +${LEFTOVER_DEADLINE_MS / 1000} s (tree gone after)`,
      unit: 'count',
      cells: left,
      ratios: false,
      target: { text: '0 left', met: procAvailable && known ? oursLeft === 0 : null },
    });
  }
}

async function coldStartScenario(plan: Plan): Promise<void> {
  progress(`cold start × ${plan.coldStart.rounds} rounds`);
  const { samples, failures: found } = await interleave(
    plan.coldStart.rounds,
    (contender) => measureColdStart(contender),
    { warmUp: plan.warmUpPass },
  );
  record('cold start', found);
  rows.push({
    scenario: 'cold start',
    metric: 'ms, subscribe → first frame',
    unit: 'ms',
    cells: cells(samples),
  });
}

async function hostScenario(plan: Plan): Promise<void> {
  const { servers, rounds } = plan.host;
  progress(`${servers} servers at once (mcpHost vs ${servers} SDK clients) × ${rounds} rounds`);
  const ready = { raw: [], sdk: [], ours: [] } as Record<ContenderId, number[]>;
  const gone = { raw: [], sdk: [], ours: [] } as Record<ContenderId, number[]>;
  const found: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const contender of ['sdk', 'ours'] as const) {
      try {
        const sample = await (contender === 'sdk' ? measureSdkFleet(servers) : measureHostFleet(servers));
        ready[contender].push(sample.readyMs);
        gone[contender].push(sample.goneMs);
      } catch (error) {
        found.push(`${contender}: ${errorText(error)}`);
      }
    }
  }
  record(`${servers} servers`, found);
  rows.push(
    {
      scenario: `${servers} servers at once`,
      metric: 'ms, start → all ready (tools listed)',
      unit: 'ms',
      cells: cells(ready),
    },
    {
      scenario: `${servers} servers at once`,
      metric: 'ms, end → all processes gone',
      unit: 'ms',
      cells: cells(gone),
    },
  );
}

async function resubscribeScenario(plan: Plan): Promise<void> {
  const { rounds } = plan.resubscribe;
  progress(`resubscribe to mcpSession(server-everything), without and with keepAlive × ${rounds} rounds`);
  const row: DiagnosticRow = {
    contender: CONTENDER_LABELS.ours,
    metric: `ms, resubscribe ${RESUBSCRIBE_AFTER_MS} ms after the last unsubscribe → ready session`,
    unit: 'ms',
    without: [],
    with: [],
  };
  const found: string[] = [];
  const pids: { keepAlive: boolean; before: number[]; after: number[] }[] = [];
  // Interleaved: without, with, without, with, … so both settings see the same machine load.
  for (let round = 0; round < rounds; round++) {
    for (const keepAlive of [false, true]) {
      let value = Number.NaN;
      try {
        const sample = await measureResubscribe(keepAlive);
        value = sample.readyMs;
        pids.push({ keepAlive, before: sample.pidsBefore, after: sample.pidsAfter });
      } catch (error) {
        found.push(`keepAlive ${keepAlive ? KEEP_ALIVE_MS : 0}: ${errorText(error)}`);
      }
      // The factor under study is the cold path: `without` holds keepAlive, `with` the cold spawn,
      // so the ratio column reads as the speed-up keepAlive gives.
      (keepAlive ? row.without : row.with).push(value);
    }
  }
  record('resubscribe', found);
  details.resubscribe = { keepAliveMs: KEEP_ALIVE_MS, resubscribeAfterMs: RESUBSCRIBE_AFTER_MS, row, pids };
  keepAliveRows.push(row);
}

async function layerScenario(plan: Plan): Promise<void> {
  const { count, rounds } = plan.layer;
  progress(`RxJS layer in memory: ${count.toLocaleString('en-US')} messages × ${rounds} rounds`);
  for (const [name, measure] of [
    ['decode: chunks → messages', measureDecode],
    ['encode: message → bytes', measureEncode],
  ] as const) {
    const { samples, failures: found } = await interleave(rounds, (contender) => measure(contender, count));
    record(`RxJS layer ${name}`, found);
    rows.push({
      scenario: `in-memory stream, ${name}`,
      metric: 'CPU ns / message',
      unit: 'ns',
      cells: cells(samples),
      note: '³',
    });
  }
  notes.push(
    "³ No process, no pipe: pipe-sized chunks pushed into a fake child process (ours), the raw `indexOf` splitter + `JSON.parse`, and the SDK's `ReadBuffer` (with its schema validation); encode writes into a counting sink.",
  );
}

async function sessionScenario(plan: Plan): Promise<void> {
  const { latencyTotal, throughputTotal, rounds } = plan.session;
  progress(`diagnostics: spawning in a session of its own (detached) or not, × ${rounds} rounds`);
  const found: string[] = [];
  const variants: { contender: 'raw' | 'ours'; window: number; total: number }[] = [
    { contender: 'raw', window: 1, total: latencyTotal },
    { contender: 'ours', window: 1, total: latencyTotal },
    { contender: 'raw', window: 64, total: throughputTotal },
    { contender: 'ours', window: 64, total: throughputTotal },
  ];
  for (const { contender, window, total } of variants) {
    const row: DiagnosticRow = {
      contender: CONTENDER_LABELS[contender],
      metric: window === 1 ? 'latency, µs / round trip' : `throughput, ${window} in flight, msg/s`,
      unit: window === 1 ? 'µs' : 'msg/s',
      without: [],
      with: [],
    };
    const convert = (ms: number) => (window === 1 ? (ms * 1000) / total : (total * 1000) / ms);
    for (let round = 0; round < rounds; round++) {
      for (const detached of [false, true]) {
        let value = Number.NaN;
        try {
          value = convert(await measureRoundTrips(contender, total, window, { detached }));
        } catch (error) {
          found.push(`${contender}, detached ${detached}: ${errorText(error)}`);
        }
        (detached ? row.with : row.without).push(value);
      }
    }
    diagnostics.push(row);
  }
  record('diagnostics', found);
}

function parseArgs(argv: readonly string[]): { plan: Plan; only: Set<ScenarioName> } {
  let plan = FULL;
  let only: Set<ScenarioName> | null = null;
  for (const arg of argv) {
    if (arg === '--quick') plan = QUICK;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      for (const name of names) {
        if (!(SCENARIOS as readonly string[]).includes(name)) {
          throw new Error(`unknown scenario ${JSON.stringify(name)}; known: ${SCENARIOS.join(', ')}`);
        }
      }
      only = new Set(names as ScenarioName[]);
    } else if (arg !== '--') {
      throw new Error(`unknown argument ${JSON.stringify(arg)} (use --quick, --only=…)`);
    }
  }
  const chosen = plan === QUICK ? SCENARIOS.filter((name) => !FULL_ONLY.includes(name)) : SCENARIOS;
  return { plan, only: only ?? new Set(chosen) };
}

async function main(): Promise<number> {
  const { plan, only } = parseArgs(process.argv.slice(2));
  const machine = machineInfo();
  const started = new Date();
  const clock = performance.now();
  progress(
    `${plan.mode} run on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; contenders: ${CONTENDERS.map((c) => CONTENDER_LABELS[c]).join(', ')}`,
  );
  await loadContenders(CONTENDERS);
  warmUpPass = plan.warmUpPass;
  let maxListenersWarnings = 0;
  process.on('warning', (warning) => {
    if (warning.name === 'MaxListenersExceededWarning') maxListenersWarnings += 1;
  });
  const steps: [ScenarioName, (plan: Plan) => Promise<void>][] = [
    ['latency', latencyScenario],
    ['throughput', throughputScenario],
    ['burst', burstScenario],
    ['frames', framesScenario],
    ['upload', uploadScenario],
    ['teardown', teardownScenario],
    ['cold', coldStartScenario],
    ['host', hostScenario],
    ['resubscribe', resubscribeScenario],
    ['layer', layerScenario],
    ['session', sessionScenario],
  ];
  for (const [name, step] of steps) {
    if (!only.has(name)) continue;
    const at = performance.now();
    try {
      await step(plan);
    } catch (error) {
      failures.push(`${name}: ${errorText(error)}`);
    }
    progress(`${name} done in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
  if (maxListenersWarnings > 0) {
    notes.push(
      `Node printed ${maxListenersWarnings} MaxListenersExceededWarning(s): the SDK's send() adds one 'drain' listener per message while the pipe is full (the burst).`,
    );
  }
  const leftovers = killEverythingTagged();
  if (leftovers > 0) notes.push(`${leftovers} leftover process(es) of this run were SIGKILLed at the end.`);
  const seconds = (performance.now() - clock) / 1000;

  const table = markdownTable(rows);
  const heading =
    `Benchmark (${plan.mode}), ${started.toISOString()}: ${machine.cpu}, ${machine.cores} cores, ` +
    `${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}, @modelcontextprotocol/sdk ${machine.sdk}; ` +
    (machine.autogroup === null ? '' : `sched_autogroup ${machine.autogroup ? 'on' : 'off'}; `) +
    `load average ${machine.loadAverage.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end; ${seconds.toFixed(0)} s.`;
  const legend =
    'Medians over interleaved rounds (raw, SDK, ours, raw, SDK, ours, …); ratios are medians of the ' +
    'per-round ratios. µs and ms: lower is better; msg/s: higher is better.';
  const sections = [heading, '', table, '', legend, ...notes.map((n) => `\n${n}`)];
  if (diagnostics.length > 0) {
    sections.push(
      '',
      "Diagnostics: the same contender with the server spawned in the host's session or in a session of its own " +
        '(`detached: true`, which makes it a process-group leader so its whole tree can be signalled; on Linux ' +
        'with `kernel.sched_autogroup_enabled=1` it also puts it in a scheduling group of its own).',
      '',
      diagnosticTable(['not detached', 'detached'], diagnostics),
    );
  }
  if (keepAliveRows.length > 0) {
    sections.push(
      '',
      `Resubscribe latency against server-everything: \`mcpSession(fromStdioServer(…))\` subscribed, ` +
        `unsubscribed, subscribed again ${RESUBSCRIBE_AFTER_MS} ms later. With \`keepAlive: ${KEEP_ALIVE_MS}\` the ` +
        'same session and process come back (checked: same session object, same pid); without it, a cold ' +
        'spawn and a new handshake (checked: a new pid). Interleaved rounds; the ratio is the median of the ' +
        'per-round ratios.',
      '',
      diagnosticTable(['with keepAlive', 'without keepAlive (cold)'], keepAliveRows),
    );
  }
  const markdown = sections.join('\n');
  console.log(`\n${markdown}\n`);

  const directory = path.join(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const json = {
    mode: plan.mode,
    startedAt: started.toISOString(),
    seconds,
    machine,
    plan,
    rows: rows.map((row) => ({
      ...row,
      medians: Object.fromEntries(CONTENDERS.map((c) => [c, medianOf(row.cells[c])])),
      ratios:
        row.ratios === false
          ? undefined
          : {
              oursToRaw: ratio(row, 'ours', 'raw'),
              oursToSdk: ratio(row, 'ours', 'sdk'),
              sdkToRaw: ratio(row, 'sdk', 'raw'),
            },
      samples: Object.fromEntries(CONTENDERS.map((c) => [c, samplesOf(row.cells[c])])),
    })),
    details,
    diagnostics,
    notes,
    failures,
  };
  const text = `${JSON.stringify(json, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
  writeFileSync(path.join(directory, `${plan.mode}-${stamp}.json`), text);
  writeFileSync(path.join(directory, `latest-${plan.mode}.json`), text);
  writeFileSync(path.join(directory, `latest-${plan.mode}.md`), `${markdown}\n`);
  progress(`results written to ${path.relative(process.cwd(), directory)}/latest-${plan.mode}.{json,md}`);

  if (failures.length > 0) {
    console.error(`\nFAILED: ${failures.length} contender result(s) were wrong or missing:`);
    for (const failure of failures) console.error(`  - ${failure}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    killEverythingTagged();
    console.error(error);
    process.exitCode = 1;
  },
);
