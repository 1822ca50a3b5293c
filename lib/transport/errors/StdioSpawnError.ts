/**
 * The server process could not be started: the command was not found (`ENOENT`), is not
 * executable (`EACCES`), the working directory does not exist, or the spawner threw.
 *
 * @example
 * ```ts
 * fromStdioServer({ command: 'no-such-server' }).subscribe({
 *   error: (e) => e instanceof StdioSpawnError && console.log(e.code, e.command), // ENOENT no-such-server
 * });
 * ```
 */
export class StdioSpawnError extends Error {
  /** Always `'StdioSpawnError'`, so the error can be told apart after serialization. */
  override readonly name = 'StdioSpawnError';

  /**
   * @param message A readable explanation.
   * @param code The system error code (`'ENOENT'`, `'EACCES'`, …) or `undefined` if none.
   * @param command The command that was to be run.
   * @param cause The original error.
   */
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly command: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
