/**
 * The stdin writer has one owner, the connection of the process it writes to; the subject only
 * hands it encoded lines through the connection. Lines given in one turn of the event loop leave
 * together: every pipe write wakes the server once, so a turn's lines cost one wake-up, not N.
 */
import { asapScheduler, Subscription, type SchedulerLike } from 'rxjs';
import type { StdioWritable } from '../process/StdioChildProcess.js';
import { StdioWriteOverflowError } from '../errors/StdioWriteOverflowError.js';

const EMPTY = Buffer.alloc(0);

/** Lines at least this long are written as they are: joining would copy them for nothing. */
const OWN_WRITE_BYTES = 16 * 1024;
/** The most bytes one joined write carries (a run of small lines is cut here). */
const JOINED_WRITE_BYTES = 64 * 1024;

/**
 * Writes lines to the server's stdin in order, honouring backpressure: while `write()` says the
 * pipe is full, lines wait in one queue and a single `'drain'` listener resumes them (never one
 * listener per message). Lines given before a pipe is attached wait in the same queue. The bytes
 * waiting are bounded by `limit`: past it `enqueue` refuses with `StdioWriteOverflowError`.
 *
 * Lines are not written by `enqueue` itself but at the end of the turn (on `turn`, a microtask by
 * default): the small lines of a turn are joined into one buffer and written with one `write()`;
 * a large line is written alone, without a copy.
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
  /** The end-of-turn flush, while one is scheduled. */
  private scheduled: Subscription | null = null;
  private readonly onDrain = (): void => {
    this.stdin?.removeListener('drain', this.onDrain);
    this.waitingForDrain = false;
    this.flush();
  };
  private readonly onTurnEnd = (): void => {
    this.scheduled = null;
    this.flush();
  };

  /**
   * @param limit The most bytes allowed to wait (ours plus the pipe's own buffer).
   * @param turn Where "the end of this turn" is: `asapScheduler` (a microtask) by default, which a
   *   `TestScheduler` in run mode replaces with virtual time.
   */
  constructor(
    private readonly limit: number,
    private readonly turn: SchedulerLike = asapScheduler,
  ) {}

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
   * Queues one line; it is written at the end of this turn, with the other lines of the turn.
   *
   * @param line The encoded message, ending with its `\n`.
   * @returns `null`, or the overflow error when the line does not fit (it is then not queued).
   */
  enqueue(line: Buffer): StdioWriteOverflowError | null {
    if (this.endRequested) return null;
    const size = line.length;
    const pending = this.pendingBytes;
    if (pending + size > this.limit) return new StdioWriteOverflowError(this.limit, pending + size);
    this.queue.push(line);
    this.queuedBytes += size;
    // Only a writable pipe needs the end-of-turn flush: attach() and 'drain' flush by themselves
    // (and an ended pipe was asked to end first, which returned above).
    if (this.scheduled === null && this.stdin !== null && !this.waitingForDrain) {
      // Marked before schedule(): a synchronous turn (queueScheduler) runs onTurnEnd inside it,
      // which clears the mark, and then nothing stays scheduled.
      this.scheduled = Subscription.EMPTY;
      const action = this.turn.schedule(this.onTurnEnd);
      if (this.scheduled === Subscription.EMPTY) this.scheduled = action;
    }
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
    this.cancelTurn();
    if (this.waitingForDrain) this.stdin?.removeListener('drain', this.onDrain);
    this.waitingForDrain = false;
  }

  private cancelTurn(): void {
    this.scheduled?.unsubscribe();
    this.scheduled = null;
  }

  private flush(): void {
    const stdin = this.stdin;
    if (stdin === null || this.waitingForDrain || this.ended) return;
    this.cancelTurn();
    const queue = this.queue;
    while (this.head < queue.length) {
      if (!this.write(stdin, this.takeChunk(queue))) {
        if (this.head > 1024 && this.head * 2 > queue.length) {
          this.queue = queue.slice(this.head);
          this.head = 0;
        }
        return;
      }
    }
    queue.length = 0;
    this.head = 0;
    if (this.endRequested) {
      this.ended = true;
      stdin.end();
    }
  }

  /**
   * Takes the next chunk off the queue: a large line alone, else the run of small lines that
   * follows it, joined (up to `JOINED_WRITE_BYTES`).
   */
  private takeChunk(queue: Buffer[]): Buffer {
    const start = this.head;
    const first = queue[start];
    let end = start + 1;
    let total = first.length;
    if (total < OWN_WRITE_BYTES) {
      while (end < queue.length) {
        const next = queue[end].length;
        if (next >= OWN_WRITE_BYTES || total + next > JOINED_WRITE_BYTES) break;
        total += next;
        end += 1;
      }
    }
    let chunk = first;
    if (end - start > 1) {
      chunk = Buffer.allocUnsafe(total);
      let offset = 0;
      for (let i = start; i < end; i += 1) {
        offset += queue[i].copy(chunk, offset);
        queue[i] = EMPTY;
      }
    } else {
      queue[start] = EMPTY;
    }
    this.head = end;
    this.queuedBytes -= total;
    return chunk;
  }

  /** Writes one chunk; when the pipe is full, waits for its `'drain'` (one listener at a time). */
  private write(stdin: StdioWritable, chunk: Buffer): boolean {
    if (stdin.write(chunk)) return true;
    this.waitingForDrain = true;
    stdin.on('drain', this.onDrain);
    return false;
  }
}
