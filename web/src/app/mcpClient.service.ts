/**
 * The page's one MCP session, as an Angular root service: the browser runs `mcpSession()` itself
 * over RxJS's `webSocket()` subject, through the relay to a server process, so the page speaks
 * MCP end to end. This is the living example of the README's Angular guide.
 *
 * Shape: `session$` emits a ready session, or `null` while there is none; when the server goes
 * away (it exited, the relay closed the socket) the status says why and the service reconnects
 * after a pause, which starts a fresh server; `restart()` does the same on demand. Everything
 * else (tools, logs, calls, tasks) derives from `session$` with `switchMap`, so it follows the
 * newest session by itself. Components read it through `toSignal()`. The server's questions
 * (`elicitation/create`) wait in `elicitations` until the user answers them.
 */
import { DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  asyncScheduler,
  BehaviorSubject,
  catchError,
  combineLatest,
  defer,
  EMPTY,
  endWith,
  Observable,
  of,
  repeat,
  scan,
  shareReplay,
  startWith,
  Subject,
  switchMap,
  take,
  tap,
  throwError,
  timer,
  type SchedulerLike,
} from 'rxjs';
import { webSocket } from 'rxjs/webSocket';
import {
  mcpSession,
  type CallToolResult,
  type Implementation,
  type JsonRpcMessage,
  type LoggingLevel,
  type LoggingMessage,
  type McpRequestEvent,
  type McpSession,
  type McpTask,
  type McpTaskEvent,
  type Tool,
} from 'rxjs-mcp-stdio/session';
import {
  iframeAppFrame,
  MCP_APPS_CAPABILITIES,
  mcpAppView,
  sessionAppServer,
  type McpAppViewEvent,
} from 'rxjs-mcp-stdio/apps';
import { Elicitations } from './elicitations';
import type { TaskCallDeps } from './taskCall';

/** The relay's WebSocket URL (token included), or `null` when the page was opened without one. */
export const MCP_RELAY_URL = new InjectionToken<string | null>('MCP_RELAY_URL');
/** The server's config name (the relay's path), for the page and its views' errors. */
export const MCP_SERVER_NAME = new InjectionToken<string>('MCP_SERVER_NAME', { factory: () => 'everything' });
/** The MCP Apps sandbox proxy's URL (another origin than the page's), or `null`: no views. */
export const MCP_APP_SANDBOX_URL = new InjectionToken<string | null>('MCP_APP_SANDBOX_URL', {
  factory: () => null,
});
/** The scheduler of the reconnect pause (a `TestScheduler` in tests). */
export const MCP_SCHEDULER = new InjectionToken<SchedulerLike>('MCP_SCHEDULER', {
  factory: () => asyncScheduler,
});
/** How long to wait before reconnecting after the server went away. */
export const RECONNECT_DELAY_MS = 1000;

/** What the status line shows. */
export type ConnectionStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'ready'; readonly server: Implementation; readonly restarts: number }
  | { readonly state: 'disconnected'; readonly reason: string; readonly reconnectInMs: number }
  | { readonly state: 'unavailable'; readonly reason: string };

/** A server log line with the time it arrived. */
export interface LogEntry extends LoggingMessage {
  /** When the page received it. */
  readonly receivedAt: Date;
}

/** How many log lines the panel keeps. */
const LOG_LINES_KEPT = 200;

/** Why a socket closed, in words. */
function describeClose(close: CloseEvent | undefined, error: unknown): string {
  if (close !== undefined) {
    const reason = close.reason === '' ? 'no reason given' : close.reason;
    return `connection closed (${close.code}: ${reason})`;
  }
  return error instanceof Error ? error.message : 'connection lost';
}

/** The page's MCP session, shared by every component. */
@Injectable({ providedIn: 'root' })
export class McpClientService {
  private readonly url = inject(MCP_RELAY_URL);
  private readonly serverName = inject(MCP_SERVER_NAME);
  private readonly sandboxUrl = inject(MCP_APP_SANDBOX_URL);
  private readonly scheduler = inject(MCP_SCHEDULER);
  private readonly restarts$ = new Subject<void>();
  private readonly level$ = new BehaviorSubject<LoggingLevel>('info');
  private readonly statusSignal = signal<ConnectionStatus>(
    this.url === null
      ? { state: 'unavailable', reason: 'No token in the page URL: open the URL the demo printed.' }
      : { state: 'connecting' },
  );
  /** How many sessions were ready so far (the status counts restarts). */
  private sessionsReady = 0;

  /** Connecting, ready (with the server's info), or disconnected (and why). */
  readonly status = this.statusSignal.asReadonly();
  /** The log level asked of the server. */
  readonly logLevel = signal<LoggingLevel>('info');
  /** The server's questions waiting for the user (the session's `elicitation` handler). */
  readonly elicitations = new Elicitations();

