import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import crossSpawn from 'cross-spawn';
import { ReplaySubject, Subject, Subscription, timer } from 'rxjs';
import { FrameDecoder, parseJsonObject } from '../framing/FrameDecoder.js';
import { getDefaultEnvironment, mergeEnvironment } from '../process/getDefaultEnvironment.js';
import { guardUntilHostExit, killWindowsTreeNow } from '../process/hostExitGuard.js';
import { killProcessTree, processGroupAlive } from '../process/killProcessTree.js';
import { LineSplitter } from '../framing/LineSplitter.js';
import { reapLeftovers } from '../process/reapLeftovers.js';
import type { ResolvedStdioParams } from './resolveParams.js';
import { safeNext } from './safeNext.js';
import { shutdownSequence } from '../process/shutdownSequence.js';
import type { StdinWriter } from './StdinWriter.js';
import type {
  StdioChildProcess,
  StdioReadable,
  StdioSpawn,
  StdioSpawnOptions,
} from '../process/StdioChildProcess.js';
import type { StdioExitEvent, StdioSpawnEvent } from '../StdioServerParams.js';
import { StdioServerExitError } from '../errors/StdioServerExitError.js';
import { StdioSpawnError } from '../errors/StdioSpawnError.js';
import { TextCodec } from '../framing/TextCodec.js';

/** How many stderr lines `StdioServerExitError.stderrTail` keeps. */
const STDERR_TAIL_LINES = 20;
/** The longest stderr line kept whole; a longer one is cut (stderr is a log, not data). */
const STDERR_MAX_LINE = 64 * 1024;
/** The longest stderr line kept in the tail. */
const STDERR_TAIL_LINE = 1000;

/**
 * One server process, from spawn to the end of its shutdown: it spawns, wires the pipes
 * (framing on stdout, a drained stderr, the stdin writer), multicasts frames on `output`, decides
 * the terminal event, and runs the shutdown sequence and the reaping of leftovers on its own
 * subscriptions, detached from any subscriber. A `StdioServerSubject` makes one per process.
 */
export class StdioServerConnection<In, Out> {
  /** The frames of this process, multicast to every subscriber; ends with the terminal event. */
  readonly output = new Subject<In>();

  private child: StdioChildProcess | null = null;
  private spawned = false;
  /** The shutdown sequence has started (asked by the host, or because stdout closed). */
  private closing = false;
  /** The host asked the server to go: unsubscribe, `complete()` or `error()`. */
  private closeRequested = false;
  /** The shutdown sequence signalled the tree: however the server then exits, it is no crash. */
  private signalled = false;
  /** `output` got its terminal event. */
  private terminated = false;
  private exit: StdioExitEvent | null = null;
  private readonly exited = new ReplaySubject<StdioExitEvent>(1);
  private stdoutOpen = false;
  private stderrOpen = false;
  private readonly stderrTail: string[] = [];
  private readonly groupLeader = process.platform !== 'win32';
  /** The shutdown sequence, the reaping of leftovers and the stdout grace timer. */
  private readonly background = new Subscription();
  private unguard: (() => void) | null = null;
  /** Bounds the wait for stdout to end after the exit (see `onExit`). */
  private readonly drainDeadline = new Subscription();
  private readonly notifySpawn: (event: StdioSpawnEvent) => void;
  private readonly notifyExit: (event: StdioExitEvent) => void;
  private readonly notifyClosing: (event: undefined) => void;

  /**
   * @param config The resolved params.
   * @param writer The stdin writer, possibly holding lines queued before this process existed.
   * @param codec The text codec of both directions.
   */
  constructor(
    private readonly config: ResolvedStdioParams<In, Out>,
    readonly writer: StdinWriter,
    private readonly codec: TextCodec,
  ) {
    this.notifySpawn = safeNext(config.spawnObserver);
    this.notifyExit = safeNext(config.exitObserver);
    this.notifyClosing = safeNext(config.closingObserver);
  }

  /**
   * Whether this process still takes messages and subscribers: not closing, not exited (its
   * stdout may still be draining), not ended.
   */
  get accepting(): boolean {
    return !this.closing && !this.terminated && this.exit === null;
  }

