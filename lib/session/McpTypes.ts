import type {
  ClientCapabilitiesSchema,
  CompleteRequestParamsSchema,
  CreateMessageResultSchema,
  ElicitResultSchema,
  RootSchema,
} from './schemas/answerSchemas.js';
import type {
  CallToolResultSchema,
  CompleteResultSchema,
  CreateMessageRequestParamsSchema,
  ElicitRequestParamsSchema,
  GetPromptResultSchema,
  ImplementationSchema,
  InitializeResultSchema,
  LoggingLevelSchema,
  LoggingMessageNotificationParamsSchema,
  PromptSchema,
  ReadResourceResultSchema,
  ResourceSchema,
  ResourceTemplateSchema,
  ResultSchema,
  ServerCapabilitiesSchema,
  ToolSchema,
} from './schemas/mcpSchemas.js';
import type { McpSchemaOutput } from './schemas/McpSchema.js';

// The MCP types the session speaks, derived from the schemas it validates with (./schemas, which
// mirror `@modelcontextprotocol/core`'s), so they always match what the session validates.

/** Any result: an object, possibly with `_meta`. */
export type Result = McpSchemaOutput<typeof ResultSchema>;
/** The name, version (and optional title, icons…) of a client or a server. */
export type Implementation = McpSchemaOutput<typeof ImplementationSchema>;
/** What a client can do, as declared in `initialize`. */
export type ClientCapabilities = McpSchemaOutput<typeof ClientCapabilitiesSchema>;
/** What a server can do, as answered to `initialize`. */
export type ServerCapabilities = McpSchemaOutput<typeof ServerCapabilitiesSchema>;
/** The server's answer to `initialize`. */
export type InitializeResult = McpSchemaOutput<typeof InitializeResultSchema>;
/** A tool, as listed by `tools/list`. */
export type Tool = McpSchemaOutput<typeof ToolSchema>;
/** The result of `tools/call`; `isError: true` marks a tool-level failure. */
export type CallToolResult = McpSchemaOutput<typeof CallToolResultSchema>;
/** A prompt, as listed by `prompts/list`. */
export type Prompt = McpSchemaOutput<typeof PromptSchema>;
/** The result of `prompts/get`. */
export type GetPromptResult = McpSchemaOutput<typeof GetPromptResultSchema>;
/** A resource, as listed by `resources/list`. */
export type Resource = McpSchemaOutput<typeof ResourceSchema>;
/** A resource template, as listed by `resources/templates/list`. */
export type ResourceTemplate = McpSchemaOutput<typeof ResourceTemplateSchema>;
/** The result of `resources/read`: the `contents` of the resource. */
export type ReadResourceResult = McpSchemaOutput<typeof ReadResourceResultSchema>;
/** The params of `completion/complete`: a reference, the argument being completed, context. */
export type CompleteRequestParams = McpSchemaOutput<typeof CompleteRequestParamsSchema>;
/** The result of `completion/complete`. */
export type CompleteResult = McpSchemaOutput<typeof CompleteResultSchema>;
/** A log level: `'debug'` … `'emergency'`. */
export type LoggingLevel = McpSchemaOutput<typeof LoggingLevelSchema>;
/** A log message from the server (the params of `notifications/message`). */
export type LoggingMessage = McpSchemaOutput<typeof LoggingMessageNotificationParamsSchema>;
/** A root: a `file://` URI (and optional name) the server may work in. */
export type Root = McpSchemaOutput<typeof RootSchema>;
/** The params of the server's `sampling/createMessage` request. */
export type CreateMessageRequestParams = McpSchemaOutput<typeof CreateMessageRequestParamsSchema>;
/** The answer to `sampling/createMessage`. */
export type CreateMessageResult = McpSchemaOutput<typeof CreateMessageResultSchema>;
/** The params of the server's `elicitation/create` request. */
export type ElicitRequestParams = McpSchemaOutput<typeof ElicitRequestParamsSchema>;
/** The answer to `elicitation/create`. */
export type ElicitResult = McpSchemaOutput<typeof ElicitResultSchema>;
