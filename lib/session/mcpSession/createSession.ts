import {
  CallToolResultSchema,
  CompleteResultSchema,
  GetPromptResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  LoggingMessageNotificationParamsSchema,
  ReadResourceResultSchema,
  ResultSchema,
} from '../schemas/mcpSchemas.js';
import { filter, map, mergeMap, type Observable, type SchedulerLike } from 'rxjs';
import { checkStructuredOutput } from '../checkStructuredOutput.js';
import { liveList, type LiveListSpec } from '../liveList.js';
import type { McpPeer } from '../McpPeer.js';
import type { McpRequestOptions } from '../McpRequestOptions.js';
import type { McpSchema } from '../schemas/McpSchema.js';
import type { McpSession } from './McpSessionApi.js';
import type { McpRequestEvent } from '../McpRequestEvent.js';
import type { McpServerRequestError } from '../McpServerRequestError.js';
import type { McpToolResult } from '../McpToolResult.js';
import type { CallToolResult, InitializeResult, LoggingMessage, ReadResourceResult } from '../McpTypes.js';
import { resourceWatcher } from '../resourceWatcher.js';
import { resultSchemaFor } from '../resultSchemaFor.js';
import { taskMembers } from '../tasks/taskMembers.js';
import { toolLookup } from '../toolLookup.js';

/** The bounds createSession() applies. */
export interface SessionLimits {
  /** The most pages one fetch of a live list reads. */
  maxListPages: number;
}

/**
 * Builds the `McpSession` a handshake produced: methods and lists over the peer.
 *
 * Extension point: a new capability adds its members to `McpSession` and builds them here from
 * the peer (requests, notifications) and `init` (what the server declared).
 *
 * @param peer The session's peer (already initialized).
 * @param init The server's answer to `initialize`.
 * @param limits The bounds of the session's lists.
 * @param scheduler The scheduler of task polls and deadlines.
 * @param serverRequestErrors The server's requests answered with an error.
 * @returns The session.
 */
export function createSession(
  peer: McpPeer,
  init: InitializeResult,
  limits: SessionLimits,
  scheduler: SchedulerLike,
  serverRequestErrors: Observable<McpServerRequestError>,
): McpSession {
  const capabilities = init.capabilities;
  /** A live list of the server, bounded by the session's page limit. */
  const list = <P extends { nextCursor?: string }, T>(
    spec: Omit<LiveListSpec<P, T>, 'maxPages'>,
  ): Observable<T[]> => liveList(peer, { ...spec, maxPages: limits.maxListPages });
  const done = (source: Observable<unknown>): Observable<void> => source.pipe(map(() => undefined));
  const readResource = (uri: string, options?: McpRequestOptions<ReadResourceResult>) =>
    peer.request('resources/read', withMeta({ uri }, options), ReadResourceResultSchema, options);
  const tools$ = list({
    method: 'tools/list',
    schema: ListToolsResultSchema,
    items: (page) => page.tools,
    changed: 'notifications/tools/list_changed',
    supported: capabilities.tools !== undefined,
  });
  const lookupTool = toolLookup(tools$);

  return {
    serverInfo: init.serverInfo,
    serverCapabilities: capabilities,
    protocolVersion: init.protocolVersion,
    instructions: init.instructions,

    request: <T>(method: string, params?: object, options?: McpRequestOptions<T>) =>
      peer.request(method, withMeta(params, options), resultSchemaFor(method) as McpSchema<T>, options),
    requestWithProgress: <T>(method: string, params?: object, options?: McpRequestOptions<T>) =>
      peer.exchange(method, withMeta(params, options), resultSchemaFor(method) as McpSchema<T>, options),
    notify: (method, params) => {
      peer.notify(method, params);
    },

    callTool: <T extends object>(
      name: string,
      args?: Record<string, unknown>,
      options?: McpRequestOptions<CallToolResult>,
    ) =>
      // The result was checked against the tool's outputSchema, which is what T stands for.
      checkStructuredOutput(
        peer.exchange(
          'tools/call',
          withMeta(args === undefined ? { name } : { name, arguments: args }, options),
          CallToolResultSchema,
          options,
        ),
        name,
        lookupTool,
      ) as Observable<McpRequestEvent<McpToolResult<T>>>,
    ...taskMembers(peer, capabilities, scheduler, lookupTool, limits.maxListPages),
    readResource,
    watchResource: resourceWatcher(peer, readResource),
    getPrompt: (name, args, options) =>
      peer.request(
        'prompts/get',
        withMeta(args === undefined ? { name } : { name, arguments: args }, options),
        GetPromptResultSchema,
        options,
      ),
    complete: (params, options) =>
      peer.request('completion/complete', withMeta(params, options), CompleteResultSchema, options),
    ping: (options) =>
      done(peer.request('ping', withMeta<object | undefined>(undefined, options), ResultSchema, options)),
    setLoggingLevel: (level, options) =>
      done(peer.request('logging/setLevel', withMeta({ level }, options), ResultSchema, options)),

    tools$,
    prompts$: list({
      method: 'prompts/list',
      schema: ListPromptsResultSchema,
      items: (page) => page.prompts,
      changed: 'notifications/prompts/list_changed',
      supported: capabilities.prompts !== undefined,
    }),
    resources$: list({
      method: 'resources/list',
      schema: ListResourcesResultSchema,
      items: (page) => page.resources,
      changed: 'notifications/resources/list_changed',
      supported: capabilities.resources !== undefined,
    }),
    resourceTemplates$: list({
      method: 'resources/templates/list',
      schema: ListResourceTemplatesResultSchema,
      items: (page) => page.resourceTemplates,
      changed: 'notifications/resources/list_changed',
      supported: capabilities.resources !== undefined,
    }),
    logs$: peer.notifications$.pipe(
      filter((n) => n.method === 'notifications/message'),
      mergeMap((n): LoggingMessage[] => {
        const parsed = LoggingMessageNotificationParamsSchema.safeParse(n.params);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
    notifications$: peer.notifications$,
    serverRequestErrors$: serverRequestErrors,
  };
}

/**
 * The params with `options.meta` merged into their `_meta` (a copy; the caller's objects are
 * never changed), or the params as they are when there is no `meta`.
 */
function withMeta<P extends object | undefined>(
  params: P,
  options: { meta?: Record<string, unknown> } | undefined,
): P {
  const meta = options?.meta;
  if (meta === undefined) return params;
  const given = (params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  return { ...params, _meta: { ...given, ...meta } };
}