  /** Spawns the process and wires it. Subscribe to `output` first: failures are reported there. */
  start(): void {
    const { config } = this;
    const spawn: StdioSpawn = config.spawn ?? crossSpawn;
    const options: StdioSpawnOptions = {
      env: mergeEnvironment(getDefaultEnvironment(), config.envOverrides),
      stdio: ['pipe', 'pipe', typeof config.stderr === 'string' ? config.stderr : 'pipe'],
      detached: this.groupLeader,
      windowsHide: true,
      shell: false,
    };
    if (config.cwd !== undefined) options.cwd = config.cwd;
    let child: StdioChildProcess;
    try {
      child = spawn(config.command, config.args, options);
    } catch (error) {
      this.spawnFailed(error);
      return;
    }
    const { stdin, stdout, stderr } = child;
    if (stdin === null || stdout === null) {
      this.spawnFailed(new Error('the spawner returned a process without stdin/stdout pipes'));
      return;
    }
    this.child = child;
    child.on('error', (error) => {
      if (!this.spawned) this.spawnFailed(error);
    });
    child.on('spawn', () => {
      this.onSpawn(child);
    });
    child.on('exit', (code, signal) => {
      this.onExit(code, signal);
    });
    // A write to a server that died fails with EPIPE; the exit handler reports what matters.
    stdin.on('error', () => undefined);
    this.wireStdout(stdout);
    if (stderr !== null && typeof config.stderr === 'object') this.wireStderr(stderr, config.stderr);
    if (child instanceof ChildProcess && child.pid !== undefined) this.guard(child, child.pid);
  }

  /**
   * The host asks the server to go: the last subscriber left (nobody hears the terminal event),
   * or `complete()` (subscribers complete once the server has exited). Runs the shutdown sequence.
   */
  end(): void {
    this.closeRequested = true;
    this.beginShutdown();
  }

  /**
   * `error()`, or a message that could not be sent: error the subscribers now, then shut down.
   *
   * @param error What the subscribers receive.
   */
  fail(error: unknown): void {
    this.closeRequested = true;
    if (!this.terminated) {
      this.terminated = true;
      this.output.error(error);
    }
    this.beginShutdown();
  }

