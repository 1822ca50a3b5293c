// Structured output checked against the tool's `outputSchema`, as the protocol asks of clients.
// The validator is @cfworker/json-schema: it interprets schemas instead of compiling them to code
// (no `eval`/`new Function`, so it runs under a strict Content-Security-Policy and in workers),
// has no dependencies, ships ESM and CommonJS, and covers drafts 4 to 2020-12. Compiled validators
// are cached per schema object, so a tool list fetched once validates many calls cheaply.
import { Validator } from '@cfworker/json-schema';
import { isRecord } from './jsonRpcErrors.js';
import { McpProtocolError } from './McpProtocolError.js';
import type { CallToolResult, Tool } from './McpTypes.js';

/** How many violations the error message names. */
const VIOLATIONS_SHOWN = 3;

const validators = new WeakMap<object, Validator>();

function validatorFor(schema: object): Validator {
  let validator = validators.get(schema);
  if (validator === undefined) {
    const draft = draftOf(schema);
    // shortCircuit off: report every violation, the message shows the first few.
    validator = new Validator(schema, draft, false);
    validators.set(schema, validator);
  }
  return validator;
}

function draftOf(schema: object): '4' | '7' | '2019-09' | '2020-12' {
  const declared = (schema as { $schema?: unknown }).$schema;
  if (typeof declared !== 'string') return '2020-12';
  if (declared.includes('draft-04')) return '4';
  if (declared.includes('draft-07') || declared.includes('draft-06')) return '7';
  if (declared.includes('2019-09')) return '2019-09';
  return '2020-12';
}

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
  const outcome = validatorFor(schema).validate(content);
  if (outcome.valid) return null;
  // The leaf errors say what is wrong; the ones above them only say "does not match".
  const leaves = outcome.errors.filter(
    (error) =>
      !['properties', 'items', 'allOf', 'anyOf', '$ref', 'additionalProperties'].includes(error.keyword),
  );
  const shown = (leaves.length > 0 ? leaves : outcome.errors).slice(0, VIOLATIONS_SHOWN);
  const described = shown.map((error) => `${error.instanceLocation}: ${error.error}`).join('; ');
  return new McpProtocolError(
    'tools/call',
    `Tool "${tool.name}" returned structuredContent that does not match its outputSchema: ${described}`,
  );
}
