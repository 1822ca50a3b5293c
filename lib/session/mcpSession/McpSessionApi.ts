import type { Observable } from 'rxjs';
import type { McpNotification } from '../McpNotification.js';
import type { McpRequestEvent } from '../McpRequestEvent.js';
import type { McpRequestOptions } from '../McpRequestOptions.js';
import type { McpServerRequestError } from '../McpServerRequestError.js';
import type { McpToolResult } from '../McpToolResult.js';
import type { McpTaskEvent } from '../tasks/McpTaskEvent.js';
import type { McpTaskOptions } from '../tasks/McpTaskOptions.js';
import type { McpTask } from '../tasks/taskSchemas.js';
import type {
  CallToolResult,
  CompleteRequestParams,
  CompleteResult,
  GetPromptResult,
  Implementation,
  LoggingLevel,
  LoggingMessage,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Result,
  ServerCapabilities,
  Tool,
} from '../McpTypes.js';

// The shape of a ready session, apart from mcpSession() (which makes it) and createSession()
// (which builds it), so neither imports the other. New capabilities (tasks, structured output)
// add members here and their implementation in createSession().

/**
 * A ready MCP session, as `mcpSession()` emits it once the handshake is done. Every request is
 * a cold Observable: it is sent on subscribe (with a fresh id), emits its result and completes;
 * unsubscribing before the answer sends `notifications/cancelled`, so `switchMap` cancels work
 * on the server. A JSON-RPC error is an `McpError`, a timeout an `McpTimeoutError`, a result
 * that breaks the schema an `McpProtocolError`, a request after the end `McpSessionClosedError`,
 * and params JSON cannot carry (a `BigInt`, a cycle, a throwing `toJSON`) the serializer's own
 * error, with nothing sent. Each failure is that request's only: the session goes on.
 *
 * The members are plain functions and Observables: `const { callTool } = session` works.
 *
 * @example
 * ```ts
 * mcpSession(fromStdioServer({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] }))
 *   .pipe(switchMap((session) => session.callTool('echo', { message: 'hi' })))
 *   .subscribe((event) => console.log(event));
 * ```
 */
export interface McpSession {
  /** The server's name and version (from `initialize`). */
  readonly serverInfo: Implementation;
  /** What the server can do (from `initialize`). */
  readonly serverCapabilities: ServerCapabilities;
  /** The protocol version the server chose. */
  readonly protocolVersion: string;
  /** The server's instructions for the model, if it gave any. */
  readonly instructions: string | undefined;

  /**
   * Any request. The result is validated with `options.schema`, else with the MCP schema of
   * the method when it is one the session knows, else as any object.
   *
   * @example
   * ```ts
   * session.request('tools/list', { cursor }).subscribe((page) => console.log(page));
   * ```
   *
   * @param method The method.
   * @param params The params, if any.
   * @param options Schema and timeouts.
   * @returns The result.
   */
  readonly request: <T = Result>(
    method: string,
    params?: object,
    options?: McpRequestOptions<T>,
  ) => Observable<T>;
  /**
   * A request with progress: sends a `progressToken` and emits each progress notification for
   * it, then the result. Progress restarts the timeout (unless `resetTimeoutOnProgress: false`).
   *
   * @example
   * ```ts
   * session.requestWithProgress('tools/call', { name: 'build' }).pipe(filter((e) => e.type === 'progress'));
   * ```
   *
   * @param method The method.
   * @param params The params, if any.
   * @param options Schema and timeouts.
   * @returns Progress events, then one result event.
   */
  readonly requestWithProgress: <T = Result>(
    method: string,
    params?: object,
    options?: McpRequestOptions<T>,
  ) => Observable<McpRequestEvent<T>>;
  /**
   * Sends a notification to the server.
   *
   * @param method The method, e.g. `'notifications/roots/list_changed'`.
   * @param params The params, if any.
   * @throws The serializer's error when `params` cannot be serialized (nothing is sent).
   */
  readonly notify: (method: string, params?: Record<string, unknown>) => void;

