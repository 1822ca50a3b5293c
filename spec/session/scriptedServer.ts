import { EMPTY, from, Observable, ReplaySubject, Subject, type ObservableInput } from 'rxjs';
import type { JsonRpcMessage } from '../../lib/JsonRpcMessage.js';
import type { McpTransport } from '../../lib/session/index.js';
import { LATEST_PROTOCOL_VERSION } from '../../lib/session/index.js';

/** A message the client sent, with the fields the script reads. */
export interface ClientMessage extends JsonRpcMessage {
  params?: Record<string, unknown>;
}

/**
 * Answers one client message: the frames of the returned ObservableInput go to the client as
 * they are emitted (so `timer`/`delay`/`cold` put them in virtual time).
 */
export type Responder = (message: ClientMessage, server: ScriptedServer) => ObservableInput<JsonRpcMessage>;

/** A fake MCP server made of two subjects, following a script of responders by method. */
export interface ScriptedServer {
  /** The transport to give to `mcpSession()`. */
  transport: McpTransport;
  /** Every message the client sent, in order (replayed to late subscribers). */
  sent$: Observable<ClientMessage>;
  /** Every message the client sent so far. */
  sent: ClientMessage[];
  /** `'subscribe'` / `'unsubscribe'` of the transport, as they happen. */
  lifecycle: string[];
  /** How many subscriptions the transport has now. */
  subscribers(): number;
  /**
   * Sends a frame to the client now.
   *
   * @param frame The frame.
   */
  emit(frame: JsonRpcMessage): void;
  /** Ends the server's side (the session completes). */
  end(): void;
  /**
   * Fails the server's side (the session errors).
   *
   * @param error The error.
   */
  fail(error: unknown): void;
}

/** The `initialize` result the default script answers with. */
export const initializeResult = {
  protocolVersion: LATEST_PROTOCOL_VERSION,
  capabilities: {
    tools: { listChanged: true },
    prompts: {},
    resources: { subscribe: true, listChanged: true },
    logging: {},
  },
  serverInfo: { name: 'scripted', version: '1.0.0' },
  instructions: 'Be nice.',
};

/**
 * Makes a scripted fake server. `initialize` is answered at once with `initializeResult` unless
 * the script says otherwise; messages without a responder get no answer.
 *
 * @param script Responders by method.
 * @returns The server.
 */
export function scriptedServer(script: Record<string, Responder> = {}): ScriptedServer {
  const toClient = new Subject<JsonRpcMessage>();
  const sent$ = new ReplaySubject<ClientMessage>();
  const sent: ClientMessage[] = [];
  const lifecycle: string[] = [];
  let count = 0;
  const responders: Record<string, Responder> = {
    initialize: (m) => [reply(m, initializeResult)],
    // callTool checks structured output against the tool list: an empty list unless scripted.
    'tools/list': (m) => [reply(m, { tools: [] })],
    ...script,
  };
  const incoming = new Observable<JsonRpcMessage>((subscriber) => {
    count++;
    lifecycle.push('subscribe');
    const subscription = toClient.subscribe(subscriber);
    return () => {
      count--;
      lifecycle.push('unsubscribe');
      subscription.unsubscribe();
    };
  });
  const server: ScriptedServer = {
    transport: Object.assign(incoming, {
      next: (message: JsonRpcMessage) => {
        const copy = JSON.parse(JSON.stringify(message)) as ClientMessage;
        sent.push(copy);
        sent$.next(copy);
        const responder = copy.method === undefined ? undefined : responders[copy.method];
        from(responder === undefined ? EMPTY : responder(copy, server)).subscribe((frame) => {
          toClient.next(frame);
        });
      },
      complete: () => undefined,
      error: () => undefined,
    }),
    sent$: sent$.asObservable(),
    sent,
    lifecycle,
    subscribers: () => count,
    emit: (frame) => {
      toClient.next(frame);
    },
    end: () => {
      toClient.complete();
    },
    fail: (error) => {
      toClient.error(error);
    },
  };
  return server;
}

/**
 * A result response to a request.
 *
 * @param request The request.
 * @param result The result.
 * @returns The response frame.
 */
export function reply(request: ClientMessage, result: unknown): JsonRpcMessage {
  return { jsonrpc: '2.0', id: request.id, result };
}

/**
 * An error response to a request.
 *
 * @param request The request.
 * @param code The JSON-RPC code.
 * @param message The message.
 * @param data Extra data.
 * @returns The response frame.
 */
export function replyError(
  request: ClientMessage,
  code: number,
  message: string,
  data?: unknown,
): JsonRpcMessage {
  return {
    jsonrpc: '2.0',
    id: request.id,
    error: data === undefined ? { code, message } : { code, message, data },
  };
}

/**
 * A notification frame.
 *
 * @param method The method.
 * @param params The params.
 * @returns The frame.
 */
export function notification(method: string, params?: Record<string, unknown>): JsonRpcMessage {
  return params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params };
}

/**
 * A request frame from the server.
 *
 * @param id The id.
 * @param method The method.
 * @param params The params.
 * @returns The frame.
 */
export function serverRequest(
  id: number | string,
  method: string,
  params?: Record<string, unknown>,
): JsonRpcMessage {
  return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
}
