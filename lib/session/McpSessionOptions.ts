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
   * is set, `elicitation` when `elicitation` is set.
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
  /** The scheduler of every timeout (for marble tests). Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /**
   * The roots the server may work in. `roots/list` is answered with the latest list (waiting
   * for the first one); each later list sends `notifications/roots/list_changed`.
   */
  roots?: Observable<Root[]>;
  /** Answers `sampling/createMessage` (an LLM completion asked by the server). */
  sampling?: McpRequestHandler<CreateMessageRequestParams, CreateMessageResult>;
  /** Answers `elicitation/create` (input from the user asked by the server). */
  elicitation?: McpRequestHandler<ElicitRequestParams, ElicitResult>;
}
