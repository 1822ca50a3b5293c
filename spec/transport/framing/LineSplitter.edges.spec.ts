/**
 * LineSplitter at its edges, written from the mutants the framing specs let live: what the sink
 * is handed (every call, in order) around the limit, a `\r\n` split at the limit, an overflow's
 * head pieced together from several chunks, the state left after an overflow, and `midLine`.
 */
import { LineSplitter } from '../../../lib/transport/framing/LineSplitter.js';

type Call = ['partial', string] | ['line', string, number, string] | ['overflow', string, number];

/** A splitter whose sink records every call it gets, as latin1 text. */
function recording(max: number) {
  const calls: Call[] = [];
  const splitter = new LineSplitter(max, {
    partial: (bytes) => calls.push(['partial', bytes.toString('latin1')]),
    line: (last, length, head) =>
      calls.push(['line', last.toString('latin1'), length, head.toString('latin1')]),
    overflow: (head, length) => calls.push(['overflow', head.toString('latin1'), length]),
  });
  const push = (...chunks: string[]) => {
    for (const chunk of chunks) splitter.push(Buffer.from(chunk, 'latin1'));
  };
  return { calls, splitter, push };
}

describe('LineSplitter edges', () => {
  it('delivers a line one byte over the limit when that byte is the \\r of a \\r\\n split across chunks', () => {
    const { calls, push } = recording(3);
    push('abc\r', '\n');
    expect(calls).toEqual([
      ['partial', 'abc\r'],
      ['line', '', 3, 'abc\r'],
    ]);
  });

  it('stops handing on bytes of an over-long line as soon as it is past the limit', () => {
    const { calls, push } = recording(3);
    push('abc', 'd', 'ef', '\n', 'ok\n');
    expect(calls).toEqual([
      ['partial', 'abc'],
      ['overflow', 'abcdef', 6],
      ['line', 'ok', 2, 'ok'],
    ]);
  });

  it('hands on nothing of a chunk that takes a line more than one byte past the limit', () => {
    const { calls, push } = recording(3);
    push('ab', 'cdef', '\n');
    expect(calls).toEqual([
      ['partial', 'ab'],
      ['overflow', 'abcdef', 6],
    ]);
  });

  it('still overflows a line whose byte past the limit is a \\r that no \\n follows', () => {
    const { calls, push } = recording(3);
    push('abc\r', 'x\n');
    expect(calls).toEqual([
      ['partial', 'abc\r'],
      ['overflow', 'abc\rx', 5],
    ]);
  });

  it("pieces an overflow's head together from several chunks, up to 256 bytes", () => {
    const { calls, push } = recording(50);
    push('a'.repeat(100), 'b'.repeat(100), 'c'.repeat(100), 'd\n');
    expect(calls).toEqual([['overflow', 'a'.repeat(100) + 'b'.repeat(100) + 'c'.repeat(56), 301]]);
  });

  it('starts clean after an overflow: the next line in pieces has its own head and length', () => {
    const { calls, push } = recording(300);
    push('x'.repeat(400) + '\r', '\n', 'ab', 'c\r', '\n');
    expect(calls).toEqual([
      ['overflow', 'x'.repeat(256), 400],
      ['partial', 'ab'],
      ['partial', 'c\r'],
      ['line', '', 3, 'abc\r'],
    ]);
  });

  it('gives a line in pieces the head of all its pieces before the last, joined', () => {
    const { calls, push } = recording(100);
    push('ab', 'cd', 'ef\n');
    expect(calls).toEqual([
      ['partial', 'ab'],
      ['partial', 'cd'],
      ['line', 'ef', 6, 'abcd'],
    ]);
  });

  it('says it is mid-line exactly while a line has started and its \\n has not come', () => {
    const { splitter, push } = recording(3);
    expect(splitter.midLine).toBe(false);
    push('ab');
    expect(splitter.midLine).toBe(true);
    push('\n');
    expect(splitter.midLine).toBe(false);
    push('abcdef');
    expect(splitter.midLine).toBe(true);
    push('\n');
    expect(splitter.midLine).toBe(false);
  });

  it('at the end of the stream delivers an unfinished line without its trailing \\r, and nothing when clean', () => {
    const clean = recording(10);
    clean.push('a\n');
    clean.splitter.end();
    expect(clean.calls).toEqual([['line', 'a', 1, 'a']]);

    const unfinished = recording(10);
    unfinished.push('ab\r');
    unfinished.splitter.end();
    expect(unfinished.calls).toEqual([
      ['partial', 'ab\r'],
      ['line', '', 2, 'ab\r'],
    ]);
  });
});
