// Property tests of the framing in every encoding (spec/transport/framing/framing.property.spec.ts covers UTF-8 on
// the decoder alone): any messages, written in any encoding-legal way (raw where the encoding
// holds the character, a JSON \u escape where it does not), with LF or CRLF, cut into chunks at
// any boundaries, come out as the same messages in the same order; and any bytes at all never
// throw out of the transport. Checked on the decoder (many runs) and through real pipes (a few
// runs: replay.js writes the chunks, `cat` echoes what the transport writes).
import fc from 'fast-check';
import { FrameDecoder, parseJsonObject } from '../../lib/transport/framing/FrameDecoder.js';
import {
  fromStdioServer,
  type MalformedFrame,
  type StdioEncoding,
  type StdioEncodingErrorHandler,
} from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { TextCodec } from '../../lib/transport/framing/TextCodec.js';
import { waitUntilGone } from '../support/processes.js';
import { completed, describeTerminal, Probe } from './probe.js';
import { cutAt } from '../support/cutAt.js';
import { anyCodePoints } from '../support/arbitraries.js';
import { until } from '../support/wait.js';

const ENCODINGS: readonly StdioEncoding[] = ['utf-8', 'latin1', 'ascii'];
const HANDLERS: readonly StdioEncodingErrorHandler[] = ['strict', 'replace', 'ignore'];

/** The highest character an encoding holds raw (UTF-8 holds them all). */
const ceiling = (encoding: StdioEncoding): number =>
  encoding === 'ascii' ? 0x7f : encoding === 'latin1' ? 0xff : 0xffff;

/** One character the encoding can hold. */
const charIn = (encoding: StdioEncoding): fc.Arbitrary<string> =>
  encoding === 'utf-8' || encoding === 'utf8'
    ? anyCodePoints({ minLength: 1, maxLength: 1 })
    : fc.nat({ max: ceiling(encoding) }).map((code) => String.fromCharCode(code));

/** Messages whose strings the encoding holds raw, or (`any`) any strings at all. */
const messageIn = (unit: fc.Arbitrary<string>): fc.Arbitrary<JsonRpcMessage> =>
  fc.record({
    jsonrpc: fc.constant('2.0' as const),
    id: fc.integer(),
    method: fc.string({ unit, maxLength: 12 }),
    params: fc.jsonValue({ stringUnit: unit, maxDepth: 2 }),
  }) as fc.Arbitrary<JsonRpcMessage>;

const messageFor = (encoding: StdioEncoding): fc.Arbitrary<JsonRpcMessage> =>
  fc.oneof(messageIn(charIn(encoding)), messageIn(anyCodePoints({ minLength: 1, maxLength: 1 })));

