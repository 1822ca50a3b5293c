/**
 * The writer's coalescing, drain-awareness and bound, checked against a recording pipe in
 * virtual time: the TestScheduler is the writer's "turn", so `flush()` is the end of a turn. The
 * lines of a turn leave together at its end.
 */
import fc from 'fast-check';
import { StdinWriter } from '../../../lib/transport/connection/StdinWriter.js';
import { StdioWriteOverflowError } from '../../../lib/transport/errors/StdioWriteOverflowError.js';
import type { StdioWritable } from '../../../lib/transport/process/StdioChildProcess.js';
import type { TestScheduler } from 'rxjs/testing';
import { newTestScheduler } from '../../support/marbles.js';

/** A pipe that records each write; while `full`, it buffers and says "wait for drain". */
class RecordingPipe implements StdioWritable {
  readonly writes: Buffer[] = [];
  writableLength = 0;
  ended = false;
  private drainListeners: (() => void)[] = [];

  constructor(
    private readonly capacity: number,
    public full = false,
  ) {}

  write(chunk: Uint8Array): boolean {
    if (this.ended) throw new Error('write after end');
    this.writes.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (this.full) this.writableLength += chunk.byteLength;
    return !this.full || this.writableLength < this.capacity;
  }

  end(): void {
    this.ended = true;
  }

  on(event: string, listener: (() => void) | ((error: Error) => void)): this {
    if (event === 'drain') this.drainListeners.push(listener as () => void);
    return this;
  }

  removeListener(_event: 'drain', listener: () => void): this {
    this.drainListeners = this.drainListeners.filter((l) => l !== listener);
    return this;
  }

  get drainListenerCount(): number {
    return this.drainListeners.length;
  }

  /** The reader catches up: the buffer empties and `'drain'` fires (`refill`: the next write fills it). */
  drain(refill = false): void {
    this.full = refill;
    this.writableLength = 0;
    for (const listener of [...this.drainListeners]) listener();
  }

  get bytes(): string {
    return Buffer.concat(this.writes).toString();
  }
}

const line = (text: string): Buffer => Buffer.from(`${text}\n`);

/** A writer of `limit` bytes attached to `pipe`, its turn a TestScheduler (`flush()` ends a turn). */
function attachedWriter(limit: number, pipe: RecordingPipe): { turn: TestScheduler; writer: StdinWriter } {
  const turn = newTestScheduler();
  const writer = new StdinWriter(limit, turn);
  writer.attach(pipe);
  return { turn, writer };
}
/** The most bytes one joined write carries. */
const JOINED = 64 * 1024;

