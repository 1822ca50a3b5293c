/**
 * The fault scenarios of issue 3, each against real processes (fixtures in spec/fixtures), each
 * measured by a `Probe` into one row: what the transport did, processes left, fds left, frames
 * lost, teardown time against the configured bound. The jest specs in this folder run them at a
 * small size; `report.ts` runs them all at full size (1 GB stdout flood, 100 MB frame) and prints
 * the table.
 */
import { execFileSync, fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { config, map, retry } from 'rxjs';
import {
  fromStdioServer,
  StdioServerExitError,
  StdioWriteOverflowError,
  type StdioServerSubject,
} from '../../lib/index.js';
import { isAlive, processGroupMembers, processInfo } from '../support/processes.js';
import type { FloodJob, FloodReport } from './floodRunner.js';
import {
  collectGarbage,
  completed,
  delay,
  describeError,
  describeExit,
  describeTerminal,
  errorOf,
  Probe,
  SHUTDOWN,
  SLACK_MS,
  until,
  type FaultScenario,
  type Message,
  type Timed,
} from './probe.js';

const CLOSE = SHUTDOWN.closeTimeout;
const TERM = SHUTDOWN.termTimeout;
/** The shutdown sequence's bound: close stdin, wait, SIGTERM, wait, SIGKILL. */
const BOUND = CLOSE + TERM;
/**
 * With descendants: the server is gone within BOUND, and what it left in its group gets SIGTERM
 * then, `termTimeout` later, SIGKILL.
 */
const TREE_BOUND = CLOSE + 2 * TERM;
/** A real-time cap on any single wait of a scenario, so that a broken transport fails, never hangs. */
const WAIT = 10_000;

/** The peak RSS growth allowed to the host during a stdout flood, whatever the flood's size. */
export const FLOOD_RSS_BOUND = 64 * 1024 * 1024;
/** Bytes of stdout flood and of the large frame, MiB of stderr, cycles: the report's full size and the spec's. */
export const SIZES = {
  full: { flood: 1024 * 1024 * 1024, frame: 100 * 1000 * 1000, stderrMiB: 64, cycles: 1000 },
  spec: { flood: 8 * 1024 * 1024, frame: 4 * 1024 * 1024, stderrMiB: 2, cycles: 40 },
} as const;

const initialize = (id = 1): Message => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'faults', version: '1.0.0' },
  },
});
const initialized: Message = { jsonrpc: '2.0', method: 'notifications/initialized' };
const request = (id: number, method: string, params?: unknown): Message => ({
  jsonrpc: '2.0',
  id,
  method,
  ...(params === undefined ? {} : { params }),
});

/** Sends `initialize`, waits for its answer, sends `initialized`. */
async function handshake(
  server$: StdioServerSubject<Message, Message>,
  rec: Timed<Message>,
  probe: Probe,
): Promise<boolean> {
  server$.next(initialize(1));
  const answered = await rec
    .waitFor((m) => m.id === 1 && 'result' in m, WAIT)
    .then(
      () => true,
      () => false,
    );
  if (answered) server$.next(initialized);
  return probe.check(answered, `no answer to initialize (${describeTerminal(rec)})`);
}

/** Resolves with a frame matching `predicate`, or `undefined` (a failed check) after WAIT. */
async function frame(
  rec: Timed<Message>,
  probe: Probe,
  what: string,
  predicate: (m: Message) => boolean,
): Promise<Message | undefined> {
  try {
    return await rec.waitFor(predicate, WAIT);
  } catch (error) {
    probe.check(false, `no ${what} frame: ${describeError(error)}`);
    return undefined;
  }
}

/** Waits for the terminal event (a failed check if it does not come within `timeoutMs`). */
async function ended<T>(rec: Timed<T>, probe: Probe, timeoutMs = WAIT): Promise<void> {
  await rec.end(timeoutMs).catch(() => probe.check(false, `no terminal event within ${timeoutMs} ms`));
}

/**
 * How many of `expected` arrived, in order (a greedy in-order match), and how many received
 * frames were not expected there.
 */
function matchInOrder(
  expected: readonly unknown[],
  received: readonly unknown[],
): { matched: number; wrong: number } {
  let matched = 0;
  let wrong = 0;
  for (const value of received) {
    if (matched < expected.length && isDeepStrictEqual(value, expected[matched])) matched += 1;
    else wrong += 1;
  }
  return { matched, wrong };
}

const ids = (rec: Timed<Message>): unknown[] => rec.values.map((m) => m.id);

// ---------------------------------------------------------------------------------------------
// The server resists the shutdown sequence
// ---------------------------------------------------------------------------------------------

const ignoresEof: FaultScenario = {
  id: 'ignores-eof',
  group: 'shutdown',
  fault: 'server ignores stdin EOF',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('ignore-eof.js');
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    const t = probe.trigger();
    rec.unsubscribe();
    await probe.waitForExits(1, BOUND + SLACK_MS + 3000);
    const exit = probe.exits[0];
    probe.check(exit?.signal === 'SIGTERM', `expected death by SIGTERM, got: ${describeExit(exit, t)}`);
    probe.check(exit !== undefined && exit.at - t >= CLOSE - 20, 'SIGTERM was sent before closeTimeout');
    return probe.finish({
      did: `unsubscribe: stdin closed, ${describeExit(exit, t)}`,
      boundMs: BOUND,
      framesExpected: 1,
      framesReceived: rec.values.filter((m) => m.id === 1).length,
    });
  },
};

const ignoresSigterm: FaultScenario = {
  id: 'ignores-sigterm',
  group: 'shutdown',
  fault: 'server ignores SIGTERM (slow to exit on EOF)',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    // SIGTERM comes at closeTimeout (300 ms) and is ignored; the server exits 0 on its own 600 ms
    // after EOF, well before SIGKILL would come (300 + 1500 ms).
    const term = 1500;
    const server$ = probe.server('stubborn.js', ['--eof', '600', '--sigterm', 'ignore'], {
      shutdown: { closeTimeout: CLOSE, termTimeout: term },
    });
    const rec = probe.record(server$);
    await frame(rec, probe, 'ready', (m) => m.method === 'ready');
    await handshake(server$, rec, probe);
    const t = probe.trigger();
    server$.complete();
    await ended(rec, probe);
    const exit = probe.exits[0];
    probe.check(completed(rec), `complete() should complete the stream, got ${describeTerminal(rec)}`);
    probe.check(exit?.code === 0, `expected exit 0 after the ignored SIGTERM, got: ${describeExit(exit, t)}`);
    probe.check(
      probe.stderr.some((line) => line.includes('ignoring SIGTERM')),
      'the server never saw a SIGTERM (the sequence did not reach step 2)',
    );
    return probe.finish({
      did: `complete(): stdin closed, SIGTERM ignored, ${describeExit(exit, t)} before SIGKILL; ${describeTerminal(rec)}`,
      boundMs: CLOSE + term,
      framesExpected: 2,
      framesReceived: rec.values.filter((m) => m.id === 1 || m.method === 'ready').length,
    });
  },
};

