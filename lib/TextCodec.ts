import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { StdioEncoding, StdioEncodingErrorHandler } from './StdioServerParams.js';

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
   * Starts decoding a line that arrives in pieces. Each piece is decoded as it comes (a character
   * split between pieces is handled), so the bytes of a long frame can be released at once and
   * are never joined: the frame is held about once, as text.
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

/** The decoding of one line that arrives in pieces; made by `TextCodec.startLine()`. */
export class LineDecoder {
  private text = '';
  private invalid: string | null = null;
  private readonly utf8: TextDecoder | null;
  /** Kept only under `'ignore'` for UTF-8, where invalid bytes must be found and dropped. */
  private readonly kept: Buffer[] | null;

  /** @param codec The codec whose encoding and error handling apply. */
  constructor(private readonly codec: TextCodec) {
    const utf8 = codec.encoding === 'utf-8' || codec.encoding === 'utf8';
    this.utf8 = utf8
      ? new TextDecoder('utf-8', { fatal: codec.errors !== 'replace', ignoreBOM: true })
      : null;
    this.kept = utf8 && codec.errors === 'ignore' ? [] : null;
  }

  /** @param piece The next bytes of the line. */
  push(piece: Buffer): void {
    if (this.invalid !== null) return;
    if (this.kept !== null) {
      this.kept.push(piece);
      return;
    }
    if (this.utf8 === null) {
      const decoded = this.codec.decode(piece);
      if ('invalid' in decoded) this.invalid = decoded.invalid;
      else this.text += decoded.text;
      return;
    }
    try {
      this.text += this.utf8.decode(piece, { stream: true });
    } catch {
      this.invalid = 'invalid utf-8';
    }
  }

  /**
   * @param last The line's last bytes (possibly empty).
   * @returns The whole line's text, or why it is invalid.
   */
  end(last: Buffer): DecodedLine {
    if (this.kept !== null) {
      this.kept.push(last);
      return this.codec.decode(Buffer.concat(this.kept));
    }
    this.push(last);
    if (this.invalid === null && this.utf8 !== null) {
      try {
        this.text += this.utf8.decode();
      } catch {
        this.invalid = 'invalid utf-8';
      }
    }
    return this.invalid === null ? { text: this.text } : { invalid: this.invalid };
  }
}
