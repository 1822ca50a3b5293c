/**
 * The MCP schemas the session validates with (protocol 2024-11-05 … 2025-11-25), named as in
 * `@modelcontextprotocol/core`, whose zod schemas they replace at run time: the same values pass,
 * and the parsed value is the same (spec/session/schemas/differential.property.spec.ts checks both
 * against core, on generated valid and broken values). Only what the session reads or answers is
 * here; the types of McpTypes.ts are derived from these, so they always match what is validated.
 */
import {
  array,
  boolean,
  integer,
  lazy,
  map,
  number,
  object,
  oneOf,
  optional,
  optionalOrDropped,
  record,
  refine,
  string,
  union,
  unknown,
  withDefault,
  type Validator,
} from './validators.js';

/** A JSON value (what a tool's schema properties and capabilities hold). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const nullValue: Validator<null> = refine(
  unknown,
  (value) => value === null,
  'Invalid input: expected null',
) as Validator<null>;

/** Any JSON value. */
export const JSONValueSchema: Validator<JsonValue> = lazy(() =>
  union(string, number, boolean, nullValue, record(JSONValueSchema), array(JSONValueSchema)),
);
/** A JSON object. */
export const JSONObjectSchema = record(JSONValueSchema);
const metaRecord = optional(record(unknown));
const looseMeta = optional(object({}, 'keep'));

/** A string that is one exact value. */
function literal<const T extends string>(value: T): Validator<T> {
  return refine(string, (s) => s === value, `Invalid input: expected "${value}"`) as Validator<T>;
}

/** A number between 0 and 1 inclusive (priorities). */
const unitInterval = refine(number, (n) => n >= 0 && n <= 1, 'Invalid input: expected a number in [0, 1]');

/** Base64 as the platform's `atob` accepts it (the check core makes, so large values stay cheap). */
const base64 = refine(
  string,
  (value) => {
    try {
      atob(value);
      return true;
    } catch {
      return false;
    }
  },
  'Invalid Base64 string',
);

const DATE_TIME =
  /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** An RFC 3339 date-time with seconds and a `Z` or numeric offset, on a day the calendar has. */
const dateTime = refine(
  string,
  (value) => {
    const parts = DATE_TIME.exec(value);
    if (parts === null) return false;
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    if (month < 1 || month > 12 || day < 1) return false;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
  },
  'Invalid ISO datetime',
);

/**
 * A URL the platform's URL parser accepts, trimmed and without tabs or line breaks (what the
 * parser itself ignores, so the value is the URL it parsed).
 */
const url = map(
  refine(string, (value) => URL.canParse(value.trim()), 'Invalid URL'),
  (value) => value.trim().replace(/[\t\n\r]/g, ''),
);

const requestId = union(string, integer);

// --- _meta --------------------------------------------------------------------------------------

/** The `io.modelcontextprotocol/related-task` metadata. */
const relatedTask = object({ taskId: string });
const requestMeta = object(
  { progressToken: optional(requestId), 'io.modelcontextprotocol/related-task': optional(relatedTask) },
  'keep',
);
const notificationParams = { _meta: optional(requestMeta) };

// --- Metadata, capabilities, initialize ---------------------------------------------------------

const icon = object({
  src: string,
  mimeType: optional(string),
  sizes: optional(array(string)),
  theme: optional(oneOf('light', 'dark')),
});
const icons = { icons: optional(array(icon)) };

export const ImplementationSchema = object({
  name: string,
  title: optional(string),
  ...icons,
  version: string,
  websiteUrl: optional(string),
  description: optional(string),
});

export const ResultMetaSchema = object(
  { 'io.modelcontextprotocol/serverInfo': optionalOrDropped(ImplementationSchema) },
  'keep',
);
const result = { _meta: optional(ResultMetaSchema) };

export const ResultSchema = object(result, 'keep');

const listChanged = optional(object({ listChanged: optional(boolean) }));
const serverTasks = object(
  {
    list: optional(JSONObjectSchema),
    cancel: optional(JSONObjectSchema),
    requests: optional(
      object({ tools: optional(object({ call: optional(JSONObjectSchema) }, 'keep')) }, 'keep'),
    ),
  },
  'keep',
);

export const ServerCapabilitiesSchema = object({
  experimental: optional(record(JSONObjectSchema)),
  logging: optional(JSONObjectSchema),
  completions: optional(JSONObjectSchema),
  prompts: listChanged,
  resources: optional(object({ subscribe: optional(boolean), listChanged: optional(boolean) })),
  tools: listChanged,
  tasks: optional(serverTasks),
  extensions: optional(record(JSONObjectSchema)),
});

