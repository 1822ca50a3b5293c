import type { StdioSignal } from '../transport/process/StdioChildProcess.js';

import type { ObservableInput } from 'rxjs';

/**
 * How a fake server behaves. Every delay is in milliseconds of the scheduler given to
 * `fakeServer()` (virtual time inside `TestScheduler.run`).
 */
export interface FakeServerBehavior {
  /**
   * Answers each message the client writes: return the frames to write back (objects are
   * JSON-serialized, strings written as they are, so a test can send broken lines), as any
   * ObservableInput: an array for an immediate answer, `cold('--a')` for a delayed one.
   */
  respond?: (message: unknown) => ObservableInput<unknown>;
  /**
   * Frames written on the server's own initiative, from the moment it runs, as an Observable
   * such as `cold('-a--b')`. Completing it does not close stdout; see `closeStdoutWhenDone`.
   */
  stdout?: ObservableInput<unknown>;
  /** Close stdout when `stdout` completes (a server ending its session). Default `false`. */
  closeStdoutWhenDone?: boolean;
  /** Lines written to stderr when the server runs. */
  stderr?: readonly string[];
  /** Delay from spawn to the `'spawn'` event. Default 0. */
  spawnDelay?: number;
  /** Fail to start with this error code instead of running (`'ENOENT'`, `'EACCES'`). */
  spawnError?: string;
  /** After stdin is closed, exit with code 0 after this delay; `null` keeps running. Default 0. */
  exitOnStdinEnd?: number | null;
  /** After SIGTERM, exit after this delay; `null` ignores SIGTERM. Default 0. SIGKILL always kills. */
  exitOnSigterm?: number | null;
  /** Exit on its own after `after` ms with `code` (default 1) or `signal`. */
  crash?: {
    /** When, in ms after the spawn. */
    after: number;
    /** The exit code (default 1). */
    code?: number;
    /** The signal that ends it, instead of an exit code. */
    signal?: StdioSignal;
  };
  /** While `true`, the server does not read stdin: writes return `false` until `resumeReading()`. */
  stallReading?: boolean;
  /** The pid the fake reports. Default: 10000 + the process's index. */
  pid?: number;
}
