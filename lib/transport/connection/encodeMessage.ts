/**
 * An outgoing message as the bytes of one line: serialized (JSON by default, or the caller's
 * serializer, checked for a newline that would split the frame) and encoded in the params' codec.
 */
import type { ResolvedStdioParams } from './resolveParams.js';

/**
 * Serializes and encodes one outgoing message as one line ending in `\n`.
 *
 * @returns The bytes, or an error saying why the message cannot be sent.
 */
export function encodeMessage<In, Out>(message: Out, config: ResolvedStdioParams<In, Out>): Buffer | Error {
  const { codec, serializer } = config;
  let text: unknown;
  try {
    text = serializer === undefined ? JSON.stringify(message) : serializer(message);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (typeof text !== 'string') {
    return new TypeError(`the serializer returned ${typeof text}, not a string`);
  }
  // JSON.stringify never leaves a raw newline; a custom serializer might.
  if (serializer !== undefined && text.includes('\n')) {
    return new TypeError('the serializer returned a string with a newline, which would split the frame');
  }
  if (serializer === undefined && codec.encoding !== 'utf-8' && codec.encoding !== 'utf8') {
    // JSON can say any character in ASCII: escaping keeps the message whole in a narrow encoding.
    text = escapeNonAscii(text);
  }
  return codec.encode(`${text as string}\n`);
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