export const InitializeResultSchema = object(
  {
    ...result,
    protocolVersion: string,
    capabilities: ServerCapabilitiesSchema,
    serverInfo: ImplementationSchema,
    instructions: optional(string),
  },
  'keep',
);

// --- Content ------------------------------------------------------------------------------------

const annotations = optional(
  object({
    audience: optional(array(oneOf('user', 'assistant'))),
    priority: optional(unitInterval),
    lastModified: optional(dateTime),
  }),
);

const resourceContents = { uri: string, mimeType: optional(string), _meta: metaRecord };
const textResourceContents = object({ ...resourceContents, text: string });
const blobResourceContents = object({ ...resourceContents, blob: base64 });
const anyResourceContents = union(textResourceContents, blobResourceContents);

const resourceFields = {
  name: string,
  title: optional(string),
  ...icons,
  uri: string,
  description: optional(string),
  mimeType: optional(string),
  size: optional(number),
  annotations,
  _meta: looseMeta,
};

export const ResourceSchema = object(resourceFields);

export const TextContentSchema = object({
  type: literal('text'),
  text: string,
  annotations,
  _meta: metaRecord,
});
const mediaContent = <T extends string>(type: T) =>
  object({ type: literal(type), data: base64, mimeType: string, annotations, _meta: metaRecord });
export const ImageContentSchema = mediaContent('image');
export const AudioContentSchema = mediaContent('audio');
const contentBlock = union(
  TextContentSchema,
  ImageContentSchema,
  AudioContentSchema,
  object({ ...resourceFields, type: literal('resource_link') }),
  object({ type: literal('resource'), resource: anyResourceContents, annotations, _meta: metaRecord }),
);

// --- Tools --------------------------------------------------------------------------------------

export const ToolSchema = object({
  name: string,
  title: optional(string),
  ...icons,
  description: optional(string),
  inputSchema: object(
    {
      type: literal('object'),
      properties: optional(record(JSONValueSchema)),
      required: optional(array(string)),
    },
    'keep',
  ),
  outputSchema: optional(object({ $schema: optional(string) }, 'keep')),
  annotations: optional(
    object({
      title: optional(string),
      readOnlyHint: optional(boolean),
      destructiveHint: optional(boolean),
      idempotentHint: optional(boolean),
      openWorldHint: optional(boolean),
    }),
  ),
  execution: optional(object({ taskSupport: optional(oneOf('required', 'optional', 'forbidden')) })),
  _meta: metaRecord,
});

const paginated = { ...result, nextCursor: optional(string) };

export const ListToolsResultSchema = object({ ...paginated, tools: array(ToolSchema) }, 'keep');

export const CallToolResultSchema = object(
  {
    ...result,
    content: withDefault(array(contentBlock), () => []),
    structuredContent: optional(unknown),
    isError: optional(boolean),
  },
  'keep',
);

// --- Prompts, resources, completion -------------------------------------------------------------

export const PromptSchema = object({
  name: string,
  title: optional(string),
  ...icons,
  description: optional(string),
  arguments: optional(
    array(object({ name: string, description: optional(string), required: optional(boolean) })),
  ),
  _meta: looseMeta,
});

export const ListPromptsResultSchema = object({ ...paginated, prompts: array(PromptSchema) }, 'keep');

export const GetPromptResultSchema = object(
  {
    ...result,
    description: optional(string),
    messages: array(object({ role: oneOf('user', 'assistant'), content: contentBlock })),
  },
  'keep',
);

export const ListResourcesResultSchema = object({ ...paginated, resources: array(ResourceSchema) }, 'keep');

export const ResourceTemplateSchema = object({
  name: string,
  title: optional(string),
  ...icons,
  uriTemplate: string,
  description: optional(string),
  mimeType: optional(string),
  annotations,
  _meta: looseMeta,
});

export const ListResourceTemplatesResultSchema = object(
  { ...paginated, resourceTemplates: array(ResourceTemplateSchema) },
  'keep',
);

export const ReadResourceResultSchema = object({ ...result, contents: array(anyResourceContents) }, 'keep');

export const CompleteResultSchema = object(
  {
    ...result,
    completion: object(
      { values: array(string, 100), total: optional(integer), hasMore: optional(boolean) },
      'keep',
    ),
  },
  'keep',
);

// --- Notifications ------------------------------------------------------------------------------

export const ProgressNotificationParamsSchema = object({
  ...notificationParams,
  progress: number,
  total: optional(number),
  message: optional(string),
  progressToken: requestId,
});

