import type { Observable } from 'rxjs';
import type {
  CallToolResult,
  GetPromptResult,
  Implementation,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from '../session/McpTypes.js';

// The declarations a fake MCP server is made of. Answers are values or Observables, so a test
// puts them in virtual time with `timer`, `delay` or `cold` and a promise works too.

/** An answer of the fake: a value (at once), an Observable (its first value), or a promise. */
export type FakeAnswer<T> = T | Observable<T> | PromiseLike<T>;

/** What a handler of the fake gets besides the params: the request, and ways to talk back. */
export interface FakeMcpRequestContext {
  /** The id of the client's request. */
  readonly requestId: string | number;
  /**
   * Aborted when the client cancels the request (`notifications/cancelled`) or the connection
   * ends; an Observable answer is unsubscribed then too.
   */
  readonly signal: AbortSignal;
  /**
   * Sends `notifications/progress` for this request (only when the client asked for progress,
   * i.e. sent `_meta.progressToken`).
   *
   * @param progress The progress so far.
   * @param total The total, if known.
   * @param message A message, if any.
   */
  progress(progress: number, total?: number, message?: string): void;
  /**
   * Sends a request to the client (e.g. `sampling/createMessage`, `elicitation/create`,
   * `roots/list`) on this connection; emits the client's result, or errors with its `McpError`
   * (or `McpSessionClosedError` when the connection ends first). Unsubscribing before the answer
   * sends `notifications/cancelled`.
   *
   * @param method The method.
   * @param params The params, if any.
   * @returns The client's answer.
   */
  request(method: string, params?: Record<string, unknown>): Observable<unknown>;
  /**
   * Sends a notification to the client on this connection.
   *
   * @param method The method.
   * @param params The params, if any.
   */
  notify(method: string, params?: Record<string, unknown>): void;
}

/** A tool of the fake: its listing, and how a call is answered. */
export interface FakeMcpTool extends Tool {
  /**
   * Answers `tools/call`. Throw (or error) an `McpError` for a JSON-RPC error; any other error
   * becomes `-32603`. Default: a text result naming the tool.
   */
  call?: (args: Record<string, unknown>, context: FakeMcpRequestContext) => FakeAnswer<CallToolResult>;
}

/** A prompt of the fake: its listing, and how `prompts/get` is answered. */
export interface FakeMcpPrompt extends Prompt {
  /** Answers `prompts/get`. Default: one user message naming the prompt and its arguments. */
  get?: (args: Record<string, string>, context: FakeMcpRequestContext) => FakeAnswer<GetPromptResult>;
}

/** A resource of the fake: its listing, and how `resources/read` is answered. */
export interface FakeMcpResource extends Resource {
  /** Answers `resources/read`. Default: `text` (or the empty string) as the resource's content. */
  read?: (context: FakeMcpRequestContext) => FakeAnswer<ReadResourceResult>;
  /** The text content read when there is no `read`. */
  text?: string;
}

/** Answers any request method (params as received). */
export type FakeMcpHandler = (
  params: Record<string, unknown>,
  context: FakeMcpRequestContext,
) => FakeAnswer<unknown>;

/** What a fake MCP server declares and how it answers. Every field is optional. */
export interface FakeMcpServerOptions {
  /** The name and version answered to `initialize`. Default `{ name: 'fake-mcp-server', version: '1.0.0' }`. */
  serverInfo?: Implementation;
  /** Instructions answered to `initialize`, if any. */
  instructions?: string;
  /**
   * The protocol version answered to `initialize`. Default: the version the client asked for.
   */
  protocolVersion?: string;
  /**
   * The capabilities answered to `initialize`. Default: `tools`, `prompts` and `resources` (with
   * `listChanged`, and `subscribe` for resources) for those declared, and `logging`.
   */
  capabilities?: ServerCapabilities;
  /** The tools (listed by `tools/list`, called by `tools/call`). */
  tools?: FakeMcpTool[];
  /** The prompts (listed by `prompts/list`, got by `prompts/get`). */
  prompts?: FakeMcpPrompt[];
  /** The resources (listed by `resources/list`, read by `resources/read`). */
  resources?: FakeMcpResource[];
  /** The resource templates (listed by `resources/templates/list`). */
  resourceTemplates?: ResourceTemplate[];
  /** Items per page of every list; a longer list is paginated with `nextCursor`. Default: all in one page. */
  pageSize?: number;
  /**
   * Answers by method, over the built-in ones (`initialize`, `ping`, the lists, `tools/call`,
   * `prompts/get`, `resources/read`, `resources/subscribe`/`unsubscribe`, `logging/setLevel`).
   * A method with no handler is answered with `-32601`.
   */
  handlers?: Record<string, FakeMcpHandler>;
}