  /**
   * Calls a tool: emits `{ type: 'progress', progress, total?, message? }` for each progress
   * notification, then `{ type: 'result', result }`. A result with `isError: true` is a result
   * (the tool failed), not an error of the Observable.
   *
   * @example
   * ```ts
   * session.callTool('get-sum', { a: 1, b: 2 }).pipe(filter((e) => e.type === 'result'), map((e) => e.result.content));
   * ```
   *
   * A tool with an `outputSchema` must return `structuredContent` that matches it (checked
   * against the schema in the live tool list, fetched on the first call that needs it); when it
   * does not, or returns none without `isError`, the call fails with `McpProtocolError` naming
   * the tool and the first violations. Give `T` to type `structuredContent`.
   *
   * @typeParam T The type of `structuredContent`.
   * @param name The tool's name.
   * @param args The tool's arguments.
   * @param options Timeouts.
   * @returns Progress events, then one result event.
   */
  readonly callTool: <T extends object = Record<string, unknown>>(
    name: string,
    args?: Record<string, unknown>,
    options?: McpRequestOptions<CallToolResult>,
  ) => Observable<McpRequestEvent<McpToolResult<T>>>;
  /**
   * Calls a tool as a task (protocol 2025-11-25): emits `{ type: 'task', task }` when the task
   * is created (with the server's `modelImmediateResponse`, if any) and each time its status or
   * status message changes (polled with `tasks/get` at the server's `pollInterval`, never under
   * `MIN_TASK_POLL_INTERVAL`, and from `notifications/tasks/status`; never backwards: a later
   * `lastUpdatedAt` wins), progress events where the server sends them, then
   * `{ type: 'result', result }` (checked against the tool's `outputSchema` like `callTool`). A
   * `failed` task errors with `McpTaskError` carrying the server's message; so does a task
   * `cancelled` elsewhere or past its `ttl`. Unsubscribing before the end sends `tasks/cancel`,
   * even before the task exists (once its id arrives), and so does giving up at the ttl or on a
   * protocol error, where the server declares `tasks.cancel`. While the task is
   * `input_required`, the server's requests reach the session's `elicitation` and `sampling`
   * handlers.
   *
   * Refuses with `McpTaskError` (reason `unsupported`, nothing sent) when the server does not
   * declare `tasks.requests.tools.call` or the tool's `execution.taskSupport` is not `optional`
   * or `required`; `catchError(() => session.callTool(...))` is the fallback when wanted.
   *
   * @example
   * ```ts
   * session.callToolTask('simulate-research-query', { topic: 'rxjs' }).subscribe((e) => console.log(e.type));
   * ```
   *
   * @typeParam T The type of `structuredContent`.
   * @param name The tool's name.
   * @param args The tool's arguments.
   * @param options Requested ttl, fallback poll interval, request timeout.
   * @returns Task events, progress events, then one result event.
   */
  readonly callToolTask: <T extends object = Record<string, unknown>>(
    name: string,
    args?: Record<string, unknown>,
    options?: McpTaskOptions,
  ) => Observable<McpTaskEvent<McpToolResult<T>>>;
  /**
   * Asks the server to cancel a task (`tasks/cancel`); emits the task as the server answers.
   *
   * @param taskId The task.
   * @returns The cancelled task.
   */
  readonly cancelTask: (taskId: string) => Observable<McpTask>;
  /**
   * The server's tasks (`tasks/list`, every page), read again after each change this session
   * learns of (status notifications, statuses its own task calls see); the latest list is
   * replayed to late subscribers. `[]` when the server does not declare `tasks.list`.
   */
  readonly tasks$: Observable<McpTask[]>;
  /**
   * Reads a resource once.
   *
   * @param uri The resource's URI.
   * @param options Timeouts.
   * @returns The contents.
   */
  readonly readResource: (
    uri: string,
    options?: McpRequestOptions<ReadResourceResult>,
  ) => Observable<ReadResourceResult>;
  /**
   * Watches a resource: sends `resources/subscribe`, emits the contents, reads again on each
   * `notifications/resources/updated` for the URI, and sends `resources/unsubscribe` when the
   * last watcher of the URI unsubscribes. Watchers of one URI share one subscription on the
   * server, and a late watcher gets the latest contents at once.
   *
   * @example
   * ```ts
   * session.watchResource('file:///project/config.json').subscribe(({ contents }) => render(contents));
   * ```
   *
   * @param uri The resource's URI.
   * @returns The contents, each time they change.
   */
  readonly watchResource: (uri: string) => Observable<ReadResourceResult>;
  /**
   * Gets a prompt, filled with its arguments.
   *
   * @param name The prompt's name.
   * @param args Its arguments (strings).
   * @param options Timeouts.
   * @returns The prompt's messages.
   */
  readonly getPrompt: (
    name: string,
    args?: Record<string, string>,
    options?: McpRequestOptions<GetPromptResult>,
  ) => Observable<GetPromptResult>;
  /**
   * Asks for completions of a prompt's or a resource template's argument.
   *
   * @example
   * ```ts
   * session.complete({ ref: { type: 'ref/prompt', name: 'args-prompt' }, argument: { name: 'city', value: 'Par' } });
   * ```
   *
   * @param params The reference, the argument and its partial value, the context.
   * @param options Timeouts.
   * @returns The suggested values.
   */
  readonly complete: (
    params: CompleteRequestParams,
    options?: McpRequestOptions<CompleteResult>,
  ) => Observable<CompleteResult>;
  /**
   * Pings the server; emits once (`undefined`) when it answers.
   *
   * @param options Timeouts.
   * @returns One `undefined`.
   */
  readonly ping: (options?: McpRequestOptions<Result>) => Observable<void>;
  /**
   * Sets the lowest level of the log messages the server sends (`logs$`); emits once when done.
   *
   * @param level The level, e.g. `'warning'`.
   * @param options Timeouts.
   * @returns One `undefined`.
   */
  readonly setLoggingLevel: (level: LoggingLevel, options?: McpRequestOptions<Result>) => Observable<void>;

  /**
   * The server's tools, every page, fetched again when the server sends
   * `notifications/tools/list_changed`; the latest list is replayed to late subscribers. `[]`
   * when the server does not declare the `tools` capability.
   */
  readonly tools$: Observable<Tool[]>;
  /** The server's prompts, live like `tools$` (`notifications/prompts/list_changed`). */
  readonly prompts$: Observable<Prompt[]>;
  /** The server's resources, live like `tools$` (`notifications/resources/list_changed`). */
  readonly resources$: Observable<Resource[]>;
  /** The server's resource templates, live like `resources$` (same notification). */
  readonly resourceTemplates$: Observable<ResourceTemplate[]>;
  /** The server's log messages (`notifications/message`), from now on. */
  readonly logs$: Observable<LoggingMessage>;
  /** Every notification from the server, from now on; completes when the session ends. */
  readonly notifications$: Observable<McpNotification>;
  /**
   * The server's requests this session answered with an error, from now on: an unknown method,
   * invalid params, a handler that failed, accepted elicitation content that does not match its
   * schema. Each failed that request alone; completes when the session ends.
   */
  readonly serverRequestErrors$: Observable<McpServerRequestError>;
}
