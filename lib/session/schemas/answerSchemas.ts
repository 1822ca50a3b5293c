/**
 * The schemas of what the client itself sends: its capabilities, its answers to the server's
 * requests, its roots and completion params. The session validates only one of these at run time:
 * `ElicitResultSchema`, an elicitation handler's answer, before defaults are filled in and it is
 * sent (elicitation.ts); the rest are imported for their types only (McpTypes.ts).
 * Named as in `@modelcontextprotocol/core`; spec/session/schemas checks that the types match.
 */
import {
  AudioContentSchema,
  ImageContentSchema,
  JSONObjectSchema,
  ResultMetaSchema,
  TextContentSchema,
  type JsonValue,
} from './mcpSchemas.js';
import {
  array,
  boolean,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  union,
  unknown,
  type ObjectOutput,
  type Shape,
  type Validator,
} from './validators.js';

const jsonObject = optional(JSONObjectSchema);
/**
 * An object whose other keys hold JSON values (core's intersection with a JSON object). Only its
 * type matters: this file is never run.
 */
const keepsJson = <S extends Shape>(shape: S) =>
  object(shape, 'keep') as unknown as Validator<ObjectOutput<S> & Record<string, JsonValue>>;

const keeps = <S extends Shape>(shape: S) => object(shape, 'keep');

export const ClientCapabilitiesSchema = object({
  experimental: optional(record(JSONObjectSchema)),
  sampling: optional(object({ context: jsonObject, tools: jsonObject })),
  elicitation: optional(
    keepsJson({ form: optional(keepsJson({ applyDefaults: optional(boolean) })), url: jsonObject }),
  ),
  roots: optional(object({ listChanged: optional(boolean) })),
  tasks: optional(
    keeps({
      list: jsonObject,
      cancel: jsonObject,
      requests: optional(
        keeps({
          sampling: optional(keeps({ createMessage: jsonObject })),
          elicitation: optional(keeps({ create: jsonObject })),
        }),
      ),
    }),
  ),
  extensions: optional(record(JSONObjectSchema)),
});

export const RootSchema = object({ uri: string, name: optional(string), _meta: optional(record(unknown)) });

export const CompleteRequestParamsSchema = object({
  _meta: optional(object({}, 'keep')),
  ref: union(
    object({ type: oneOf('ref/prompt'), name: string }),
    object({ type: oneOf('ref/resource'), uri: string }),
  ),
  argument: object({ name: string, value: string }),
  context: optional(object({ arguments: optional(record(string)) })),
});

const result = { _meta: optional(ResultMetaSchema) };

export const CreateMessageResultSchema = object(
  {
    ...result,
    model: string,
    stopReason: optional(string),
    role: oneOf('user', 'assistant'),
    content: union(TextContentSchema, ImageContentSchema, AudioContentSchema),
  },
  'keep',
);

export const ElicitResultSchema = object(
  {
    ...result,
    action: oneOf('accept', 'decline', 'cancel'),
    content: optional(record(union(string, number, boolean, array(string)))),
  },
  'keep',
);
