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
  /** A request beyond `maxPendingRequests`: a flooding view. */
  | 'flood'
  /** A message from anything but the view's own frame, dropped. */
  | 'foreign-message'
  /** A source of `_meta.ui.csp` that is not a plain origin, left out of the policy. */
  | 'csp'
  /** A request after teardown began. */
  | 'closed';

/** What a mounted view does, as `mcpAppView()` emits it. */
export type McpAppViewEvent =
  /** The view's HTML was read and its frame mounted. */
  | { type: 'mounted'; uri: string }
  /** The view finished `ui/initialize`. */
  | { type: 'initialized'; app?: Implementation }
  /** The view asked for a size (`ui/notifications/size-changed`). */
  | { type: 'size'; width?: number; height?: number }
  /** The view logged (`notifications/message`). */
  | { type: 'log'; level: LoggingLevel; data: unknown; logger?: string }
  /** The view called a tool through the host, and the server answered (`ok: false`: it failed). */
  | { type: 'tool-call'; name: string; ok: boolean }
  /** The host refused something the view did; the view got an error, nothing else happened. */
  | { type: 'refused'; refusal: McpAppRefusal; detail: string };
