/**
 * One server process, from spawn to the end of its shutdown, as a small state machine whose one
 * state value carries its data. Data flows one way: spawn → bytes → lines → messages on `output`;
 * and `send()` → writer → stdin. The shutdown and the termination of the tree run on the
 * connection's own subscriptions, detached from any subscriber, every wait on the scheduler.
 * A `StdioServerSubject` makes one per process.
 */
import { ChildProcess } from 'node:child_process';
import { first, race, ReplaySubject, Subject, Subscription } from 'rxjs';
import { StdioServerExitError } from '../errors/StdioServerExitError.js';
import { StdioSpawnError } from '../errors/StdioSpawnError.js';
import { FrameDecoder, parseJsonObject } from '../framing/FrameDecoder.js';
import { TextCodec } from '../framing/TextCodec.js';
import { guardUntilHostExit } from '../process/hostExitGuard.js';
import { ProcessTree } from '../process/processTree.js';
import { SPAWN_AS_GROUP_LEADER, spawnError, spawnServer } from '../process/spawnServer.js';
import type { StdioReadable } from '../process/StdioChildProcess.js';
import type { StdioExitEvent } from '../StdioServerParams.js';
import { boundedTimer } from '../timing/boundedTimer.js';
import type { ServerConnection } from '../core/ServerConnection.js';
import { encodeMessage } from './encodeMessage.js';
import type { ResolvedStdioParams } from './resolveParams.js';
import { safeNext } from './safeNext.js';
import { StdinWriter } from './StdinWriter.js';

/** How many stderr lines `StdioServerExitError.stderrTail` keeps. */
const STDERR_TAIL_LINES = 20;
/** The longest stderr line kept whole; a longer one is cut (stderr is a log, not data). */
const STDERR_MAX_LINE = 64 * 1024;
/** The longest stderr line kept in the tail. */
const STDERR_TAIL_LINE = 1000;

/**
 * Where a connection is, with what that step needs:
 * - `idle`: made, not started; messages queue for the process to come.
 * - `running`: spawned (or spawning); takes messages (queued until its stdin opens) and subscribers.
 * - `closing`: the shutdown has begun: the host asked (`endedByUs`), or the server closed stdout.
 *   `terminating` once the tree was signalled; `failed` once `output` has had `fail()`'s error.
 * - `exited`: the process exited; its pipes are draining before the terminal event.
 * - `ended`: `output` has its terminal event and the process is gone or never ran (a termination
 *   of leftovers may still be finishing in the background).
 */
type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly tree: ProcessTree }
  | {
      readonly kind: 'closing';
      /** `null` when the connection never started: nothing to shut down. */
      readonly tree: ProcessTree | null;
      readonly endedByUs: boolean;
      readonly terminating: boolean;
      readonly failed: boolean;
    }
  | {
      readonly kind: 'exited';
      readonly exit: StdioExitEvent;
      readonly endedByUs: boolean;
      readonly failed: boolean;
    }
  | { readonly kind: 'ended' };

/** The connection of one stdio server process (see the module comment). */
export class StdioServerConnection<In, Out> implements ServerConnection<In, Out> {
  /** The frames of this process, multicast to every subscriber; ends with the terminal event. */
  readonly output = new Subject<In>();
  subscribers = 0;

  private state: State = { kind: 'idle' };
  private readonly exited = new ReplaySubject<StdioExitEvent>(1);
  private readonly writer: StdinWriter;
  /** Stops reading the pipes still open: set while any is. */
  private readonly openPipes = new Set<() => void>();
  private readonly stderrTail: string[] = [];
  /** The shutdown, the termination of the tree and the drain deadline. */
  private readonly background = new Subscription();
  private readonly drainDeadline = new Subscription();
  private unguard: (() => void) | null = null;

  constructor(private readonly config: ResolvedStdioParams<In, Out>) {
    this.writer = new StdinWriter(config.maxWriteQueueLength, config.turn);
  }

  /** Whether this connection takes messages and subscribers: not closing, exited or ended. */
  get accepting(): boolean {
    return this.state.kind === 'idle' || this.state.kind === 'running';
  }

  /** Whether `start()` was called. */
  get started(): boolean {
    return this.state.kind !== 'idle';
  }

