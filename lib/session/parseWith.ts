import { isRecord } from './jsonRpcErrors.js';
import type { McpSchema } from './schemas/McpSchema.js';

/**
 * Checks a value against a schema and says briefly what is wrong (zod's issues as
 * `path: message`, at most three).
 *
 * @param schema The schema.
 * @param value The value received.
 * @returns `{ ok: true, value }` or `{ ok: false, reason }`.
 */
export function parseWith<T>(
  schema: McpSchema<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; reason: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: describeIssues(parsed.error) };
}

function describeIssues(error: { message: string }): string {
  const issues: unknown = (error as { issues?: unknown }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return error.message;
  const described = issues.slice(0, 3).map((issue: unknown) => {
    if (!isRecord(issue)) return String(issue);
    const path =
      Array.isArray(issue.path) && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    return `${path}${typeof issue.message === 'string' ? issue.message : 'invalid'}`;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return described.join('; ') + more;
}
