import { asyncScheduler, Observable, Subject, throwError } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import { ConnectionSubject } from '../transport/core/ConnectionSubject.js';
import { MemoryConnection } from '../transport/memory/MemoryConnection.js';
import { McpError } from '../session/McpError.js';
import { McpErrorCode } from '../session/McpErrorCode.js';
import type { McpTransport } from '../session/McpTransport.js';
import type { ServerCapabilities } from '../session/McpTypes.js';
import { FakeMcpConnection, type FakeMcpDispatch } from './FakeMcpConnection.js';
import type {
  FakeAnswer,
  FakeMcpHandler,
  FakeMcpServerOptions,
  FakeMcpTool,
} from './FakeMcpServerOptions.js';

// A process-free MCP server for tests of apps built on mcpSession(). Its transport is
// fromStdioServer()'s own subject logic (ConnectionSubject) over an in-memory process, and the
// process answers with the session's own JSON-RPC engine (McpPeer) in the server role: nothing of
// either is written twice. It imports nothing from Node and answers in the time of whatever
// Observables the test gives it, so it runs in virtual time in a browser too.

/** A process-free fake MCP server: give `transport` to `mcpSession()`, then inspect or drive it. */
export interface FakeMcpServer {
  /**
   * The transport to give to `mcpSession()` (or `toSdkTransport()`): `fromStdioServer()`'s own
   * subject over an in-memory process. Subscribing starts a connection (a "process") unless one
   * is open, and later subscribers share it; the last unsubscription closes its input and it
   * exits; a later subscriber starts a fresh one. `next()` before a subscription queues the
   * message for the process to come; `complete()` closes the input and completes once the fake
   * has exited; after `complete()` or `error()`, `next()` is dropped.
   */
  readonly transport: McpTransport;
  /** Every connection so far, oldest first. */
  readonly connections: readonly FakeMcpConnection[];
  /** The open connection, if any. */
  readonly current: FakeMcpConnection | undefined;
  /** Every message received, on every connection, in order (copies, as JSON carried them). */
  readonly received: readonly JsonRpcMessage[];
  /**
   * The messages received, as an Observable: each subscriber gets every message received so far
   * at once, then each one as it arrives, so a marble test asserts when the client sent what.
   *
   * @example
   * ```ts
   * expectObservable(server.received$.pipe(map((m) => m.method))).toBe('(in)', { i: 'initialize', n: 'notifications/initialized' });
   * ```
   */
  readonly received$: Observable<JsonRpcMessage>;
  /**
   * How many requests (or notifications) of a method were received, on every connection.
   *
   * @param method The method, e.g. `'initialize'`.
   * @returns The count.
   */
  count(method: string): number;
  /**
   * Replaces the tools and sends `notifications/tools/list_changed` on the open connection.
   *
   * @param tools The new tools.
   */
  setTools(tools: FakeMcpTool[]): void;
  /**
   * Sends a notification on the open connection (nothing when none is open).
   *
   * @param method The method, e.g. `'notifications/message'`.
   * @param params The params, if any.
   */
  notify(method: string, params?: Record<string, unknown>): void;
  /**
   * Sends a request to the client on the open connection; emits its result or errors with its
   * `McpError` (errors at once when no connection is open).
   *
   * @param method The method, e.g. `'sampling/createMessage'`.
   * @param params The params, if any.
   * @returns The client's answer.
   */
  request(method: string, params?: Record<string, unknown>): Observable<unknown>;
  /**
   * Crashes the open connection: the fake exits with code 1 on its own, and the transport's
   * subscribers get what `fromStdioServer()` gives then, a `StdioServerExitError` with code 1.
   *
   * @param error What the subscribers get instead (say, the error of a WebSocket your app uses
   *   in production). Default: the `StdioServerExitError`.
   */
  crash(error?: unknown): void;
  /** Ends the open connection: the fake exits with code 0, so the transport's subscribers complete. */
  exit(): void;
}

const NO_CONNECTION = 'The fake MCP server has no open connection';

/**
 * Makes a process-free fake MCP server that `mcpSession()` runs on, in virtual time when its
 * answers are scheduled Observables. It declares tools, prompts and resources, answers them (by
 * value or Observable), sends progress, list changes and its own requests, and records what it
 * received, so a test can assert calls, cancellations and how many handshakes there were.
 *
 * @example
 * ```ts
 * const server = fakeMcpServer({
 *   tools: [{ name: 'add', inputSchema: { type: 'object' }, call: ({ a, b }) => ({ content: [{ type: 'text', text: String(Number(a) + Number(b)) }] }) }],
 * });
 * mcpSession(server.transport).pipe(switchMap((session) => session.callTool('add', { a: 1, b: 2 })));
 * ```
 *
 * @param options What it declares and how it answers.
 * @returns The server.
 */
