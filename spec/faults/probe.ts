/**
 * The measuring side of the fault suite: a `Probe` watches one fault scenario (the processes it
 * causes, the transport's lifecycle events, the host's file descriptors and handles) and turns
 * it into one `FaultResult`, the row of the report table. Shared by the jest specs and by
 * `report.ts`; it holds no jest API, so a scenario fails through its result, never by throwing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tap, type Observable } from 'rxjs';
import {
  fromStdioServer,
  type MalformedFrame,
  type StdioExitEvent,
  type StdioServerParams,
  type StdioServerSubject,
} from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { record, type Recording } from '../support/collect.js';
import {
  descendantsOf,
  fixturePath,
  isAlive,
  killGroupIfAlive,
  killIfAlive,
  openFdCount,
  processInfo,
  waitUntilGone,
} from '../support/processes.js';
import { delay, until } from '../support/wait.js';

/** The shutdown bounds every scenario uses unless it says otherwise (small, to keep the suite fast). */
export const SHUTDOWN = { closeTimeout: 300, termTimeout: 300 } as const;
/** Slack on every teardown bound: this is a shared 2-core machine, so timing checks are generous. */
export const SLACK_MS = 1500;

/** How a scenario is run: `full` is the report's size (1 GB flood, 100 MB frame), else the spec's. */
export interface RunOptions {
  full: boolean;
}

/** One row of the fault table. */
export interface FaultResult {
  id: string;
  fault: string;
  /** What the transport did, in a few words. */
  did: string;
  /** Processes within the transport's reach still alive at the end (must be empty). */
  processesLeft: number[];
  /** Processes out of reach by design (a `setsid` daemon), alive at the end; the probe killed them. */
  outOfReach: number[];
  /** File descriptors the host holds more than before the scenario (must be 0). */
  fdsLeft: number;
  /** Frames the server wrote that should have arrived; `null` where none are expected. */
  framesExpected: number | null;
  /** Of those, how many did not arrive (or arrived out of order); must be 0. */
  framesLost: number | null;
  /** From the trigger (unsubscribe, `complete()`, the crash…) to every process gone and the terminal event. */
  teardownMs: number | null;
  /** The configured bound of that teardown. */
  boundMs: number | null;
  /** Every check of the scenario that failed, as a sentence; empty when all held. */
  failures: string[];
  ok: boolean;
  /** Scenario-specific figures (counts, RSS), for the JSON output. */
  details: Record<string, unknown>;
}

/** The spec files of the suite, one per group of faults. */
export const FAULT_GROUPS = ['shutdown', 'crashes', 'floods', 'frames', 'host', 'cycles'] as const;
export type FaultGroup = (typeof FAULT_GROUPS)[number];

/** A fault scenario: shared by the specs (small sizes) and the report (full sizes). */
export interface FaultScenario {
  id: string;
  /** The spec file that runs it: spec/faults/<group>.spec.ts. */
  group: FaultGroup;
  /** The fault, as the table's first column. */
  fault: string;
  /** Real-time ms a jest test needs for it, at the spec's size (the test timeout). */
  timeoutMs: number;
  run(options: RunOptions): Promise<FaultResult>;
}

export type Message = JsonRpcMessage;
export type Params = Partial<StdioServerParams<Message, Message>>;

export { delay, until };

/** Runs a full garbage collection if the runtime lets us expose `gc` (for heap measurements). */
export const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc === 'function') return () => (gc as () => void)();
  } catch {
    // not available: heap figures are then noisier, never wrong
  }
  return () => undefined;
})();

/** A subscription that records values and the time of its terminal event. */
export interface Timed<T> extends Recording<T> {
  /** `performance.now()` when complete or error arrived, else `null`. */
  terminalAt(): number | null;
}

/** The name and message of an error, or a short description of any value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}(${error.message.slice(0, 80)})`;
  return String(error);
}

/**
 * Watches one scenario. Create it first (it takes the fd and handle baselines), give its
 * `params()` to the transport, call `trigger()` when the teardown starts, and end with `finish()`.
 */
