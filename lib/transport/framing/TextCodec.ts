import { isUtf8 } from 'node:buffer';
import type { StdioEncoding, StdioEncodingErrorHandler } from '../StdioServerParams.js';

/** A line decoded, or the reason it could not be (only under `'strict'`). */
export type DecodedLine = { text: string } | { invalid: string };

/**
 * The text codec of one transport: bytes of one line to text, and text to bytes, in the chosen
 * encoding and with the chosen handling of invalid bytes. Lines are decoded one at a time, so a
 * bad line under `'strict'` costs that line only.
 */
export class TextCodec {
  private readonly ascii: boolean;

  /**
   * @param encoding The encoding of both directions.
   * @param errors What to do with bytes (or characters, when encoding) the encoding cannot hold.
   */
  constructor(
    readonly encoding: StdioEncoding,
    readonly errors: StdioEncodingErrorHandler,
  ) {
    this.ascii = encoding === 'ascii';
  }

  /**
   * Decodes the bytes of one line (without its `\n`).
   *
   * @param bytes The line.
   * @returns The text, or why it is invalid.
   */
  decode(bytes: Buffer): DecodedLine {
    if (this.encoding === 'latin1') return { text: bytes.toString('latin1') };
    if (this.ascii) return this.decodeAscii(bytes);
    if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
    switch (this.errors) {
      case 'strict':
        return { invalid: 'invalid utf-8' };
      case 'replace':
        return { text: bytes.toString('utf8') };
      case 'ignore':
        return { text: stripInvalidUtf8(bytes).toString('utf8') };
    }
  }

  /**
   * Starts decoding a line that arrives in pieces (a character may be split between them).
   *
   * @returns A decoder for one line.
   */
  startLine(): LineDecoder {
    return new LineDecoder(this);
  }

  /**
   * Encodes one line of text. Characters the encoding cannot hold are, under `'strict'`, an
   * error; under `'replace'`, `?`; under `'ignore'`, dropped. UTF-8 holds every string that
   * `JSON.stringify` makes (it escapes lone surrogates).
   *
   * @param text The line, without its `\n`.
   * @returns The bytes, or an error describing the first character that does not fit.
   */
  encode(text: string): Buffer | Error {
    if (this.encoding === 'utf-8' || this.encoding === 'utf8') return Buffer.from(text, 'utf8');
    const limit = this.ascii ? 0x7f : 0xff;
    let out = '';
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) <= limit) continue;
      if (this.errors === 'strict') {
        return new Error(
          `character U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} at index ${i} ` +
            `cannot be encoded in ${this.encoding}`,
        );
      }
      out += text.slice(from, i) + (this.errors === 'replace' ? '?' : '');
      from = i + 1;
    }
    return Buffer.from(from === 0 ? text : out + text.slice(from), 'latin1');
  }

  private decodeAscii(bytes: Buffer): DecodedLine {
    let clean = true;
    for (const byte of bytes) {
      if (byte > 0x7f) {
        clean = false;
        break;
      }
    }
    if (clean) return { text: bytes.toString('latin1') };
    if (this.errors === 'strict') return { invalid: 'invalid ascii (byte above 0x7f)' };
    let text = '';
    for (const byte of bytes) {
      if (byte <= 0x7f) text += String.fromCharCode(byte);
      else if (this.errors === 'replace') text += '\ufffd';
    }
    return { text };
  }
}

/**
 * Copies the well-formed UTF-8 sequences of `bytes`, leaving out every byte that is not part of
 * one. Only reached for lines that failed validation, so it favours clarity over speed.
 */
function stripInvalidUtf8(bytes: Buffer): Buffer {
  const kept: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      i += 1;
      continue;
    }
    for (let k = 0; k < length; k++) kept.push(bytes[i + k] ?? 0);
    i += length;
  }
  return Buffer.from(kept);
}

/** The length of the well-formed UTF-8 sequence starting at `i`, or 0 if there is none. */
function sequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  let length: number;
  let min: number;
  if (lead >= 0xc2 && lead <= 0xdf) [length, min] = [2, 0x80];
  else if (lead >= 0xe0 && lead <= 0xef) [length, min] = [3, 0x800];
  else if (lead >= 0xf0 && lead <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  if (i + length > bytes.length) return 0;
  let codePoint = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k] ?? 0;
    if ((next & 0xc0) !== 0x80) return 0;
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return 0;
  return length;
}

/**
 * The decoding of one line that arrives in pieces; made by `TextCodec.startLine()`.
 *
 * UTF-8 pieces are kept and decoded in one pass when the line ends: one join, one validation,
 * one `toString`. (Decoding each piece as it comes, with a streaming `TextDecoder`, holds less
 * at once in theory but measured slower and no smaller: the rope of piece strings must be
 * flattened again by `JSON.parse`, and the garbage collector clears hundreds of large strings.)
 * Single-byte encodings have no character split between pieces, so they decode piece by piece.
 */
export class LineDecoder {
  private text = '';
  private invalid: string | null = null;
  /** The pieces of a UTF-8 line, joined when it ends. */
  private readonly pieces: Buffer[] | null;

  /** @param codec The codec whose encoding and error handling apply. */
  constructor(private readonly codec: TextCodec) {
    this.pieces = codec.encoding === 'utf-8' || codec.encoding === 'utf8' ? [] : null;
  }

  /** @param piece The next bytes of the line. */
  push(piece: Buffer): void {
    if (this.pieces !== null) {
      this.pieces.push(piece);
      return;
    }
    if (this.invalid !== null) return;
    const decoded = this.codec.decode(piece);
    if ('invalid' in decoded) this.invalid = decoded.invalid;
    else this.text += decoded.text;
  }

  /**
   * @param last The line's last bytes (possibly empty).
   * @returns The whole line's text, or why it is invalid.
   */
  end(last: Buffer): DecodedLine {
    if (this.pieces !== null) {
      this.pieces.push(last);
      const bytes = Buffer.concat(this.pieces);
      this.pieces.length = 0; // the pieces can go before the text is made
      return this.codec.decode(bytes);
    }
    this.push(last);
    return this.invalid === null ? { text: this.text } : { invalid: this.invalid };
  }
}
