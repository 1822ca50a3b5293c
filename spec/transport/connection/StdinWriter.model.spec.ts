/**
 * StdinWriter against a model (fast-check): whatever the order of lines, full pipes, drains, ends
 * and discards, the pipe receives exactly the accepted lines, in order, once each; at most one
 * 'drain' listener exists at a time; stdin is ended once, only when nothing is left to write; a
 * line is refused exactly when the bytes waiting would exceed the limit. Written to kill the
 * mutants of the writer that the marble specs, which go through a whole connection, let live.
 */
import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { queueScheduler } from 'rxjs';
import { StdinWriter } from '../../../lib/transport/connection/StdinWriter.js';
// The writer's turn is queueScheduler here: each enqueue flushes at once, so the model can
// check the pipe after every step; joined writes are compared as the bytes they carry.
import { StdioWriteOverflowError } from '../../../lib/transport/errors/StdioWriteOverflowError.js';

/** A pipe with a buffer of `capacity` bytes: `write()` says false once the buffer is full. */
class FakeStdin extends EventEmitter {
  readonly written: string[] = [];
  buffered = 0;
  ends = 0;
  constructor(private readonly capacity: number) {
    super();
  }
  get writableLength(): number {
    return this.buffered;
  }
  write(chunk: Uint8Array): boolean {
    if (this.ends > 0) throw new Error('write after end');
    this.written.push(Buffer.from(chunk).toString());
    this.buffered += chunk.length;
    return this.buffered < this.capacity;
  }
  end(): void {
    this.ends += 1;
  }
  /** The OS took everything buffered. */
  drain(): void {
    this.buffered = 0;
    this.emit('drain');
  }
}

const steps = fc.array(
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('line' as const), size: fc.integer({ min: 1, max: 40 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'attach' as const }) },
    { weight: 3, arbitrary: fc.constant({ kind: 'drain' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'end' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'discard' as const }) },
  ),
  { maxLength: 60 },
);

describe('StdinWriter (model-based)', () => {
  it('writes every accepted line once, in order, and ends stdin only when all is written', () => {
    fc.assert(
      fc.property(
        steps,
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 300 }),
        (plan, capacity, limit) => {
          const stdin = new FakeStdin(capacity);
          const writer = new StdinWriter(limit, queueScheduler);
          let attached = false;
          let ending = false;
          let discarded = false;
          let counter = 0;
          /** Lines accepted and neither written nor discarded, in order (the model's queue). */
          let waiting: string[] = [];
          const expectedWritten: string[] = [];
          for (const step of plan) {
            if (step.kind === 'line') {
              const line = `${String(counter++).padStart(4, '0')}${'x'.repeat(step.size)}`;
              const pending = waiting.reduce((sum, l) => sum + l.length, 0) + (attached ? stdin.buffered : 0);
              const result = writer.enqueue(Buffer.from(line));
              if (ending || discarded) {
                expect(result).toBeNull();
              } else if (pending + line.length > limit) {
                expect(result).toBeInstanceOf(StdioWriteOverflowError);
              } else {
                expect(result).toBeNull();
                waiting.push(line);
              }
            } else if (step.kind === 'attach' && !attached) {
              attached = true;
              writer.attach(stdin as never);
            } else if (step.kind === 'drain' && attached) {
              stdin.drain();
            } else if (step.kind === 'end') {
              ending = true;
              writer.end();
              expect(writer.attached).toBe(attached);
            } else if (step.kind === 'discard') {
              discarded = true;
              waiting = [];
              writer.discard();
            }
            // What the pipe took so far moves from the model's queue to the expected output.
            while (waiting.length > 0 && stdin.written.join('').length > expectedWritten.join('').length) {
              expectedWritten.push(waiting.shift() as string);
            }
            expect(stdin.written.join('')).toEqual(expectedWritten.join(''));
            expect(stdin.listenerCount('drain')).toBeLessThanOrEqual(1);
            expect(writer.pendingBytes).toBe(
              waiting.reduce((sum, l) => sum + l.length, 0) + (attached ? stdin.buffered : 0),
            );
            // A full pipe always has someone waiting for its drain, or nothing left to write.
            if (attached && waiting.length > 0 && !discarded) expect(stdin.listenerCount('drain')).toBe(1);
            // stdin ends exactly once, when asked to and nothing accepted is still waiting.
            // (A full pipe is ended after its drain, so that end() never races the last write.)
            const shouldHaveEnded =
              attached && ending && !discarded && waiting.length === 0 && stdin.buffered < capacity;
            if (shouldHaveEnded) expect(stdin.ends).toBe(1);
            // (After discard() stdin may or may not be ended: the process is going away either way.)
            if ((!ending && !discarded) || !attached) expect(stdin.ends).toBe(0);
            expect(stdin.ends).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps order across a long queue that is compacted while the pipe stays full', () => {
    const stdin = new FakeStdin(10);
    const writer = new StdinWriter(1_000_000, queueScheduler);
    const lines = Array.from({ length: 3000 }, (_, i) => `${i}\n`);
    for (const line of lines) expect(writer.enqueue(Buffer.from(line))).toBeNull();
    writer.attach(stdin as never);
    // Each drain lets a few lines through; the queue head moves past 1024 and is compacted.
    let drains = 0;
    while (stdin.written.join('').length < lines.join('').length && drains < 10_000) {
      stdin.drain();
      drains += 1;
    }
    expect(stdin.written.join('')).toEqual(lines.join(''));
    stdin.drain(); // the last joined write may have filled the pipe
    expect(stdin.listenerCount('drain')).toBe(0);
    expect(writer.pendingBytes).toBe(stdin.buffered);
  });

  it('accepts a line that fills the limit exactly and refuses one byte more', () => {
    const writer = new StdinWriter(10, queueScheduler);
    expect(writer.enqueue(Buffer.from('12345'))).toBeNull();
    const refused = writer.enqueue(Buffer.from('123456'));
    expect(refused).toBeInstanceOf(StdioWriteOverflowError);
    expect(writer.enqueue(Buffer.from('12345'))).toBeNull();
    expect(writer.pendingBytes).toBe(10);
    const stdin = new FakeStdin(100);
    writer.attach(stdin as never);
    expect(stdin.written.join('')).toEqual('1234512345');
  });
});