const ignoresBoth: FaultScenario = {
  id: 'ignores-both',
  group: 'shutdown',
  fault: 'server ignores stdin EOF and SIGTERM',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('ignore-sigterm.js');
    const rec = probe.record(server$);
    await frame(rec, probe, 'ready', (m) => m.method === 'ready');
    await handshake(server$, rec, probe);
    const t = probe.trigger();
    rec.unsubscribe();
    await probe.waitForExits(1, BOUND + SLACK_MS + 3000);
    const exit = probe.exits[0];
    probe.check(exit?.signal === 'SIGKILL', `expected death by SIGKILL, got: ${describeExit(exit, t)}`);
    probe.check(
      exit !== undefined && exit.at - t >= BOUND - 20,
      'SIGKILL came before closeTimeout + termTimeout',
    );
    return probe.finish({
      did: `unsubscribe: stdin closed, SIGTERM ignored, ${describeExit(exit, t)}`,
      boundMs: BOUND,
      framesExpected: 2,
      framesReceived: rec.values.filter((m) => m.id === 1 || m.method === 'ready').length,
    });
  },
};

interface Reported {
  pids: number[];
  wrappers: number[];
}

const grandchildIgnoresSigterm: FaultScenario = {
  id: 'grandchild-ignores-sigterm',
  group: 'shutdown',
  fault: 'server forks a grandchild that ignores SIGTERM (and holds stdout)',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('grandchildren.js', ['1', '--ignore-sigterm', '--hold-stdio']);
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    const pidsFrame = await frame(rec, probe, 'pids', (m) => m.method === 'pids');
    const reported = (pidsFrame?.params ?? { pids: [], wrappers: [] }) as Reported;
    probe.track([...reported.pids, ...reported.wrappers]);
    const serverPid = probe.pid();
    probe.check(
      reported.pids.length === 1 && reported.pids.every((pid) => processInfo(pid)?.pgid === serverPid),
      'the grandchild is not in the server’s process group',
    );
    const t = probe.trigger();
    server$.complete();
    await ended(rec, probe, BOUND + SLACK_MS + WAIT);
    const exit = probe.exits[0];
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    probe.check(exit?.code === 0, `the server should exit 0 on EOF, got: ${describeExit(exit, t)}`);
    const completeAt = rec.terminalAt();
    return probe.finish({
      did:
        `complete(): server ${describeExit(exit, t)}; grandchild SIGTERMed, then SIGKILLed; ` +
        `complete at +${completeAt === null ? '?' : Math.round(completeAt - t)} ms, once stdout closed`,
      boundMs: TREE_BOUND,
      framesExpected: 2,
      framesReceived: rec.values.filter((m) => m.id === 1 || m.method === 'pids').length,
    });
  },
};

const wrappedGrandchildren: FaultScenario = {
  id: 'wrapped-grandchildren',
  group: 'shutdown',
  fault: 'server ignores EOF, grandchildren behind `sh -c` ignore SIGTERM',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('grandchildren.js', ['2', '--wrapper', '--ignore-sigterm', '--ignore-eof']);
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    const pidsFrame = await frame(rec, probe, 'pids', (m) => m.method === 'pids');
    const reported = (pidsFrame?.params ?? { pids: [], wrappers: [] }) as Reported;
    probe.track([...reported.pids, ...reported.wrappers]);
    probe.check(
      reported.pids.length === 2 && reported.wrappers.length === 2,
      'the fixture did not report 2 + 2 pids',
    );
    const t = probe.trigger();
    rec.unsubscribe();
    await probe.waitForExits(1, BOUND + SLACK_MS + 3000);
    const exit = probe.exits[0];
    probe.check(
      exit?.signal === 'SIGTERM',
      `the server should die of SIGTERM, got: ${describeExit(exit, t)}`,
    );
    return probe.finish({
      did: `unsubscribe: server ${describeExit(exit, t)}; 2 shells + 2 SIGTERM-immune sleepers SIGKILLed`,
      boundMs: TREE_BOUND,
      framesExpected: 2,
      framesReceived: rec.values.filter((m) => m.id === 1 || m.method === 'pids').length,
    });
  },
};

const setsidDaemon: FaultScenario = {
  id: 'setsid-daemon',
  group: 'shutdown',
  fault: 'server starts a daemon with setsid that holds stdout/stderr',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('daemon.js', ['--hold-stdio', '--ignore-eof']);
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    const pidsFrame = await frame(rec, probe, 'pids', (m) => m.method === 'pids');
    const daemons = ((pidsFrame?.params ?? { pids: [] }) as Reported).pids;
    probe.escaped(daemons);
    const serverPid = probe.pid();
    probe.check(
      daemons.length === 1 &&
        daemons.every((pid) => processInfo(pid)?.sid === pid && processInfo(pid)?.pgid !== serverPid),
      'the daemon did not leave the server’s session and group',
    );
    const t = probe.trigger();
    server$.complete();
    // The daemon keeps stdout open: the stream must still end, closeTimeout + termTimeout after the exit.
    await ended(rec, probe, 2 * BOUND + SLACK_MS + WAIT);
    const exit = probe.exits[0];
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    probe.check(
      exit?.signal === 'SIGTERM',
      `the server should die of SIGTERM, got: ${describeExit(exit, t)}`,
    );
    const completeAt = rec.terminalAt();
    const result = await probe.finish({
      did:
        `complete(): server ${describeExit(exit, t)}; stdout held by the daemon, released ` +
        `closeTimeout + termTimeout after the exit: complete at +${completeAt === null ? '?' : Math.round(completeAt - t)} ms; ` +
        `the daemon (own session) is out of reach`,
      boundMs: 2 * BOUND,
      framesExpected: 2,
      framesReceived: rec.values.filter((m) => m.id === 1 || m.method === 'pids').length,
    });
    result.details.daemonSurvived = result.outOfReach.length > 0;
    return result;
  },
};

const forkStorm: FaultScenario = {
  id: 'fork-storm',
  group: 'shutdown',
  fault: 'server ignores EOF; its group keeps forking SIGTERM-immune processes',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('fork-storm.js', ['100', '20', '--ignore-eof']);
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    const pidsFrame = await frame(rec, probe, 'pids', (m) => m.method === 'pids');
    probe.track(((pidsFrame?.params ?? { pids: [] }) as Reported).pids);
    // Let the storm grow (the server, its shell and a few sleeps): forks are in flight when the
    // group is killed.
    const server = probe.pid(0) ?? 0;
    probe.check(
      await until(() => processGroupMembers(server).length >= 6, WAIT),
      `the storm did not grow: group ${server} has ${processGroupMembers(server).length} members`,
    );
    const t = probe.trigger();
    rec.unsubscribe();
    await probe.waitForExits(1, BOUND + SLACK_MS + 3000);
    const exit = probe.exits[0];
    probe.check(
      exit?.signal === 'SIGTERM',
      `the server should die of SIGTERM, got: ${describeExit(exit, t)}`,
    );
    // The probe also checks that no member of the server's process group is left, known or not.
    return probe.finish({
      did: `unsubscribe: server ${describeExit(exit, t)}; the forking shell and all its SIGTERM-immune children SIGKILLed as one group`,
      boundMs: TREE_BOUND,
      framesExpected: 2,
      framesReceived: rec.values.filter((m) => m.id === 1 || m.method === 'pids').length,
    });
  },
};

