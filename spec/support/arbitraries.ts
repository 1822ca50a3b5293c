/** fast-check arbitraries the property specs share. */
import fc from 'fast-check';

/**
 * Strings of any code points, lone surrogates included: what `fc.string({ unit: 'binary' })`
 * generates, without its cost on first use (fast-check 4.10 spends about 5 s of CPU, once per
 * test file, preparing that unit).
 *
 * @param constraints Length bounds, in code points.
 */
export function anyCodePoints(
  constraints: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: 0x10ffff }), constraints)
    .map((codePoints) => String.fromCodePoint(...codePoints));
}
