import { FrameDecoder, parseJsonObject } from '../../../lib/transport/framing/FrameDecoder.js';
import type { MalformedFrame } from '../../../lib/transport/MalformedFrame.js';
import { TextCodec } from '../../../lib/transport/framing/TextCodec.js';

function decode(
  input: Buffer | string,
  options: { max?: number; handler?: 'strict' | 'replace' | 'ignore'; chunk?: number } = {},
) {
  const frames: unknown[] = [];
  const malformed: MalformedFrame[] = [];
  const decoder = new FrameDecoder(
    new TextCodec('utf-8', options.handler ?? 'strict'),
    options.max ?? 1 << 20,
    parseJsonObject,
    { frame: (m) => frames.push(m), malformed: (r) => malformed.push(r) },
  );
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const size = options.chunk ?? bytes.length;
  for (let i = 0; i < bytes.length; i += size) decoder.push(bytes.subarray(i, i + size));
  decoder.end();
  return { frames, malformed };
}

describe('FrameDecoder', () => {
  it('tolerates CRLF, blank lines, a BOM and a last frame without newline', () => {
    const { frames, malformed } = decode('\ufeff{"a":1}\r\n\n   \r\n{"b":2}\n{"c":3}');
    expect(frames).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(malformed).toEqual([]);
  });

  it('keeps U+2028 and U+2029 inside strings (only \\n separates frames)', () => {
    expect(decode('{"s":"a\u2028b\u2029c"}\n').frames).toEqual([{ s: 'a\u2028b\u2029c' }]);
  });

  it('reports non-JSON, arrays, scalars and NUL bytes, and keeps going', () => {
    const { frames, malformed } = decode('Server starting...\n[1]\n42\nnull\n{"a":\0}\n{"ok":true}\n');
    expect(frames).toEqual([{ ok: true }]);
    expect(malformed.map((m) => [m.line, m.reason.split(':')[0]])).toEqual([
      ['Server starting...', 'not JSON'],
      ['[1]', 'not a JSON-RPC message'],
      ['42', 'not a JSON-RPC message'],
      ['null', 'not a JSON-RPC message'],
      ['{"a":\0}', 'not JSON'],
    ]);
    expect(malformed[0]?.length).toBe(18);
  });

  it('handles invalid UTF-8 by the handler', () => {
    const line = Buffer.concat([Buffer.from('{"s":"a'), Buffer.from([0xff]), Buffer.from('b"}\n{"n":1}\n')]);
    expect(decode(line).frames).toEqual([{ n: 1 }]);
    expect(decode(line).malformed[0]?.reason).toBe('invalid utf-8');
    expect(decode(line, { handler: 'replace' }).frames).toEqual([{ s: 'a\ufffdb' }, { n: 1 }]);
    expect(decode(line, { handler: 'ignore' }).frames).toEqual([{ s: 'ab' }, { n: 1 }]);
  });

  it('reports a frame over maxFrameLength with a cut preview', () => {
    const { frames, malformed } = decode(`{"big":"${'x'.repeat(500)}"}\n{"n":2}\n`, { max: 100 });
    expect(frames).toEqual([{ n: 2 }]);
    expect(malformed[0]?.reason).toBe('line of 510 bytes exceeds maxFrameLength (100)');
    expect(malformed[0]?.line.length).toBe(256);
  });

  it('reports a deserializer exception as the reason', () => {
    const frames: unknown[] = [];
    const malformed: MalformedFrame[] = [];
    const decoder = new FrameDecoder(
      new TextCodec('utf-8', 'strict'),
      100,
      (line) => {
        if (line === 'bad') throw new Error('nope');
        return line;
      },
      { frame: (m) => frames.push(m), malformed: (r) => malformed.push(r) },
    );
    decoder.push(Buffer.from('bad\ngood\n'));
    expect(frames).toEqual(['good']);
    expect(malformed).toEqual([{ line: 'bad', reason: 'nope', length: 3 }]);
  });

  it('gives the same result however the bytes are cut into chunks', () => {
    const input = Buffer.concat([
      Buffer.from('\ufeff{"a":"é✓😀"}\r\n\nbanner\noops\r\n{"s":"a'),
      Buffer.from([0xff]),
      Buffer.from('b"}\r\n{"long":"' + 'x'.repeat(300) + '"}\n[1]\n{"last":1}'),
    ]);
    for (const handler of ['strict', 'replace', 'ignore'] as const) {
      const whole = decode(input, { handler, max: 200 });
      for (let chunk = 1; chunk <= 40; chunk++) {
        const cut = decode(input, { handler, max: 200, chunk });
        expect(cut.frames).toEqual(whole.frames);
        expect(cut.malformed.map((m) => [m.reason, m.length])).toEqual(
          whole.malformed.map((m) => [m.reason, m.length]),
        );
      }
    }
    expect(decode(input, { handler: 'replace', max: 200 }).frames).toEqual([
      { a: 'é✓😀' },
      { s: 'a\ufffdb' },
      { last: 1 },
    ]);
  });
});
