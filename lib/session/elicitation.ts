// The session's side of `elicitation/create` (protocol 2025-11-25): which modes the declared
// capability accepts, and what an accepted form becomes before it is sent (defaults filled in,
// checked against the requested schema). The rules are the MCP TypeScript SDK's: form mode when
// `form` is declared or neither mode is, URL mode only when `url` is declared, defaults only when
// `form.applyDefaults` is declared `true`.
import { from, map, throwError, type Observable } from 'rxjs';
import { isRecord } from './jsonRpcErrors.js';
import { schemaViolations } from './jsonSchemaValidator.js';
import { McpError } from './McpError.js';
import { McpErrorCode } from './McpErrorCode.js';
import type { McpHandlerContext, McpRequestHandler } from './McpHandlerContext.js';
import type { ClientCapabilities, ElicitRequestParams, ElicitResult } from './McpTypes.js';
import { parseWith } from './parseWith.js';
import { ElicitResultSchema } from './schemas/answerSchemas.js';

/** What a declared `elicitation` capability lets the session do. */
export interface ElicitationModes {
  /** Answer form-mode requests (`mode` absent or `'form'`). */
  form: boolean;
  /** Answer URL-mode requests (`mode: 'url'`). */
  url: boolean;
  /** Fill the fields an accepted form left out with their schema `default`. */
  applyDefaults: boolean;
}

/**
 * The modes a declared `elicitation` capability turns on.
 *
 * @param capability `capabilities.elicitation` as sent in `initialize`.
 * @returns The modes.
 */
export function elicitationModes(capability: ClientCapabilities['elicitation']): ElicitationModes {
  if (capability === undefined) return { form: false, url: false, applyDefaults: false };
  return {
    form: capability.form !== undefined || capability.url === undefined,
    url: capability.url !== undefined,
    applyDefaults: capability.form?.applyDefaults === true,
  };
}

/** The form-mode params (mode absent or `'form'`). */
type FormParams = Extract<ElicitRequestParams, { requestedSchema: unknown }>;

/**
 * The session's elicitation handler around the app's: refuses a mode the capability does not
 * declare (`-32602`, before the app's handler runs), and turns an accepted form into the
 * answer: the result must be an `ElicitResult`, the omitted fields get their defaults (when
 * declared), and the content must match the requested schema. A result that fails is answered
 * with `-32603` (the server's request was fine; this client failed to answer it) and a message
 * that says what is wrong.
 *
 * @param handler The app's handler.
 * @param modes The declared modes.
 * @returns The handler the session runs.
 */
export function answerElicitation(
  handler: McpRequestHandler<ElicitRequestParams, ElicitResult>,
  modes: ElicitationModes,
): (params: ElicitRequestParams, context: McpHandlerContext) => Observable<ElicitResult> {
  return (params, context) => {
    const mode = params.mode ?? 'form';
    if (!modes[mode]) {
      return throwError(
        () =>
          new McpError(
            McpErrorCode.InvalidParams,
            `This client does not take ${mode === 'url' ? 'URL' : 'form'}-mode elicitation requests ` +
              `(it did not declare capabilities.elicitation.${mode})`,
          ),
      );
    }
    return from(handler(params, context)).pipe(
      map((result) => {
        const form = mode === 'form' && (result as Partial<ElicitResult> | null)?.action === 'accept';
        const answer = form ? withDefaults(params as FormParams, result, modes.applyDefaults) : result;
        const checked = parseWith(ElicitResultSchema, answer);
        if (!checked.ok) {
          throw new McpError(
            McpErrorCode.InternalError,
            `The elicitation handler's answer is not an ElicitResult: ${checked.reason}`,
          );
        }
        if (form) matchesRequestedSchema(params as FormParams, answer);
        return answer;
      }),
    );
  };
}

/**
 * An accepted form's answer with the fields left out (absent or `undefined`) set to their
 * default, when asked. A copy: the handler's result and the schema's defaults stay as they are.
 */
function withDefaults(params: FormParams, result: ElicitResult, applyDefaults: boolean): ElicitResult {
  // Content that is not an object is left for the ElicitResult check to name.
  if (result.content !== undefined && !isRecord(result.content)) return result;
  const content: Record<string, unknown> = {};
  // A handler's `undefined` (which JSON would drop) counts as left out.
  for (const [name, value] of Object.entries(result.content ?? {}) as [string, unknown][]) {
    if (value !== undefined) content[name] = value;
  }
  if (applyDefaults) {
    for (const [name, field] of Object.entries(params.requestedSchema.properties)) {
      if (content[name] === undefined && field.default !== undefined) {
        content[name] = Array.isArray(field.default) ? [...field.default] : field.default;
      }
    }
  }
  return { ...result, content: content as ElicitResult['content'] };
}

/** Throws the `-32603` error naming the violations when the content does not match the form. */
function matchesRequestedSchema(params: FormParams, answer: ElicitResult): void {
  const { properties, required } = params.requestedSchema;
  // The schema as the MCP schema parsed it (primitive fields only): nothing else of the server's
  // schema (a $ref, a pattern) reaches the validator.
  const schema = { type: 'object', properties, ...(required === undefined ? {} : { required }) };
  const violations = schemaViolations(schema, answer.content);
  if (violations !== null) {
    throw new McpError(
      McpErrorCode.InternalError,
      `The accepted elicitation content does not match the requested schema: ${violations}`,
    );
  }
}
