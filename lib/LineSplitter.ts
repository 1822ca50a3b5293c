const NEWLINE = 0x0a;
/** How many bytes of an over-long line are kept to show in the report. */
const OVERFLOW_HEAD = 256;

/** Where a `LineSplitter` delivers what it finds. */
export interface LineSink {
  /** One complete line, without its `\n` (a `\r` before it is left for the caller). */
  line(bytes: Buffer): void;
  /** A line longer than the limit was skipped; `head` is its start, `length` its full size. */
  overflow(head: Buffer, length: number): void;
}

/**
 * Splits a byte stream into `\n`-terminated lines, synchronously and in time linear in the bytes
 * received: each chunk is scanned once, from where the last scan stopped, and an unfinished line
 * is kept as a list of chunks that is joined once, when its `\n` arrives. (Re-splitting the whole
 * unfinished tail on every chunk, as split2 does, is quadratic: a 32 MB frame arriving in 64 KiB
 * chunks is scanned 500 times.) A line longer than `maxLineLength` is never held whole: past the
 * limit its bytes are dropped until the next `\n`, and it is reported as an overflow.
 *
 * Being synchronous (no Node stream in between), a chunk pushed at a virtual time yields its
 * lines at that same virtual time, which is what lets marble tests see frames.
 *
 * @example
 * ```ts
 * const splitter = new LineSplitter(1024, { line: (b) => console.log(b.toString()), overflow: () => {} });
 * splitter.push(Buffer.from('{"a":1}\n{"b"')); // logs {"a":1}
 * splitter.push(Buffer.from(':2}\n'));         // logs {"b":2}
 * ```
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Set while dropping the rest of an over-long line: its head and full length so far. */
  private overflowing: { head: Buffer; length: number } | null = null;

  /**
   * @param maxLineLength The longest line delivered, in bytes without the `\n`.
   * @param sink Receives lines and overflow reports.
   */
  constructor(
    private readonly maxLineLength: number,
    private readonly sink: LineSink,
  ) {}

  /**
   * Takes the next chunk of the stream and delivers every line it completes.
   *
   * @param chunk Bytes as they arrived; the splitter keeps a reference only to an unfinished tail.
   */
  push(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    while (newline !== -1) {
      this.finishLine(chunk, start, newline);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.keep(start === 0 ? chunk : chunk.subarray(start));
  }

  /** Ends the stream: an unfinished last line (no `\n` before EOF) is still delivered. */
  end(): void {
    if (this.overflowing !== null || this.pendingLength > 0) this.finishLine(Buffer.alloc(0), 0, 0);
  }

  private finishLine(chunk: Buffer, start: number, end: number): void {
    const overflowing = this.overflowing;
    if (overflowing !== null) {
      this.overflowing = null;
      this.sink.overflow(overflowing.head, overflowing.length + (end - start));
      return;
    }
    const length = this.pendingLength + (end - start);
    if (length > this.maxLineLength) {
      const head = headOf([...this.pending, chunk.subarray(start, end)]);
      this.clearPending();
      this.sink.overflow(head, length);
      return;
    }
    if (this.pendingLength === 0) {
      this.sink.line(chunk.subarray(start, end));
      return;
    }
    this.pending.push(chunk.subarray(start, end));
    const line = Buffer.concat(this.pending, length);
    this.clearPending();
    this.sink.line(line);
  }

  private keep(tail: Buffer): void {
    const overflowing = this.overflowing;
    if (overflowing !== null) {
      overflowing.length += tail.length;
      return;
    }
    if (this.pendingLength + tail.length > this.maxLineLength) {
      // Past the limit: remember the start for the report and drop everything else.
      this.overflowing = { head: headOf([...this.pending, tail]), length: this.pendingLength + tail.length };
      this.clearPending();
      return;
    }
    this.pending.push(tail);
    this.pendingLength += tail.length;
  }

  private clearPending(): void {
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** A copy of the first `OVERFLOW_HEAD` bytes of `pieces`, without joining the rest. */
function headOf(pieces: readonly Buffer[]): Buffer {
  const taken: Buffer[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (size >= OVERFLOW_HEAD) break;
    const part = piece.subarray(0, OVERFLOW_HEAD - size);
    taken.push(part);
    size += part.length;
  }
  return Buffer.concat(taken, size);
}
