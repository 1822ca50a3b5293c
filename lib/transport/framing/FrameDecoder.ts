import { isUtf8 } from 'node:buffer';
import { LineSplitter } from './LineSplitter.js';
import type { MalformedFrame } from '../MalformedFrame.js';
import type { DecodedLine, LineDecoder, TextCodec } from './TextCodec.js';

const NEWLINE = 0x0a;

/** How many characters of a skipped line a `MalformedFrame` shows. */
const REPORTED_LINE_LENGTH = 256;

/** Where a `FrameDecoder` delivers frames and skipped lines. */
export interface FrameSink<In> {
  /** One message, in stream order. */
  frame(message: In): void;
  /** One skipped line. */
  malformed(report: MalformedFrame): void;
}

/**
 * The default deserializer: one JSON value per line, which must be an object (a JSON-RPC
 * request, notification or response). Arrays (batches, gone from MCP since 2025-06-18) and
 * scalars are not messages.
 *
 * @param line One line of text.
 * @returns The parsed object.
 * @throws SyntaxError if the line is not JSON; TypeError if it is not an object.
 */
export function parseJsonObject(line: string): object {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`not a JSON-RPC message: expected a JSON object, got ${describe(value)}`);
  }
  return value;
}

/**
 * The one reader of lines, for both pipes: splits lines (`LineSplitter`), decodes each
 * (`TextCodec`), drops a trailing `\r`, a leading byte-order mark and (for frames) blank lines,
 * and deserializes. Anything that fails is reported and skipped; nothing thrown here escapes.
 * stdout reads frames with it; stderr reads log lines (deserializer: the text itself).
 */
export class FrameDecoder<In> {
  private readonly splitter: LineSplitter;
  /** The decoding of the line being received in pieces, if any. */
  private current: LineDecoder | null = null;

  /**
   * @param codec Decodes each line's bytes.
   * @param maxFrameLength The longest line accepted, in bytes.
   * @param deserializer Turns a line into a message; throwing skips the line.
   * @param sink Receives messages and reports.
   * @param keepBlankLines Deliver blank lines too (a log keeps them; a frame stream skips them).
   */
  constructor(
    private readonly codec: TextCodec,
    private readonly maxFrameLength: number,
    private readonly deserializer: (line: string) => In,
    private readonly sink: FrameSink<In>,
    private readonly keepBlankLines = false,
  ) {
    this.splitter = new LineSplitter(maxFrameLength, {
      partial: (bytes) => {
        (this.current ??= this.codec.startLine()).push(bytes);
      },
      line: (last, length, head) => {
        this.finishLine(last, length, head);
      },
      overflow: (head, length) => {
        this.current = null;
        this.sink.malformed({
          line: cut(head.toString('utf8')),
          reason: `line of ${length} bytes exceeds maxFrameLength (${maxFrameLength})`,
          length,
        });
      },
    });
  }

  /**
   * Takes the next bytes from stdout. The complete lines of a chunk are, when they are valid
   * UTF-8 (or latin1) and short enough, decoded in one call and split as text: one validation
   * and one decode per chunk instead of one per line, which is most of the cost of small frames.
   * Everything else (the line under way, an invalid or over-long line) goes through the splitter
   * one line at a time.
   *
   * @param chunk The next bytes from stdout.
   */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.splitter.midLine) {
      const first = chunk.indexOf(NEWLINE);
      if (first === -1) {
        this.splitter.push(chunk);
        return;
      }
      start = first + 1;
      this.splitter.push(chunk.subarray(0, start));
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      const lines = chunk.subarray(start, last + 1);
      if (!this.decodeWhole(lines)) this.splitter.push(lines);
      start = last + 1;
    }
    if (start < chunk.length) this.splitter.push(start === 0 ? chunk : chunk.subarray(start));
  }

  /** stdout ended: deliver a last line that had no `\n`. */
  end(): void {
    this.splitter.end();
  }

  private finishLine(last: Buffer, length: number, head: Buffer): void {
    const current = this.current;
    this.current = null;
    let decoded: DecodedLine;
    if (current === null) {
      // The common case: the whole line came in one chunk (`length` leaves out a `\r`).
      decoded = this.codec.decode(length === last.length ? last : last.subarray(0, length));
    } else {
      decoded = current.end(last);
      if ('text' in decoded && decoded.text.endsWith('\r')) decoded = { text: decoded.text.slice(0, -1) };
    }
    if ('invalid' in decoded) {
      // Enough bytes for the reported characters, never the decode of a whole long line.
      const preview = head.subarray(0, REPORTED_LINE_LENGTH * 4).toString('utf8');
      this.sink.malformed({ line: cut(preview), reason: decoded.invalid, length });
      return;
    }
    this.deliver(decoded.text, length);
  }

  /**
   * Decodes complete lines (`bytes` ends with `\n`) in one go when that is safe: the encoding
   * maps `\n` to itself, the bytes are valid in it, and no line can be over the limit.
   *
   * @returns `false` when the caller must split them line by line instead.
   */
  private decodeWhole(bytes: Buffer): boolean {
    if (bytes.length > this.maxFrameLength) return false;
    const encoding = this.codec.encoding;
    let text: string;
    if (encoding === 'latin1') text = bytes.toString('latin1');
    else if (encoding === 'ascii' || !isUtf8(bytes)) return false;
    else text = bytes.toString('utf8');
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      let end = newline;
      if (end > start && text.charCodeAt(end - 1) === 0x0d) end -= 1;
      this.deliver(text.slice(start, end), -1);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    return true;
  }

  /**
   * Delivers one decoded line: drops a leading byte-order mark and blank lines, deserializes.
   *
   * @param text The line, without its line ending.
   * @param length Its length in bytes, or -1 if not known yet (computed only for a report).
   */
  private deliver(text: string, length: number): void {
    let line = text;
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (!this.keepBlankLines && isBlank(line)) return;
    let message: In;
    try {
      message = this.deserializer(line);
    } catch (error) {
      const bytes =
        length >= 0 ? length : Buffer.byteLength(text, this.codec.encoding === 'latin1' ? 'latin1' : 'utf8');
      this.sink.malformed({ line: cut(line), reason: reasonOf(error), length: bytes });
      return;
    }
    this.sink.frame(message);
  }
}

function isBlank(text: string): boolean {
  // Fast path first: almost every frame starts with `{`.
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first !== 0x20 && first !== 0x09 && first !== 0x0d) return false;
  return text.trim().length === 0;
}

function cut(text: string): string {
  return text.length > REPORTED_LINE_LENGTH ? text.slice(0, REPORTED_LINE_LENGTH) : text;
}

function reasonOf(error: unknown): string {
  if (error instanceof SyntaxError) return `not JSON: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}