export class Probe {
  /** Every process within the transport's reach: servers and their reported descendants. */
  readonly pids = new Set<number>();
  /** Processes out of reach by design; reported apart and killed by `finish()`. */
  readonly escapees = new Set<number>();
  readonly spawns: { pid: number; at: number }[] = [];
  readonly exits: (StdioExitEvent & { at: number })[] = [];
  readonly closings: number[] = [];
  readonly malformed: MalformedFrame[] = [];
  /** The last stderr lines (at most 200), when the default stderr observer is used. */
  readonly stderr: string[] = [];
  readonly details: Record<string, unknown> = {};
  private readonly failures: string[] = [];
  private readonly uncaught: unknown[] = [];
  private readonly fdBaseline: number;
  private readonly handleBaseline: number;
  /** The host's descendants before the scenario: any other one alive at the end is a leftover. */
  private readonly descendantsBefore: Set<number>;
  private triggeredAt: number | null = null;
  private goneAt: number | null = null;
  private watcher: ReturnType<typeof setInterval> | null = null;
  private terminal: number | null = null;
  private readonly dead = new Set<number>();
  /** Whether the watch for the end saw processes we were not told about (they count in the teardown). */
  private sawStrays = false;
  /** Waiters re-checked on every spawn and exit (event-driven, no polling). */
  private readonly waiters = new Set<() => void>();
  private readonly onUncaught = (error: unknown): void => {
    this.uncaught.push(error);
  };

  constructor(
    readonly id: string,
    readonly fault: string,
  ) {
    this.fdBaseline = openFdCount();
    this.handleBaseline = activeHandles();
    this.descendantsBefore = new Set(descendantsOf(process.pid));
    process.on('uncaughtException', this.onUncaught);
    process.on('unhandledRejection', this.onUncaught);
  }

  /** Records a check: a failed one is reported in the row (and fails the test). */
  check(condition: boolean, failure: string): boolean {
    if (!condition) this.failures.push(failure);
    return condition;
  }

  /**
   * The params of a transport on a fixture (`node spec/fixtures/<fixture> ...args`), observed by
   * this probe, with the default small shutdown bounds; `extra` overrides any of them.
   */
  params(
    fixture: string,
    args: readonly string[] = [],
    extra: Params = {},
  ): StdioServerParams<Message, Message> {
    return this.paramsFor(process.execPath, [fixturePath(fixture), ...args], extra);
  }

  /** Like `params()`, for any command. */
  paramsFor(
    command: string,
    args: readonly string[],
    extra: Params = {},
  ): StdioServerParams<Message, Message> {
    return {
      command,
      args,
      shutdown: { ...SHUTDOWN },
      stderr: {
        next: (line) => {
          this.stderr.push(line);
          if (this.stderr.length > 200) this.stderr.shift();
        },
      },
      spawnObserver: { next: ({ pid }) => this.spawned(pid) },
      exitObserver: { next: (exit) => this.exited(exit) },
      closingObserver: { next: () => this.closings.push(performance.now()) },
      malformedObserver: { next: (report) => this.malformed.push(report) },
      ...extra,
    };
  }

  /** A transport on a fixture, observed by this probe. */
  server(
    fixture: string,
    args: readonly string[] = [],
    extra: Params = {},
  ): StdioServerSubject<Message, Message> {
    return fromStdioServer(this.params(fixture, args, extra));
  }

  /** What a custom `spawnObserver` must call. */
  spawned(pid: number | undefined): void {
    if (pid === undefined) return;
    this.spawns.push({ pid, at: performance.now() });
    this.pids.add(pid);
    this.wake();
  }

