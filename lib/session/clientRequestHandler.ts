import { CreateMessageRequestParamsSchema, ElicitRequestParamsSchema } from './schemas/mcpSchemas.js';
import { map, of, throwError, type ObservableInput } from 'rxjs';
import { McpError } from './McpError.js';
import { McpErrorCode } from './McpErrorCode.js';
import type { McpHandlerContext, McpRequestHandler } from './McpHandlerContext.js';
import type { McpPeerConfig } from './McpPeer.js';
import type { McpSchema } from './McpSchema.js';
import type { McpSessionOptions } from './McpSessionOptions.js';
import { parseWith } from './parseWith.js';
import type { RootsSource } from './RootsSource.js';

/**
 * Answers the server's requests for a session: `ping` always; `roots/list` from the roots;
 * `sampling/createMessage` and `elicitation/create` through the caller's handlers (params
 * validated first, `-32602` when invalid); any other method with `-32601`.
 *
 * @param options The session's options (the handlers).
 * @param roots The roots, or `null` when none were given.
 * @returns The handler for `McpPeer`.
 */
export function clientRequestHandler(
  options: McpSessionOptions,
  roots: RootsSource | null,
): McpPeerConfig['handleRequest'] {
  return (method, params, context) => {
    if (method === 'ping') return of({});
    if (method === 'roots/list' && roots !== null) return roots.list().pipe(map((list) => ({ roots: list })));
    if (method === 'sampling/createMessage' && options.sampling !== undefined) {
      return callHandler(method, CreateMessageRequestParamsSchema, options.sampling, params, context);
    }
    if (method === 'elicitation/create' && options.elicitation !== undefined) {
      return callHandler(method, ElicitRequestParamsSchema, options.elicitation, params, context);
    }
    return throwError(() => new McpError(McpErrorCode.MethodNotFound, `Method not found: ${method}`));
  };
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
