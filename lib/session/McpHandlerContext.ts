import type { ObservableInput } from 'rxjs';

/**
 * What a handler of a server → client request gets besides the params.
 *
 * @example
 * ```ts
 * const sampling: McpRequestHandler<CreateMessageRequestParams, CreateMessageResult> = (params, { signal }) =>
 *   fetch(llmUrl, { method: 'POST', body: JSON.stringify(params), signal }).then((r) => r.json());
 * ```
 */
export interface McpHandlerContext {
  /** The id of the server's request. */
  requestId: string | number;
  /**
   * Aborted when the server cancels the request (`notifications/cancelled`) or the session ends;
   * an Observable handler is unsubscribed then too, so it rarely needs this.
   */
  signal: AbortSignal;
}

/**
 * Answers one kind of server → client request: returns an ObservableInput (Observable, Promise,
 * …) whose first value is the result. An error becomes the JSON-RPC error of the answer: an
 * `McpError` keeps its code, message and data; anything else is `-32603` with its message.
 *
 * @example
 * ```ts
 * const elicitation: McpRequestHandler<ElicitRequestParams, ElicitResult> = () => of({ action: 'decline' });
 * ```
 *
 * @typeParam P The params of the request.
 * @typeParam R The result.
 * @param params The params, validated against the MCP schema.
 * @param context The request id and a cancellation signal.
 * @returns The result, as the first value of an ObservableInput.
 */
export type McpRequestHandler<P, R> = (params: P, context: McpHandlerContext) => ObservableInput<R>;
