/**
 * Whether a value is a plain JSON object (not `null`, not an array).
 *
 * @param value Anything received.
 * @returns `true` for an object.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
