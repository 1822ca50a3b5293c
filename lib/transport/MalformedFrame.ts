/**
 * A line from the server's stdout that was skipped, as reported to `params.malformedObserver`.
 * The stream goes on: the next good frame still arrives.
 */
export interface MalformedFrame {
  /** The start of the line as text (invalid bytes shown as U+FFFD), cut to at most 256 characters. */
  line: string;
  /** Why it was skipped: not JSON, not an object, invalid in the encoding, or too long. */
  reason: string;
  /** The length of the whole line in bytes, without its line ending. */
  length: number;
}
