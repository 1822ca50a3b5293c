/**
 * A tool's MCP App view as an Observable: subscribing reads the view's `ui://` resource, mounts
 * it in a frame (the sandbox proxy on another origin, the view inside it, under its own policy)
 * and runs the host side of the view's JSON-RPC with ext-apps' `AppBridge`, every handler routed
 * to the server side the app gives; unsubscribing refuses further requests, sends
 * `ui/resource-teardown`, waits at most `teardownTimeout` for the view's answer, and removes it.
 */
import {
  AppBridge,
  RESOURCE_MIME_TYPE,
  type McpUiHostContext,
  type McpUiMessageRequest,
  type McpUiResourceMeta,
  type McpUiUpdateModelContextRequest,
} from '@modelcontextprotocol/ext-apps/app-bridge';
import {
  asyncScheduler,
  filter,
  from,
  isObservable,
  map,
  Observable,
  race,
  Subscription,
  take,
  type SchedulerLike,
} from 'rxjs';
import {
  toolViewUri,
  type CallToolResult,
  type Implementation,
  type McpRequestEvent,
  type ReadResourceResult,
  type Tool,
} from '../session/index.js';
import { boundedTimer } from '../transport/timing/boundedTimer.js';
import { McpAppError } from './McpAppError.js';
import type { McpAppFrame, McpAppFrameFactory } from './McpAppFrame.js';
import type { McpAppServer } from './McpAppServer.js';
import type { McpAppRefusal, McpAppViewEvent } from './McpAppViewEvent.js';
import { viewPolicy, withContentSecurityPolicy } from './viewPolicy.js';

/** How long teardown waits for the view to answer `ui/resource-teardown` before removing it (ms). */
export const DEFAULT_TEARDOWN_TIMEOUT = 500;

/** How many requests of a view may be in flight at once; more get an error (`refused: flood`). */
export const DEFAULT_MAX_PENDING_REQUESTS = 16;

/** The host's name and version the view sees, unless `hostInfo` says otherwise. */
export const DEFAULT_HOST_INFO: Implementation = { name: 'rxjs-mcp-stdio', version: '0.1.0' };

/** The tool call a view shows: what the host feeds it (`ui/notifications/tool-*`). */
export interface McpAppToolCall {
  /** The call's arguments (`ui/notifications/tool-input`), sent once the view is initialized. */
  arguments?: Record<string, unknown>;
  /** Arguments as they stream in, before the call (`ui/notifications/tool-input-partial`). */
  partialArguments$?: Observable<Record<string, unknown>>;
  /**
   * The call's events, e.g. `host.callTool(...)`: its result goes to the view
   * (`ui/notifications/tool-result`); an error goes as `ui/notifications/tool-cancelled` with
   * the error's message. Subscribed once the view is initialized, unsubscribed at teardown.
   */
  events$?: Observable<McpRequestEvent<CallToolResult>>;
}

/** What the view asks with `ui/message`: a message for the conversation. */
export type McpAppMessage = McpUiMessageRequest['params'];

/**
 * What the view asks with `ui/update-model-context`: context for the model's later turns (content
 * blocks, structured content). Each update replaces the view's last one.
 */
export type McpAppModelContext = McpUiUpdateModelContextRequest['params'];

