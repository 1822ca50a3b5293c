import { catchError, defer, map, of, throwError, type ObservableInput, type Observer } from 'rxjs';
import { answerElicitation, elicitationModes } from './elicitation.js';
import { toJsonRpcError } from './jsonRpcErrors.js';
import { CreateMessageRequestParamsSchema, ElicitRequestParamsSchema } from './schemas/mcpSchemas.js';
import { McpError } from './McpError.js';
import { McpErrorCode } from './McpErrorCode.js';
import type { McpHandlerContext, McpRequestHandler } from './McpHandlerContext.js';
import type { McpPeerConfig } from './McpPeer.js';
import type { McpSchema } from './schemas/McpSchema.js';
import type { McpServerRequestError } from './McpServerRequestError.js';
import type { McpSessionOptions } from './McpSessionOptions.js';
import type { ClientCapabilities } from './McpTypes.js';
import { parseWith } from './parseWith.js';
import type { RootsSource } from './RootsSource.js';

/**
 * Answers the server's requests for a session: `ping` always; `roots/list` from the roots;
 * `sampling/createMessage` and `elicitation/create` through the caller's handlers (params
 * validated first, `-32602` when invalid; elicitation in the declared modes, an accepted form
 * completed with its defaults and checked, see `answerElicitation`); any other method with
 * `-32601`. Each error answered is reported to `errors` too.
 *
 * @param options The session's options (the handlers).
 * @param roots The roots, or `null` when none were given.
 * @param capabilities The capabilities the session declares.
 * @param errors Gets each request answered with an error.
 * @returns The handler for `McpPeer`.
 */
export function clientRequestHandler(
  options: McpSessionOptions,
  roots: RootsSource | null,
  capabilities: ClientCapabilities,
  errors: Pick<Observer<McpServerRequestError>, 'next'>,
): McpPeerConfig['handleRequest'] {
  const elicitation =
    options.elicitation === undefined
      ? undefined
      : answerElicitation(options.elicitation, elicitationModes(capabilities.elicitation));
  const answer: McpPeerConfig['handleRequest'] = (method, params, context) => {
    if (method === 'ping') return of({});
    if (method === 'roots/list' && roots !== null) return roots.list().pipe(map((list) => ({ roots: list })));
    if (method === 'sampling/createMessage' && options.sampling !== undefined) {
      return callHandler(method, CreateMessageRequestParamsSchema, options.sampling, params, context);
    }
    if (method === 'elicitation/create' && elicitation !== undefined) {
      return callHandler(method, ElicitRequestParamsSchema, elicitation, params, context);
    }
    return throwError(() => new McpError(McpErrorCode.MethodNotFound, `Method not found: ${method}`));
  };
  return (method, params, context) =>
    defer(() => answer(method, params, context)).pipe(
      catchError((error: unknown) => {
        const { code, message, data } = toJsonRpcError(error);
        errors.next({ method, requestId: context.requestId, error: new McpError(code, message, data) });
        return throwError(() => error);
      }),
    );
}

function callHandler<P, R>(
  method: string,
  schema: McpSchema<P>,
  handler: McpRequestHandler<P, R>,
  params: unknown,
  context: McpHandlerContext,
): ObservableInput<R> {
  const parsed = parseWith(schema, params);
  if (!parsed.ok) {
    return throwError(
      () => new McpError(McpErrorCode.InvalidParams, `Invalid params for ${method}: ${parsed.reason}`),
    );
  }
  return handler(parsed.value, context);
}
