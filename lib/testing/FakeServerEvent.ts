import type { StdioSignal } from '../transport/process/StdioChildProcess.js';

/**
 * One thing that happened to a fake server process, as `fakeServer().events` reports it: a test
 * asserts the lifecycle by comparing these (with their virtual times) to what it expects.
 */
export type FakeServerEvent =
  | {
      /** The process started. */
      type: 'spawn';
      /** Its pid. */
      pid: number;
    }
  | {
      /** The process could not be started. */
      type: 'spawn-error';
      /** The error code, such as `'ENOENT'`. */
      code: string;
    }
  | {
      /** The process read one message from its stdin. */
      type: 'received';
      /** Its pid. */
      pid: number;
      /** The message, parsed. */
      message: unknown;
    }
  | {
      /** The transport closed the process's stdin. */
      type: 'stdin-closed';
      /** Its pid. */
      pid: number;
    }
  | {
      /** The transport sent the process a signal. */
      type: 'signal';
      /** Its pid. */
      pid: number;
      /** The signal. */
      signal: StdioSignal;
    }
  | {
      /** The process ended. */
      type: 'exit';
      /** Its pid. */
      pid: number;
      /** The exit code, or `null` when a signal ended it. */
      code: number | null;
      /** The signal that ended it, or `null`. */
      signal: StdioSignal | null;
    };
