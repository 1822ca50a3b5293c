/**
 * An outgoing message as the bytes of one line: serialized by the rules every connection shares,
 * then encoded in the params' codec.
 */
import { serialize } from '../core/serialize.js';
import type { ResolvedStdioParams } from './resolveParams.js';

/**
 * Serializes and encodes one outgoing message as one line ending in `\n`.
 *
 * @returns The bytes, or an error saying why the message cannot be sent.
 */
export function encodeMessage<In, Out>(message: Out, config: ResolvedStdioParams<In, Out>): Buffer | Error {
  const { codec, serializer } = config;
  let text = serialize(message, serializer);
  if (text instanceof Error) return text;
  if (serializer === undefined && codec.encoding !== 'utf-8' && codec.encoding !== 'utf8') {
    // JSON can say any character in ASCII: escaping keeps the message whole in a narrow encoding.
    text = escapeNonAscii(text);
  }
  return codec.encode(`${text}\n`);
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
