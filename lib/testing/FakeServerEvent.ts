import type { StdioSignal } from '../process/StdioChildProcess.js';

/**
 * One thing that happened to a fake server process, as `fakeServer().events` reports it: a test
 * asserts the lifecycle by comparing these (with their virtual times) to what it expects.
 */
export type FakeServerEvent =
  | { type: 'spawn'; pid: number }
  | { type: 'spawn-error'; code: string }
  | { type: 'received'; pid: number; message: unknown }
  | { type: 'stdin-closed'; pid: number }
  | { type: 'signal'; pid: number; signal: StdioSignal }
  | { type: 'exit'; pid: number; code: number | null; signal: StdioSignal | null };
