/**
 * A request target, read without ever throwing: `new URL()` throws on `//`, `decodeURIComponent`
 * on `%` or `%E0%A4%A`, and either would end the process if it escaped a request handler. Here
 * every such target is a refusal with a status, and only origin-form targets (`/path?query`) are
 * accepted: absolute-form (`http://host/`), authority-form and `*` are refused.
 */
import { MAX_TARGET_LENGTH } from './relayLimits.js';

/** An HTTP refusal: the status sent back and why. */
export interface RelayRefusal {
  /** The HTTP status: 400, 401, 403, 404, 405, 408, 414, 417, 426, 431, 500 or 503. */
  status: number;
  /** A short reason, sent as the response body and reported once. */
  reason: string;
}

/** A target that was read. */
export interface RequestTarget {
  /** The path as sent (still percent-encoded). */
  rawPath: string;
  /** Its segments, percent-decoded (the empty first one left out: `/a/b` is `['a', 'b']`). */
  segments: readonly string[];
  /** The query. */
  query: URLSearchParams;
}

/** Characters never valid in a path as sent: controls, space, backslash (some clients read it as `/`). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0020\u007f\\]/;
/** Characters never valid in a decoded segment: controls and backslash (a separator on Windows). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_DECODED = /[\u0000-\u001f\u007f\\]/;

/**
 * Reads a request target (`request.url`).
 *
 * @param target The target as Node parsed it.
 * @returns The target, or the refusal to send.
 */
export function parseRequestTarget(target: string | undefined): RequestTarget | RelayRefusal {
  if (target === undefined || target === '') return { status: 400, reason: 'Missing request target' };
  if (target.length > MAX_TARGET_LENGTH) return { status: 414, reason: 'Request target too long' };
  if (!target.startsWith('/') || target.startsWith('//')) {
    return { status: 400, reason: 'Only a path is accepted as request target' };
  }
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  if (FORBIDDEN.test(rawPath)) return { status: 400, reason: 'Bad character in path' };
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { status: 400, reason: 'Bad percent-escape in path' };
    }
    if (segment === '.' || segment === '..' || segment.includes('/') || FORBIDDEN_DECODED.test(segment)) {
      return { status: 400, reason: 'Bad path segment' };
    }
    segments.push(segment);
  }
  // URLSearchParams never throws: a bad escape in the query stays as written.
  const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  return { rawPath, segments, query };
}

/**
 * Whether a result of `parseRequestTarget` is a refusal.
 *
 * @param value The result.
 * @returns `true` for a refusal.
 */
export function isRefusal(value: RequestTarget | RelayRefusal): value is RelayRefusal {
  return 'status' in value;
}
