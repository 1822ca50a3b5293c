import type { JsonRpcMessage } from './JsonRpcMessage.js';
import type { StdioServerParams } from './StdioServerParams.js';
import { StdioServerSubject } from './StdioServerSubject.js';

/**
 * Makes an MCP server that speaks stdio an RxJS subject. Nothing happens until the first
 * subscription, which spawns the server; frames from its stdout stream out, messages given to
 * `next()` go to its stdin, and when the last subscriber leaves the server is shut down (close
 * stdin, then SIGTERM and SIGKILL to its whole process tree, every wait bounded).
 *
 * @example
 * ```ts
 * const server$ = fromStdioServer({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] });
 * server$.pipe(filter((m) => m.id === 1), take(1)).subscribe((reply) => console.log(reply.result));
 * server$.next({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { ... } });
 * ```
 *
 * @param params The server to run and how to talk to it.
 * @returns A `StdioServerSubject`: subscribe to receive, `next()` to send.
 */
export function fromStdioServer<In = JsonRpcMessage, Out = JsonRpcMessage>(
  params: StdioServerParams<In, Out>,
): StdioServerSubject<In, Out> {
  return new StdioServerSubject<In, Out>(params);
}
