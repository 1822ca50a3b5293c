import { from, Subscription, type SchedulerLike } from 'rxjs';
import type {
  StdioChildProcess,
  StdioReadable,
  StdioSignal,
  StdioWritable,
} from '../transport/process/StdioChildProcess.js';
import { scheduleAfter } from '../transport/timing/boundedTimer.js';
import type { FakeServerBehavior } from './FakeServerBehavior.js';
import type { FakeServerEvent } from './FakeServerEvent.js';

/**
 * A fake server process for marble tests. It imports no Node built-ins (the testing entry is
 * bundled for browsers): events go through the small synchronous emitter below, which has the
 * part of Node's `EventEmitter` the transport and tests use.
 */

type Listener = (...args: never[]) => void;

/** `on`, `once`, `removeListener`/`off`, `emit`, `listenerCount`: synchronous, in order. */
class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  /** Adds a listener of `event`. */
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Adds a listener of `event` that is removed after its first call. */
  once(event: string, listener: Listener): this {
    const once = (...args: never[]): void => {
      this.removeListener(event, once);
      listener(...args);
    };
    return this.on(event, once);
  }

  /** Removes the last added copy of a listener of `event`. */
  removeListener(event: string, listener: Listener): this {
    const current = this.listeners.get(event) ?? [];
    const index = current.lastIndexOf(listener);
    if (index !== -1)
      this.listeners.set(
        event,
        current.filter((_, i) => i !== index),
      );
    return this;
  }

  /** The same as `removeListener`. */
  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  /** How many listeners `event` has now. */
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Calls each listener of `event` registered now, in order; `true` if there was one. */
  emit(event: string, ...args: unknown[]): boolean {
    const current = this.listeners.get(event) ?? [];
    for (const listener of current) (listener as (...values: unknown[]) => void)(...args);
    return current.length > 0;
  }
}

/** A pipe end the fake writes into: emits `'data'` and `'end'` synchronously. */
class FakeReadable extends FakeEmitter implements StdioReadable {
  ended = false;

  push(text: string): void {
    if (!this.ended) this.emit('data', new TextEncoder().encode(text));
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.emit('end');
    this.emit('close');
  }

  destroy(): void {
    this.close();
  }
}

/** The fake's stdin: collects lines, and can stall like a pipe whose reader stopped reading. */
class FakeWritable extends FakeEmitter implements StdioWritable {
  writableLength = 0;
  /** How many `write()` calls the transport made (each would wake a real server once). */
  writes = 0;
  private stalled: Uint8Array[] = [];
  private readonly decoder = new TextDecoder();
  private partial = '';

  constructor(
    private readonly capacity: number,
    private readonly onLine: (line: string) => void,
    private readonly onEnd: () => void,
    public stalling: boolean,
  ) {
    super();
  }

  write(chunk: Uint8Array): boolean {
    this.writes += 1;
    if (this.stalling) {
      this.stalled.push(chunk.slice());
      this.writableLength += chunk.length;
      return this.writableLength < this.capacity;
    }
    this.consume(chunk);
    return true;
  }

  end(): void {
    this.onEnd();
  }

  resume(): void {
    this.stalling = false;
    const stalled = this.stalled;
    this.stalled = [];
    this.writableLength = 0;
    for (const chunk of stalled) this.consume(chunk);
    this.emit('drain');
  }

  private consume(chunk: Uint8Array): void {
    const lines = (this.partial + this.decoder.decode(chunk, { stream: true })).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }
}

/**
 * A scripted stand-in for an MCP server process, shaped like a Node `ChildProcess` as far as the
 * transport needs. It lives in scheduler time: spawn, answers, exits and reactions to signals
 * happen at the virtual times its `FakeServerBehavior` gives, so the transport's whole lifecycle
 * can be checked with marbles. Made by `fakeServer().spawn`.
 */
export class FakeServerProcess extends FakeEmitter implements StdioChildProcess {
  /** The pid it reports (no real process has it). */
  readonly pid: number;
  readonly stdin: FakeWritable;
  readonly stdout = new FakeReadable();
  readonly stderr: FakeReadable | null;
  /** The messages the client wrote, parsed (a line that is not JSON is kept as a string). */
  readonly received: unknown[] = [];
  /** The signals the transport sent, in order. */
  readonly signals: StdioSignal[] = [];
  /** The exit, once it happened. */
  exitStatus: {
    /** The exit code, or `null` when a signal ended it. */
    code: number | null;
    /** The signal that ended it, or `null`. */
    signal: StdioSignal | null;
  } | null = null;
  private stdinClosed = false;
  private readonly work = new Subscription();

