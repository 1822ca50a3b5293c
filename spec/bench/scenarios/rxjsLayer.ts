import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { fromStdioServer } from '../../../lib/index.js';
import type { JsonRpcMessage } from '../../../lib/session/index.js';
import type { ContenderId } from '../harness.js';
import { MemoryWritable, memorySpawner } from '../memoryChild.js';
import { echoMismatch, echoRequest, echoResponse } from '../messages.js';
import { RawLineSplitter } from '../rawLineSplitter.js';

/** The size of the chunks a pipe typically delivers. */
const CHUNK = 64 * 1024;

const inputs = new Map<number, { chunks: Buffer[]; requests: JsonRpcMessage[]; requestBytes: number }>();

/** `count` echo answers as pipe-sized chunks, and `count` requests with their encoded size. */
function inputFor(count: number): { chunks: Buffer[]; requests: JsonRpcMessage[]; requestBytes: number } {
  let input = inputs.get(count);
  if (input === undefined) {
    const lines: string[] = [];
    const requests: JsonRpcMessage[] = [];
    let requestBytes = 0;
    for (let id = 1; id <= count; id++) {
      lines.push(`${JSON.stringify(echoResponse(id))}\n`);
      const request = echoRequest(id);
      requests.push(request);
      requestBytes += Buffer.byteLength(`${JSON.stringify(request)}\n`);
    }
    const bytes = Buffer.from(lines.join(''));
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK));
    input = { chunks, requests, requestBytes };
    inputs.set(count, input);
  }
  return input;
}

/**
 * CPU time of this process in milliseconds. The layer's cost is CPU work with nothing to wait
 * for, so CPU time measures it even when other processes share the machine (wall time would
 * count their turns too).
 */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A checker of answers 1, 2, 3 … that throws on the first wrong one. */
function inOrder(): { check(message: JsonRpcMessage): void; readonly count: number } {
  let count = 0;
  return {
    check(message) {
      const problem = echoMismatch(message, count + 1);
      if (problem !== null) throw new Error(problem);
      count += 1;
    },
    get count() {
      return count;
    },
  };
}

/** Our transport over an in-memory process, spawned and ready. */
async function memoryServer(onMessage: (message: JsonRpcMessage) => void) {
  const spawner = memorySpawner();
  let failure: unknown = null;
  const server$ = fromStdioServer({ command: 'in-memory', spawn: spawner.spawn, stderr: 'ignore' });
  const subscription = server$.subscribe({
    next: onMessage,
    error: (error: unknown) => {
      failure = error;
    },
  });
  await new Promise<void>((resolve) => process.nextTick(resolve));
  return {
    server$,
    child: spawner.last(),
    end(): void {
      subscription.unsubscribe();
      if (failure !== null) throw failure;
    },
  };
}

/**
 * The per-message cost of turning pipe chunks into delivered messages: our transport (line
 * splitting, decoding, parsing, the Subject) against the raw splitter and the SDK's ReadBuffer
 * (with its schema validation), on the same bytes, with no process and no pipe.
 *
 * @returns CPU nanoseconds per message.
 */
export async function measureDecode(contender: ContenderId, count: number): Promise<number> {
  const { chunks } = inputFor(count);
  const seen = inOrder();
  let elapsed: number;
  if (contender === 'ours') {
    const memory = await memoryServer((message) => seen.check(message));
    const stdout = memory.child.stdout;
    const start = cpuNow();
    for (const chunk of chunks) stdout.emit('data', chunk);
    elapsed = cpuNow() - start;
    memory.end();
  } else if (contender === 'raw') {
    const splitter = new RawLineSplitter((line) => seen.check(JSON.parse(line) as JsonRpcMessage));
    const start = cpuNow();
    for (const chunk of chunks) splitter.push(chunk);
    elapsed = cpuNow() - start;
  } else {
    const buffer = new ReadBuffer();
    const start = cpuNow();
    for (const chunk of chunks) {
      buffer.append(chunk);
      for (let message = buffer.readMessage(); message !== null; message = buffer.readMessage()) {
        seen.check(message as JsonRpcMessage);
      }
    }
    elapsed = cpuNow() - start;
  }
  if (seen.count !== count) throw new Error(`${contender}: ${seen.count} of ${count} messages delivered`);
  return (elapsed * 1e6) / count;
}

/**
 * The per-message cost of sending: `next()` down to the bytes handed to stdin, against
 * `JSON.stringify` + a Buffer (raw) and the SDK's `serializeMessage`, into the same counting sink.
 *
 * @returns CPU nanoseconds per message.
 */
export async function measureEncode(contender: ContenderId, count: number): Promise<number> {
  const { requests, requestBytes } = inputFor(count);
  let sink: MemoryWritable;
  let elapsed: number;
  if (contender === 'ours') {
    const memory = await memoryServer(() => undefined);
    sink = memory.child.stdin;
    const server$ = memory.server$;
    const start = cpuNow();
    for (const request of requests) server$.next(request);
    // The lines of a turn are written together at its end: the clock stops once they are out.
    await new Promise((resolve) => setImmediate(resolve));
    elapsed = cpuNow() - start;
    memory.end();
  } else {
    sink = new MemoryWritable(() => undefined);
    const start = cpuNow();
    if (contender === 'raw') {
      for (const request of requests) sink.write(Buffer.from(`${JSON.stringify(request)}\n`));
    } else {
      for (const request of requests) sink.write(Buffer.from(serializeMessage(request as JSONRPCMessage)));
    }
    elapsed = cpuNow() - start;
  }
  // Ours joins the lines of a turn into fewer writes; the others write one per message.
  const writesOk = contender === 'ours' ? sink.writes >= 1 && sink.writes <= count : sink.writes === count;
  if (!writesOk || sink.bytes !== requestBytes) {
    throw new Error(
      `${contender}: ${sink.writes} writes of ${sink.bytes} bytes, expected ${contender === 'ours' ? `1 to ${count}` : count} of ${requestBytes}`,
    );
  }
  return (elapsed * 1e6) / count;
}
