/**
 * What the session needs of a schema: zod's `safeParse` shape. The session validates with small
 * schemas of its own (no zod in a browser bundle); every `*Schema` constant of
 * `@modelcontextprotocol/core` fits too, and so does any zod (or look-alike) schema of your own.
 *
 * @example
 * ```ts
 * import { CallToolResultSchema } from '@modelcontextprotocol/core';
 * session.request('tools/call', { name: 'echo', arguments: { message: 'hi' } }, { schema: CallToolResultSchema });
 * ```
 *
 * @typeParam T The type of a valid value.
 */
export interface McpSchema<T> {
  /**
   * Checks a value without throwing.
   *
   * @param data The value received.
   * @returns The typed value, or an error whose message says what is wrong.
   */
  safeParse(data: unknown): McpSchemaResult<T>;
}

/** The outcome of `McpSchema.safeParse`. */
export type McpSchemaResult<T> =
  | {
      /** The value is valid. */
      success: true;
      /** The value, typed. */
      data: T;
    }
  | {
      /** The value is not valid. */
      success: false;
      /** Why not. */
      error: {
        /** What is wrong, for a person to read. */
        message: string;
      };
    };

/** The type a schema produces: `McpSchemaOutput<typeof ToolSchema>` is a tool. */
export type McpSchemaOutput<S> = S extends McpSchema<infer T> ? T : never;