// ---------------------------------------------------------------------------------------------
// The server crashes, exits, or stops talking
// ---------------------------------------------------------------------------------------------

/** The checks common to a crash: the stream errors with StdioServerExitError explaining itself. */
function expectCrash(
  probe: Probe,
  rec: Timed<Message>,
  exit: { code: number | null; signal: string | null },
): void {
  const error = errorOf(rec);
  probe.check(
    error instanceof StdioServerExitError,
    `expected StdioServerExitError, got ${describeTerminal(rec)}`,
  );
  if (!(error instanceof StdioServerExitError)) return;
  probe.check(
    error.code === exit.code && error.signal === exit.signal,
    `the error says code ${error.code} signal ${error.signal}, expected ${exit.code} ${exit.signal}`,
  );
  probe.check(
    error.stderrTail[error.stderrTail.length - 1] === 'fatal: boom',
    'the stderr tail does not end with the crash',
  );
}

function crashScenario(
  id: string,
  fault: string,
  args: string[],
  exit: { code: number | null; signal: NodeJS.Signals | null },
  when: 'queued' | 'handshake' | 'after-handshake',
): FaultScenario {
  return {
    id,
    group: 'crashes',
    fault,
    timeoutMs: 15_000,
    async run() {
      const probe = new Probe(id, fault);
      const server$ = probe.server('crash.js', args);
      // Before the handshake: initialize is queued before the process exists, then hits a dead pipe.
      if (when === 'queued') server$.next(initialize(1));
      const rec = probe.record(server$);
      if (when === 'handshake') server$.next(initialize(1));
      if (when === 'after-handshake') await handshake(server$, rec, probe);
      await ended(rec, probe);
      const crash = probe.exits[0];
      probe.trigger(crash?.at);
      expectCrash(probe, rec, exit);
      const expected = when === 'after-handshake' ? 1 : null;
      return probe.finish({
        did: `server ${crash === undefined ? 'never exited' : crash.signal === null ? `exited ${crash.code}` : `died of ${crash.signal}`}; ${describeTerminal(rec)}`,
        boundMs: BOUND,
        framesExpected: expected,
        framesReceived: rec.values.filter((m) => m.id === 1).length,
      });
    },
  };
}

const crashAfterBurst: FaultScenario = {
  id: 'crash-after-burst',
  group: 'crashes',
  fault: 'server crashes (exit 3) right after writing 5,000 frames',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('echo.js');
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    const burst = Array.from({ length: 5000 }, (_, i) => ({
      jsonrpc: '2.0',
      method: 'burst',
      params: { n: i + 1 },
    }));
    server$.next(request(2, 'emit', { frames: burst }));
    server$.next(request(3, 'exit', { code: 3 }));
    await ended(rec, probe);
    const crash = probe.exits[0];
    probe.trigger(crash?.at);
    const error = errorOf(rec);
    probe.check(
      error instanceof StdioServerExitError && error.code === 3,
      `expected StdioServerExitError(code 3), got ${describeTerminal(rec)}`,
    );
    const expected = [
      rec.values.find((m) => m.id === 1) ?? 'the initialize answer',
      ...burst,
      { jsonrpc: '2.0', id: 2, result: { emitted: 5000 } },
    ];
    const { matched, wrong } = matchInOrder(expected, rec.values);
    return probe.finish({
      did: `all ${matched.toLocaleString('en-US')} frames written before the crash delivered in order, then ${describeTerminal(rec)}`,
      boundMs: BOUND,
      framesExpected: expected.length,
      framesReceived: matched,
      framesWrong: wrong,
    });
  },
};

const killedFromOutside: FaultScenario = {
  id: 'killed-by-sigkill',
  group: 'crashes',
  fault: 'server killed by SIGKILL from outside (OOM killer)',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('echo.js');
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    const pid = probe.pid();
    const t = probe.trigger();
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
    await ended(rec, probe);
    const error = errorOf(rec);
    probe.check(
      error instanceof StdioServerExitError && error.signal === 'SIGKILL' && error.code === null,
      `expected StdioServerExitError(signal SIGKILL), got ${describeTerminal(rec)}`,
    );
    return probe.finish({
      did: `${describeExit(probe.exits[0], t)}; ${describeTerminal(rec)}`,
      boundMs: BOUND,
      framesExpected: 1,
      framesReceived: rec.values.filter((m) => m.id === 1).length,
    });
  },
};

const exitInFlight: FaultScenario = {
  id: 'exit-0-in-flight',
  group: 'crashes',
  fault: 'server exits 0 while requests are in flight',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('echo.js');
    const rec = probe.record(server$);
    await handshake(server$, rec, probe);
    // 300 requests it answers, then `exit` (code 0), then 20 it never reads.
    for (let id = 2; id <= 301; id++) server$.next(request(id, 'echo', { id }));
    server$.next(request(1000, 'exit', { code: 0 }));
    for (let id = 2001; id <= 2020; id++) server$.next(request(id, 'echo', { id }));
    await probe.waitForExits(1, WAIT);
    // ... and keep writing into the dead pipe (EPIPE must not surface).
    for (let id = 3001; id <= 3020; id++) server$.next(request(id, 'echo', { id, pad: 'z'.repeat(8192) }));
    await ended(rec, probe);
    const exit = probe.exits[0];
    probe.trigger(exit?.at);
    probe.check(completed(rec), `an exit 0 should complete the stream, got ${describeTerminal(rec)}`);
    const expected = Array.from({ length: 301 }, (_, i) => i + 1);
    const { matched, wrong } = matchInOrder(expected, ids(rec));
    return probe.finish({
      did: `server exited 0 with 40 requests unanswered; all 301 answers delivered, then ${describeTerminal(rec)}`,
      boundMs: BOUND,
      framesExpected: expected.length,
      framesReceived: matched,
      framesWrong: wrong,
    });
  },
};

const closesStdout: FaultScenario = {
  id: 'closes-stdout',
  group: 'crashes',
  fault: 'server closes stdout but keeps running',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('close-stdout.js');
    const rec = probe.record(server$);
    await ended(rec, probe);
    const t = probe.trigger(probe.closings[0]);
    const exit = probe.exits[0];
    probe.check(probe.closings.length === 1, 'the shutdown sequence did not start when stdout closed');
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    probe.check(exit?.code === 0, `the server should exit 0 on EOF, got: ${describeExit(exit, t)}`);
    return probe.finish({
      did: `stdout closed → shutdown sequence: stdin closed, ${describeExit(exit, t)}; ${describeTerminal(rec)}`,
      boundMs: BOUND,
    });
  },
};