export const CancelledNotificationParamsSchema = object({
  ...notificationParams,
  requestId: optional(requestId),
  reason: optional(string),
});

export const LoggingLevelSchema = oneOf(
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
);

export const LoggingMessageNotificationParamsSchema = object({
  ...notificationParams,
  level: LoggingLevelSchema,
  logger: optional(string),
  data: unknown,
});

// --- Requests from the server: sampling and elicitation -----------------------------------------

const taskAugmented = { _meta: optional(requestMeta), task: optional(object({ ttl: optional(number) })) };
const samplingBlock = union(
  TextContentSchema,
  ImageContentSchema,
  AudioContentSchema,
  object({ type: literal('tool_use'), name: string, id: string, input: record(unknown), _meta: metaRecord }),
  object({
    type: literal('tool_result'),
    toolUseId: string,
    content: array(contentBlock),
    structuredContent: optional(unknown),
    isError: optional(boolean),
    _meta: metaRecord,
  }),
);

export const CreateMessageRequestParamsSchema = object({
  ...taskAugmented,
  messages: array(
    object({
      role: oneOf('user', 'assistant'),
      content: union(samplingBlock, array(samplingBlock)),
      _meta: metaRecord,
    }),
  ),
  modelPreferences: optional(
    object({
      hints: optional(array(object({ name: optional(string) }))),
      costPriority: optional(unitInterval),
      speedPriority: optional(unitInterval),
      intelligencePriority: optional(unitInterval),
    }),
  ),
  systemPrompt: optional(string),
  includeContext: optional(oneOf('none', 'thisServer', 'allServers')),
  temperature: optional(number),
  maxTokens: integer,
  stopSequences: optional(array(string)),
  metadata: optional(JSONObjectSchema),
  tools: optional(array(ToolSchema)),
  toolChoice: optional(object({ mode: optional(oneOf('auto', 'required', 'none')) })),
});

const described = { title: optional(string), description: optional(string) };
const titledOptions = array(object({ const: string, title: string }));
const primitiveSchemaDefinition = union(
  // Legacy titled enum (enumNames), then the single-select enums.
  object({
    type: literal('string'),
    ...described,
    enum: array(string),
    enumNames: optional(array(string)),
    default: optional(string),
  }),
  object({ type: literal('string'), ...described, enum: array(string), default: optional(string) }),
  object({ type: literal('string'), ...described, oneOf: titledOptions, default: optional(string) }),
  // The multi-select enums.
  object({
    type: literal('array'),
    ...described,
    minItems: optional(number),
    maxItems: optional(number),
    items: object({ type: literal('string'), enum: array(string) }),
    default: optional(array(string)),
  }),
  object({
    type: literal('array'),
    ...described,
    minItems: optional(number),
    maxItems: optional(number),
    items: object({ anyOf: titledOptions }),
    default: optional(array(string)),
  }),
  object({ type: literal('boolean'), ...described, default: optional(boolean) }),
  object({
    type: literal('string'),
    ...described,
    minLength: optional(number),
    maxLength: optional(number),
    format: optional(oneOf('email', 'uri', 'date', 'date-time')),
    default: optional(string),
  }),
  object({
    type: oneOf('number', 'integer'),
    ...described,
    minimum: optional(number),
    maximum: optional(number),
    default: optional(number),
  }),
);

export const ElicitRequestParamsSchema = union(
  object({
    ...taskAugmented,
    mode: optional(literal('form')),
    message: string,
    requestedSchema: object(
      {
        type: literal('object'),
        properties: record(primitiveSchemaDefinition),
        required: optional(array(string)),
      },
      'keep',
    ),
  }),
  object({ ...taskAugmented, mode: literal('url'), message: string, elicitationId: string, url }),
);

// --- Tasks (2025-11-25) -------------------------------------------------------------------------

export const TaskStatusSchema = oneOf('working', 'input_required', 'completed', 'failed', 'cancelled');

const taskFields = {
  taskId: string,
  status: TaskStatusSchema,
  ttl: union(number, nullValue),
  createdAt: string,
  lastUpdatedAt: string,
  pollInterval: optional(number),
  statusMessage: optional(string),
};

export const TaskSchema = object(taskFields);
export const CreateTaskResultSchema = object({ ...result, task: TaskSchema }, 'keep');
/** `tasks/get` answers the task itself, as a result (core merges the two, keeping only known keys). */
export const GetTaskResultSchema = object({ ...result, ...taskFields });
export const CancelTaskResultSchema = GetTaskResultSchema;
export const ListTasksResultSchema = object({ ...paginated, tasks: array(TaskSchema) }, 'keep');