/** The options of `mcpAppView()`. */
export interface McpAppViewOptions {
  /** The tool whose view this is; its `_meta.ui.resourceUri` names the view. */
  tool: Tool;
  /** The view's server: `host.appServer(name)`, or `sessionAppServer(session)`. */
  server: McpAppServer;
  /** Mounts the frame: `iframeAppFrame({ container, sandboxUrl })` in a page. */
  frame: McpAppFrameFactory;
  /** The call to show (input, partial input, result, cancellation). */
  call?: McpAppToolCall;
  /**
   * Theme, display mode, locale...: `ui/initialize`'s host context (`toolInfo` is added). Give an
   * Observable to follow the app (a theme switch, a resized container): each value replaces the
   * context, and its changed fields reach the view as `ui/notifications/host-context-changed`.
   * Subscribed while the view is mounted; its error is the view's error.
   */
  hostContext?: McpUiHostContext | Observable<McpUiHostContext>;
  /** The host's name and version, as the view sees it. Default `DEFAULT_HOST_INFO`. */
  hostInfo?: Implementation;
  /**
   * Consent for `ui/open-link`: open the URL (or not) and say whether it was. Without it, every
   * link is refused.
   */
  openLink?: (url: string) => boolean | Promise<boolean>;
  /**
   * Consent for `ui/message`: take the message into the conversation (or not). Without it,
   * every message is refused.
   */
  message?: (message: McpAppMessage) => boolean | Promise<boolean>;
  /**
   * Takes `ui/update-model-context` (or not): the view's context for the model's later turns,
   * each replacing the last, so keep the latest and send it with the next user message. Without
   * it, every update is refused and the view is told the host does not take them.
   */
  modelContext?: (context: McpAppModelContext) => boolean | Promise<boolean>;
  /** Bound of the wait for the view's answer to `ui/resource-teardown`, in ms. Default 500. */
  teardownTimeout?: number;
  /** Requests of the view in flight at once before the next is refused. Default 16. */
  maxPendingRequests?: number;
  /** The scheduler of the teardown wait (marble tests). Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/** The view's HTML and its `_meta.ui`, from the resource's contents. */
function viewOf(uri: string, result: ReadResourceResult): { html: string; meta: McpUiResourceMeta } {
  const content = result.contents.find((entry) => entry.uri === uri) ?? result.contents.at(0);
  if (content?.mimeType !== RESOURCE_MIME_TYPE) {
    throw new McpAppError(
      'bad-view',
      uri,
      `The view ${uri} is not an MCP App (mimeType ${String(content?.mimeType)}, not ${RESOURCE_MIME_TYPE})`,
    );
  }
  const html = 'text' in content ? content.text : decodeBase64(content.blob);
  const ui = content._meta?.['ui'];
  return { html, meta: typeof ui === 'object' && ui !== null ? ui : {} };
}

/** UTF-8 text of base64, with the browser's and Node's own `atob`. */
function decodeBase64(blob: string): string {
  const bytes = Uint8Array.from(atob(blob), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The message of an error, for the view and for `refused` events. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Shows a tool's MCP App view: subscribe to mount it, unsubscribe to tear it down.
 *
 * @example
 * ```ts
 * const view = mcpAppView({
 *   tool,
 *   server: host.appServer('monitor'),
 *   frame: iframeAppFrame({ container, sandboxUrl }),
 *   call: { arguments: {}, events$: host.callTool('monitor_get-system-info') },
 * }).subscribe((event) => console.log(event.type));
 * // later: view.unsubscribe();
 * ```
 *
 * @param options The tool, its server, the frame, the call and the app's callbacks.
 * @returns The view's events: mounted, initialized, size, log, tool-call, refused,
 *   teardown-requested. It errors with
 *   `McpAppError` when the tool has no view or its resource is not an MCP App, or with the
 *   server's error when the resource cannot be read.
 */
export function mcpAppView(options: McpAppViewOptions): Observable<McpAppViewEvent> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const maxPending = options.maxPendingRequests ?? DEFAULT_MAX_PENDING_REQUESTS;
  return new Observable<McpAppViewEvent>((subscriber) => {
    const uri = toolViewUri(options.tool);
    if (uri === undefined) {
      subscriber.error(
        new McpAppError('no-view', options.tool.name, `The tool ${options.tool.name} has no view`),
      );
      return undefined;
    }
    const work = new Subscription();
    let closing = false;
    let pending = 0;
    let frame: McpAppFrame | undefined;
    let bridge: AppBridge | undefined;
    let initialized = false;
    // Errors already reported as refusals, so that a handler does not report them twice.
    const refusals = new WeakSet<Error>();
    const refuse = (refusal: McpAppRefusal, detail: string): Error => {
      if (!subscriber.closed) subscriber.next({ type: 'refused', refusal, detail });
      const error = new Error(detail);
      refusals.add(error);
      return error;
    };
    /**
     * Asks the app's consent callback (link, message, model context); refused as `refusal` when
     * there is none, it says no, or teardown began.
     */
    const consented = async <T>(
      consent: ((value: T) => boolean | Promise<boolean>) | undefined,
      value: T,
      refusal: McpAppRefusal,
      detail: string,
    ): Promise<Record<string, never>> => {
      if (closing || consent === undefined || !(await consent(value))) throw refuse(refusal, detail);
      return {};
    };
    /** The error a handler answers the view with: reported once, unless teardown began. */
    const refusedAs = (refusal: McpAppRefusal, subject: string, error: unknown): unknown =>
      closing || (error instanceof Error && refusals.has(error))
        ? error
        : refuse(refusal, `${subject}: ${messageOf(error)}`);

    /** Runs one request of the view: bounded in number, refused after teardown began, cancelled by it. */
    const request = <T>(source: Observable<T>, signal: AbortSignal): Promise<T> => {
      if (closing) return Promise.reject(refuse('closed', 'The view is being torn down'));
      if (pending >= maxPending) {
        return Promise.reject(refuse('flood', `More than ${maxPending} requests of the view at once`));
      }
      pending += 1;
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        const running = new Subscription();
        /** Frees the slot once; false when it was freed already. */
        const done = (): boolean => {
          if (settled) return false;
          settled = true;
          pending -= 1;
          signal.removeEventListener('abort', abort);
          work.remove(running);
          running.unsubscribe();
          return true;
        };
        const abort = (): void => {
          if (done()) reject(new Error('Cancelled'));
        };
        signal.addEventListener('abort', abort);
        work.add(running);
        // Teardown unsubscribes `work`, and so every request still running: it fails.
        running.add(() => {
          if (done()) reject(new Error('The view is being torn down'));
        });
        running.add(
          source.pipe(take(1)).subscribe({
            next: (value) => {
              if (done()) resolve(value);
            },
            error: (error: unknown) => {
              if (done()) reject(error instanceof Error ? error : new Error(String(error)));
            },
            complete: () => {
              if (done()) reject(new Error('No answer'));
            },
          }),
        );
      });
    };

    const mount = (html: string, meta: McpUiResourceMeta): void => {
      const policy = viewPolicy(meta.csp, meta.permissions);
      for (const source of policy.refused)
        refuse('csp', `The source ${source} of _meta.ui.csp is not an origin`);
      frame = options.frame({
        allow: policy.allow,
        foreignMessage: (origin) =>
          refuse('foreign-message', `A message from ${origin || 'another frame'} was ignored`),
      });
      const toolInfo = { tool: options.tool };
      const context = options.hostContext;
      const app = new AppBridge(
        null,
        options.hostInfo ?? DEFAULT_HOST_INFO,
        {
          serverTools: {},
          serverResources: {},
          logging: {},
          ...(options.openLink === undefined ? {} : { openLinks: {} }),
          ...(options.message === undefined ? {} : { message: { text: {} } }),
          ...(options.modelContext === undefined
            ? {}
            : { updateModelContext: { text: {}, structuredContent: {} } }),
          sandbox: {
            ...(meta.csp === undefined ? {} : { csp: meta.csp }),
            ...(meta.permissions === undefined ? {} : { permissions: meta.permissions }),
          },
        },
        { hostContext: { ...(isObservable(context) ? {} : context), toolInfo } },
      );
      bridge = app;
      // setHostContext() keeps the context for ui/initialize and drops the promise of the change
      // it sends: a view not connected yet (its ui/initialize carries the context) or gone must
      // not turn it into an unhandled rejection.
      const sendChange = app.sendHostContextChange.bind(app);
      app.sendHostContextChange = (params) => Promise.resolve(sendChange(params)).catch(() => undefined);
      if (isObservable(context)) {
        work.add(
          context.subscribe({
            next: (value) => {
              app.setHostContext({ ...value, toolInfo });
            },
            error: (error: unknown) => {
              subscriber.error(error);
            },
          }),
        );
      }
      app.addEventListener('sandboxready', () => {
        void app
          .sendSandboxResourceReady({
            html: withContentSecurityPolicy(html, policy.contentSecurityPolicy),
            ...(meta.csp === undefined ? {} : { csp: meta.csp }),
            ...(meta.permissions === undefined ? {} : { permissions: meta.permissions }),
          })
          .catch(() => undefined);
      });
      app.addEventListener('initialized', () => {
        if (initialized || closing) return;
        initialized = true;
        subscriber.next({ type: 'initialized', app: app.getAppVersion() });
        feed(app);
      });
      app.addEventListener('sizechange', ({ width, height }) => {
        frame?.resize?.({ width, height });
        subscriber.next({ type: 'size', width, height });
      });
      // The view asks to be closed; closing is the app's call (it unsubscribes, or keeps the view).
      app.addEventListener('requestteardown', () => {
        subscriber.next({ type: 'teardown-requested' });
      });
      app.addEventListener('loggingmessage', ({ level, data, logger }) => {
        subscriber.next({ type: 'log', level, data, ...(logger === undefined ? {} : { logger }) });
      });
      app.oncalltool = async ({ name, arguments: args }, extra) => {
        try {
          const result = await request(
            options.server.callTool(name, args).pipe(
              filter((event) => event.type === 'result'),
              map((event) => event.result),
            ),
            extra.mcpReq.signal,
          );
          if (!subscriber.closed) subscriber.next({ type: 'tool-call', name, ok: result.isError !== true });
          return result;
        } catch (error) {
          throw refusedAs('tool', name, error);
        }
      };
      app.onreadresource = async ({ uri: wanted }, extra) => {
        try {
          return await request(options.server.readResource(wanted), extra.mcpReq.signal);
        } catch (error) {
          throw refusedAs('resource', wanted, error);
        }
      };
      app.onopenlink = ({ url }) =>
        consented(options.openLink, url, 'open-link', `Opening ${url} was not allowed`);
      app.onmessage = (params) => consented(options.message, params, 'message', 'The message was not taken');
      app.onupdatemodelcontext = (params) =>
        consented(options.modelContext, params, 'model-context', 'The model context was not taken');
      app.connect(frame.transport).then(
        () => {
          subscriber.next({ type: 'mounted', uri });
        },
        (error: unknown) => {
          subscriber.error(error);
        },
      );
    };

    /** Feeds the call to the initialized view: input, partial input, then its result or cancellation. */
    const feed = (app: AppBridge): void => {
      const call = options.call;
      if (call === undefined) return;
      if (call.partialArguments$ !== undefined) {
        work.add(
          call.partialArguments$.subscribe((args) => {
            void app.sendToolInputPartial({ arguments: args }).catch(() => undefined);
          }),
        );
      }
      if (call.arguments !== undefined) {
        void app.sendToolInput({ arguments: call.arguments }).catch(() => undefined);
      }
      if (call.events$ !== undefined) {
        work.add(
          call.events$.subscribe({
            next: (event) => {
              if (event.type === 'result') void app.sendToolResult(event.result).catch(() => undefined);
            },
            error: (error: unknown) => {
              void app.sendToolCancelled({ reason: messageOf(error) }).catch(() => undefined);
            },
          }),
        );
      }
    };

    work.add(
      options.server.readResource(uri).subscribe({
        next: (result) => {
          if (frame !== undefined) return;
          try {
            const { html, meta } = viewOf(uri, result);
            mount(html, meta);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => {
          subscriber.error(error);
        },
      }),
    );

    return () => {
      closing = true;
      work.unsubscribe();
      const app = bridge;
      const mounted = frame;
      if (app === undefined || mounted === undefined) return;
      const finish = (): void => {
        void app.close().catch(() => undefined);
        mounted.remove();
      };
      if (!initialized) {
        finish();
        return;
      }
      // Detached from the subscriber, bounded: the view's answer or the timeout, then removal.
      race(
        from(app.teardownResource({})),
        boundedTimer(options.teardownTimeout ?? DEFAULT_TEARDOWN_TIMEOUT, scheduler),
      )
        .pipe(take(1))
        .subscribe({ next: finish, error: finish });
    };
  });
}