  /**
   * Writes one message as one line, or queues it until the process runs.
   *
   * @returns `null`, or why it cannot be sent: it cannot be serialized or encoded, or it does not
   *   fit (`StdioWriteOverflowError`); it is then not queued.
   */
  send(message: Out): Error | null {
    const line = encodeMessage(message, this.config);
    return line instanceof Error ? line : this.writer.enqueue(line);
  }

  /** Spawns the process and wires it, once. Subscribe to `output` first: failures go there. */
  start(): void {
    if (this.state.kind !== 'idle') return;
    const { config } = this;
    const stderrMode = typeof config.stderr === 'string' ? config.stderr : 'pipe';
    const child = spawnServer({ ...config, stderr: stderrMode });
    if (child instanceof StdioSpawnError) {
      this.spawnFailed(child);
      return;
    }
    const tree = new ProcessTree(child, SPAWN_AS_GROUP_LEADER, this.exited);
    this.state = { kind: 'running', tree };
    child.on('error', (error) => {
      // Before the spawn, the failure to start; after it (a failed kill, say), nothing ends.
      const { kind } = this.state;
      if ((kind === 'running' || kind === 'closing') && !this.writer.attached) {
        this.spawnFailed(spawnError(error, config));
      }
    });
    child.on('spawn', () => {
      safeNext(config.spawnObserver)({ pid: child.pid });
      // Even after `fail()`: the shutdown's stdin close is then carried out.
      if (child.stdin !== null) this.writer.attach(child.stdin);
    });
    child.on('exit', (code, signal) => {
      this.onExit({ code, signal });
    });
    // A write to a server that died fails with EPIPE; the exit handler reports what matters.
    child.stdin?.on('error', () => undefined);
    if (child.stdout !== null) this.readFrames(child.stdout);
    if (child.stderr !== null && typeof config.stderr === 'object') this.readLog(child.stderr, config.stderr);
    if (child instanceof ChildProcess && child.pid !== undefined) {
      this.unguard = guardUntilHostExit({
        killNow: () => {
          tree.killNow();
        },
      });
    }
  }

  /**
   * The host asks the server to go: the last subscriber left, or `complete()` (subscribers
   * complete once the server has exited).
   */
  end(): void {
    this.beginShutdown(true);
  }

  /** `error()`, or a message that could not be sent: error the subscribers now, then shut down. */
  fail(error: unknown): void {
    // Subscribers get `error` now, so how the process ends later no longer decides anything.
    this.beginShutdown(false);
    const state = this.state;
    if (state.kind !== 'closing' && state.kind !== 'exited') return; // ended: it has its end
    if (state.failed) return;
    this.state = { ...state, failed: true };
    this.output.error(error);
  }

  /**
   * Close stdin, wait up to closeTimeout for the exit, then terminate the tree.
   *
   * @param byUs Whether the host asked (an exit is then no crash), or the server closed stdout.
   */
  private beginShutdown(byUs: boolean): void {
    const state = this.state;
    if (state.kind !== 'idle' && state.kind !== 'running') return;
    const tree = state.kind === 'running' ? state.tree : null;
    this.state = { kind: 'closing', tree, endedByUs: byUs, terminating: false, failed: false };
    if (tree === null) return; // never started: nothing to shut down
    const { closeTimeout, scheduler } = this.config;
    safeNext(this.config.closingObserver)(undefined);
    this.writer.end();
    this.background.add(
      race(this.exited, boundedTimer(closeTimeout, scheduler))
        .pipe(first())
        .subscribe(() => {
          const current = this.state;
          if (current.kind !== 'closing') return; // it exited
          // Signalled while it ran: however it ends now, we ended it.
          this.state = { ...current, endedByUs: true, terminating: true };
          this.writer.discard();
          this.terminate(tree);
        }),
    );
  }

  /** The one termination of the tree, for a shutdown as for the leftovers of an exited server. */
  private terminate(tree: ProcessTree): void {
    this.background.add(
      tree.terminate(this.config.termTimeout, this.config.scheduler).subscribe({
        complete: () => {
          this.release();
        },
      }),
    );
  }

