import type { Implementation, LoggingLevel } from '../session/index.js';

/** Why the host refused something a view did (`refused` events). */
export type McpAppRefusal =
  /** A `tools/call` the server side refused: a model-only, unknown or another server's tool. */
  | 'tool'
  /** A `resources/read` that failed. */
  | 'resource'
  /** `ui/open-link` without the app's consent (no `openLink` callback, or it said no). */
  | 'open-link'
  /** `ui/message` without the app's consent (no `message` callback, or it said no). */
  | 'message'
  /** `ui/update-model-context` without the app's consent (no `modelContext` callback, or it said no). */
  | 'model-context'
  /** A request beyond `maxPendingRequests`: a flooding view. */
  | 'flood'
  /** A message from anything but the view's own frame, dropped. */
  | 'foreign-message'
  /** A source of `_meta.ui.csp` that is not a plain origin, left out of the policy. */
  | 'csp'
  /** A request after teardown began. */
  | 'closed';

/** The view's HTML was read and its frame mounted. */
export interface McpAppMountedEvent {
  /** The event's kind. */
  type: 'mounted';
  /** The view's `ui://` URI. */
  uri: string;
}

/** The view finished `ui/initialize`. */
export interface McpAppInitializedEvent {
  /** The event's kind. */
  type: 'initialized';
  /** The view's name and version, as it gave them. */
  app?: Implementation;
}

/** The view asked for a size (`ui/notifications/size-changed`). */
export interface McpAppSizeEvent {
  /** The event's kind. */
  type: 'size';
  /** Its width in CSS pixels, if it gave one. */
  width?: number;
  /** Its height in CSS pixels, if it gave one. */
  height?: number;
}

/** The view logged (`notifications/message`). */
export interface McpAppLogEvent {
  /** The event's kind. */
  type: 'log';
  /** The line's level. */
  level: LoggingLevel;
  /** What it logged. */
  data: unknown;
  /** Its logger's name, if any. */
  logger?: string;
}

/** The view called a tool through the host, and the server answered. */
export interface McpAppToolCallEvent {
  /** The event's kind. */
  type: 'tool-call';
  /** The tool's name. */
  name: string;
  /** `false` when the result is a tool error (`isError`). */
  ok: boolean;
}

/** The host refused something the view did; the view got an error, nothing else happened. */
export interface McpAppRefusedEvent {
  /** The event's kind. */
  type: 'refused';
  /** What was refused. */
  refusal: McpAppRefusal;
  /** Why, for people. */
  detail: string;
}

/**
 * The view asked to be closed (`ui/notifications/request-teardown`). Nothing happens until the
 * app unsubscribes, which tears it down as usual; an app may also keep it.
 */
export interface McpAppTeardownRequestedEvent {
  /** The event's kind. */
  type: 'teardown-requested';
}

/** What a mounted view does, as `mcpAppView()` emits it. */
export type McpAppViewEvent =
  | McpAppMountedEvent
  | McpAppInitializedEvent
  | McpAppSizeEvent
  | McpAppLogEvent
  | McpAppToolCallEvent
  | McpAppRefusedEvent
  | McpAppTeardownRequestedEvent;
