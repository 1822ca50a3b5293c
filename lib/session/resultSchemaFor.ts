import {
  CallToolResultSchema,
  CompleteResultSchema,
  GetPromptResultSchema,
  InitializeResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  ReadResourceResultSchema,
  ResultSchema,
} from './schemas/mcpSchemas.js';
import type { McpSchema } from './schemas/McpSchema.js';

const schemas: ReadonlyMap<string, McpSchema<unknown>> = new Map<string, McpSchema<unknown>>([
  ['initialize', InitializeResultSchema],
  ['tools/list', ListToolsResultSchema],
  ['tools/call', CallToolResultSchema],
  ['prompts/list', ListPromptsResultSchema],
  ['prompts/get', GetPromptResultSchema],
  ['resources/list', ListResourcesResultSchema],
  ['resources/templates/list', ListResourceTemplatesResultSchema],
  ['resources/read', ReadResourceResultSchema],
  ['completion/complete', CompleteResultSchema],
]);

/**
 * The schema a result of `method` must match: the MCP result schema for the client requests
 * that have one, else any object (`ping`, `logging/setLevel`, `resources/subscribe` and unknown
 * methods).
 *
 * @param method The method of the request.
 * @returns Its result schema.
 */
export function resultSchemaFor(method: string): McpSchema<unknown> {
  return schemas.get(method) ?? ResultSchema;
}
