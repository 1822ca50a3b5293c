/**
 * FrameDecoder at its edges, written from the mutants the framing specs let live: the fast path
 * that decodes a chunk's complete lines at once must honour the codec (latin1 bytes that happen
 * to be valid UTF-8, ascii), the reported byte length of a skipped line must be its bytes in the
 * stream's encoding whichever path read it, blank lines are blank whatever whitespace starts
 * them, reports are cut to 256 characters, and the reason names what the value was.
 */
import { FrameDecoder, parseJsonObject } from '../../../lib/transport/framing/FrameDecoder.js';
import { TextCodec } from '../../../lib/transport/framing/TextCodec.js';
import type { MalformedFrame } from '../../../lib/transport/MalformedFrame.js';
import type { StdioEncoding, StdioEncodingErrorHandler } from '../../../lib/transport/StdioServerParams.js';

interface Options {
  encoding?: StdioEncoding;
  handler?: StdioEncodingErrorHandler;
  /** Feed the bytes one at a time (the splitter's path) instead of in one chunk (the fast path). */
  byteByByte?: boolean;
  deserializer?: (line: string) => unknown;
  keepBlankLines?: boolean;
}

function decode(bytes: Buffer, options: Options = {}) {
  const frames: unknown[] = [];
  const malformed: MalformedFrame[] = [];
  const decoder = new FrameDecoder(
    new TextCodec(options.encoding ?? 'utf-8', options.handler ?? 'strict'),
    1 << 20,
    options.deserializer ?? parseJsonObject,
    { frame: (m) => frames.push(m), malformed: (r) => malformed.push(r) },
    options.keepBlankLines,
  );
  if (options.byteByByte === true)
    for (let i = 0; i < bytes.length; i++) decoder.push(bytes.subarray(i, i + 1));
  else decoder.push(bytes);
  decoder.end();
  return { frames, malformed };
}

const identity = (line: string) => line;
const refuse = (): never => {
  throw new Error('refused');
};

describe.each([false, true])('FrameDecoder edges (byte by byte: %s)', (byteByByte) => {
  it('reads latin1 byte for byte even where the bytes are valid UTF-8', () => {
    const bytes = Buffer.from([0x43, 0xc3, 0xa9, 0x0a]); // 'C', then 'é' in UTF-8
    expect(decode(bytes, { encoding: 'latin1', deserializer: identity, byteByByte }).frames).toEqual([
      'C\u00c3\u00a9',
    ]);
  });

  it('refuses, in ascii, a line that is valid UTF-8 but has bytes above 0x7f', () => {
    const { frames, malformed } = decode(Buffer.from('é\nok\n'), {
      encoding: 'ascii',
      deserializer: identity,
      byteByByte,
    });
    expect(frames).toEqual(['ok']);
    expect(malformed.map((m) => m.reason)).toEqual(['invalid ascii (byte above 0x7f)']);
  });

  it("reports a skipped line's length in bytes of the stream's encoding", () => {
    const utf8 = decode(Buffer.from('é!\n'), { byteByByte });
    expect(utf8.malformed.map((m) => [m.line, m.length])).toEqual([['é!', 3]]);
    const latin1 = decode(Buffer.from([0xe9, 0x21, 0x0a]), { encoding: 'latin1', byteByByte });
    expect(latin1.malformed.map((m) => [m.line, m.length])).toEqual([['é!', 2]]);
    // Replaced bytes count as the bytes that came, not as the U+FFFD put for them.
    const replaced = decode(Buffer.from([0x61, 0xff, 0x62, 0x0a]), { handler: 'replace', byteByByte });
    expect(replaced.malformed.map((m) => [m.line, m.length])).toEqual([['a\ufffdb', 3]]);
  });

  it('skips blank lines made of spaces, tabs and carriage returns, and only those', () => {
    const { frames, malformed } = decode(Buffer.from('\t\n \n\t \n\r\r\n\r \t\r\n {"a":1}\n\t{"b":2}\n'), {
      byteByByte,
    });
    expect(malformed).toEqual([]);
    expect(frames).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('hands a blank line on when blank lines are kept, with its byte length when refused', () => {
    const kept = decode(Buffer.from('\t\n'), { deserializer: identity, keepBlankLines: true, byteByByte });
    expect(kept.frames).toEqual(['\t']);
    const refused = decode(Buffer.from('\n  \n'), { deserializer: refuse, keepBlankLines: true, byteByByte });
    expect(refused.malformed).toEqual([
      { line: '', reason: 'refused', length: 0 },
      { line: '  ', reason: 'refused', length: 2 },
    ]);
  });

  it('cuts the reported text of a long bad line to 256 characters', () => {
    const notJson = decode(Buffer.from(`${'x'.repeat(300)}\n`), { byteByByte });
    expect(notJson.malformed.map((m) => [m.line, m.length])).toEqual([['x'.repeat(256), 300]]);
    const invalid = decode(Buffer.concat([Buffer.from('y'.repeat(300)), Buffer.from([0xff, 0x0a])]), {
      byteByByte,
    });
    expect(invalid.malformed.map((m) => [m.line, m.reason, m.length])).toEqual([
      ['y'.repeat(256), 'invalid utf-8', 301],
    ]);
    const exact = decode(Buffer.from(`${'z'.repeat(256)}\n`), { byteByByte });
    expect(exact.malformed.map((m) => m.line)).toEqual(['z'.repeat(256)]);
  });
});

describe('parseJsonObject', () => {
  it.each([
    ['[1]', 'an array'],
    ['null', 'null'],
    ['42', 'a number'],
    ['"s"', 'a string'],
    ['true', 'a boolean'],
  ])('names what %s is', (line, what) => {
    expect(() => parseJsonObject(line)).toThrow(
      new TypeError(`not a JSON-RPC message: expected a JSON object, got ${what}`),
    );
  });

  it('returns the object itself', () => {
    expect(parseJsonObject('{"a":[1]}')).toEqual({ a: [1] });
  });
});
