/** Why a `fromMessagePort()` subject errored. */
export type MessagePortErrorReason =
  /** The port is closed: by the owner, by this side, or the other side went away. */
  | 'closed'
  /** The owner did not answer a `connect` or a `complete` within `timeout` ms. */
  | 'timeout'
  /** The owner's server failed (it crashed, could not start, ...): `remoteName` says what. */
  | 'remote';

/**
 * The page's side of a port lost its connection. A server's failure keeps its name and message
 * (`remoteName`, `message`): an Error object does not cross a port whole.
 *
 * @example
 * ```ts
 * session$.subscribe({ error: (e) => e instanceof MessagePortError && e.reason === 'closed' && askForANewPort() });
 * ```
 */
export class MessagePortError extends Error {
  /** Always `'MessagePortError'`, so the error can be told apart after serialization too. */
  override readonly name = 'MessagePortError';

  /**
   * @param reason Why.
   * @param message What happened, for people.
   * @param remoteName With `'remote'`: the name of the server's error, e.g. `'StdioServerExitError'`.
   */
  constructor(
    readonly reason: MessagePortErrorReason,
    message: string,
    readonly remoteName?: string,
  ) {
    super(message);
  }
}
