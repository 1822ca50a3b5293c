/**
 * The stdin writer has one owner, the connection of the process it writes to; the subject only
 * hands it encoded lines through the connection. Lines given in one turn of the event loop leave
 * together at its end: every pipe write wakes the server once (and costs the host a system call),
 * so a turn's lines cost one wake-up, not N. But one call at a time must not wait for a turn's
 * end: after a turn that gave a single line, the next turn's first line leaves at once.
 */
import { Subscription } from 'rxjs';
import type { StdioWritable } from '../process/StdioChildProcess.js';
import { StdioWriteOverflowError } from '../errors/StdioWriteOverflowError.js';
import { endOfTurn, type TurnScheduler } from './endOfTurn.js';

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
 * Lines wait for the end of their turn (`turn`: a microtask by default): the small ones are joined into
 * one buffer and written with one `write()`, up to 64 KiB a write (a turn that queues more sends
 * each full 64 KiB as soon as it is queued); a large line is written alone, without a copy. When
 * the previous turn gave one line or none (request, answer, request: one call at a time), the
 * first line of a turn is written as it comes and only the lines after it wait; once a turn gives
 * several, the next turn's lines all wait for its end again.
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
  /** The end-of-turn flush, while one is scheduled: set, the current turn has begun. */
  private scheduled: Subscription | null = null;
  /** Lines given in the current turn, and whether the previous turn gave more than one. */
  private turnLines = 0;
  private lastTurnBusy = false;
  private readonly onDrain = (): void => {
    this.stdin?.removeListener('drain', this.onDrain);
    this.waitingForDrain = false;
    this.flush();
  };
  /** The flush ends the turn (or, while the pipe is full, the 'drain' does). */
  private readonly onTurnEnd = (): void => {
    this.flush();
  };

  /**
   * @param limit The most bytes allowed to wait (ours plus the pipe's own buffer).
   * @param turn Where "the end of this turn" is: `params.scheduler` when given (a marble test's
   *   `TestScheduler`), else a microtask (see `endOfTurn`).
   * @param firstLineAtOnce Whether the first line after a quiet turn is written at once (the
   *   bench measures the writer without it too).
   */
  constructor(
    private readonly limit: number,
    private readonly turn: TurnScheduler = endOfTurn,
    private readonly firstLineAtOnce = true,
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
   * Queues one line for the end of its turn, or writes it now if it is the first of a turn after a
   * quiet one. Once a full joined write's worth is queued (64 KiB), that write leaves at once: a
   * burst holds one write's worth of memory, not the whole burst, and the writes are the ones the
   * end of the turn would have made.
   *
   * @param line The encoded message, ending with its `\n`.
   * @returns `null`, or the overflow error when the line does not fit (it is then not queued).
   */
  enqueue(line: Buffer): StdioWriteOverflowError | null {
    if (this.endRequested) return null;
    const size = line.length;
    const pending = this.pendingBytes;
    if (pending + size > this.limit) return new StdioWriteOverflowError(this.limit, pending + size);
    // Only a writable pipe is written to here: attach() and 'drain' flush by themselves (and an
    // ended pipe was asked to end first, which returned above).
    const stdin = this.stdin;
    if (stdin === null || this.waitingForDrain) {
      this.push(line);
      return null;
    }
    this.turnLines += 1;
    if (this.scheduled !== null) {
      this.push(line);
      // A full joined write's worth does not wait for the end of the turn.
      if (this.queuedBytes >= JOINED_WRITE_BYTES) this.writeChunks(stdin, JOINED_WRITE_BYTES);
      return null;
    }
    // The first line of the turn; nothing waits (the queue is empty whenever a writable pipe has
    // no turn under way). After a busy turn it waits for this one's end; after a quiet one it
    // leaves now. The turn is marked as begun first (a fake pipe may answer from inside the write,
    // and a line given then queues behind this one) and its end is scheduled after the write, off
    // the round trip's path; unless the write ended the writer (an end() or discard() meanwhile
    // cleared the mark).
    this.scheduled = Subscription.EMPTY;
    if (this.lastTurnBusy || !this.firstLineAtOnce) this.push(line);
    else this.write(stdin, line);
    if (this.scheduled === Subscription.EMPTY) this.scheduleTurnEnd();
    return null;
  }

  private push(line: Buffer): void {
    this.queue.push(line);
    this.queuedBytes += line.length;
  }

  private scheduleTurnEnd(): void {
    // Marked before schedule(): a synchronous turn (queueScheduler) runs onTurnEnd inside it,
    // which clears the mark, and then nothing stays scheduled.
    this.scheduled = Subscription.EMPTY;
    const action = this.turn.schedule(this.onTurnEnd);
    if (this.scheduled === Subscription.EMPTY) this.scheduled = action;
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
    if (this.scheduled === null) return;
    this.scheduled.unsubscribe();
    this.endTurn();
  }

  private endTurn(): void {
    this.scheduled = null;
    this.lastTurnBusy = this.turnLines > 1;
    this.turnLines = 0;
  }

  private flush(): void {
    const stdin = this.stdin;
    if (stdin === null || this.waitingForDrain || this.ended) return;
    this.cancelTurn();
    if (!this.writeChunks(stdin, 1)) return;
    if (this.endRequested) {
      this.ended = true;
      stdin.end();
    }
  }

  /**
   * Writes chunks while at least `minBytes` wait (1: everything).
   *
   * @returns `false` when the pipe filled: a `'drain'` resumes the rest.
   */
  private writeChunks(stdin: StdioWritable, minBytes: number): boolean {
    const queue = this.queue;
    let writable = true;
    while (writable && this.queuedBytes >= minBytes && this.head < queue.length) {
      writable = this.write(stdin, this.takeChunk(queue));
    }
    // Lines are taken by index; the written ones leave the array when all are written, or once
    // they are more than 1,024 and the majority (an O(n) copy at most every n/2 lines).
    if (this.head === queue.length) {
      queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
    return writable;
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