const closesStdoutThenSigtermExit: FaultScenario = {
  id: 'closes-stdout-sigterm-143',
  group: 'crashes',
  fault: 'server closes stdout, keeps running, ignores EOF; its SIGTERM handler exits 143',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('stubborn.js', [
      '--close-stdout',
      '--eof',
      'ignore',
      '--sigterm',
      'handle',
      '--code',
      '143',
    ]);
    const rec = probe.record(server$);
    await ended(rec, probe);
    const t = probe.trigger(probe.closings[0]);
    const exit = probe.exits[0];
    probe.check(probe.closings.length === 1, 'the shutdown sequence did not start when stdout closed');
    probe.check(
      exit?.code === 143 && probe.stderr.some((line) => line.includes('SIGTERM: cleaning up')),
      `expected exit 143 from the server's SIGTERM handler, got: ${describeExit(exit, t)}`,
    );
    // The transport ended this process itself (stdout closed → stdin closed → SIGTERM): how the
    // process answers the SIGTERM is no crash. README: "the server closes stdout but keeps
    // running → the shutdown sequence runs, then complete()".
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    return probe.finish({
      did: `stdout closed → stdin closed → SIGTERM → ${describeExit(exit, t)}; ${describeTerminal(rec)}`,
      boundMs: BOUND,
      framesExpected: 1,
      framesReceived: rec.values.filter((m) => m.method === 'ready').length,
    });
  },
};

