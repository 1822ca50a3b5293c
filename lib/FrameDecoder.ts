import { LineSplitter } from './LineSplitter.js';
import type { MalformedFrame } from './MalformedFrame.js';
import type { DecodedLine, LineDecoder, TextCodec } from './TextCodec.js';

/** How many characters of a skipped line a `MalformedFrame` shows. */
const REPORTED_LINE_LENGTH = 256;
/** Enough bytes for that many characters of UTF-8. */
const PREVIEW_BYTES = REPORTED_LINE_LENGTH * 4;

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
 * Turns the server's stdout bytes into messages: splits lines (`LineSplitter`), decodes each
 * (`TextCodec`), drops a trailing `\r`, a leading byte-order mark and blank lines, and
 * deserializes. Anything that fails is reported and skipped; nothing thrown here escapes.
 */
export class FrameDecoder<In> {
  private readonly splitter: LineSplitter;
  /** The line being received in pieces, if any. */
  private current: { decoder: LineDecoder; preview: Buffer; length: number } | null = null;

  /**
   * @param codec Decodes each line's bytes.
   * @param maxFrameLength The longest line accepted, in bytes.
   * @param deserializer Turns a line into a message; throwing skips the line.
   * @param sink Receives messages and reports.
   */
  constructor(
    private readonly codec: TextCodec,
    maxFrameLength: number,
    private readonly deserializer: (line: string) => In,
    private readonly sink: FrameSink<In>,
  ) {
    this.splitter = new LineSplitter(maxFrameLength, {
      partial: (bytes) => {
        if (this.current === null) {
          this.current = {
            decoder: this.codec.startLine(),
            preview: Buffer.from(bytes.subarray(0, PREVIEW_BYTES)),
            length: 0,
          };
        }
        this.current.length += bytes.length;
        this.current.decoder.push(bytes);
      },
      line: (last) => {
        this.finishLine(last);
      },
      overflow: (head, length) => {
        this.current = null;
        this.sink.malformed({
          line: head.toString('utf8').slice(0, REPORTED_LINE_LENGTH),
          reason: `line of ${length} bytes exceeds maxFrameLength (${maxFrameLength})`,
          length,
        });
      },
    });
  }

  /** @param chunk The next bytes from stdout. */
  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  /** stdout ended: deliver a last line that had no `\n`. */
  end(): void {
    this.splitter.end();
  }

  private finishLine(last: Buffer): void {
    const current = this.current;
    this.current = null;
    let decoded: DecodedLine;
    let length: number;
    let preview: Buffer;
    if (current === null) {
      // The common case: the whole line came in one chunk.
      length = last.length;
      preview = last;
      const end = length > 0 && last[length - 1] === 0x0d ? length - 1 : length;
      decoded = this.codec.decode(end === length ? last : last.subarray(0, end));
    } else {
      length = current.length + last.length;
      preview = current.preview;
      decoded = current.decoder.end(last);
      if ('text' in decoded && decoded.text.endsWith('\r')) decoded = { text: decoded.text.slice(0, -1) };
    }
    if ('invalid' in decoded) {
      this.sink.malformed({
        line: cut(preview.subarray(0, PREVIEW_BYTES).toString('utf8')),
        reason: decoded.invalid,
        length,
      });
      return;
    }
    let text = decoded.text;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (isBlank(text)) return;
    let message: In;
    try {
      message = this.deserializer(text);
    } catch (error) {
      this.sink.malformed({ line: cut(text), reason: reasonOf(error), length });
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
