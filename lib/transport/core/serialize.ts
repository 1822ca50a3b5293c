/**
 * One outgoing message as the text of one line, by the rules every connection shares: JSON by
 * default (which never leaves a raw newline), or the caller's serializer, whose result must be a
 * string without a newline (a newline would split the frame). Browser-safe.
 */

/**
 * Serializes `message`.
 *
 * @param message The message.
 * @param serializer The caller's serializer; `undefined` for JSON.
 * @returns The text, or an error saying why the message cannot be sent.
 */
export function serialize<Out>(message: Out, serializer?: (value: Out) => string): string | Error {
  let text: unknown;
  try {
    text = serializer === undefined ? JSON.stringify(message) : serializer(message);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (typeof text !== 'string') {
    return new TypeError(`the serializer returned ${typeof text}, not a string`);
  }
  if (serializer !== undefined && text.includes('\n')) {
    return new TypeError('the serializer returned a string with a newline, which would split the frame');
  }
  return text;
}
