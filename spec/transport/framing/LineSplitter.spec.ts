import { LineSplitter } from '../../../lib/transport/framing/LineSplitter.js';

function split(chunks: readonly (string | Buffer)[], max = 1024) {
  const lines: string[] = [];
  const overflows: { head: string; length: number }[] = [];
  let current: Buffer[] = [];
  const splitter = new LineSplitter(max, {
    partial: (bytes) => current.push(Buffer.from(bytes)),
    line: (last) => {
      lines.push(Buffer.concat([...current, last]).toString('latin1'));
      current = [];
    },
    overflow: (head, length) => {
      current = [];
      overflows.push({ head: head.toString('latin1'), length });
    },
  });
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  splitter.end();
  return { lines, overflows };
}

describe('LineSplitter', () => {
  it('splits on \\n wherever the chunk boundaries fall', () => {
    expect(split(['a\nb', 'c\n', '\nd']).lines).toEqual(['a', 'bc', '', 'd']);
    expect(split(['a', 'b', 'c', '\n']).lines).toEqual(['abc']);
  });

  it('keeps a trailing \\r for the caller (the decoder drops it)', () => {
    expect(split(['x\r\ny\r\n']).lines).toEqual(['x\r', 'y\r']);
  });

  it('delivers a last line without a newline at the end of the stream', () => {
    expect(split(['{"a":1}\n{"b":2}']).lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(split(['only']).lines).toEqual(['only']);
    expect(split([]).lines).toEqual([]);
  });

  it('skips a line longer than the limit, reports its head and full length, and goes on', () => {
    const { lines, overflows } = split(['ok\n', 'x'.repeat(600), 'x'.repeat(600), 'x\nnext\n'], 1000);
    expect(lines).toEqual(['ok', 'next']);
    expect(overflows).toEqual([{ head: 'x'.repeat(256), length: 1201 }]);
  });

  it('treats a line of exactly the limit as fine and one byte more as too long', () => {
    expect(split(['y'.repeat(10) + '\n'], 10).lines).toEqual(['y'.repeat(10)]);
    const over = split(['y'.repeat(11) + '\n'], 10);
    expect(over.lines).toEqual([]);
    expect(over.overflows[0]?.length).toBe(11);
  });

  it('reports an over-long last line without newline at end of stream', () => {
    expect(split(['z'.repeat(20)], 10).overflows).toEqual([{ head: 'z'.repeat(20), length: 20 }]);
  });

  it('hands on the bytes of an unfinished line at once and keeps no reference to them', () => {
    const partials: string[] = [];
    const lines: string[] = [];
    const splitter = new LineSplitter(100, {
      partial: (b) => partials.push(b.toString()),
      line: (b) => lines.push(b.toString()),
      overflow: () => undefined,
    });
    const chunk = Buffer.from('abc\ndef');
    splitter.push(chunk);
    expect(partials).toEqual(['def']);
    chunk.write('XYZ', 4);
    splitter.push(Buffer.from('g\n'));
    expect(lines).toEqual(['abc', 'g']);
  });

  it('scans each byte once when a frame comes in many chunks (linear time)', () => {
    const frame = Buffer.alloc(4 * 1024 * 1024, 0x61);
    const chunks: Buffer[] = [];
    for (let i = 0; i < frame.length; i += 65536) chunks.push(frame.subarray(i, i + 65536));
    const scanned: number[] = [];
    const originalIndexOf = Buffer.prototype.indexOf;
    const spy = jest.spyOn(Buffer.prototype, 'indexOf').mockImplementation(function (
      this: Buffer,
      value: string | number | Uint8Array,
      byteOffset?: number | string,
      encoding?: BufferEncoding,
    ) {
      scanned.push(this.length - (typeof byteOffset === 'number' ? byteOffset : 0));
      return originalIndexOf.call(this, value, byteOffset as number, encoding);
    } as never);
    try {
      const { lines } = split([...chunks, Buffer.from('\n')], 8 * 1024 * 1024);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.length).toBe(frame.length);
    } finally {
      spy.mockRestore();
    }
    const total = scanned.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(frame.length + chunks.length + 1);
  });

  it('gives each line its length without the line ending, even when the \r\n is split', () => {
    const seen: [string, number, string][] = [];
    let current = '';
    const splitter = new LineSplitter(100, {
      partial: (b) => (current += b.toString()),
      line: (last, length, head) => {
        seen.push([current + last.toString(), length, head.toString()]);
        current = '';
      },
      overflow: () => undefined,
    });
    for (const chunk of ['ab\r\ncd', 'e\r', '\nf', 'g\n']) splitter.push(Buffer.from(chunk));
    expect(seen).toEqual([
      ['ab\r', 2, 'ab\r'],
      ['cde\r', 3, 'cde\r'],
      ['fg', 2, 'f'],
    ]);
  });
});
