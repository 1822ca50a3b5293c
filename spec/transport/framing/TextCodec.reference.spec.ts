/**
 * TextCodec against independent references, written from its mutants: every encoding and
 * handler, on bytes drawn around the UTF-8 boundaries (lead bytes C2/DF/E0/EF/F0/F4, overlong
 * forms, surrogates, past U+10FFFF, truncated sequences) and on text around the single-byte
 * limits. The references are the platform's WHATWG `TextDecoder` and a byte-by-byte reading of
 * the encoding's definition, so a test fails wherever the codec's own arithmetic is off.
 */
import fc from 'fast-check';
import { TextCodec } from '../../../lib/transport/framing/TextCodec.js';
import type { StdioEncoding, StdioEncodingErrorHandler } from '../../../lib/transport/StdioServerParams.js';

const HANDLERS: readonly StdioEncodingErrorHandler[] = ['strict', 'replace', 'ignore'];
const ENCODINGS: readonly StdioEncoding[] = ['utf-8', 'utf8', 'latin1', 'ascii'];

/** Bytes at and around every boundary UTF-8 validation has, plus any byte at all. */
const edgeByte = fc.oneof(
  fc.constantFrom(0x00, 0x0a, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf),
  fc.constantFrom(0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xff),
  fc.integer({ min: 0, max: 0xff }),
);
/** Well-formed characters at the edges of each sequence length. */
const edgeChar = fc
  .constantFrom(0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffc, 0xffff, 0x10000, 0x10ffff)
  .map((codePoint) => Buffer.from(String.fromCodePoint(codePoint)));
const mixedBytes = fc
  .array(
    fc.oneof(
      edgeByte.map((byte) => Buffer.from([byte])),
      edgeChar,
    ),
    { maxLength: 12 },
  )
  .map((parts) => Buffer.concat(parts));

/** U+FFFD itself (EF BF BD) would be indistinguishable from a replacement in the reference. */
const withoutReplacementChar = (bytes: Buffer) => !bytes.includes(Buffer.from('\ufffd'));

