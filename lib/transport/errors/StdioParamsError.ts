/**
 * The params given to `fromStdioServer()` cannot describe a process: an empty command, a NUL
 * byte in the command, an argument, an environment variable or the working directory, a bad
 * timeout or encoding. It is delivered to the subscriber on subscribe; nothing is spawned.
 *
 * @example
 * ```ts
 * fromStdioServer({ command: '' }).subscribe({ error: (e) => console.log(e.name, e.message) });
 * // StdioParamsError params.command must be a non-empty string
 * ```
 */
export class StdioParamsError extends Error {
  /** Always `'StdioParamsError'`, so the error can be told apart after serialization. */
  override readonly name = 'StdioParamsError';

  /**
   * @param message What is wrong, naming the offending field.
   * @param field The path of the offending field, such as `'args[2]'` or `'env.PATH'`.
   */
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
