const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** How many bytes of a line's start are kept to show in a report. */
const OVERFLOW_HEAD = 256;

/** Where a `LineSplitter` delivers what it finds. */
export interface LineSink {
  /**
   * The next bytes of a line whose `\n` has not arrived yet, handed on at once (the splitter
   * buffers none of them, so nothing is held twice).
   */
  partial(bytes: Buffer): void;
  /**
   * A line is complete: these are its last bytes, without the `\n` (a `\r` before it is left
   * for the caller to drop from the text). When no `partial` came before, they are the whole line.
   *
   * @param last The line's last bytes.
   * @param length The whole line's length in bytes, without its `\n` or `\r\n`.
   * @param head The start of the line (at least its first 256 bytes, or all of it), for reports.
   */
  line(last: Buffer, length: number, head: Buffer): void;
  /**
   * A line longer than the limit was skipped (drop any partial bytes of it); `head` is its
   * start, `length` its full size.
   */
  overflow(head: Buffer, length: number): void;
}

/**
 * Splits a byte stream into `\n`-terminated lines, synchronously and in time linear in the bytes
 * received: each chunk is scanned once, from where the last scan stopped, and the bytes of an
 * unfinished line are handed on as they come instead of being kept and re-scanned. A line longer
 * than `maxLineLength` (not counting its `\n` or `\r\n`) is dropped as it streams and reported
 * as an overflow.
 *
 * Being synchronous (no Node stream in between), a chunk pushed at a virtual time yields its
 * lines at that same virtual time, which is what lets marble tests see frames.
 *
 * @example
 * ```ts
 * let line = '';
 * const splitter = new LineSplitter(1024, {
 *   partial: (b) => (line += b.toString()),
 *   line: (b) => { console.log(line + b.toString()); line = ''; },
 *   overflow: () => (line = ''),
 * });
 * splitter.push(Buffer.from('{"a":1}\n{"b"')); // logs {"a":1}
 * splitter.push(Buffer.from(':2}\n'));         // logs {"b":2}
 * ```
 */
export class LineSplitter {
  /** Bytes of the unfinished line handed on so far. */
  private pendingLength = 0;
  /** Views of the first bytes of the unfinished line, for reports. */
  private head: Buffer[] = [];
  private headLength = 0;
  /** The last byte handed on, to see a `\r\n` split between two chunks. */
  private lastByte = -1;
  /** Set while dropping the rest of an over-long line. */
  private overflowing = false;

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
   * @param chunk Bytes as they arrived.
   */
  push(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    while (newline !== -1) {
      this.finishLine(chunk.subarray(start, newline));
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.continueLine(start === 0 ? chunk : chunk.subarray(start));
  }

  /** Whether a line is under way (its `\n` not seen yet): the next bytes continue it. */
  get midLine(): boolean {
    return this.pendingLength > 0 || this.overflowing;
  }

  /** Ends the stream: an unfinished last line (no `\n` before EOF) is still delivered. */
  end(): void {
    if (this.midLine) this.finishLine(Buffer.alloc(0));
  }

  private finishLine(last: Buffer): void {
    const whole = this.pendingLength === 0;
    const endsInReturn =
      (last.length > 0 ? last[last.length - 1] : whole ? -1 : this.lastByte) === CARRIAGE_RETURN;
    // The limit counts the frame, not its line ending: `\r\n` as `\n`.
    const length = this.pendingLength + last.length - (endsInReturn ? 1 : 0);
    if (this.overflowing || length > this.maxLineLength) {
      this.remember(last);
      const head = Buffer.concat(this.head, this.headLength);
      this.reset();
      this.sink.overflow(head, length);
      return;
    }
    if (whole) {
      // The whole line is in this chunk: the common case, with no state to clear.
      this.sink.line(last, length, last);
      return;
    }
    const head = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head, this.headLength);
    this.reset();
    this.sink.line(last, length, head);
  }

  private continueLine(bytes: Buffer): void {
    this.pendingLength += bytes.length;
    this.lastByte = bytes[bytes.length - 1] ?? this.lastByte;
    // Remembered even while overflowing, so a report's head is the line's first bytes, unbroken.
    this.remember(bytes);
    if (this.overflowing) return;
    // One byte past the limit may still be the `\r` of a `\r\n` that the next chunk completes.
    const excess = this.pendingLength - this.maxLineLength;
    if (excess > 1 || (excess === 1 && this.lastByte !== CARRIAGE_RETURN)) {
      // Past the limit: the sink drops what it has; the rest of the line is only counted.
      this.overflowing = true;
      return;
    }
    this.sink.partial(bytes);
  }

  /** Keeps a view (no copy) of the line's first bytes; an overflow report copies them. */
  private remember(bytes: Buffer): void {
    if (this.headLength >= OVERFLOW_HEAD) return;
    const part = bytes.subarray(0, OVERFLOW_HEAD - this.headLength);
    this.head.push(part);
    this.headLength += part.length;
  }

  private reset(): void {
    this.pendingLength = 0;
    this.head = [];
    this.headLength = 0;
    this.lastByte = -1;
    this.overflowing = false;
  }
}