const noReadOverflow: FaultScenario = {
  id: 'no-read-overflow',
  group: 'crashes',
  fault: 'server never reads stdin while the client keeps writing',
  timeoutMs: 20_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const limit = 1024 * 1024;
    const server$ = probe.server('no-read.js', [], { maxWriteQueueLength: limit });
    const rec = probe.record(server$);
    probe.check(await probe.when(() => probe.spawns.length === 1, WAIT), 'the server never ran');
    const message = request(0, 'echo', { pad: 'w'.repeat(16 * 1024) });
    const size = Buffer.byteLength(JSON.stringify(message)) + 1;
    let accepted = 0;
    let sent = 0;
    // Writes as long as the transport takes them; the cap only stops a transport with no bound.
    while (rec.notifications.length === 0 && accepted < 64 * limit) {
      server$.next({ ...message, id: sent + 1 });
      sent += 1;
      if (rec.notifications.length === 0) accepted += size;
      if (sent % 8 === 0) await delay(1);
    }
    const t = probe.trigger(rec.terminalAt() ?? performance.now());
    const error = errorOf(rec);
    probe.check(
      error instanceof StdioWriteOverflowError && error.limit === limit,
      `expected StdioWriteOverflowError at ${limit} bytes, got ${describeTerminal(rec)}`,
    );
    // The bytes taken: what the queue holds (at most the limit) plus what the OS pipe took.
    const pipeSlack = 1024 * 1024;
    probe.check(
      accepted <= limit + pipeSlack,
      `accepted ${accepted} bytes, over the limit + pipe (${limit + pipeSlack})`,
    );
    probe.check(
      accepted >= limit - size,
      `refused at ${accepted} bytes, before reaching the limit (${limit})`,
    );
    await probe.waitForExits(1, BOUND + SLACK_MS + 3000);
    const exit = probe.exits[0];
    probe.details.acceptedBytes = accepted;
    probe.details.limit = limit;
    return probe.finish({
      did:
        `accepted ${(accepted / 1024).toFixed(0)} KiB (limit ${limit / 1024} KiB + pipe), then ` +
        `${describeTerminal(rec)}; server ${describeExit(exit, t)}`,
      boundMs: BOUND,
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Floods
// ---------------------------------------------------------------------------------------------

/** The tsx loader, so that a forked Node runs the TypeScript runner (from jest and from tsx alike). */
function tsxLoader(): string {
  return pathToFileURL(require.resolve('tsx')).href;
}

const stdoutFlood: FaultScenario = {
  id: 'stdout-flood',
  group: 'floods',
  fault: 'server floods stdout (small frames) while the subscriber is slow',
  timeoutMs: 60_000,
  async run({ full }) {
    const probe = new Probe(this.id, `${this.fault}: ${full ? '1 GiB' : '8 MiB'}`);
    const job: FloodJob = {
      totalBytes: full ? SIZES.full.flood : SIZES.spec.flood,
      frameBytes: 256,
      burnMicros: 2,
      closeTimeout: CLOSE,
      termTimeout: TERM,
      // Spec size: the usual 60 s; full size on a slow machine may take longer (see flood-frames.js).
      lifetimeMs: full ? 300_000 : 60_000,
    };
    const runner = fork(path.join(__dirname, 'floodRunner.ts'), [JSON.stringify(job)], {
      execArgv: ['--import', tsxLoader(), '--expose-gc'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    if (runner.pid !== undefined) probe.track([runner.pid]);
    let stderr = '';
    runner.stderr?.setEncoding('utf8');
    runner.stderr?.on('data', (text: string) => (stderr += text.slice(0, 4000)));
    const exited = new Promise<void>((resolve) => runner.once('exit', () => resolve()));
    const report = await new Promise<FloodReport | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), full ? 240_000 : 50_000);
      runner.on('message', (message: { type: string; pid?: number }) => {
        if (message.type === 'spawned' && message.pid !== undefined) probe.track([message.pid]);
        if (message.type === 'report' || message.type === 'failed') {
          clearTimeout(timer);
          resolve(message.type === 'report' ? (message as FloodReport) : null);
        }
      });
      // Every message the runner sent has arrived once its channel is closed.
      runner.once('disconnect', () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
    if (report === null && runner.exitCode === null && runner.pid !== undefined) runner.kill('SIGKILL');
    await exited;
    probe.check(report !== null, `the flood runner did not report: ${stderr.slice(0, 300)}`);
    if (report === null)
      return probe.finish({ did: 'no report', boundMs: BOUND, framesExpected: 1, framesReceived: 0 });
    probe.check(report.terminal === 'complete', `expected complete, got ${report.terminal}`);
    probe.check(
      report.exit?.code === 0,
      `the flood server should exit 0, got ${JSON.stringify(report.exit)}`,
    );
    probe.check(report.fdsLeft === 0, `the runner kept ${report.fdsLeft} fd(s)`);
    probe.check(
      report.peakRssDelta <= FLOOD_RSS_BOUND,
      `peak RSS grew by ${mib(report.peakRssDelta)}, over the bound of ${mib(FLOOD_RSS_BOUND)}`,
    );
    Object.assign(probe.details, {
      totalBytes: job.totalBytes,
      frames: report.frames,
      peakRssDelta: report.peakRssDelta,
      peakSource: report.peakSource,
      ms: report.ms,
      rssBound: FLOOD_RSS_BOUND,
    });
    const mbps = job.totalBytes / 1024 / 1024 / (report.ms / 1000);
    return probe.finish({
      did:
        `${report.frames.toLocaleString('en-US')} frames in order at ${mbps.toFixed(0)} MiB/s, subscriber ` +
        `burning ${job.burnMicros} µs/frame; peak RSS +${mib(report.peakRssDelta)} (bound ${mib(FLOOD_RSS_BOUND)}); ${report.terminal}`,
      boundMs: BOUND,
      teardownMs: report.teardownMs,
      framesExpected: report.expected,
      framesReceived: report.frames - report.outOfOrder,
      framesWrong: report.outOfOrder,
    });
  },
};

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const stderrFlood: FaultScenario = {
  id: 'stderr-flood',
  group: 'floods',
  fault: 'server floods stderr, captured by an observer that does nothing',
  timeoutMs: 30_000,
  async run({ full }) {
    const megabytes = full ? SIZES.full.stderrMiB : SIZES.spec.stderrMiB;
    const probe = new Probe(this.id, `${this.fault}: ${megabytes} MiB`);
    const lineCount = Math.ceil((megabytes * 1048576) / 128);
    let flood = 0;
    let done = false;
    const server$ = probe.server('flood-stderr.js', [String(megabytes)], {
      // Nobody reads this log: the observer only counts (without the transport draining the
      // pipe, the server would block mid-write and never answer).
      stderr: {
        next: (line) => {
          if (line.startsWith('flood-stderr line ')) flood += 1;
          else if (line.startsWith('flood-stderr: done')) done = true;
        },
      },
    });
    const rec = probe.record(server$);
    // The fixture answers only once everything it wrote to stderr before is in the pipe.
    await handshake(server$, rec, probe);
    const t = probe.trigger();
    server$.complete();
    await ended(rec, probe, 30_000);
    const exit = probe.exits[0];
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    probe.check(exit?.code === 0, `the server should exit 0, got: ${describeExit(exit, t)}`);
    probe.check(
      flood === lineCount && done,
      `stderr lines: ${flood} of ${lineCount}${done ? '' : ', no final line'}`,
    );
    probe.details.stderrLines = flood;
    return probe.finish({
      did: `answered during the flood; all ${flood.toLocaleString('en-US')} stderr lines drained; ${describeTerminal(rec)}`,
      // The server exits once its flood is written: the teardown includes the rest of the flood.
      boundMs: null,
      framesExpected: 1,
      framesReceived: rec.values.filter((m) => m.id === 1).length,
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Bad frames
// ---------------------------------------------------------------------------------------------

interface ListedEntry {
  name: string;
  expect: 'frame' | 'malformed' | 'skipped';
  frame?: unknown;
  frameIfReplaced?: unknown;
  frameIfIgnored?: unknown;
}

function badFrames(handler: 'strict' | 'replace' | 'ignore', chunk: number | null): FaultScenario {
  const id = `bad-frames-${handler}`;
  const fault =
    'bad frames (banner, blank, CRLF, invalid UTF-8, maxFrameLength + 1, array, scalar, BOM, NUL, ' +
    `partial JSON, U+2028/9, last line without \\n), encodingErrorHandler '${handler}'` +
    (chunk === null ? '' : `, ${chunk}-byte writes`);
  return {
    id,
    group: 'frames',
    fault,
    timeoutMs: 15_000,
    async run() {
      const probe = new Probe(id, fault);
      const max = 200;
      const list = JSON.parse(
        execFileSync(
          process.execPath,
          [path.join(__dirname, '..', 'fixtures', 'bad-frames.js'), String(max), '--list'],
          {
            encoding: 'utf8',
          },
        ),
      ) as { entries: ListedEntry[] };
      const args = [String(max), ...(chunk === null ? [] : ['--chunk', String(chunk)])];
      const server$ = probe.server('bad-frames.js', args, {
        maxFrameLength: max,
        encodingErrorHandler: handler,
      });
      const rec = probe.record(server$);
      await ended(rec, probe);
      probe.trigger(probe.exits[0]?.at);
      const decoded = (e: ListedEntry): unknown =>
        handler === 'replace' ? e.frameIfReplaced : handler === 'ignore' ? e.frameIfIgnored : undefined;
      const expected = list.entries.flatMap((e) =>
        e.expect === 'frame' ? [e.frame] : decoded(e) !== undefined ? [decoded(e)] : [],
      );
      const skipped = list.entries.filter((e) => e.expect === 'malformed' && decoded(e) === undefined);
      probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
      probe.check(
        probe.malformed.length === skipped.length,
        `${probe.malformed.length} lines reported malformed, expected ${skipped.length} (${skipped.map((e) => e.name).join(', ')})`,
      );
      probe.check(
        probe.malformed.some((r) => r.length === max + 1 && /maxFrameLength/.test(r.reason)),
        'the line of maxFrameLength + 1 bytes was not reported as too long',
      );
      const { matched, wrong } = matchInOrder(expected, rec.values);
      return probe.finish({
        did: `${matched} frames delivered in order, ${probe.malformed.length} lines skipped and reported; ${describeTerminal(rec)}`,
        boundMs: BOUND,
        framesExpected: expected.length,
        framesReceived: matched,
        framesWrong: wrong,
      });
    },
  };
}

const bigFrame: FaultScenario = {
  id: 'big-frame',
  group: 'floods',
  fault: 'one valid frame of 100 MB',
  timeoutMs: 30_000,
  async run({ full }) {
    const bytes = full ? SIZES.full.frame : SIZES.spec.frame;
    const probe = new Probe(this.id, `one valid frame of ${full ? '100 MB' : '4 MiB'}`);
    const server$ = probe.server('big-frame.js', [String(bytes)]);
    const start = performance.now();
    // Keep only what is needed of each frame (its method and the length of its data), not the frame.
    const rec = probe.record(
      server$.pipe(
        map((m) => {
          const data = (m.params as { data?: unknown } | undefined)?.data;
          return { method: m.method, length: typeof data === 'string' ? data.length : -1 };
        }),
      ),
    );
    await ended(rec, probe, 60_000);
    const ms = performance.now() - start;
    probe.trigger(probe.exits[0]?.at);
    const dataLength = bytes - '{"jsonrpc":"2.0","method":"big","params":{"data":""}}'.length;
    const expected = [
      { method: 'big', length: dataLength },
      { method: 'after', length: -1 },
    ];
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    probe.check(
      rec.values[0]?.length === dataLength,
      `the big frame's data has ${rec.values[0]?.length} characters, expected ${dataLength}`,
    );
    probe.details.ms = Math.round(ms);
    const { matched, wrong } = matchInOrder(expected, rec.values);
    return probe.finish({
      did: `delivered whole in ${Math.round(ms)} ms, then the next frame; ${describeTerminal(rec)}`,
      boundMs: BOUND,
      framesExpected: 2,
      framesReceived: matched,
      framesWrong: wrong,
    });
  },
};

const noNewline: FaultScenario = {
  id: 'last-frame-no-newline',
  group: 'frames',
  fault: 'final frame without a newline',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('no-newline.js');
    const rec = probe.record(server$);
    await ended(rec, probe);
    probe.trigger(probe.exits[0]?.at);
    const expected = [{ jsonrpc: '2.0', method: 'last', params: { n: 1 } }];
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    const { matched, wrong } = matchInOrder(expected, rec.values);
    return probe.finish({
      did: `delivered at EOF, then ${describeTerminal(rec)}`,
      boundMs: BOUND,
      framesExpected: 1,
      framesReceived: matched,
      framesWrong: wrong,
    });
  },
};

// ---------------------------------------------------------------------------------------------
// The host side misbehaves
// ---------------------------------------------------------------------------------------------

/**
 * The shutdown bounds of the "during spawn" rows: stdin is closed before Node has started, and
 * a loaded CI machine can take longer than the suite's 300 ms to start it; the server still exits 0
 * on EOF as soon as it runs, so this only widens what a slow start may take.
 */
const DURING_SPAWN_SHUTDOWN = { closeTimeout: 5000, termTimeout: TERM } as const;
const DURING_SPAWN_BOUND = DURING_SPAWN_SHUTDOWN.closeTimeout + TERM;

function unsubscribeDuringSpawn(fixture: 'echo.js' | 'ignore-sigterm.js'): FaultScenario {
  const stubborn = fixture === 'ignore-sigterm.js';
  const id = stubborn ? 'unsubscribe-during-spawn-stubborn' : 'unsubscribe-during-spawn';
  const fault = stubborn
    ? 'unsubscribe during spawn, server ignores EOF and SIGTERM'
    : 'unsubscribe during spawn (synchronously after subscribe)';
  return {
    id,
    group: 'host',
    fault,
    timeoutMs: 15_000,
    async run() {
      const probe = new Probe(id, fault);
      // The polite server gets the wider closeTimeout of the other "during spawn" rows: its EOF
      // arrives before Node has started it, and on a loaded machine the start can take longer
      // than the suite's 300 ms (it was SIGTERMed at +395 ms in CI, not yet reading stdin).
      const bound = stubborn ? BOUND : DURING_SPAWN_BOUND;
      const server$ = probe.server(fixture, [], stubborn ? {} : { shutdown: DURING_SPAWN_SHUTDOWN });
      server$.next(initialize(1));
      const subscription = server$.subscribe();
      const t = probe.trigger();
      subscription.unsubscribe();
      await probe.waitForExits(1, bound + SLACK_MS + 3000);
      const exit = probe.exits[0];
      probe.check(probe.spawns.length === 1, `${probe.spawns.length} process(es) spawned, expected 1`);
      if (stubborn) {
        probe.check(
          exit?.signal === 'SIGKILL' || exit?.signal === 'SIGTERM',
          `expected a kill, got: ${describeExit(exit, t)}`,
        );
      } else {
        // stdin was closed before the pipe was even attached: the server must still read EOF.
        probe.check(exit?.code === 0, `expected exit 0 on EOF, got: ${describeExit(exit, t)}`);
      }
      return probe.finish({
        did: `spawned anyway, stdin closed at once; ${describeExit(exit, t)}`,
        boundMs: bound,
      });
    },
  };
}

const errorDuringSpawn: FaultScenario = {
  id: 'error-during-spawn',
  group: 'host',
  fault: '`error(e)` during spawn (synchronously after subscribe)',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    // stdin is closed while Node is still starting, so closeTimeout also covers the start-up.
    const server$ = probe.server('echo.js', [], { shutdown: DURING_SPAWN_SHUTDOWN });
    const rec = probe.record(server$);
    const t = probe.trigger();
    const abort = new Error('abort');
    server$.error(abort);
    await probe.waitForExits(1, DURING_SPAWN_BOUND + SLACK_MS + 3000);
    const exit = probe.exits[0];
    probe.check(
      errorOf(rec) === abort,
      `the subscriber should get the error at once, got ${describeTerminal(rec)}`,
    );
    // The process did run: spawnObserver must say so, and it must get the polite goodbye (EOF).
    probe.check(
      probe.spawns.length === 1,
      `spawnObserver was told of ${probe.spawns.length} process(es), but one ran`,
    );
    probe.check(
      exit?.code === 0,
      `expected exit 0 on EOF, got: ${describeExit(exit, t)} (stdin never closed?)`,
    );
    return probe.finish({
      did: `subscribers errored at once; server ${describeExit(exit, t)}`,
      boundMs: DURING_SPAWN_BOUND,
    });
  },
};

const completeDuringSpawn: FaultScenario = {
  id: 'complete-during-spawn',
  group: 'host',
  fault: '`complete()` during spawn, with requests queued before it',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    // stdin is closed while Node is still starting, so closeTimeout also covers the start-up.
    const server$ = probe.server('echo.js', [], { shutdown: DURING_SPAWN_SHUTDOWN });
    for (let id = 1; id <= 3; id++) server$.next(request(id, 'echo', { id }));
    const rec = probe.record(server$);
    const t = probe.trigger();
    server$.complete();
    await ended(rec, probe);
    const exit = probe.exits[0];
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    probe.check(exit?.code === 0, `expected exit 0 on EOF, got: ${describeExit(exit, t)}`);
    const { matched, wrong } = matchInOrder([1, 2, 3], ids(rec));
    return probe.finish({
      did: `queued requests flushed on spawn and answered, then EOF: ${describeExit(exit, t)}; ${describeTerminal(rec)}`,
      boundMs: DURING_SPAWN_BOUND,
      framesExpected: 3,
      framesReceived: matched,
      framesWrong: wrong,
    });
  },
};

const subscribeAfterExit: FaultScenario = {
  id: 'subscribe-after-exit',
  group: 'host',
  fault: 'subscribe and send after the server died, while its grandchild still holds stdout',
  timeoutMs: 20_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('grandchildren.js', ['1', '--ignore-sigterm', '--hold-stdio']);
    const first = probe.record(server$);
    await handshake(server$, first, probe);
    const pids = await frame(first, probe, 'pids', (m) => m.method === 'pids');
    probe.track(((pids?.params ?? { pids: [] }) as Reported).pids);
    server$.next(request(2, 'exit', { code: 3 }));
    await probe.waitForExits(1, WAIT);
    // The server is dead; its grandchild keeps stdout open for up to termTimeout.
    probe.check(
      first.notifications.every((n) => n.kind === 'N'),
      'the first subscriber ended before the drain window',
    );
    const t = performance.now();
    const second = probe.record(server$);
    server$.next(request(7, 'ping'));
    const answer = await second.waitFor((m) => m.id === 7, WAIT).catch(() => undefined);
    probe.check(
      answer !== undefined,
      `the message sent after the exit was never answered (the subscriber got ${describeTerminal(second)}): ` +
        'it joined the dead process instead of a fresh one, and its message was dropped without an error',
    );
    probe.check(
      probe.spawns.length === 2,
      `${probe.spawns.length} process(es) spawned, expected a fresh one`,
    );
    const secondPids = await frame(second, probe, 'pids of the fresh process', (m) => m.method === 'pids');
    probe.track(((secondPids?.params ?? { pids: [] }) as Reported).pids);
    await ended(first, probe);
    const crash = errorOf(first);
    probe.check(
      crash instanceof StdioServerExitError && crash.code === 3,
      `the first subscriber should get the crash, got ${describeTerminal(first)}`,
    );
    probe.trigger();
    second.unsubscribe();
    return probe.finish({
      did: `first process exited 3; the late subscriber ${answer === undefined ? 'joined the dead process: message dropped, ' + describeTerminal(second) : `got a fresh process, answered in ${Math.round(performance.now() - t)} ms`}; the first got ${describeTerminal(first)}`,
      boundMs: TREE_BOUND,
      framesExpected: 3,
      framesReceived:
        first.values.filter((m) => m.id === 1 || m.method === 'pids').length + (answer === undefined ? 0 : 1),
    });
  },
};

const unsubscribeDuringHandshake: FaultScenario = {
  id: 'unsubscribe-during-handshake',
  group: 'host',
  fault: 'unsubscribe during the handshake (server slow to answer, ignores EOF)',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('stubborn.js', ['--init-delay', '5000', '--eof', 'ignore']);
    const rec = probe.record(server$);
    server$.next(initialize(1));
    await frame(rec, probe, 'initializing', (m) => m.method === 'initializing');
    const t = probe.trigger();
    rec.unsubscribe();
    await probe.waitForExits(1, BOUND + SLACK_MS + 3000);
    const exit = probe.exits[0];
    probe.check(exit?.signal === 'SIGTERM', `expected death by SIGTERM, got: ${describeExit(exit, t)}`);
    probe.check(!rec.values.some((m) => m.id === 1), 'an answer arrived after unsubscribe');
    return probe.finish({ did: `initialize pending; unsubscribe: ${describeExit(exit, t)}`, boundMs: BOUND });
  },
};

const unsubscribeDuringShutdown: FaultScenario = {
  id: 'unsubscribe-during-shutdown',
  group: 'host',
  fault: 'unsubscribe (and resubscribe) during the shutdown sequence',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('ignore-eof.js');
    const first = probe.record(server$);
    await handshake(server$, first, probe);
    const t0 = performance.now();
    server$.complete();
    probe.check(probe.closings.length === 1, 'complete() did not start the shutdown sequence');
    // The server got the EOF (and stays up): the shutdown is waiting out its closeTimeout.
    probe.check(
      await until(() => probe.stderr.some((line) => line.includes('stdin closed')), WAIT),
      'the server never saw its stdin close',
    );
    first.unsubscribe();
    // A subscriber arriving now gets a fresh process; the old one's shutdown goes on untouched.
    const second = probe.record(server$);
    server$.next(request(7, 'ping'));
    await frame(second, probe, 'ping answer', (m) => m.id === 7);
    probe.check(
      probe.spawns.length === 2 && probe.pid(0) !== probe.pid(1),
      'the resubscription did not spawn a fresh process',
    );
    const t = probe.trigger();
    second.unsubscribe();
    await probe.waitForExits(2, BOUND + SLACK_MS + 3000);
    const old = probe.exits[0];
    probe.check(
      old?.signal === 'SIGTERM' && old.at - t0 >= CLOSE - 20,
      `the first process: ${describeExit(old, t0)}, expected SIGTERM after closeTimeout`,
    );
    return probe.finish({
      did: `first process ${describeExit(old, t0)} after complete(), untouched by the unsubscribe; the fresh one ${describeExit(probe.exits[1], t)}`,
      boundMs: BOUND,
      framesExpected: 2,
      framesReceived:
        first.values.filter((m) => m.id === 1).length + second.values.filter((m) => m.id === 7).length,
    });
  },
};

const throwingObservers: FaultScenario = {
  id: 'throwing-subscriber',
  group: 'host',
  fault: 'subscriber throws in next (and every observer param throws)',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const reported: unknown[] = [];
    const previous = config.onUnhandledError;
    config.onUnhandledError = (error) => reported.push(error);
    const boom = (where: string): never => {
      throw new Error(`boom in ${where}`);
    };
    try {
      const server$ = fromStdioServer(
        probe.params('echo.js', [], {
          spawnObserver: {
            next: ({ pid }) => {
              probe.spawned(pid);
              boom('spawnObserver');
            },
          },
          exitObserver: {
            next: (exit) => {
              probe.exited(exit);
              boom('exitObserver');
            },
          },
          closingObserver: { next: () => boom('closingObserver') },
          malformedObserver: {
            next: (report) => {
              probe.malformed.push(report);
              boom('malformedObserver');
            },
          },
          stderr: { next: () => boom('stderr') },
        }),
      );
      let thrown = 0;
      const bad = server$.subscribe({
        next: () => {
          thrown += 1;
          boom('next');
        },
      });
      const good = probe.record(server$);
      await handshake(server$, good, probe);
      server$.next(request(2, 'emit', { raw: ['this line is not JSON'] }));
      server$.next(request(3, 'stderr', { lines: ['a log line'] }));
      for (let id = 4; id <= 103; id++) server$.next(request(id, 'echo', { id }));
      await frame(good, probe, 'last answer', (m) => m.id === 103);
      const t = probe.trigger();
      server$.complete();
      await ended(good, probe);
      bad.unsubscribe();
      const sites = [
        'next',
        'spawnObserver',
        'exitObserver',
        'closingObserver',
        'malformedObserver',
        'stderr',
      ];
      const expectedReports = 103 + sites.length - 1;
      await until(() => reported.length >= expectedReports, 2000);
      const messages = reported.map((e) => (e instanceof Error ? e.message : String(e)));
      for (const site of sites) {
        probe.check(
          messages.includes(`boom in ${site}`),
          `the exception in ${site} was not reported to config.onUnhandledError`,
        );
      }
      probe.check(thrown === 103, `the throwing subscriber was called ${thrown} times, expected 103`);
      probe.check(completed(good), `expected complete, got ${describeTerminal(good)}`);
      const expected = Array.from({ length: 103 }, (_, i) => i + 1);
      const { matched, wrong } = matchInOrder(expected, ids(good));
      probe.details.reported = reported.length;
      return await probe.finish({
        did: `${reported.length} exceptions reported to config.onUnhandledError; the other subscriber got all 103 answers; ${describeExit(probe.exits[0], t)}`,
        boundMs: BOUND,
        framesExpected: expected.length,
        framesReceived: matched,
        framesWrong: wrong,
      });
    } finally {
      config.onUnhandledError = previous;
    }
  },
};

const subscribeCycles: FaultScenario = {
  id: 'subscribe-cycles',
  group: 'cycles',
  fault: '1,000 subscribe/unsubscribe cycles (`cat`; half of them during spawn; 40 in `npm test`)',
  timeoutMs: 60_000,
  async run({ full }) {
    const probe = new Probe(this.id, this.fault);
    const cycles = full ? SIZES.full.cycles : SIZES.spec.cycles;
    // The heap is measured at full size only: over the spec's few cycles its noise is the signal.
    const warmAt = full ? 100 : -1;
    // The host-exit guard's listeners: none of those added during the cycles may stay.
    const listeners = (): Set<unknown> =>
      new Set([
        ...process.listeners('exit'),
        ...process.listeners('SIGINT'),
        ...process.listeners('SIGTERM'),
        ...process.listeners('SIGHUP'),
      ]);
    const listenersBefore = listeners();
    // `cat` exits at once on EOF; a roomy closeTimeout keeps a starved host (coverage, parallel
    // Node runs on two cores) from SIGTERMing one before its EOF went out.
    const server$ = fromStdioServer(
      probe.paramsFor('cat', [], { stderr: 'ignore', shutdown: { closeTimeout: 2000, termTimeout: TERM } }),
    );
    const settled = (): Promise<boolean> =>
      probe.when(() => probe.exits.length === probe.spawns.length, WAIT);
    const heap = async (): Promise<number> => {
      await settled();
      // Two turns of the event loop: the closed pipes' callbacks run before the collection.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    let heapWarm = 0;
    let t = 0;
    for (let i = 0; i < cycles; i++) {
      if (i === warmAt) heapWarm = await heap();
      const subscription = server$.subscribe();
      if (i % 2 === 1) await probe.when(() => probe.spawns.length === i + 1, WAIT);
      if (i === cycles - 1) t = probe.trigger();
      subscription.unsubscribe();
      // At most a few processes at a time on a 2-core machine.
      await probe.when(() => probe.spawns.length - probe.exits.length <= 4, WAIT);
    }
    await probe.waitForExits(cycles, WAIT);
    const heapEnd = full ? await heap() : 0;
    const growth = heapEnd - heapWarm;
    probe.check(
      probe.spawns.length === cycles,
      `${probe.spawns.length} processes spawned, expected ${cycles}`,
    );
    // `cat` exits at once on EOF. closeTimeout runs from the moment stdin is asked to close, so a
    // host whose event loop is starved for longer than closeTimeout (two jest workers and their
    // fixtures on two cores) may SIGTERM a `cat` before its EOF went out: allowed, but rare.
    const polite = probe.exits.filter((e) => e.code === 0).length;
    const termed = probe.exits.filter((e) => e.signal === 'SIGTERM').length;
    const other = probe.exits.filter((e) => e.code !== 0 && e.signal !== 'SIGTERM');
    probe.check(
      other.length === 0 && polite >= Math.floor(cycles * 0.98),
      `${polite} exited 0 on EOF, ${termed} by SIGTERM, others: ${JSON.stringify(other.slice(0, 3))}`,
    );
    probe.details.sigtermed = termed;
    if (full)
      probe.check(growth < 2 * 1024 * 1024, `heap grew by ${mib(growth)} from cycle 100 to ${cycles}`);
    const added = [...listeners()].filter((listener) => !listenersBefore.has(listener));
    probe.check(added.length === 0, `${added.length} process listener(s) added by the transport are left`);
    Object.assign(probe.details, { heapWarm, heapEnd, heapGrowth: growth });
    return probe.finish({
      did: `${probe.exits.length} processes spawned, ${polite} exited 0 on EOF${termed > 0 ? ` (${termed} SIGTERMed: host starved past closeTimeout)` : ''}, all reaped; ${full ? `heap ${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB from cycle 100 to ${cycles}; ` : ''}no host listener left; last ${describeExit(probe.exits[probe.exits.length - 1], t)}`,
      boundMs: BOUND,
    });
  },
};

const retryCrashOnStart: FaultScenario = {
  id: 'retry-crash-on-start',
  group: 'host',
  fault: '`retry({ count: 4 })` against a server that crashes on start',
  timeoutMs: 15_000,
  async run() {
    const probe = new Probe(this.id, this.fault);
    const server$ = probe.server('crash.js', ['3']);
    const rec = probe.record(server$.pipe(retry({ count: 4, delay: 20 })));
    await ended(rec, probe);
    const last = probe.exits[probe.exits.length - 1];
    probe.trigger(last?.at);
    probe.check(probe.spawns.length === 5, `${probe.spawns.length} spawns, expected 5 (1 + 4 retries)`);
    probe.check(
      probe.exits.length === 5 && probe.exits.every((e) => e.code === 3),
      'not every attempt exited 3',
    );
    probe.check(
      errorOf(rec) instanceof StdioServerExitError,
      `expected StdioServerExitError, got ${describeTerminal(rec)}`,
    );
    // Our own children: gone means reaped, not a zombie.
    const unreaped = probe.spawns.filter(({ pid }) => processInfo(pid) !== undefined || isAlive(pid));
    probe.check(unreaped.length === 0, `attempts not reaped: ${unreaped.map((s) => s.pid).join(', ')}`);
    return probe.finish({
      did: `5 attempts, each spawned, exited 3 and reaped (no zombie); then ${describeTerminal(rec)}`,
      boundMs: BOUND,
    });
  },
};

/** Every scenario, in table order, grouped as the issue lists them. */
export const SCENARIOS: readonly FaultScenario[] = [
  ignoresEof,
  ignoresSigterm,
  ignoresBoth,
  grandchildIgnoresSigterm,
  wrappedGrandchildren,
  setsidDaemon,
  forkStorm,
  crashScenario(
    'crash-before-handshake',
    'server crashes before the handshake',
    ['3'],
    { code: 3, signal: null },
    'queued',
  ),
  crashScenario(
    'crash-during-handshake',
    'server crashes during the handshake',
    ['3', '--at', 'first-request'],
    { code: 3, signal: null },
    'handshake',
  ),
  crashScenario(
    'crash-after-handshake',
    'server crashes after the handshake',
    ['3', '--at', 'after-initialize'],
    { code: 3, signal: null },
    'after-handshake',
  ),
  crashScenario(
    'crash-by-signal',
    'server dies from a signal (SIGSEGV)',
    ['--at', 'after-initialize', '--signal', 'SIGSEGV'],
    { code: null, signal: 'SIGSEGV' },
    'after-handshake',
  ),
  crashAfterBurst,
  killedFromOutside,
  exitInFlight,
  closesStdout,
  closesStdoutThenSigtermExit,
  noReadOverflow,
  stdoutFlood,
  stderrFlood,
  badFrames('strict', 1),
  badFrames('replace', 7),
  badFrames('ignore', null),
  bigFrame,
  noNewline,
  unsubscribeDuringSpawn('echo.js'),
  unsubscribeDuringSpawn('ignore-sigterm.js'),
  errorDuringSpawn,
  completeDuringSpawn,
  subscribeAfterExit,
  unsubscribeDuringHandshake,
  unsubscribeDuringShutdown,
  throwingObservers,
  subscribeCycles,
  retryCrashOnStart,
];

/** The scenario with this id (throws for an unknown id: a typo in a spec must not pass silently). */
export function scenario(id: string): FaultScenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no fault scenario "${id}"`);
  return found;
}
