import type { StdioSignal } from '../process/StdioChildProcess.js';

/**
 * The server exited on its own (we had not closed its stdin) with a non-zero code or because of a
 * signal. Every frame it wrote before exiting has been delivered before this error.
 *
 * @example
 * ```ts
 * server$.subscribe({
 *   error: (e) => {
 *     if (e instanceof StdioServerExitError) console.error(e.code, e.signal, e.stderrTail.join('\n'));
 *   },
 * });
 * ```
 */
export class StdioServerExitError extends Error {
  /** Always `'StdioServerExitError'`, so the error can be told apart after serialization. */
  override readonly name = 'StdioServerExitError';

  /**
   * @param code The exit code, or `null` when a signal ended the process.
   * @param signal The signal that ended the process, or `null`.
   * @param stderrTail The last lines of the server's stderr when stderr was captured (the
   * `stderr` param is an observer), oldest first; empty otherwise.
   */
  constructor(
    readonly code: number | null,
    readonly signal: StdioSignal | null,
    readonly stderrTail: readonly string[] = [],
  ) {
    super(describeExit(code, signal, stderrTail));
  }
}

function describeExit(code: number | null, signal: StdioSignal | null, tail: readonly string[]): string {
  const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
  const last = tail.length > 0 ? `; last stderr: ${tail[tail.length - 1] ?? ''}` : '';
  return `MCP server ${how}${last}`;
}
