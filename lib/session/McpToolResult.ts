import type { CallToolResult } from './McpTypes.js';

/**
 * The result of a tool call whose structured output the caller typed: `structuredContent` is
 * `T`. The session checks it against the tool's `outputSchema` before emitting it, so the type
 * holds whenever the schema says what `T` says.
 *
 * @example
 * ```ts
 * session.callTool<{ temperature: number }>('get-weather', { city: 'Oslo' }).pipe(
 *   filter((e) => e.type === 'result'),
 *   map((e) => e.result.structuredContent?.temperature),
 * );
 * ```
 *
 * @typeParam T The type of `structuredContent`.
 */
export type McpToolResult<T extends object = Record<string, unknown>> = CallToolResult & {
  /** The tool's structured output, checked against its `outputSchema`. */
  structuredContent?: T;
};
