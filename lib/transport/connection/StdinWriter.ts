/**
 * The stdin writer has one owner, the connection of the process it writes to; the subject only
 * hands it encoded lines through the connection. Lines given in one turn of the event loop leave
 * together at its end: every pipe write wakes the server once (and costs the host a system call),
 * so a turn's lines cost one wake-up, not N. The end of a turn comes before the event loop reads
 * the pipes again, so one call at a time waits for no I/O.
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
 * each full 64 KiB as soon as it is queued); a large line is written alone, without a copy.
 */
export class StdinWriter {
  private queue: Buffer[] = [];
  /** Index of the next line to write: taking from the front of a long array must not be O(n). */
  private head = 0;
  private queuedBytes = 0;
  private stdin: StdioWritable | null = null;
  private waitingForDrain = false;
  private endRequested = false;
  /** Done with the pipe: it was ended, or the lines were discarded. */
  private ended = false;
  /** The end-of-turn flush, while one is scheduled: set, the current turn has begun. */
  private scheduled: Subscription | null = null;
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
   */
  constructor(
    private readonly limit: number,
    private readonly turn: TurnScheduler = endOfTurn,
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
   * Queues one line for the end of its turn. Once a full joined write's worth is queued (64 KiB),
   * that write leaves at once: a burst holds one write's worth of memory, not the whole burst, and
   * the writes are the ones the end of the turn would have made.
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
    // Only a writable pipe is written to here: attach() and 'drain' flush by themselves (and an
    // ended pipe was asked to end first, which returned above).
    const stdin = this.stdin;
    if (stdin === null || this.waitingForDrain) return null;
    if (this.scheduled === null) this.scheduleTurnEnd();
    // A full joined write's worth does not wait for the end of the turn.
    else if (this.queuedBytes >= JOINED_WRITE_BYTES) this.writeChunks(stdin, JOINED_WRITE_BYTES);
    return null;
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
    this.ended = true;
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
    if (this.writeChunks(stdin, 1)) this.endIfAsked(stdin);
  }

  /**
   * Ends the pipe if asked to, once: a write may have ended or discarded the writer meanwhile (a
   * fake pipe answers from inside it).
   */
  private endIfAsked(stdin: StdioWritable): void {
    if (!this.endRequested || this.ended) return;
    this.ended = true;
    stdin.end();
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