describe('TextCodec against references', () => {
  it("UTF-8 'ignore' keeps exactly the well-formed sequences (WHATWG decode minus its replacements)", () => {
    fc.assert(
      fc.property(mixedBytes.filter(withoutReplacementChar), (bytes) => {
        const reference = new TextDecoder('utf-8').decode(bytes).replace(/\ufffd/g, '');
        expect(new TextCodec('utf-8', 'ignore').decode(bytes)).toEqual({ text: reference });
      }),
      { numRuns: 600 },
    );
  });

  it.each([
    ['F0 90 80 80', 'U+10000, the first 4-byte character'],
    ['F4 8F BF BF', 'U+10FFFF, the last character'],
    ['F4 90 80 80', 'past U+10FFFF'],
    ['F0 8F BF BF', 'overlong 4-byte'],
    ['E0 9F BF', 'overlong 3-byte'],
    ['E0 A0 80', 'U+0800, the first 3-byte character'],
    ['ED 9F BF', 'U+D7FF, the last before the surrogates'],
    ['ED A0 80', 'the first surrogate'],
    ['ED BF BF', 'the last surrogate'],
    ['EE 80 80', 'U+E000, the first after the surrogates'],
    ['C1 BF', 'overlong 2-byte'],
    ['C2 80', 'U+0080, the first 2-byte character'],
    ['81 80 80 80', 'continuation bytes with no lead'],
    ['F8 90 80 80', 'a 5-byte lead'],
    ['F5 80 80 80', 'a lead past F4'],
    ['E2 9C', 'a truncated character at the end'],
  ])("UTF-8 'ignore' and 'strict' on %s (%s) agree with the WHATWG decoder", (hex) => {
    const bytes = Buffer.concat([
      Buffer.from('x'),
      Buffer.from(hex.replace(/ /g, ''), 'hex'),
      Buffer.from([0xff]),
    ]);
    const reference = new TextDecoder('utf-8').decode(bytes).replace(/\ufffd/g, '');
    expect(new TextCodec('utf-8', 'ignore').decode(bytes)).toEqual({ text: reference });
    const tail = Buffer.concat([Buffer.from('x'), Buffer.from(hex.replace(/ /g, ''), 'hex')]);
    let fatal: string | null;
    try {
      fatal = new TextDecoder('utf-8', { fatal: true }).decode(tail);
    } catch {
      fatal = null;
    }
    expect(new TextCodec('utf-8', 'strict').decode(tail)).toEqual(
      fatal === null ? { invalid: 'invalid utf-8' } : { text: fatal },
    );
  });

  it('takes 0x7F as ascii and 0x80 as not', () => {
    expect(new TextCodec('ascii', 'strict').decode(Buffer.from([0x41, 0x7f]))).toEqual({ text: 'A\x7f' });
    expect(new TextCodec('ascii', 'strict').decode(Buffer.from([0x41, 0x80]))).toEqual({
      invalid: 'invalid ascii (byte above 0x7f)',
    });
    expect(new TextCodec('ascii', 'strict').encode('A\x7f')).toEqual(Buffer.from([0x41, 0x7f]));
    expect(new TextCodec('latin1', 'strict').encode('\xff')).toEqual(Buffer.from([0xff]));
  });

  it("UTF-8 'strict' refuses exactly what a fatal decoder refuses; 'replace' matches the WHATWG decode", () => {
    fc.assert(
      fc.property(mixedBytes, fc.constantFrom<StdioEncoding>('utf-8', 'utf8'), (bytes, encoding) => {
        let fatal: string | null;
        try {
          fatal = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          fatal = null;
        }
        const strict = new TextCodec(encoding, 'strict').decode(bytes);
        expect(strict).toEqual(fatal === null ? { invalid: 'invalid utf-8' } : { text: fatal });
        expect(new TextCodec(encoding, 'replace').decode(bytes)).toEqual({
          text: new TextDecoder('utf-8').decode(bytes),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('single-byte encodings decode byte by byte, ascii applying the handler above 0x7f', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10 }), fc.constantFrom(...HANDLERS), (array, handler) => {
        const bytes = Buffer.from(array);
        const latin1 = [...bytes].map((byte) => String.fromCharCode(byte)).join('');
        expect(new TextCodec('latin1', handler).decode(bytes)).toEqual({ text: latin1 });
        const clean = bytes.every((byte) => byte <= 0x7f);
        const ascii = [...bytes]
          .map((byte) => (byte <= 0x7f ? String.fromCharCode(byte) : handler === 'replace' ? '\ufffd' : ''))
          .join('');
        expect(new TextCodec('ascii', handler).decode(bytes)).toEqual(
          !clean && handler === 'strict' ? { invalid: 'invalid ascii (byte above 0x7f)' } : { text: ascii },
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a line decoded in pieces gives what the whole line gives, in every encoding and handler', () => {
    fc.assert(
      fc.property(
        mixedBytes,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.constantFrom(...ENCODINGS),
        fc.constantFrom(...HANDLERS),
        (bytes, cuts, encoding, handler) => {
          const codec = new TextCodec(encoding, handler);
          const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((from, i) => bytes.subarray(from, [...at, bytes.length][i]));
          const line = codec.startLine();
          for (const piece of pieces.slice(0, -1)) line.push(piece);
          expect(line.end(pieces[pieces.length - 1] ?? Buffer.alloc(0))).toEqual(codec.decode(bytes));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('encodes by the definition of each encoding and handler, naming the first character that does not fit', () => {
    const edgeText = fc
      .array(
        fc.oneof(
          fc
            .constantFrom(0x41, 0x7f, 0x80, 0xe9, 0xff, 0x100, 0xabc, 0xd83d, 0xfffd)
            .map((c) => String.fromCharCode(c)),
          fc.string({ maxLength: 2 }),
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        edgeText,
        fc.constantFrom<StdioEncoding>('latin1', 'ascii'),
        fc.constantFrom(...HANDLERS),
        (text, encoding, handler) => {
          const limit = encoding === 'ascii' ? 0x7f : 0xff;
          const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
          const bad = units.findIndex((unit) => unit > limit);
          const encoded = new TextCodec(encoding, handler).encode(text);
          if (bad !== -1 && handler === 'strict') {
            const hex = (units[bad] ?? 0).toString(16).toUpperCase().padStart(4, '0');
            expect(encoded).toEqual(
              new Error(`character U+${hex} at index ${bad} cannot be encoded in ${encoding}`),
            );
            return;
          }
          const kept = units.flatMap((unit) =>
            unit <= limit ? [unit] : handler === 'replace' ? [0x3f] : [],
          );
          expect(encoded).toEqual(Buffer.from(kept));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('encodes UTF-8 under either name, whatever the handler', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 6 }),
        fc.constantFrom(...HANDLERS),
        (text, handler) => {
          expect(new TextCodec('utf8', handler).encode(text)).toEqual(Buffer.from(text, 'utf8'));
          expect(new TextCodec('utf-8', handler).encode(text)).toEqual(Buffer.from(text, 'utf8'));
        },
      ),
      { numRuns: 100 },
    );
  });
});
