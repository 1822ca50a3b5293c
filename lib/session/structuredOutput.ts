// Structured output checked against the tool's `outputSchema`, as the protocol asks of clients.
import { isRecord } from './jsonRpcErrors.js';
import { schemaViolations } from './jsonSchemaValidator.js';
import { McpProtocolError } from './McpProtocolError.js';
import type { CallToolResult, Tool } from './McpTypes.js';

/**
 * Checks a tool's result against the tool's `outputSchema`: a result with `isError: true`, or of
 * a tool without an `outputSchema`, passes as it is; otherwise `structuredContent` must be there
 * and match.
 *
 * @param tool The tool as listed by the server (`undefined` when it is not in the list: no check).
 * @param result The result of `tools/call` (or of `tasks/result` for a tool task).
 * @returns `null` when it is fine, else the `McpProtocolError` naming the tool and the first violations.
 */
export function structuredOutputError(
  tool: Tool | undefined,
  result: CallToolResult,
): McpProtocolError | null {
  const schema = tool?.outputSchema;
  if (tool === undefined || schema === undefined || result.isError === true) return null;
  const content: unknown = result.structuredContent;
  if (!isRecord(content)) {
    return new McpProtocolError(
      'tools/call',
      `Tool "${tool.name}" has an outputSchema but returned no structuredContent`,
    );
  }
  const violations = schemaViolations(schema, content);
  if (violations === null) return null;
  return new McpProtocolError(
    'tools/call',
    `Tool "${tool.name}" returned structuredContent that does not match its outputSchema: ${violations}`,
  );
}
