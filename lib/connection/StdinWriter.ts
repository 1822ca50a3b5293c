/**
 * The stdin writer has one owner, the connection of the process it writes to; the subject only
 * hands it encoded lines through the connection.
 */
import type { StdioWritable } from '../process/StdioChildProcess.js';
import { StdioWriteOverflowError } from '../errors/StdioWriteOverflowError.js';

const EMPTY = Buffer.alloc(0);

/**
 * Writes lines to the server's stdin in order, honouring backpressure: while `write()` says the
 * pipe is full, lines wait in one queue and a single `'drain'` listener resumes them (never one
 * listener per message). Lines given before a pipe is attached wait in the same queue. The bytes
 * waiting are bounded by `limit`: past it `enqueue` refuses with `StdioWriteOverflowError`.
 */
export class StdinWriter {
  private queue: Buffer[] = [];
  /** Index of the next line to write: taking from the front of a long array must not be O(n). */
  private head = 0;
  private queuedBytes = 0;
  private stdin: StdioWritable | null = null;
  private waitingForDrain = false;
  private endRequested = false;
  private ended = false;
  private readonly onDrain = (): void => {
    this.stdin?.removeListener('drain', this.onDrain);
    this.waitingForDrain = false;
    this.flush();
  };

  /** @param limit The most bytes allowed to wait (ours plus the pipe's own buffer). */
  constructor(private readonly limit: number) {}

  /** Bytes waiting: in our queue and in the pipe's buffer. */
  get pendingBytes(): number {
    return this.queuedBytes + (this.stdin?.writableLength ?? 0);
  }

  /** Whether a pipe is attached (the process runs). */
  get attached(): boolean {
    return this.stdin !== null;
  }

  /** Starts writing to `stdin`, first the lines queued so far. */
  attach(stdin: StdioWritable): void {
    this.stdin = stdin;
    this.flush();
  }

  /**
   * Queues one line and writes as much as the pipe takes.
   *
   * @param line The encoded message, ending with its `\n`.
   * @returns `null`, or the overflow error when the line does not fit (it is then not queued).
   */
  enqueue(line: Buffer): StdioWriteOverflowError | null {
    if (this.endRequested) return null;
    const size = line.length;
    const pending = this.pendingBytes;
    if (pending + size > this.limit) return new StdioWriteOverflowError(this.limit, pending + size);
    const stdin = this.stdin;
    if (stdin !== null && !this.waitingForDrain && !this.ended && this.head === this.queue.length) {
      // Nothing waiting: write at once, without touching the queue (the common, hot case).
      this.write(stdin, line);
      return null;
    }
    this.queue.push(line);
    this.queuedBytes += size;
    this.flush();
    return null;
  }

  /** Closes stdin once everything queued is written: the polite goodbye. */
  end(): void {
    this.endRequested = true;
    this.flush();
  }

  /** Drops everything queued and stops writing (the process is gone or being killed). */
  discard(): void {
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.endRequested = true;
    if (this.waitingForDrain) this.stdin?.removeListener('drain', this.onDrain);
    this.waitingForDrain = false;
  }

  private flush(): void {
    const stdin = this.stdin;
    if (stdin === null || this.waitingForDrain || this.ended) return;
    const queue = this.queue;
    while (this.head < queue.length) {
      const chunk = queue[this.head];
      queue[this.head] = EMPTY;
      this.head += 1;
      this.queuedBytes -= chunk.length;
      if (!this.write(stdin, chunk)) {
        if (this.head > 1024 && this.head * 2 > queue.length) {
          this.queue = queue.slice(this.head);
          this.head = 0;
        }
        return;
      }
    }
    if (queue.length > 0) {
      queue.length = 0;
      this.head = 0;
    }
    if (this.endRequested) {
      this.ended = true;
      stdin.end();
    }
  }

  /** Writes one chunk; when the pipe is full, waits for its `'drain'` (one listener at a time). */
  private write(stdin: StdioWritable, chunk: Buffer): boolean {
    if (stdin.write(chunk)) return true;
    this.waitingForDrain = true;
    stdin.on('drain', this.onDrain);
    return false;
  }
}