/** JSON text the encoding can carry: characters it cannot hold become \u escapes (valid JSON). */
function serializeFor(message: unknown, encoding: StdioEncoding): string {
  const limit = ceiling(encoding);
  return JSON.stringify(message).replace(/[\u0080-\uffff]/g, (c) =>
    c.charCodeAt(0) <= limit ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const bytesOf = (text: string, encoding: StdioEncoding): Buffer =>
  Buffer.from(text, encoding === 'utf-8' || encoding === 'utf8' ? 'utf8' : 'latin1');

/** What the receiver must get: the message as JSON carries it. */
const asCarried = (message: unknown): unknown => JSON.parse(JSON.stringify(message));

function decode(chunks: readonly Buffer[], encoding: StdioEncoding, handler: StdioEncodingErrorHandler) {
  const frames: unknown[] = [];
  const malformed: MalformedFrame[] = [];
  const decoder = new FrameDecoder(new TextCodec(encoding, handler), 1 << 20, parseJsonObject, {
    frame: (m) => frames.push(m),
    malformed: (r) => malformed.push(r),
  });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return { frames, malformed };
}

describe('framing properties in every encoding (decoder)', () => {
  it.each(ENCODINGS)(
    '%s: any messages, LF or CRLF, cut anywhere, come out the same and in order under every handler',
    (encoding) => {
      fc.assert(
        fc.property(
          fc.array(messageFor(encoding), { maxLength: 10 }),
          fc.array(fc.nat(), { maxLength: 30 }),
          fc.constantFrom('\n', '\r\n'),
          fc.boolean(),
          fc.constantFrom(...HANDLERS),
          (messages, offsets, newline, finalNewline, handler) => {
            const text =
              messages.map((m) => serializeFor(m, encoding)).join(newline) + (finalNewline ? newline : '');
            const { frames, malformed } = decode(cutAt(bytesOf(text, encoding), offsets), encoding, handler);
            expect(malformed).toEqual([]);
            expect(frames).toEqual(messages.map(asCarried));
          },
        ),
        { numRuns: 200 },
      );
    },
  );

  it.each(ENCODINGS)('%s: any bytes never throw, and a good frame after them survives', (encoding) => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.constantFrom(...HANDLERS),
        (noise, offsets, handler) => {
          const bytes = Buffer.concat([Buffer.from(noise), Buffer.from('\n{"after":true}\r\n')]);
          const { frames } = decode(cutAt(bytes, offsets), encoding, handler);
          expect(frames[frames.length - 1]).toEqual({ after: true });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('framing properties through real pipes', () => {
  /** Runs replay.js writing `bytes` cut at `offsets` into a transport; returns its probe row and frames. */
  async function replay(
    bytes: Buffer,
    offsets: readonly number[],
    encoding: StdioEncoding,
    handler: StdioEncodingErrorHandler,
  ) {
    const probe = new Probe('replay', 'replay');
    const server$ = probe.server('replay.js', [bytes.toString('base64'), offsets.join(',')], {
      encoding,
      encodingErrorHandler: handler,
    });
    const rec = probe.record(server$);
    await rec.end(10_000).catch(() => probe.check(false, 'no terminal event'));
    probe.check(completed(rec), `expected complete, got ${describeTerminal(rec)}`);
    const result = await probe.finish({ did: 'replayed', boundMs: null });
    return { result, frames: rec.values as unknown[], malformed: probe.malformed };
  }

  it.each(ENCODINGS)(
    '%s: messages written in pieces by a real process arrive whole and in order',
    async (encoding) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(messageFor(encoding), { minLength: 1, maxLength: 6 }),
          fc.array(fc.nat(), { maxLength: 12 }),
          fc.constantFrom('\n', '\r\n'),
          fc.boolean(),
          async (messages, offsets, newline, finalNewline) => {
            const text =
              messages.map((m) => serializeFor(m, encoding)).join(newline) + (finalNewline ? newline : '');
            const bytes = bytesOf(text, encoding);
            const { result, frames, malformed } = await replay(
              bytes,
              offsets.map((o) => o % (bytes.length + 1)),
              encoding,
              'strict',
            );
            expect(result.failures).toEqual([]);
            expect(malformed).toEqual([]);
            expect(frames).toEqual(messages.map(asCarried));
          },
        ),
        { numRuns: 6 },
      );
    },
    60_000,
  );

  it('any bytes from a real process never throw out of the transport, under every encoding and handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 10 }),
        fc.constantFrom(...ENCODINGS),
        fc.constantFrom(...HANDLERS),
        async (noise, offsets, encoding, handler) => {
          const bytes = Buffer.concat([Buffer.from(noise), Buffer.from('\n{"after":true}\n')]);
          const { result, frames } = await replay(bytes, offsets, encoding, handler);
          expect(result.failures).toEqual([]);
          expect(frames[frames.length - 1]).toEqual({ after: true });
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);

  it.each(ENCODINGS)(
    '%s: any messages sent through `cat` come back the same and in order',
    async (encoding) => {
      const pids: number[] = [];
      const received: JsonRpcMessage[] = [];
      const server$ = fromStdioServer({
        command: 'cat',
        encoding,
        stderr: 'ignore',
        shutdown: { closeTimeout: 300, termTimeout: 300 },
        spawnObserver: { next: ({ pid }) => pid !== undefined && pids.push(pid) },
      });
      const subscription = server$.subscribe((message) => received.push(message));
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(messageIn(anyCodePoints({ minLength: 1, maxLength: 1 })), { maxLength: 10 }),
            async (messages) => {
              received.length = 0;
              for (const message of messages) server$.next(message);
              await until(() => received.length >= messages.length, 5000);
              expect(received).toEqual(messages.map(asCarried));
            },
          ),
          { numRuns: 100 },
        );
      } finally {
        subscription.unsubscribe();
      }
      expect(pids).toHaveLength(1);
      expect(await waitUntilGone(pids, 3000)).toEqual([]);
    },
    60_000,
  );
});
