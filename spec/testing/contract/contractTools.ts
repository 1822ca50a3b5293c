/**
 * The tools both servers of the session contract declare (the real one built on the MCP SDK, and
 * the fake MCP server), and what each does:
 *
 * - `echo { text }`: a text result with the text.
 * - `progress { steps }`: a progress notification `k / steps` for k = 1…steps (when the call has
 *   a progress token), then the text `done`.
 * - `hold`: a progress notification 0 (the call has started), then no answer; a cancellation of
 *   it is counted.
 * - `sample`: asks the client `sampling/createMessage`, then answers `model said: <its text>`.
 * - `stats`: `{"initialized":<notifications/initialized received>,"cancelled":<holds cancelled>}`.
 * - `whoami`: an id of the server process (a pid, or the fake's connection).
 * - `crash`: the process exits with code 1 (no answer).
 * - `exit`: the process exits with code 0 (no answer).
 */
export const CONTRACT_TOOLS = ['echo', 'progress', 'hold', 'sample', 'stats', 'whoami', 'crash', 'exit'].map(
  (name) => ({ name, inputSchema: { type: 'object' as const } }),
);

/** A text result, as both servers answer. */
export const textResult = (text: string) => ({ content: [{ type: 'text' as const, text }] });