export function fakeMcpServer(options: FakeMcpServerOptions = {}): FakeMcpServer {
  let tools = options.tools ?? [];
  const connections: FakeMcpConnection[] = [];
  const received: JsonRpcMessage[] = [];
  const arrivals = new Subject<JsonRpcMessage>();
  const receive = (message: JsonRpcMessage): void => {
    received.push(message);
    arrivals.next(message);
  };
  const current = (): FakeMcpConnection | undefined => {
    const last = connections.length === 0 ? undefined : connections[connections.length - 1];
    return last?.open === true ? last : undefined;
  };

  const dispatch: FakeMcpDispatch = (method, params, context) => {
    const custom = options.handlers?.[method];
    if (custom !== undefined) return custom(params, context);
    const builtin = builtins[method];
    if (builtin === undefined) return failWith(McpErrorCode.MethodNotFound, `Method not found: ${method}`);
    return builtin(params, context);
  };

  const paged = (key: string, items: readonly object[], params: Record<string, unknown>) => {
    const start = typeof params.cursor === 'string' ? Number(params.cursor) : 0;
    const size = options.pageSize ?? Math.max(items.length, 1);
    const end = start + size;
    const page: Record<string, unknown> = { [key]: items.slice(start, end).map(listing) };
    if (end < items.length) page.nextCursor = String(end);
    return page;
  };

  const builtins: Partial<Record<string, FakeMcpHandler>> = {
    initialize: (params) => ({
      protocolVersion: options.protocolVersion ?? params.protocolVersion,
      capabilities: options.capabilities ?? defaultCapabilities(options),
      serverInfo: options.serverInfo ?? { name: 'fake-mcp-server', version: '1.0.0' },
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
    }),
    ping: () => ({}),
    'logging/setLevel': () => ({}),
    'resources/subscribe': () => ({}),
    'resources/unsubscribe': () => ({}),
    'tools/list': (params) => paged('tools', tools, params),
    'prompts/list': (params) => paged('prompts', options.prompts ?? [], params),
    'resources/list': (params) => paged('resources', options.resources ?? [], params),
    'resources/templates/list': (params) =>
      paged('resourceTemplates', options.resourceTemplates ?? [], params),
    'tools/call': (params, context) => {
      const tool = tools.find((t) => t.name === params.name);
      if (tool === undefined)
        return failWith(McpErrorCode.InvalidParams, `Unknown tool: ${String(params.name)}`);
      const args = (params.arguments ?? {}) as Record<string, unknown>;
      return tool.call?.(args, context) ?? { content: [{ type: 'text', text: `called ${tool.name}` }] };
    },
    'prompts/get': (params, context) => {
      const prompt = options.prompts?.find((p) => p.name === params.name);
      if (prompt === undefined)
        return failWith(McpErrorCode.InvalidParams, `Unknown prompt: ${String(params.name)}`);
      const args = (params.arguments ?? {}) as Record<string, string>;
      return (
        prompt.get?.(args, context) ?? {
          messages: [
            { role: 'user', content: { type: 'text', text: `${prompt.name} ${JSON.stringify(args)}` } },
          ],
        }
      );
    },
    'resources/read': (params, context) => {
      const resource = options.resources?.find((r) => r.uri === params.uri);
      if (resource === undefined)
        return failWith(McpErrorCode.InvalidParams, `Unknown resource: ${String(params.uri)}`);
      return resource.read?.(context) ?? { contents: [{ uri: resource.uri, text: resource.text ?? '' }] };
    },
  };

  const transport = new ConnectionSubject<JsonRpcMessage, JsonRpcMessage>({
    connect: () => {
      const connection: MemoryConnection<JsonRpcMessage, JsonRpcMessage> = new MemoryConnection((pipes) => {
        const fake = new FakeMcpConnection(connections.length, {
          pipes,
          dispatch,
          record: receive,
          subscribers: () => connection.subscribers,
        });
        connections.push(fake);
        return fake;
      });
      return connection;
    },
    keepAlive: 0,
    scheduler: asyncScheduler,
  });

  return {
    transport,
    connections,
    get current() {
      return current();
    },
    received,
    // The messages so far, then the live ones: nothing sent in between can be missed, since both
    // happen in this one synchronous call.
    received$: new Observable<JsonRpcMessage>((subscriber) => {
      for (const message of [...received]) subscriber.next(message);
      return arrivals.subscribe(subscriber);
    }),
    count: (method) => received.filter((m) => m.method === method).length,
    setTools: (next) => {
      tools = next;
      current()?.notify('notifications/tools/list_changed');
    },
    notify: (method, params) => {
      current()?.notify(method, params);
    },
    request: (method, params) =>
      current()?.request(method, params) ?? throwError(() => new Error(NO_CONNECTION)),
    crash: (error) => {
      current()?.end('crash', error);
    },
    exit: () => {
      current()?.end('exit');
    },
  };
}

function failWith(code: number, message: string): FakeAnswer<never> {
  return throwError(() => new McpError(code, message));
}

/** A declaration as listed: without the fake's answering functions and content. */
function listing(item: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !ANSWERING_FIELDS.has(key)));
}

/** The fields of a declaration that say how the fake answers, not what the server lists. */
const ANSWERING_FIELDS = new Set(['call', 'get', 'read', 'text']);

function defaultCapabilities(options: FakeMcpServerOptions): ServerCapabilities {
  return {
    ...(options.tools === undefined ? {} : { tools: { listChanged: true } }),
    ...(options.prompts === undefined ? {} : { prompts: { listChanged: true } }),
    ...(options.resources === undefined && options.resourceTemplates === undefined
      ? {}
      : { resources: { subscribe: true, listChanged: true } }),
    logging: {},
  };
}
