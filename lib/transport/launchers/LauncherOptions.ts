/**
 * What every launcher takes besides its target: the server's own arguments, and any other
 * `fromStdioServer()` param (env, cwd, stderr, observers, …), passed through untouched. One
 * shape for all launchers, so switching from `npxServer()` to `nodeServer()` changes one word.
 */
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioServerParams } from '../StdioServerParams.js';

/**
 * Options common to every launcher: every field of `StdioServerParams` except the ones the
 * launcher decides (`command`, `runtime`), with `args` meaning the server's own arguments.
 *
 * @typeParam In The type of messages received from the server.
 * @typeParam Out The type of messages sent to the server.
 */
export interface LauncherOptions<In = JsonRpcMessage, Out = JsonRpcMessage> extends Omit<
  StdioServerParams<In, Out>,
  'command' | 'args' | 'runtime'
> {
  /**
   * Arguments for the server itself, placed after the script or package (the launcher's own
   * arguments come first). Default `[]`.
   */
  args?: readonly string[];
}