  /** What a custom `exitObserver` must call. */
  exited(exit: StdioExitEvent): void {
    this.exits.push({ code: exit.code, signal: exit.signal, at: performance.now() });
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  /**
   * Resolves `true` as soon as `condition` holds, checked now and at every spawn and exit the
   * probe sees; `false` after `timeoutMs`.
   */
  when(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (result: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      const check = (): void => {
        if (condition()) done(true);
      };
      const timer = setTimeout(() => done(condition()), timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Descendants a fixture reported: they must be gone too. */
  track(pids: readonly number[]): void {
    for (const pid of pids) this.pids.add(pid);
  }

  /** Processes out of the transport's reach by design (they are killed by `finish()`). */
  escaped(pids: readonly number[]): void {
    for (const pid of pids) this.escapees.add(pid);
  }

  /** Subscribes to `source`, recording its values and when its terminal event came. */
  record<T>(source: Observable<T>): Timed<T> {
    const mark = (): void => {
      this.terminal ??= performance.now();
    };
    const recording = record(source.pipe(tap({ complete: mark, error: mark })));
    return Object.assign(recording, { terminalAt: () => this.terminal });
  }

  /**
   * The teardown starts now (or at `at`): from here every process must be gone, and the
   * terminal event delivered, within the bound. Starts watching for the processes' end.
   */
  trigger(at = performance.now()): number {
    this.triggeredAt = at;
    this.goneAt = null;
    this.stopWatching();
    this.watcher = setInterval(() => {
      if (!this.allGone()) return;
      this.goneAt = performance.now();
      this.stopWatching();
    }, 10);
    return at;
  }

  private stopWatching(): void {
    if (this.watcher !== null) clearInterval(this.watcher);
    this.watcher = null;
  }

  /** The pid of the n-th spawn (0-based). */
  pid(n = 0): number | undefined {
    return this.spawns[n]?.pid;
  }

  /** Resolves once `count` processes have exited (false after `timeoutMs`). */
  waitForExits(count: number, timeoutMs = 10_000): Promise<boolean> {
    return this.when(() => this.exits.length >= count, timeoutMs);
  }

  /** Every tracked process is gone (each pid is read once it is known dead: pids are not reused here). */
  private allGone(): boolean {
    for (const pid of this.pids) {
      if (this.dead.has(pid)) continue;
      if (isAlive(pid)) return false;
      this.dead.add(pid);
    }
    const strays = this.strays();
    if (strays.length > 0) this.sawStrays = true;
    return strays.length === 0;
  }

  /**
   * Live processes nobody told us about: members of a server's process group (a fork we never
   * heard of, or one still dying from the group's SIGKILL) and new descendants of the host (a
   * process spawned but never announced). Escapees are not counted.
   */
  private strays(): number[] {
    const groups = new Set(this.spawns.map((s) => s.pid));
    const found = [
      ...liveGroupMembers(groups),
      ...descendantsOf(process.pid).filter((pid) => !this.descendantsBefore.has(pid)),
    ];
    return [...new Set(found)].filter(
      (pid) => !this.pids.has(pid) && !this.escapees.has(pid) && isAlive(pid),
    );
  }

  /**
   * Ends the scenario: waits for every spawned process to exit and every tracked process to be
   * gone (within the bound plus slack, plus a margin to tell "late" from "never"), kills what
   * is left (a safety net, reported as a failure), waits for the host's fds and handles to
   * come back to the baseline, and builds the row.
   */
  async finish(row: {
    did: string;
    boundMs: number | null;
    framesExpected?: number | null;
    framesReceived?: number;
    /** Frames that arrived but out of order or different from what was written. */
    framesWrong?: number;
    /** Do not measure the teardown (scenarios whose figure is measured elsewhere). */
    teardownMs?: number | null;
    /** How long to wait for processes, fds and handles to go (default: bound + slack + 3 s). */
    patienceMs?: number;
  }): Promise<FaultResult> {
    const bound = row.boundMs ?? SHUTDOWN.closeTimeout + SHUTDOWN.termTimeout;
    const patience = row.patienceMs ?? bound + SLACK_MS + 3000;
    this.check(await this.waitForExits(this.spawns.length, patience), 'a spawned server never exited');
    const goneInTime = await until(() => this.allGone(), patience);
    this.stopWatching();
    this.goneAt ??= performance.now();
    const processesLeft = [...new Set([...[...this.pids].filter(isAlive), ...this.strays()])];
    this.check(
      goneInTime && processesLeft.length === 0,
      `processes left: ${processesLeft.map(describeProcess).join(', ')}`,
    );
    // Zombies count as gone; a child of ours that stayed a zombie would mean it was never reaped.
    for (const { pid } of this.spawns) {
      const info = processInfo(pid);
      if (info?.state === 'Z' && info.ppid === process.pid)
        this.failures.push(`server ${pid} was never reaped (zombie)`);
    }

    let teardownMs: number | null = row.teardownMs === undefined ? null : row.teardownMs;
    if (row.teardownMs === undefined && this.triggeredAt !== null) {
      // The gone time is known to poll precision: the last exit, or when the poll saw the tree gone.
      const lastExit = this.exits.reduce((latest, exit) => Math.max(latest, exit.at), 0);
      const ends = [lastExit, this.terminal ?? 0];
      if (this.pids.size > this.spawns.length || this.sawStrays) ends.push(this.goneAt);
      teardownMs = Math.round(Math.max(...ends) - this.triggeredAt);
    }
    if (teardownMs !== null && row.boundMs !== null) {
      this.check(
        teardownMs <= bound + SLACK_MS,
        `teardown took ${teardownMs} ms, over the bound of ${bound} ms (+${SLACK_MS} ms slack)`,
      );
    }

    // The transport must release every fd it opened, even while a daemon holds the other end:
    // measured before the escapees are killed.
    let fdsLeft = 0;
    await until(
      () => (fdsLeft = Math.max(0, openFdCount() - this.fdBaseline)) === 0,
      Math.min(patience, 3000),
    );
    this.check(fdsLeft === 0, `${fdsLeft} file descriptor(s) left open`);
    let handlesLeft = 0;
    await until(
      () => (handlesLeft = Math.max(0, activeHandles() - this.handleBaseline)) === 0,
      Math.min(patience, bound + 2000),
    );
    this.check(handlesLeft === 0, `${handlesLeft} handle(s)/timer(s) still active: ${activeHandleNames()}`);

    const outOfReach = [...this.escapees].filter(isAlive);
    killIfAlive([...processesLeft, ...outOfReach]);
    for (const { pid } of this.spawns) killGroupIfAlive(pid);
    // The next scenario starts clean: what we just killed must be gone before we return.
    await waitUntilGone([...processesLeft, ...outOfReach], 2000);

    process.removeListener('uncaughtException', this.onUncaught);
    process.removeListener('unhandledRejection', this.onUncaught);
    this.check(
      this.uncaught.length === 0,
      `uncaught in the host: ${this.uncaught.map(describeError).join('; ')}`,
    );

    const framesExpected = row.framesExpected ?? null;
    let framesLost: number | null = null;
    if (framesExpected !== null) {
      framesLost = Math.max(0, framesExpected - (row.framesReceived ?? 0)) + (row.framesWrong ?? 0);
      this.check(framesLost === 0, `${framesLost} of ${framesExpected} frame(s) lost or out of order`);
    }
    const failures = [...this.failures];
    return {
      id: this.id,
      fault: this.fault,
      did: row.did,
      processesLeft,
      outOfReach,
      fdsLeft,
      framesExpected,
      framesLost,
      teardownMs,
      boundMs: row.boundMs,
      failures,
      ok: failures.length === 0,
      details: { ...this.details, handlesLeft },
    };
  }
}

/** `1234 (sleep 20; state S, pgid 1200, ppid 1)`, for a failure message. */
function describeProcess(pid: number): string {
  const info = processInfo(pid);
  let command = '?';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim().slice(0, 80);
  } catch {
    // gone meanwhile
  }
  if (info === undefined) return `${pid} (gone)`;
  return `${pid} (${command}; state ${info.state}, pgid ${info.pgid}, ppid ${info.ppid})`;
}

/** The live (non-zombie) processes whose process group is one of `pgids` (one scan of /proc). */
function liveGroupMembers(pgids: ReadonlySet<number>): number[] {
  if (pgids.size === 0) return [];
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = processInfo(Number(entry));
    if (info !== undefined && pgids.has(info.pgid) && isAlive(info.pid)) members.push(info.pid);
  }
  return members;
}

/** Active handles and requests that keep the event loop alive (timers, pipes, processes). */
function activeHandles(): number {
  return process.getActiveResourcesInfo().length;
}

function activeHandleNames(): string {
  return process.getActiveResourcesInfo().join(', ');
}

/** `exited by SIGTERM 305 ms after the trigger` and the like. */
export function describeExit(exit: (StdioExitEvent & { at: number }) | undefined, from: number): string {
  if (exit === undefined) return 'never exited';
  const how = exit.signal === null ? `exited ${exit.code}` : `killed by ${exit.signal}`;
  return `${how} at +${Math.round(exit.at - from)} ms`;
}

/** `complete`, `error StdioServerExitError(...)`, or `no terminal event`. */
export function describeTerminal<T>(recording: Recording<T>): string {
  const last = recording.notifications[recording.notifications.length - 1];
  if (last === undefined || last.kind === 'N') return 'no terminal event';
  return last.kind === 'C' ? 'complete' : `error ${describeError(last.error)}`;
}

/** The error a recording ended with, if it ended with one. */
export function errorOf<T>(recording: Recording<T>): unknown {
  const last = recording.notifications[recording.notifications.length - 1];
  return last?.kind === 'E' ? last.error : undefined;
}

/** Whether a recording completed. */
export function completed<T>(recording: Recording<T>): boolean {
  return recording.notifications[recording.notifications.length - 1]?.kind === 'C';
}