  /** The ready session, or `null` between sessions. Shared: one socket, one server process. */
  readonly session$: Observable<McpSession | null> = this.restarts$.pipe(
    startWith(undefined),
    switchMap(() => this.connect()),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /** The server's tools, current through `notifications/tools/list_changed` and reconnects. */
  readonly tools$: Observable<Tool[]> = this.session$.pipe(
    switchMap((session) => (session === null ? [[]] : session.tools$)),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /** The newest log lines (`notifications/message`), oldest first, across reconnects. */
  readonly logs$: Observable<readonly LogEntry[]> = this.session$.pipe(
    switchMap((session) => (session === null ? EMPTY : session.logs$)),
    scan(
      (lines: readonly LogEntry[], message) => [
        ...lines.slice(-(LOG_LINES_KEPT - 1)),
        { ...message, receivedAt: new Date() },
      ],
      [],
    ),
    startWith([]),
  );

  constructor() {
    // Asks each new session for the chosen level, and the current session for each new level.
    combineLatest([this.session$, this.level$])
      .pipe(
        switchMap(([session, level]) =>
          session === null ? EMPTY : session.setLoggingLevel(level).pipe(catchError(() => EMPTY)),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe();
  }

  /**
   * Calls a tool on the current session: progress events, then the result. Unsubscribing before
   * the result sends `notifications/cancelled`.
   */
  callTool(name: string, args: Record<string, unknown>): Observable<McpRequestEvent<CallToolResult>> {
    return this.withSession((session) => session.callTool(name, args));
  }

  /**
   * A tool's MCP App view in `container`, on the current session: mounted on subscribe, fed the
   * call's arguments and result, torn down on unsubscribe. Links open only when the user agrees;
   * the view's messages for the conversation are refused (the demo has no conversation).
   */
  appView(
    tool: Tool,
    call: { args: Readonly<Record<string, unknown>>; events$: Observable<McpRequestEvent<CallToolResult>> },
    container: HTMLElement,
  ): Observable<McpAppViewEvent> {
    const sandboxUrl = this.sandboxUrl;
    if (sandboxUrl === null) return throwError(() => new Error('No sandbox origin for views (?sandbox=)'));
    return this.withSession((session) =>
      mcpAppView({
        tool,
        server: sessionAppServer(session, this.serverName),
        frame: iframeAppFrame({ container, sandboxUrl }),
        call: { arguments: { ...call.args }, events$: call.events$ },
        hostContext: { theme: 'light', displayMode: 'inline', platform: 'web', locale: navigator.language },
        openLink: (url) => {
          if (!/^https?:\/\//.test(url) || !window.confirm(`Open ${url}?`)) return false;
          window.open(url, '_blank', 'noopener');
          return true;
        },
      }),
    );
  }

  /** `use` on the current session, or an error when there is none. */
  private withSession<T>(use: (session: McpSession) => Observable<T>): Observable<T> {
    return this.session$.pipe(
      take(1),
      switchMap((session) =>
        session === null ? throwError(() => new Error('Not connected to the server')) : use(session),
      ),
    );
  }

  /**
   * Calls a tool as a task on the current session: task events as its status changes, progress,
   * then the result. Unsubscribing before the task ended sends `tasks/cancel`.
   */
  callToolTask(name: string, args: Record<string, unknown>): Observable<McpTaskEvent<CallToolResult>> {
    return this.withSession((session) => session.callToolTask(name, args));
  }

  /** Asks the current session's server to cancel a task (`tasks/cancel`); emits its answer. */
  cancelTask(taskId: string): Observable<McpTask> {
    return this.withSession((session) => session.cancelTask(taskId));
  }

  /** What a `TaskCall` needs to run `name` as a task and cancel it. */
  taskCallDeps(name: string, args: Record<string, unknown>): TaskCallDeps {
    return {
      events$: this.callToolTask(name, args),
      cancelTask: (taskId) => this.cancelTask(taskId),
      ended: (taskId) => this.elicitations.settleTask(taskId),
    };
  }

  /** Sets the server's log level (`logging/setLevel`), now and for every later session. */
  setLogLevel(level: LoggingLevel): void {
    this.logLevel.set(level);
    this.level$.next(level);
  }

  /** Ends the current session (its server process is torn down) and starts a fresh one. */
  restart(): void {
    this.restarts$.next();
  }

  /** One session after another: a fresh socket (so a fresh server) each time the last one ends. */
  private connect(): Observable<McpSession | null> {
    const url = this.url;
    if (url === null) return of(null);
    return defer(() => {
      let closeEvent: CloseEvent | undefined;
      let failure: unknown;
      this.statusSignal.set({ state: 'connecting' });
      const socket = webSocket<JsonRpcMessage>({
        url,
        closeObserver: { next: (event) => (closeEvent = event) },
      });
      return mcpSession(socket, {
        clientInfo: { name: 'rxjs-mcp-stdio-web-demo', version: '0.1.0' },
        // This host shows MCP Apps (io.modelcontextprotocol/ui).
        capabilities: MCP_APPS_CAPABILITIES,
        elicitation: this.elicitations.handler,
      }).pipe(
        catchError((error: unknown) => {
          failure = error;
          return EMPTY;
        }),
        endWith(null),
        tap((session) => {
          if (session !== null) {
            this.statusSignal.set({
              state: 'ready',
              server: session.serverInfo,
              restarts: this.sessionsReady++,
            });
          } else {
            this.statusSignal.set({
              state: 'disconnected',
              reason: describeClose(closeEvent, failure),
              reconnectInMs: RECONNECT_DELAY_MS,
            });
          }
        }),
      );
    }).pipe(repeat({ delay: () => timer(RECONNECT_DELAY_MS, this.scheduler) }));
  }
}
