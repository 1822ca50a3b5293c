import { EventEmitter } from 'node:events';
import type { StdioChildProcess, StdioSpawn } from '../../lib/index.js';

/** The read end of an in-memory pipe: the bench emits `'data'` on it directly. */
export class MemoryReadable extends EventEmitter {
  destroy(): void {
    this.removeAllListeners('data');
  }
}

/** The write end of an in-memory pipe: counts the bytes it is given and never pushes back. */
export class MemoryWritable extends EventEmitter {
  bytes = 0;
  writes = 0;
  readonly writableLength = 0;
  private ended = false;

  constructor(private readonly onEnd: () => void) {
    super();
  }

  write(chunk: Uint8Array): boolean {
    this.bytes += chunk.length;
    this.writes += 1;
    return true;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
  }
}

/**
 * A process made of in-memory streams, for measuring the transport's own per-message cost with
 * no pipe and no other process: it "runs" on the next tick, and exits (code 0) when its stdin is
 * closed, or with the signal when killed.
 */
export class MemoryChild extends EventEmitter implements StdioChildProcess {
  readonly pid = undefined;
  readonly stdout = new MemoryReadable();
  readonly stderr = null;
  readonly stdin = new MemoryWritable(() => this.exit(0, null));
  private exited = false;

  constructor() {
    super();
    process.nextTick(() => this.emit('spawn'));
  }

  kill(signal?: NodeJS.Signals | number): boolean {
    this.exit(null, typeof signal === 'string' ? signal : 'SIGTERM');
    return true;
  }

  private exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    this.stdout.emit('end');
    this.stdout.emit('close');
    this.emit('exit', code, signal);
  }
}

/** A spawner for `fromStdioServer({ spawn })` that hands out `MemoryChild`ren and remembers the last. */
export function memorySpawner(): { spawn: StdioSpawn; last(): MemoryChild } {
  let last: MemoryChild | null = null;
  return {
    spawn: () => {
      last = new MemoryChild();
      return last;
    },
    last() {
      if (last === null) throw new Error('nothing was spawned');
      return last;
    },
  };
}
