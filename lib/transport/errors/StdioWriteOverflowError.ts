/**
 * The server stopped reading its stdin while the client kept sending: the bytes waiting to be
 * written passed `params.maxWriteQueueLength`. Rather than grow without bound, the transport
 * errors with this and shuts the server down. The message that did not fit is not written.
 */
export class StdioWriteOverflowError extends Error {
  /** Always `'StdioWriteOverflowError'`, so the error can be told apart after serialization. */
  override readonly name = 'StdioWriteOverflowError';

  /**
   * @param limit The configured limit, in bytes.
   * @param queued The bytes that would have been waiting with the rejected message.
   */
  constructor(
    readonly limit: number,
    readonly queued: number,
  ) {
    super(
      `write queue would hold ${queued} bytes, over maxWriteQueueLength (${limit}); is the server reading its stdin?`,
    );
  }
}
