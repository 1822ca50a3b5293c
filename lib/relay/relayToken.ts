/**
 * The relay's secret: 256 random bits per run, sent by the page as `?token=`. Compared through
 * SHA-256 digests of equal length with `timingSafeEqual`, so the time taken says nothing about
 * where a guess differs, nor about the token's length.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in a token: 32 (256 bits). */
export const RELAY_TOKEN_BYTES = 32;

/**
 * A fresh token: 256 bits from `crypto.randomBytes`, base64url (43 characters, URL-safe).
 *
 * @returns The token.
 */
export function createRelayToken(): string {
  return randomBytes(RELAY_TOKEN_BYTES).toString('base64url');
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `given` is `expected`, in time that depends on neither where they differ nor their lengths.
 *
 * @param given What the client sent.
 * @param expected The token.
 * @returns `true` when they are the same string.
 */
export function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