describe('StdinWriter', () => {
  it('writes the lines of a turn in one write at its end, in order, turn after turn', () => {
    const pipe = new RecordingPipe(1 << 20);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    for (let i = 0; i < 50; i += 1) expect(writer.enqueue(line(`m${i}`))).toBeNull();
    expect(pipe.writes).toEqual([]);
    turn.flush();
    expect(pipe.writes.map(String)).toEqual([Array.from({ length: 50 }, (_, i) => `m${i}\n`).join('')]);
    // The next turn's one line waits for its end too.
    writer.enqueue(line('next turn'));
    expect(pipe.writes).toHaveLength(1);
    turn.flush();
    expect(pipe.writes.map(String)).toEqual([expect.any(String), 'next turn\n']);
    turn.flush();
    expect(pipe.writes).toHaveLength(2);
  });

  it('schedules one end-of-turn flush per turn, and none before a pipe or while waiting for a drain', () => {
    const turn = newTestScheduler();
    const pipe = new RecordingPipe(4);
    const writer = new StdinWriter(1 << 20, turn);
    // Before a pipe: lines wait for attach(), which writes them itself; nothing to schedule.
    writer.enqueue(line('early'));
    expect(turn.actions).toHaveLength(0);
    writer.attach(pipe);
    expect(pipe.bytes).toBe('early\n');
    // Attached: the first line of a turn schedules the turn's end, and every line waits for it.
    for (let i = 0; i < 3; i += 1) writer.enqueue(line(`m${i}`));
    expect(turn.actions).toHaveLength(1);
    expect(pipe.writes).toHaveLength(1);
    turn.flush();
    expect(pipe.writes.map(String)).toEqual(['early\n', 'm0\nm1\nm2\n']);
    // Waiting for a drain: the drain writes what waits; a scheduled flush would do nothing.
    pipe.full = true;
    writer.enqueue(line('fills'));
    turn.flush();
    expect(pipe.drainListenerCount).toBe(1);
    writer.enqueue(line('waits'));
    writer.enqueue(line('waits too'));
    expect(turn.actions).toHaveLength(0);
    pipe.drain();
    expect(pipe.bytes).toBe('early\nm0\nm1\nm2\nfills\nwaits\nwaits too\n');
  });

  it('writes the shortest line there is, a lone newline', () => {
    const pipe = new RecordingPipe(1 << 20);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    writer.enqueue(Buffer.from('\n'));
    turn.flush();
    expect(pipe.bytes).toBe('\n');
    expect(writer.pendingBytes).toBe(0);
  });

  it('writes a lone line at the end of its turn as it is (no copy), at the same virtual time', () => {
    const pipe = new RecordingPipe(1 << 20);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    const lone = line('alone');
    writer.enqueue(lone);
    expect(pipe.writes).toHaveLength(0);
    turn.flush();
    expect(pipe.writes).toHaveLength(1);
    expect(pipe.writes[0].buffer).toBe(lone.buffer);
    expect(turn.now()).toBe(0);
  });

  it('writes a large line alone without copying it, between the joined small ones', () => {
    const pipe = new RecordingPipe(1 << 22);
    const { turn, writer } = attachedWriter(1 << 22, pipe);
    const large = Buffer.from(`${'x'.repeat(100_000)}\n`);
    writer.enqueue(line('first'));
    writer.enqueue(line('a'));
    writer.enqueue(line('b'));
    writer.enqueue(large);
    writer.enqueue(line('c'));
    turn.flush();
    expect(pipe.writes.map((w) => w.length)).toEqual([10, large.length, 2]);
    expect(pipe.writes[1].buffer).toBe(large.buffer);
    expect(pipe.bytes).toBe(`first\na\nb\n${large.toString()}c\n`);
  });

  it('joins up to exactly 64 KiB a write, and writes a line of 16 KiB or more alone, at the boundaries', () => {
    const pipe = new RecordingPipe(1 << 22);
    const { turn, writer } = attachedWriter(1 << 22, pipe);
    /** A line of exactly `size` bytes, newline included. */
    const sized = (size: number, fill: string): Buffer => Buffer.from(`${fill.repeat(size - 1)}\n`);
    const ownWrite = 16 * 1024;
    // Four lines one byte under the own-write size, and four bytes more: exactly 64 KiB, one write.
    const justSmall = [1, 2, 3, 4].map((i) => sized(ownWrite - 1, String(i)));
    for (const small of justSmall) writer.enqueue(small);
    expect(pipe.writes).toHaveLength(0);
    writer.enqueue(sized(4, 'e'));
    // Exactly a full joined write is queued: it leaves at once, before the turn ends.
    expect(pipe.writes.map((w) => w.length)).toEqual([64 * 1024]);
    // One byte more does not fit: the next write starts here.
    writer.enqueue(sized(2, 'f'));
    // A line of exactly the own-write size goes alone, uncopied, even first in its run.
    const exactlyOwn = sized(ownWrite, 'g');
    writer.enqueue(exactlyOwn);
    writer.enqueue(sized(2, 'h'));
    turn.flush();
    expect(pipe.writes.map((w) => w.length)).toEqual([64 * 1024, 2, ownWrite, 2]);
    expect(pipe.writes[2].buffer).toBe(exactlyOwn.buffer);
    expect(pipe.bytes).toBe(
      [...justSmall, sized(4, 'e'), sized(2, 'f'), exactlyOwn, sized(2, 'h')].map(String).join(''),
    );
    expect(writer.pendingBytes).toBe(0);
  });

  it('waits for drain with one listener, then sends what waited in one write', () => {
    const pipe = new RecordingPipe(4, true);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    writer.enqueue(line('first'));
    turn.flush();
    expect(pipe.writes).toHaveLength(1);
    expect(pipe.drainListenerCount).toBe(1);
    for (let i = 0; i < 10; i += 1) writer.enqueue(line(`w${i}`));
    turn.flush();
    expect(pipe.writes).toHaveLength(1);
    expect(pipe.drainListenerCount).toBe(1);
    pipe.drain();
    expect(pipe.drainListenerCount).toBe(0);
    expect(pipe.writes).toHaveLength(2);
    expect(pipe.bytes).toBe(`first\n${Array.from({ length: 10 }, (_, i) => `w${i}\n`).join('')}`);
  });

  it('refuses a line past the bound, counting queued lines and the pipe buffer, and keeps the rest', () => {
    const pipe = new RecordingPipe(1, true);
    const { turn, writer } = attachedWriter(20, pipe);
    expect(writer.enqueue(line('123456789'))).toBeNull(); // 10 bytes queued
    expect(writer.enqueue(line('abcdefgh'))).toBeNull(); // 19 bytes queued
    expect(writer.enqueue(line('z'))).toBeInstanceOf(StdioWriteOverflowError);
    turn.flush(); // all 19 bytes now in the pipe's buffer, which is full
    expect(writer.pendingBytes).toBe(19);
    expect(writer.enqueue(line('y'))).toBeInstanceOf(StdioWriteOverflowError);
    pipe.drain();
    expect(writer.enqueue(line('y'))).toBeNull();
    turn.flush();
    expect(pipe.bytes).toBe('123456789\nabcdefgh\ny\n');
  });

  it('end() sends what is queued, then closes, even before the turn ends', () => {
    const pipe = new RecordingPipe(1 << 20);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    writer.enqueue(line('a'));
    writer.enqueue(line('b'));
    expect(turn.actions).toHaveLength(1);
    expect(pipe.bytes).toBe('');
    writer.end();
    expect(pipe.bytes).toBe('a\nb\n');
    expect(pipe.ended).toBe(true);
    // The flush end() did cancelled the turn's: nothing is left to run on an ended pipe.
    expect(turn.actions).toHaveLength(0);
    turn.flush();
    expect(pipe.writes).toHaveLength(1);
  });

  it('discard() drops the queued lines and the scheduled flush', () => {
    const pipe = new RecordingPipe(1 << 20);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    writer.enqueue(line('a'));
    writer.enqueue(line('b'));
    writer.discard();
    turn.flush();
    // Both waited for the end of the turn, and are dropped.
    expect(pipe.bytes).toBe('');
    expect(writer.pendingBytes).toBe(0);
    // The flush that was scheduled is gone with the lines: nothing touches the pipe afterwards,
    // not even the end a flush of an emptied, ending queue would send.
    expect(pipe.ended).toBe(false);
    expect(turn.actions).toHaveLength(0);
  });

  it('discard() while waiting for a drain removes the listener: a later drain touches nothing', () => {
    const pipe = new RecordingPipe(4, true);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    writer.enqueue(line('fills the pipe'));
    turn.flush();
    expect(pipe.drainListenerCount).toBe(1);
    writer.enqueue(line('waits'));
    writer.discard();
    expect(pipe.drainListenerCount).toBe(0);
    pipe.drain();
    // The first line filled the pipe; the one waiting for the drain is dropped, and a later
    // attach() finds nothing to write and does not end the pipe.
    writer.attach(pipe);
    turn.flush();
    expect(pipe.bytes).toBe('fills the pipe\n');
    expect(pipe.ended).toBe(false);
  });

  it('a line given while a turn is being written (a server that answers at once) goes after it, in order', () => {
    const pipe = new RecordingPipe(1 << 20);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    // A fake server that answers at once, and a client that sends again from inside the write.
    const write = pipe.write.bind(pipe);
    let answered = false;
    pipe.write = (chunk) => {
      const result = write(chunk);
      if (!answered) {
        answered = true;
        writer.enqueue(line('sent while writing'));
      }
      return result;
    };
    writer.enqueue(line('first'));
    writer.enqueue(line('after'));
    expect(pipe.writes).toEqual([]);
    turn.flush();
    expect(pipe.writes.map(String)).toEqual(['first\nafter\n', 'sent while writing\n']);
    expect(turn.actions).toHaveLength(0);
  });

  it.each([
    { what: 'discard()', stop: (writer: StdinWriter) => writer.discard(), ended: false },
    { what: 'end()', stop: (writer: StdinWriter) => writer.end(), ended: true },
  ])(
    '$what called while a turn is being written leaves nothing scheduled, and ends the pipe at most once',
    ({ stop, ended }) => {
      const pipe = new RecordingPipe(1 << 20);
      const { turn, writer } = attachedWriter(1 << 20, pipe);
      const write = pipe.write.bind(pipe);
      pipe.write = (chunk) => {
        const result = write(chunk);
        stop(writer);
        return result;
      };
      let ends = 0;
      const end = pipe.end.bind(pipe);
      pipe.end = () => {
        ends += 1;
        end();
      };
      writer.enqueue(line('last words'));
      turn.flush();
      expect(turn.actions).toHaveLength(0);
      expect(pipe.bytes).toBe('last words\n');
      expect(pipe.ended).toBe(ended);
      expect(ends).toBe(ended ? 1 : 0);
    },
  );

  it("with its default end of turn, still writes a turn's lines under jest's fake timers", async () => {
    const pipe = new RecordingPipe(1 << 20);
    const writer = new StdinWriter(1 << 20);
    writer.attach(pipe);
    jest.useFakeTimers();
    try {
      for (const text of ['a', 'b', 'c']) writer.enqueue(line(text));
      expect(pipe.writes).toEqual([]);
      // No timer is advanced: the turn ends on a promise's microtask, which fake timers leave alone.
      await Promise.resolve();
      await Promise.resolve();
    } finally {
      jest.useRealTimers();
    }
    expect(pipe.writes.map(String)).toEqual(['a\nb\nc\n']);
  });

  it('lets go of the lines it wrote: the queue holds only what still waits', () => {
    const pipe = new RecordingPipe(1 << 20);
    const { turn, writer } = attachedWriter(1 << 20, pipe);
    for (let i = 0; i < 10; i += 1) writer.enqueue(line(`m${i}`));
    turn.flush();
    // The private queue, read on purpose: a queue that kept written lines would grow without
    // bound on a long-lived connection, and nothing else shows it.
    expect((writer as unknown as { queue: Buffer[] }).queue).toHaveLength(0);
  });

  it('sends each full 64 KiB of a long turn at once, and the rest at its end: the same writes, one write of memory held', () => {
    const pipe = new RecordingPipe(1 << 24);
    const { turn, writer } = attachedWriter(1 << 24, pipe);
    const text = 'x'.repeat(39);
    let mostBytes = 0;
    let mostLines = 0;
    for (let i = 0; i < 3000; i += 1) {
      writer.enqueue(line(text));
      mostBytes = Math.max(mostBytes, writer.pendingBytes);
      mostLines = Math.max(mostLines, (writer as unknown as { queue: Buffer[] }).queue.length);
    }
    // 1,638 lines of 40 bytes are the most one 64 KiB write carries: they left when the 1,639th
    // came.
    expect(pipe.writes.map((w) => w.length)).toEqual([1638 * 40]);
    expect(mostBytes).toBe(1638 * 40);
    expect(mostLines).toBe(1638);
    turn.flush();
    expect(pipe.writes.map((w) => w.length)).toEqual([1638 * 40, 1362 * 40]);
    expect(pipe.bytes).toBe(`${text}\n`.repeat(3000));
  });

  // Lines are taken from the front by an index; the array is cut only when a full pipe leaves
  // more than 1,024 written lines that are also the majority (an O(n) copy at most every n/2
  // lines). Lines queue while a drain is awaited; the drain writes one joined 64 KiB and the pipe
  // is full again. The private queue is read on purpose: nothing else shows how much it holds.
  it.each([
    { lines: 3000, size: 40, held: 3000 - 1638, why: '1,638 written of 3,000: cut' },
    { lines: 3276, size: 40, held: 3276, why: '1,638 written of 3,276, exactly half: kept' },
    { lines: 1500, size: 64, held: 1500, why: '1,024 written, not more than 1,024: kept' },
  ])(
    'when the pipe fills again, lets go of written lines by the cut rule ($why)',
    ({ lines, size, held }) => {
      const pipe = new RecordingPipe(1, true);
      const { turn, writer } = attachedWriter(1 << 24, pipe);
      writer.enqueue(line('fills'));
      turn.flush();
      const text = 'x'.repeat(size - 1);
      for (let i = 0; i < lines; i += 1) writer.enqueue(line(text));
      expect(pipe.writes).toHaveLength(1);
      pipe.drain(true);
      // One joined write of 64 KiB (1,638 lines of 40 bytes, or 1,024 of 64) filled the pipe again.
      expect(pipe.writes).toHaveLength(2);
      expect((writer as unknown as { queue: Buffer[] }).queue).toHaveLength(held);
      pipe.drain();
      expect(pipe.bytes).toBe(`fills\n${`${text}\n`.repeat(lines)}`);
    },
  );

  type Step = { kind: 'send'; size: number } | { kind: 'turnEnd' } | { kind: 'drain' } | { kind: 'fill' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('send' as const), size: fc.oneof(fc.nat(40), fc.nat(40_000)) }),
    fc.constant({ kind: 'turnEnd' as const }),
    fc.constant({ kind: 'drain' as const }),
    fc.constant({ kind: 'fill' as const }),
  );

  it('delivers exactly the accepted bytes, in order, for any interleaving of sends, turns and drains', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 60 }),
        fc.integer({ min: 64, max: 200_000 }),
        (steps, limit) => {
          const pipe = new RecordingPipe(1024);
          const { turn, writer } = attachedWriter(limit, pipe);
          const accepted: Buffer[] = [];
          let sent = 0;
          let writesSeen = 0;
          // The model: whether a turn is under way (its end scheduled).
          let turnBegun = false;
          const endTurn = (): void => {
            turnBegun = false;
          };
          for (const s of steps) {
            if (s.kind === 'send') {
              const text = `${sent}:${'.'.repeat(s.size)}`;
              sent += 1;
              const before = writer.pendingBytes;
              const queuedBefore = before - pipe.writableLength;
              const waiting = pipe.drainListenerCount > 0;
              const error = writer.enqueue(line(text));
              if (error === null) accepted.push(line(text));
              // Refused exactly when it would not fit.
              expect(error === null).toBe(before + text.length + 1 <= limit);
              const newWrites = pipe.writes.slice(writesSeen).map(String);
              if (error === null && !waiting && !turnBegun) {
                // The turn's first line, and nothing waited before it: it waits for the turn's end.
                expect(queuedBefore).toBe(0);
                expect(newWrites).toEqual([]);
                turnBegun = true;
              } else if (newWrites.length > 0) {
                // Otherwise nothing leaves before the end of the turn unless 64 KiB of it waited.
                expect(queuedBefore + text.length + 1).toBeGreaterThanOrEqual(JOINED);
              }
              if (pipe.drainListenerCount === 0) {
                expect(writer.pendingBytes - pipe.writableLength).toBeLessThan(JOINED);
              }
            } else if (s.kind === 'turnEnd') {
              turn.flush();
              endTurn();
            } else if (s.kind === 'drain') {
              // A drain the writer waited for writes what waited, and with it ends the turn.
              if (pipe.drainListenerCount > 0) endTurn();
              pipe.drain();
            } else pipe.full = true;
            expect(pipe.drainListenerCount).toBeLessThanOrEqual(1);
            expect(writer.pendingBytes).toBeLessThanOrEqual(limit);
            writesSeen = pipe.writes.length;
          }
          pipe.drain();
          turn.flush();
          expect(pipe.bytes).toBe(Buffer.concat(accepted).toString());
        },
      ),
      { numRuns: 300 },
    );
  });
});
