import type { Observable, SchedulerLike } from 'rxjs';
import type { McpRequestHandler } from './McpHandlerContext.js';
import type {
  ClientCapabilities,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  Implementation,
  Root,
} from './McpTypes.js';

/** The default `requestTimeout`, in milliseconds (the MCP TypeScript SDK's default too). */
export const DEFAULT_REQUEST_TIMEOUT = 60_000;

/** The default `clientInfo`: this library, by name and version. */
export const DEFAULT_CLIENT_INFO: Implementation = { name: 'rxjs-mcp-stdio', version: '0.1.0' };

/** The default `maxListPages`: far more than a real server's list, far less than a runaway one. */
export const DEFAULT_MAX_LIST_PAGES = 1000;

/**
 * How `mcpSession()` introduces itself and answers the server. Every field is optional.
 *
 * @example
 * ```ts
 * mcpSession(server$, {
 *   clientInfo: { name: 'my-app', version: '1.2.0' },
 *   requestTimeout: 30_000,
 *   roots: of([{ uri: pathToFileURL(process.cwd()).href, name: 'workspace' }]),
 *   sampling: (params) => askMyModel(params),
 * });
 * ```
 */
export interface McpSessionOptions {
  /** The client's name and version sent in `initialize`. Default `DEFAULT_CLIENT_INFO`. */
  clientInfo?: Implementation;
  /**
   * Extra client capabilities, merged (shallowly) over the ones the session derives from the
   * options given: `roots` (with `listChanged`) when `roots` is set, `sampling` when `sampling`
   * is set, `elicitation: { form: { applyDefaults: true } }` when `elicitation` is set. The
   * declared `elicitation` is what the session does, as in the MCP TypeScript SDK:
   * `{ form: {} }` keeps accepted forms as the handler gave them (no defaults filled in), and
   * `{ form: { applyDefaults: true }, url: {} }` takes URL-mode requests too.
   */
  capabilities?: ClientCapabilities;
  /**
   * The protocol version to ask for. Default `LATEST_PROTOCOL_VERSION`. The server may answer
   * with any version in `SUPPORTED_PROTOCOL_VERSIONS`; another one fails the handshake.
   */
  protocolVersion?: string;
  /**
   * Milliseconds to wait for the answer to a request (including `initialize`), restarted by
   * progress; `Infinity` waits forever. Default `DEFAULT_REQUEST_TIMEOUT` (60 s).
   */
  requestTimeout?: number;
  /**
   * Milliseconds the session (and the server) stays up after its last subscriber left; a
   * subscriber within that window gets the same ready session, with no second handshake. A crash
   * or an exit of the server in the window ends it, and the next subscriber starts afresh.
   * Default `0`: the session ends as the last subscriber leaves.
   */
  keepAlive?: number;
  /**
   * The most pages one fetch of a live list (`tools$`, `prompts$`, `resources$`,
   * `resourceTemplates$`) reads; a server still returning a `nextCursor` after that many pages
   * fails the list with `McpProtocolError`. Default `DEFAULT_MAX_LIST_PAGES` (1000).
   */
  maxListPages?: number;
  /** The scheduler of every timeout and of `keepAlive` (for marble tests). Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /**
   * The roots the server may work in. `roots/list` is answered with the latest list (waiting
   * for the first one); each later list sends `notifications/roots/list_changed`.
   */
  roots?: Observable<Root[]>;
  /** Answers `sampling/createMessage` (an LLM completion asked by the server). */
  sampling?: McpRequestHandler<CreateMessageRequestParams, CreateMessageResult>;
  /**
   * Answers `elicitation/create` (input from the user asked by the server). An accepted form
   * gets the schema's `default` for each field the handler left out (unless `capabilities`
   * declares `elicitation.form` without `applyDefaults: true`) and must then match the
   * `requestedSchema`; when it does not, the server gets a `-32603` error for that request alone
   * (and `serverRequestErrors$` reports it). URL-mode requests (`mode: 'url'`) reach the handler
   * only when `capabilities.elicitation.url` is declared; otherwise the server gets `-32602`.
   */
  elicitation?: McpRequestHandler<ElicitRequestParams, ElicitResult>;
}
