/**
 * A connection to a server process that lives in memory: the `ServerConnection` the fakes of
 * `rxjs-mcp-stdio/testing` run under the real subject. Messages travel as copies (what JSON
 * carries, by the serialization rules of the stdio connection) and synchronously, so a fake
 * answers in the virtual time of whatever its answers are scheduled on. Its ends follow the stdio
 * connection's: queued until the start, the input closed politely and the exit awaited, a
 * process's own non-zero exit a `StdioServerExitError`. Browser-safe.
 */
import { Subject } from 'rxjs';
import { StdioServerExitError } from '../errors/StdioServerExitError.js';
import type { ServerConnection } from '../core/ServerConnection.js';
import { serialize } from '../core/serialize.js';
import type { MemoryServerPipes, MemoryServerProcess, MemorySpawn } from './MemoryServerProcess.js';

/**
 * - `idle`: made, not started; messages queue for the process to come.
 * - `running`: the process runs and takes messages.
 * - `closing`: its input ended (we asked it to go) and its exit is awaited; `failed` once
 *   `output` has had `fail()`'s error.
 * - `ended`: `output` has its terminal event and the process has exited (or never ran).
 */
type State<Out> =
  | { readonly kind: 'idle'; readonly queue: Out[] }
  | { readonly kind: 'running'; readonly process: MemoryServerProcess<Out> }
  | { readonly kind: 'closing'; readonly failed: boolean }
  | { readonly kind: 'ended' };

/**
 * One in-memory server process, from its start to its exit.
 *
 * @typeParam In Messages from the server.
 * @typeParam Out Messages to the server.
 */
export class MemoryConnection<In, Out> implements ServerConnection<In, Out> {
  readonly output = new Subject<In>();
  subscribers = 0;
  private state: State<Out> = { kind: 'idle', queue: [] };

  /**
   * @param spawn Starts the process.
   */
  constructor(private readonly spawn: MemorySpawn<In, Out>) {}

  get accepting(): boolean {
    return this.state.kind === 'idle' || this.state.kind === 'running';
  }

  get started(): boolean {
    return this.state.kind !== 'idle';
  }

  send(message: Out): Error | null {
    const copy = copyOf(message);
    if (copy instanceof Error) return copy;
    const state = this.state;
    if (state.kind === 'idle') state.queue.push(copy);
    else if (state.kind === 'running') state.process.receive(copy);
    return null;
  }

  start(): void {
    const state = this.state;
    if (state.kind !== 'idle') return;
    const pipes: MemoryServerPipes<In> = {
      write: (frame) => {
        const copy = copyOf(frame);
        if (copy instanceof Error) throw copy;
        const { kind } = this.state;
        if (kind === 'running' || (kind === 'closing' && !this.failedAlready())) this.output.next(copy);
      },
      exit: (code, reason) => {
        this.onExit(code, reason);
      },
    };
    const child = this.spawn(pipes);
    this.state = { kind: 'running', process: child };
    for (const message of state.queue) {
      // The process may exit while it reads them.
      if (!this.accepting) return;
      child.receive(message);
    }
  }

  end(): void {
    this.closeInput(false);
  }

  fail(error: unknown): void {
    if (this.state.kind === 'ended' || this.failedAlready()) return;
    this.closeInput(true);
    this.output.error(error);
  }

  /** Ends the process's input, unless it was ended already; `failed`: `output` is ending now. */
  private closeInput(failed: boolean): void {
    const state = this.state;
    switch (state.kind) {
      case 'idle':
        this.state = { kind: 'closing', failed };
        return; // never started: nothing to close
      case 'running':
        this.state = { kind: 'closing', failed };
        state.process.endInput();
        return;
      case 'closing':
        if (failed) this.state = { kind: 'closing', failed };
        return;
      case 'ended':
        return;
    }
  }

  private onExit(code: number, reason: unknown): void {
    const state = this.state;
    if (state.kind !== 'running' && state.kind !== 'closing') return; // one exit only
    this.state = { kind: 'ended' };
    if (state.kind === 'closing') {
      // Asked to go: however it exits, the session ended (unless `output` already failed).
      if (!state.failed) this.output.complete();
    } else if (code === 0) this.output.complete();
    else this.output.error(reason ?? new StdioServerExitError(code, null));
  }

  private failedAlready(): boolean {
    return this.state.kind === 'closing' && this.state.failed;
  }
}

/** A message as the other end reads it: what JSON carries of it, or why it cannot travel. */
function copyOf<T>(message: T): T | Error {
  const text = serialize(message);
  return text instanceof Error ? text : (JSON.parse(text) as T);
}
