import fc from 'fast-check';
import { newTestScheduler } from '../../support/marbles.js';
import { FrameDecoder, parseJsonObject } from '../../../lib/transport/framing/FrameDecoder.js';
import { fromStdioServer, type MalformedFrame, type StdioEncodingErrorHandler } from '../../../lib/index.js';
import { TextCodec } from '../../../lib/transport/framing/TextCodec.js';
import { fakeServer } from '../../../lib/testing/index.js';
import { cutAt } from '../../support/cutAt.js';
import { anyCodePoints } from '../../support/arbitraries.js';

function decodeChunks(
  chunks: readonly Buffer[],
  handler: StdioEncodingErrorHandler = 'strict',
  max = 1 << 20,
) {
  const frames: unknown[] = [];
  const malformed: MalformedFrame[] = [];
  const decoder = new FrameDecoder(new TextCodec('utf-8', handler), max, parseJsonObject, {
    frame: (m) => frames.push(m),
    malformed: (r) => malformed.push(r),
  });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return { frames, malformed };
}

// JSON objects with any strings: astral characters, U+2028/U+2029, quotes, control characters.
const message = fc.record({
  jsonrpc: fc.constant('2.0' as const),
  id: fc.integer(),
  method: anyCodePoints(),
  params: fc.jsonValue(),
});

describe('framing properties', () => {
  it('any messages, cut into chunks anywhere, come out the same and in order', () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (messages, offsets, newline, finalNewline) => {
          const text = messages.map((m) => JSON.stringify(m)).join(newline) + (finalNewline ? newline : '');
          const { frames, malformed } = decodeChunks(cutAt(Buffer.from(text, 'utf8'), offsets));
          expect(malformed).toEqual([]);
          expect(frames).toEqual(messages.map((m) => JSON.parse(JSON.stringify(m)) as unknown));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any bytes at all never throw, under every error handler, and good frames after them survive', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.constantFrom<StdioEncodingErrorHandler>('strict', 'replace', 'ignore'),
        fc.integer({ min: 16, max: 64 }),
        (noise, offsets, handler, max) => {
          const bytes = Buffer.concat([Buffer.from(noise), Buffer.from('\n{"after":true}\n')]);
          const { frames } = decodeChunks(cutAt(bytes, offsets), handler, max);
          expect(frames[frames.length - 1]).toEqual({ after: true });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('any bytes through the whole transport never throw out of it', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), (chunks) => {
        const scheduler = newTestScheduler();
        scheduler.run(() => {
          const server = fakeServer({ exitOnStdinEnd: 0 }, scheduler);
          const seen: unknown[] = [];
          const errors: unknown[] = [];
          const server$ = fromStdioServer({ command: 'fake', spawn: server.spawn, scheduler });
          server$.subscribe({ next: (m) => seen.push(m), error: (e) => errors.push(e) });
          scheduler.schedule(() => {
            const child = server.processes[0];
            for (const chunk of chunks) child?.stdout.emit('data', Buffer.from(chunk));
            child?.stdout.emit('data', Buffer.from('\n'));
            child?.write({ jsonrpc: '2.0', method: 'last' });
          }, 1);
          scheduler.schedule(() => {
            expect(errors).toEqual([]);
            expect(seen[seen.length - 1]).toEqual({ jsonrpc: '2.0', method: 'last' });
          }, 2);
        });
      }),
      { numRuns: 200 },
    );
  });
});
