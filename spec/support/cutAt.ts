/**
 * Cuts `bytes` into chunks at the given offsets (any offsets, in any order, duplicates allowed;
 * each is taken modulo the length + 1), as a pipe might deliver them. For the framing properties.
 *
 * @param bytes The stream.
 * @param offsets Where to cut.
 * @returns The chunks, in order; together they are `bytes`.
 */
export function cutAt(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let previous = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(previous, point));
    previous = point;
  }
  return chunks;
}
