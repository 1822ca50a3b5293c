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
} from '@modelcontextprotocol/core';
import { filter, map, mergeMap, type Observable } from 'rxjs';
import { liveList } from './liveList.js';
import type { McpExchangeOptions, McpPeer } from './McpPeer.js';
import type { McpRequestOptions } from './McpRequestOptions.js';
import type { McpSchema } from './McpSchema.js';
import type { McpSession } from './McpSessionApi.js';
import type { InitializeResult, LoggingMessage, ReadResourceResult } from './McpTypes.js';
import { resourceWatcher } from './resourceWatcher.js';
import { resultSchemaFor } from './resultSchemaFor.js';

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
 * @returns The session.
 */
export function createSession(peer: McpPeer, init: InitializeResult, limits: SessionLimits): McpSession {
  const capabilities = init.capabilities;
  const withSchema = <T>(
    schema: McpSchema<T>,
    options: McpRequestOptions<T> | undefined,
  ): McpExchangeOptions<T> => ({
    ...options,
    schema: options?.schema ?? schema,
  });
  const done = (source: Observable<unknown>): Observable<void> => source.pipe(map(() => undefined));
  const readResource = (uri: string, options?: McpRequestOptions<ReadResourceResult>) =>
    peer.request('resources/read', { uri }, withSchema(ReadResourceResultSchema, options));

  return {
    serverInfo: init.serverInfo,
    serverCapabilities: capabilities,
    protocolVersion: init.protocolVersion,
    instructions: init.instructions,

    request: <T>(method: string, params?: object, options?: McpRequestOptions<T>) =>
      peer.request(method, params, withSchema(resultSchemaFor(method) as McpSchema<T>, options)),
    requestWithProgress: <T>(method: string, params?: object, options?: McpRequestOptions<T>) =>
      peer.exchange(method, params, {
        ...withSchema(resultSchemaFor(method) as McpSchema<T>, options),
        progress: true,
      }),
    notify: (method, params) => {
      peer.notify(method, params);
    },

    callTool: (name, args, options) =>
      peer.exchange('tools/call', args === undefined ? { name } : { name, arguments: args }, {
        ...withSchema(CallToolResultSchema, options),
        progress: true,
      }),
    readResource,
    watchResource: resourceWatcher(peer, readResource),
    getPrompt: (name, args, options) =>
      peer.request(
        'prompts/get',
        args === undefined ? { name } : { name, arguments: args },
        withSchema(GetPromptResultSchema, options),
      ),
    complete: (params, options) =>
      peer.request('completion/complete', params, withSchema(CompleteResultSchema, options)),
    ping: (options) => done(peer.request('ping', undefined, withSchema(ResultSchema, options))),
    setLoggingLevel: (level, options) =>
      done(peer.request('logging/setLevel', { level }, withSchema(ResultSchema, options))),

    tools$: liveList(peer, {
      method: 'tools/list',
      schema: ListToolsResultSchema,
      items: (page) => page.tools,
      changed: 'notifications/tools/list_changed',
      maxPages: limits.maxListPages,
      supported: capabilities.tools !== undefined,
    }),
    prompts$: liveList(peer, {
      method: 'prompts/list',
      schema: ListPromptsResultSchema,
      items: (page) => page.prompts,
      changed: 'notifications/prompts/list_changed',
      maxPages: limits.maxListPages,
      supported: capabilities.prompts !== undefined,
    }),
    resources$: liveList(peer, {
      method: 'resources/list',
      schema: ListResourcesResultSchema,
      items: (page) => page.resources,
      changed: 'notifications/resources/list_changed',
      maxPages: limits.maxListPages,
      supported: capabilities.resources !== undefined,
    }),
    resourceTemplates$: liveList(peer, {
      method: 'resources/templates/list',
      schema: ListResourceTemplatesResultSchema,
      items: (page) => page.resourceTemplates,
      changed: 'notifications/resources/list_changed',
      maxPages: limits.maxListPages,
      supported: capabilities.resources !== undefined,
    }),
    logs$: peer.notifications$.pipe(
      filter((n) => n.method === 'notifications/message'),
      mergeMap((n): LoggingMessage[] => {
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- part of the protocol versions this session speaks (2024-11-05 … 2025-11-25)
        const parsed = LoggingMessageNotificationParamsSchema.safeParse(n.params);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
    notifications$: peer.notifications$,
  };
}