  private onExit(exit: StdioExitEvent): void {
    const state = this.state;
    if (state.kind !== 'running' && state.kind !== 'closing') return; // one exit only
    const closing = state.kind === 'closing' ? state : null;
    this.state = {
      kind: 'exited',
      exit,
      endedByUs: closing?.endedByUs ?? false,
      failed: closing?.failed ?? false,
    };
    this.writer.discard();
    safeNext(this.config.exitObserver)(exit);
    this.exited.next(exit);
    this.exited.complete();
    // What the server left in its group (a wrapper's child, a worker) goes too; a termination
    // under way already covers it.
    if (closing?.terminating !== true) {
      if (state.tree?.alive() === true) this.terminate(state.tree);
      else this.release();
    }
    this.finish();
    if (this.openPipes.size === 0) return;
    // Descendants outside our reach (or a slow pipe) may hold a pipe open after the exit: wait as
    // long as a whole shutdown may take, then stop waiting.
    const { closeTimeout, termTimeout, scheduler } = this.config;
    this.background.add(this.drainDeadline);
    this.drainDeadline.add(
      boundedTimer(closeTimeout + termTimeout, scheduler).subscribe(() => {
        for (const abandon of [...this.openPipes]) abandon();
        this.finish();
      }),
    );
  }

  private readFrames(stdout: StdioReadable): void {
    const { config } = this;
    const decoder = new FrameDecoder<In>(
      config.codec,
      config.maxFrameLength,
      config.deserializer ?? (parseJsonObject as (line: string) => In),
      {
        // After the terminal event the Subject drops what still comes.
        frame: (message) => {
          this.output.next(message);
        },
        malformed: safeNext(config.malformedObserver),
      },
    );
    this.readPipe(stdout, decoder, () => {
      // The spec lets a server end the session by closing stdout; one that keeps running after
      // it can no longer answer, so it is shut down like any other (after its exit, a no-op).
      this.beginShutdown(false);
    });
  }

  /** stderr is a log: always read (a full pipe would block the server), bad bytes replaced. */
  private readLog(stderr: StdioReadable, observer: { next: (line: string) => void }): void {
    const deliver = safeNext(observer);
    const keep = (line: string): void => {
      this.stderrTail.push(line.length > STDERR_TAIL_LINE ? `${line.slice(0, STDERR_TAIL_LINE)}…` : line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      deliver(line);
    };
    const codec = new TextCodec(this.config.codec.encoding, 'replace');
    const reader = new FrameDecoder<string>(
      codec,
      STDERR_MAX_LINE,
      (line) => line,
      {
        frame: keep,
        malformed: (report) => {
          keep(`${report.line}… [${report.length} bytes]`);
        },
      },
      true,
    );
    this.readPipe(stderr, reader);
  }

  /** Feeds a pipe to its reader until it ends (by end, close or error: the first one counts). */
  private readPipe(pipe: StdioReadable, reader: FrameDecoder<unknown>, onEnd?: () => void): void {
    let open = true;
    const abandon = (): void => {
      open = false;
      this.openPipes.delete(abandon);
      pipe.destroy?.();
    };
    const ended = (): void => {
      if (!open) return;
      open = false;
      this.openPipes.delete(abandon);
      reader.end();
      onEnd?.();
      this.finish();
    };
    this.openPipes.add(abandon);
    pipe.on('data', (chunk) => {
      if (open) reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : asBuffer(chunk));
    });
    pipe.on('end', ended);
    pipe.on('close', ended);
    pipe.on('error', ended);
  }

  /** Emits the terminal event once the process has exited and its pipes are drained. */
  private finish(): void {
    const state = this.state;
    switch (state.kind) {
      case 'exited': {
        if (this.openPipes.size > 0) return;
        this.drainDeadline.unsubscribe();
        this.state = { kind: 'ended' };
        if (state.failed) return;
        // A server that exits 0, or that goes because we asked it to (or after we signalled it),
        // ended the session; one that exits otherwise on its own crashed.
        const { code, signal } = state.exit;
        if (state.endedByUs || code === 0) this.output.complete();
        else this.output.error(new StdioServerExitError(code, signal, [...this.stderrTail]));
        return;
      }
      case 'idle':
      case 'running':
      case 'closing':
      case 'ended':
        return; // the process has not exited (a pipe may end first), or all is done
    }
  }

  private spawnFailed(error: Error): void {
    const state = this.state;
    this.background.unsubscribe();
    this.writer.discard();
    this.release();
    if (state.kind === 'ended') return;
    this.state = { kind: 'ended' };
    if (state.kind !== 'closing' || !state.failed) this.output.error(error);
  }

  /** The tree is gone (or was sent SIGKILL): the host's exit need not kill it any more. */
  private release(): void {
    this.unguard?.();
    this.unguard = null;
  }
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