  /**
   * @param index Which process of the fake server this is (0 for the first spawn).
   * @param behavior The script.
   * @param scheduler The scheduler of every delay.
   * @param record Receives each event.
   * @param stderrPiped Whether the transport asked for a stderr pipe.
   */
  constructor(
    index: number,
    private readonly behavior: FakeServerBehavior,
    private readonly scheduler: SchedulerLike,
    private readonly record: (event: FakeServerEvent) => void,
    stderrPiped: boolean,
  ) {
    super();
    this.pid = behavior.pid ?? 10000 + index;
    this.stderr = stderrPiped ? new FakeReadable() : null;
    this.stdin = new FakeWritable(
      16 * 1024,
      (line) => {
        this.receive(line);
      },
      () => {
        this.closeStdin();
      },
      behavior.stallReading === true,
    );
    this.later(behavior.spawnDelay ?? 0, () => {
      if (behavior.spawnError !== undefined) this.failToSpawn(behavior.spawnError);
      else this.run();
    });
  }

  /** Starts reading stdin again after `stallReading` (writes flow, `'drain'` is emitted). */
  resumeReading(): void {
    this.stdin.resume();
  }

  /**
   * Writes one frame to stdout now.
   *
   * @param frame An object (JSON-serialized) or a raw string (written as is, newline added).
   */
  write(frame: unknown): void {
    if (this.exitStatus !== null) return;
    this.stdout.push(typeof frame === 'string' ? `${frame}\n` : `${JSON.stringify(frame)}\n`);
  }

  /**
   * Ends the process now, as if it exited with `code` or was killed by `signal`.
   *
   * @param code The exit code, `null` when killed by a signal.
   * @param signal The signal, or `null`.
   */
  exit(code: number | null, signal: StdioSignal | null = null): void {
    if (this.exitStatus !== null) return;
    this.exitStatus = { code, signal };
    this.work.unsubscribe();
    this.record({ type: 'exit', pid: this.pid, code, signal });
    this.emit('exit', code, signal);
    this.stdout.close();
    this.stderr?.close();
  }

  /**
   * Receives a signal from the transport: SIGKILL ends it at once, SIGTERM as the behavior says.
   *
   * @param signal The signal.
   * @returns `true`, as Node's `kill()` does when the signal was sent.
   */
  kill(signal: StdioSignal | number = 'SIGTERM'): boolean {
    if (this.exitStatus !== null) return false;
    const name = typeof signal === 'number' ? 'SIGTERM' : signal;
    this.signals.push(name);
    this.record({ type: 'signal', pid: this.pid, signal: name });
    if (name === 'SIGKILL') this.exit(null, 'SIGKILL');
    else if (name === 'SIGTERM' && this.behavior.exitOnSigterm !== null) {
      this.later(this.behavior.exitOnSigterm ?? 0, () => {
        this.exit(null, 'SIGTERM');
      });
    }
    return true;
  }

  private run(): void {
    const { behavior } = this;
    this.record({ type: 'spawn', pid: this.pid });
    this.emit('spawn');
    for (const line of behavior.stderr ?? []) this.stderr?.push(`${line}\n`);
    if (behavior.stdout !== undefined) {
      this.work.add(
        from(behavior.stdout).subscribe({
          next: (frame) => {
            this.write(frame);
          },
          complete: () => {
            if (behavior.closeStdoutWhenDone === true) this.stdout.close();
          },
        }),
      );
    }
    const crash = behavior.crash;
    if (crash !== undefined) {
      this.later(crash.after, () => {
        this.exit(crash.signal === undefined ? (crash.code ?? 1) : null, crash.signal ?? null);
      });
    }
  }

  private failToSpawn(code: string): void {
    this.record({ type: 'spawn-error', code });
    this.emit('error', Object.assign(new Error(`spawn fake ${code}`), { code }));
    this.stdout.close();
    this.stderr?.close();
  }

  private receive(line: string): void {
    if (this.exitStatus !== null || line.trim() === '') return;
    let message: unknown = line;
    try {
      message = JSON.parse(line);
    } catch {
      // Kept as the raw string: a test may want to see what was not JSON.
    }
    this.received.push(message);
    this.record({ type: 'received', pid: this.pid, message });
    const respond = this.behavior.respond;
    if (respond === undefined) return;
    this.work.add(
      from(respond(message)).subscribe((frame) => {
        this.write(frame);
      }),
    );
  }

  private closeStdin(): void {
    if (this.stdinClosed || this.exitStatus !== null) return;
    this.stdinClosed = true;
    this.record({ type: 'stdin-closed', pid: this.pid });
    const delay = this.behavior.exitOnStdinEnd;
    if (delay === null) return;
    this.later(delay ?? 0, () => {
      this.exit(0);
    });
  }

  private later(delay: number, action: () => void): void {
    this.work.add(scheduleAfter(this.scheduler, delay, action));
  }
}