  private onSpawn(child: StdioChildProcess): void {
    // Even after `fail()`: the pid is announced and the shutdown's stdin close is carried out.
    if (this.spawned) return;
    this.spawned = true;
    this.notifySpawn({ pid: child.pid });
    if (child.stdin !== null) this.writer.attach(child.stdin);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exit !== null) return;
    const exit = { code, signal };
    this.exit = exit;
    this.spawned = true; // a later 'error' is no spawn failure
    this.writer.discard();
    this.notifyExit(exit);
    this.exited.next(exit);
    this.exited.complete();
    const { termTimeout, closeTimeout, scheduler } = this.config;
    this.background.add(
      reapLeftovers(
        () => this.treeAlive(),
        (signalName) => {
          this.killTree(signalName);
        },
        termTimeout,
        scheduler,
      ).subscribe({
        complete: () => {
          this.release();
        },
      }),
    );
    this.finish();
    if (!this.stdoutOpen && !this.stderrOpen) return;
    // Descendants outside our reach (or a slow pipe) may hold stdout open after the exit: wait as
    // long as a whole shutdown may take, then stop waiting.
    this.background.add(this.drainDeadline);
    this.drainDeadline.add(
      timer(closeTimeout + termTimeout, scheduler).subscribe(() => {
        this.stdoutOpen = false;
        this.stderrOpen = false;
        this.child?.stdout?.destroy?.();
        this.child?.stderr?.destroy?.();
        this.finish();
      }),
    );
  }

  private wireStdout(stdout: StdioReadable): void {
    this.stdoutOpen = true;
    const decoder = new FrameDecoder<In>(
      this.codec,
      this.config.maxFrameLength,
      this.config.deserializer ?? (parseJsonObject as (line: string) => In),
      {
        frame: (message) => {
          if (!this.terminated) this.output.next(message);
        },
        malformed: safeNext(this.config.malformedObserver),
      },
    );
    const ended = (): void => {
      if (!this.stdoutOpen) return;
      decoder.end();
      this.stdoutOpen = false;
      // The spec lets a server end the session by closing stdout; one that keeps running after
      // it can no longer answer, so it is shut down like any other.
      if (this.exit === null) this.beginShutdown();
      this.finish();
    };
    stdout.on('data', (chunk) => {
      if (this.stdoutOpen) decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : asBuffer(chunk));
    });
    stdout.on('end', ended);
    stdout.on('close', ended);
    stdout.on('error', ended);
  }

  private wireStderr(stderr: StdioReadable, observer: { next: (line: string) => void }): void {
    this.stderrOpen = true;
    const deliver = safeNext(observer);
    const keep = (line: string): void => {
      this.stderrTail.push(line.length > STDERR_TAIL_LINE ? `${line.slice(0, STDERR_TAIL_LINE)}…` : line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      deliver(line);
    };
    const codec = new TextCodec(this.codec.encoding, 'replace');
    const decode = (bytes: Buffer): string => {
      const decoded = codec.decode(bytes);
      return 'text' in decoded ? decoded.text : '';
    };
    // stderr is a log: lines are cut at STDERR_MAX_LINE, and bad bytes are replaced, never fatal.
    let partial = '';
    const splitter = new LineSplitter(STDERR_MAX_LINE, {
      partial: (bytes) => {
        partial += decode(bytes);
      },
      line: (last) => {
        const line = partial + decode(last);
        partial = '';
        keep(line.endsWith('\r') ? line.slice(0, -1) : line);
      },
      overflow: (head, length) => {
        partial = '';
        keep(`${decode(head)}… [${length} bytes]`);
      },
    });
    const ended = (): void => {
      if (!this.stderrOpen) return;
      splitter.end();
      this.stderrOpen = false;
      this.finish();
    };
    // Always read: an unread stderr pipe fills up and blocks the server mid-write.
    stderr.on('data', (chunk) => {
      if (this.stderrOpen) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : asBuffer(chunk));
    });
    stderr.on('end', ended);
    stderr.on('close', ended);
    stderr.on('error', ended);
  }

  private beginShutdown(): void {
    if (this.closing) return;
    this.closing = true;
    // Nothing to shut down when the process never started or has exited (leftovers are reaped).
    if (this.child === null || this.exit !== null) return;
    this.notifyClosing(undefined);
    const { closeTimeout, termTimeout, scheduler } = this.config;
    this.background.add(
      shutdownSequence(
        {
          closeStdin: () => {
            this.writer.end();
          },
          killTree: (signal) => {
            this.signalled = true;
            this.writer.discard();
            this.killTree(signal);
          },
          exited: this.exited,
        },
        closeTimeout,
        termTimeout,
        scheduler,
      ).subscribe(),
    );
  }

  /** Emits the terminal event once the process has exited and its output pipes are drained. */
  private finish(): void {
    const exit = this.exit;
    if (exit === null || this.stdoutOpen || this.stderrOpen) return;
    this.drainDeadline.unsubscribe();
    if (this.terminated) return;
    this.terminated = true;
    // A server that exits 0, or that goes because we asked it to (or after we signalled it, once it
    // closed stdout: however it answers our SIGTERM) ended the session; one that exits otherwise
    // on its own crashed.
    const endedByUs = this.closeRequested || this.signalled;
    if (endedByUs || exit.code === 0) this.output.complete();
    else this.output.error(new StdioServerExitError(exit.code, exit.signal, [...this.stderrTail]));
  }

  private spawnFailed(cause: unknown): void {
    const { command, cwd, runtime } = this.config;
    const code = errorCode(cause);
    let reason = cause instanceof Error ? cause.message : String(cause);
    if (code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) {
      reason = `the working directory ${JSON.stringify(cwd)} does not exist`;
    } else if (code === 'ENOENT' && runtime !== undefined) {
      // A launcher knows which runtime the command belongs to: say what is missing and how to get it.
      reason = `${runtime.name} is not installed (command not found: ${JSON.stringify(command)}); ${runtime.install}`;
    } else if (code === 'ENOENT') {
      reason = `command not found: ${JSON.stringify(command)}`;
    } else if (code === 'EACCES') {
      reason = `permission denied: ${JSON.stringify(command)} is not executable`;
    }
    this.spawned = true;
    this.closing = true;
    this.closeRequested = true;
    this.stdoutOpen = false;
    this.stderrOpen = false;
    this.writer.discard();
    this.release();
    if (!this.terminated) {
      this.terminated = true;
      this.output.error(new StdioSpawnError(`failed to start MCP server: ${reason}`, code, command, cause));
    }
  }

  private treeAlive(): boolean {
    const child = this.child;
    if (!(child instanceof ChildProcess) || child.pid === undefined || !this.groupLeader) return false;
    return processGroupAlive(child.pid);
  }

  private killTree(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.child !== null) killProcessTree(this.child, signal, this.groupLeader);
  }

  private guard(child: ChildProcess, pid: number): void {
    const groupLeader = this.groupLeader;
    this.unguard = guardUntilHostExit({
      killNow: () => {
        if (process.platform === 'win32') killWindowsTreeNow(pid);
        else if (groupLeader) process.kill(-pid, 'SIGKILL');
        else child.kill('SIGKILL');
      },
    });
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

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
