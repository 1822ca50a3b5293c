/**
 * The host: many servers from one config as one multicast Observable of plain state. Each server
 * runs under its own supervisor (superviseServer.ts); this module only diffs configs against
 * what runs, assembles the state (catalog included) and routes tool calls. A config change
 * touches only the servers whose definition changed, so the rest keep their processes.
 */
import {
  asyncScheduler,
  defer,
  distinctUntilChanged,
  filter,
  isObservable,
  map,
  Observable,
  of,
  raceWith,
  ReplaySubject,
  share,
  Subscription,
  switchMap,
  take,
  throwError,
} from 'rxjs';
import { fromStdioServer } from '../transport/fromStdioServer.js';
import { boundedTimer } from '../transport/timing/boundedTimer.js';
import type { McpSession } from '../session/index.js';
import type { McpAppServer } from '../session/McpAppServer.js';
import type { McpRequestEvent } from '../session/McpRequestEvent.js';
import type { McpRequestOptions } from '../session/McpRequestOptions.js';
import type { CallToolResult, Tool } from '../session/McpTypes.js';
import { buildCatalog } from './buildCatalog.js';
import {
  McpConfigError,
  parseMcpServersConfig,
  type McpServerDefinition,
  type McpServerDefinitions,
  type McpServersConfig,
} from '../config/index.js';
import { McpHostError } from './McpHostError.js';
import type { McpHostOptions } from './McpHostOptions.js';
import type { McpHostState, McpServerState } from './McpHostState.js';
import { resolveRestartPolicy } from './McpRestartPolicy.js';
import { routeAppCall, routeToolCall, type ToolRoute } from './routeToolCall.js';
import { superviseServer, type McpHostConnect, type SupervisorContext } from './superviseServer.js';

/** A config as `mcpHost()` takes it: as written in a file, or as `readMcpServersConfig()` returns it. */
export type McpHostConfig = McpServersConfig | McpServerDefinitions;

/** The default of `McpHostOptions.callReadyTimeout`. */
export const DEFAULT_CALL_READY_TIMEOUT = 30_000;

/**
 * A running host: an Observable of its state (multicast: every subscriber shares the same
 * servers, a late one gets the current state at once) with a tool-call router.
 */
export interface McpHost extends Observable<McpHostState> {
  /**
   * Calls a tool of the catalog by its qualified name (`server_tool`): emits progress events,
   * then `{ type: 'result', result }`, like the session's `callTool`; unsubscribing cancels it on
   * the server. The call keeps the host subscribed while it runs.
   *
   * A server that is starting or restarting is waited for, up to `callReadyTimeout`; a name no
   * server offers, an ambiguous one, or a server that is failed, stopped, disabled or
   * unsupported fails at once. All of those are `McpHostError`s. A call is never retried: if the
   * server crashes during it, the call fails with the session's error.
   *
   * @example
   * ```ts
   * host.callTool('everything_echo', { message: 'hi' }).pipe(last()).subscribe((event) => console.log(event));
   * ```
   *
   * @param name The qualified name.
   * @param args The tool's arguments.
   * @param options The request's timeouts.
   * @returns Progress events, then one result event.
   */
  callTool(
    name: string,
    args?: Record<string, unknown>,
    options?: McpRequestOptions<CallToolResult>,
  ): Observable<McpRequestEvent<CallToolResult>>;
  /**
   * One server as its own MCP App views reach it (give it to `mcpAppView()` of
   * `rxjs-mcp-stdio/apps`): its live tools, calls by the server's own tool names limited to tools
   * whose visibility includes `"app"` (the app-only tools the catalog leaves out included; a
   * model-only tool fails with `'not-for-apps'`), and resource reads. Like `callTool()`, each
   * request waits for a starting server and holds the host while it runs.
   *
   * @example
   * ```ts
   * host.appServer('monitor').callTool('poll-system-stats').subscribe((event) => console.log(event));
   * ```
   *
   * @param server The server's config name.
   * @returns That server's side for its views.
   */
  appServer(server: string): McpHostAppServer;
}

/** One server of a host as its MCP App views reach it (`McpHost.appServer()`): its config name, its calls and reads, and its tools. */
export interface McpHostAppServer extends McpAppServer {
  /** Its tools while ready, all of them (app-only ones included), else `[]`; holds the host while subscribed. */
  readonly tools$: Observable<readonly Tool[]>;
}

/** The state plus the ready sessions, shared inside the host. */
interface HostSnapshot {
  state: McpHostState;
  sessions: ReadonlyMap<string, McpSession>;
}

/** A server the host runs, with what it was started from. */
interface RunningServer {
  key: string;
  latest: McpServerState;
  session: McpSession | null;
  subscription: Subscription;
}

/**
 * Runs the MCP servers of a config and emits the host's live state: each server's status
 * (`starting`, `ready`, `restarting`, `failed`, `stopped`, `disabled`, `unsupported`) and lists,
 * one tool catalog (`server_tool`), config problems. Nothing starts before the first subscriber;
 * when the last one leaves, every server is shut down at once, each within its own bounds.
 *
 * Given an Observable of configs, each new config is applied as a diff: added servers start,
 * removed ones shut down, changed ones (command, args, env, cwd, disabled, transport) restart,
 * the others are not touched. A config that is not valid is reported in `configError` and the
 * servers keep running as they were. Variables (`${env:NAME}`) are not expanded here; read files
 * with `readMcpServersConfig()`, which does.
 *
 * @example
 * ```ts
 * const host = mcpHost({ mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } } });
 * host.subscribe((state) => console.log(Object.values(state.servers).map((s) => `${s.name}: ${s.status}`)));
 * ```
 *
 * @param config A config, or an Observable of configs (the file, re-read on each edit).
 * @param options Restart policy, health check, naming, session options, scheduler.
 * @returns The host.
 */
export function mcpHost(
  config: McpHostConfig | Observable<McpHostConfig>,
  options: McpHostOptions = {},
): McpHost {
  const scheduler = options.scheduler ?? asyncScheduler;
  const naming = options.toolNames ?? {};
  const context: SupervisorContext = {
    scheduler,
    policy: resolveRestartPolicy(options.restart),
    healthCheck: options.healthCheck,
    sessionOptions: { ...options.session, scheduler },
    connect: options.connect ?? defaultConnect(options),
  };
  const configs$ = isObservable(config) ? config : of(config);

  const snapshots$ = new Observable<HostSnapshot>((subscriber) => {
    const running = new Map<string, RunningServer>();
    let configError: McpConfigError | null = null;
    let applying = false;

    const publish = (): void => {
      if (applying) return;
      const servers: Record<string, McpServerState> = {};
      const sessions = new Map<string, McpSession>();
      for (const [name, server] of running) {
        servers[name] = server.latest;
        if (server.session !== null) sessions.set(name, server.session);
      }
      const catalog = buildCatalog(
        [...running.values()].map((s) => s.latest),
        naming,
      );
      subscriber.next({ state: { servers, ...catalog, configError }, sessions });
    };

    const apply = (next: McpHostConfig): void => {
      let definitions: McpServerDefinitions;
      try {
        definitions = next instanceof Map ? next : parseMcpServersConfig(next);
      } catch (error) {
        configError =
          error instanceof McpConfigError
            ? error
            : new McpConfigError([{ server: undefined, field: '', message: String(error) }]);
        publish();
        return;
      }
      configError = null;
      applying = true;
      const previous = new Map(running);
      running.clear();
      for (const [name, definition] of definitions) {
        const key = definitionKey(definition);
        const kept = previous.get(name);
        if (kept?.key === key) {
          previous.delete(name);
          running.set(name, kept);
          continue;
        }
        running.set(name, startServer(name, definition, key));
      }
      // Removed and changed servers: each shutdown runs detached, in parallel, within its bounds.
      for (const server of previous.values()) server.subscription.unsubscribe();
      applying = false;
      publish();
    };

    const startServer = (name: string, definition: McpServerDefinition, key: string): RunningServer => {
      const server: RunningServer = {
        key,
        latest: { name, definition, status: 'starting', attempt: 1, tools: [], prompts: [], resources: [] },
        session: null,
        subscription: new Subscription(),
      };
      server.subscription.add(
        superviseServer(name, definition, context).subscribe(({ state, session }) => {
          server.latest = state;
          server.session = session;
          // A server being replaced may still emit while it stops: only the current one counts.
          if (running.get(name) === server) publish();
        }),
      );
      return server;
    };

    const configSubscription = configs$.subscribe({
      next: apply,
      error: (error: unknown) => {
        subscriber.error(error);
      },
    });
    return () => {
      configSubscription.unsubscribe();
      for (const server of running.values()) server.subscription.unsubscribe();
      running.clear();
    };
  }).pipe(
    share({
      connector: () => new ReplaySubject<HostSnapshot>(1),
      resetOnError: true,
      resetOnComplete: true,
      resetOnRefCountZero: true,
    }),
  );

  const state$ = snapshots$.pipe(map((snapshot) => snapshot.state));
  const readyTimeout = options.callReadyTimeout ?? DEFAULT_CALL_READY_TIMEOUT;

  /**
   * Runs `use` on the session a route leads to: waits (up to `callReadyTimeout`) while the route
   * is `wait`, fails with the route's error, and holds the host for the whole run, so a caller
   * with no other subscription keeps its server.
   */
  const routed = <T>(
    name: string,
    route: (snapshot: HostSnapshot) => ToolRoute,
    use: (target: Extract<ToolRoute, { kind: 'call' }>) => Observable<T>,
  ): Observable<T> =>
    new Observable<T>((subscriber) => {
      const hold = snapshots$.subscribe({
        error: (error: unknown) => {
          subscriber.error(error);
        },
      });
      let waitingFor: string | undefined;
      const call = defer(() =>
        snapshots$.pipe(
          map(route),
          filter((next): next is Exclude<ToolRoute, { kind: 'wait' }> => {
            if (next.kind !== 'wait') return true;
            waitingFor = next.server;
            return false;
          }),
          take(1),
          // Not RxJS timeout(): its wait must fit a host timer (see boundedTimer).
          raceWith(
            boundedTimer(readyTimeout, scheduler).pipe(
              switchMap(() =>
                throwError(
                  () =>
                    new McpHostError(
                      'not-ready',
                      name,
                      `The server ${waitingFor ?? '(unknown)'} was not ready within ${readyTimeout} ms`,
                      waitingFor,
                    ),
                ),
              ),
            ),
          ),
          switchMap((next) => (next.kind === 'fail' ? throwError(() => next.error) : use(next))),
        ),
      ).subscribe(subscriber);
      return () => {
        call.unsubscribe();
        hold.unsubscribe();
      };
    });

  const callTool: McpHost['callTool'] = (name, args, requestOptions) =>
    routed(
      name,
      ({ state, sessions }) => routeToolCall(state, sessions, name, naming),
      (route) => route.session.callTool(route.tool, args, requestOptions),
    );

  const appServer: McpHost['appServer'] = (server) => ({
    name: server,
    tools$: state$.pipe(
      map((state) =>
        Object.prototype.hasOwnProperty.call(state.servers, server) ? state.servers[server].tools : [],
      ),
      distinctUntilChanged(),
    ),
    callTool: (tool, args, requestOptions) =>
      routed(
        tool,
        ({ state, sessions }) => routeAppCall(state, sessions, server, tool, tool),
        (route) => route.session.callTool(route.tool, args, requestOptions),
      ),
    readResource: (uri, requestOptions) =>
      routed(
        uri,
        ({ state, sessions }) => routeAppCall(state, sessions, server, undefined, uri),
        (route) => route.session.readResource(uri, requestOptions),
      ),
  });

  return Object.assign(state$, { callTool, appServer });
}

/** What decides whether a server must restart when the config changes. */
function definitionKey(definition: McpServerDefinition): string {
  if (definition.kind !== 'stdio') return JSON.stringify(definition);
  const env = Object.keys(definition.env)
    .sort()
    .map((key) => [key, definition.env[key]]);
  return JSON.stringify([definition.kind, definition.command, definition.args, env, definition.cwd ?? null]);
}

/** `fromStdioServer()` for each start, with the host's shutdown bounds, stderr and scheduler. */
function defaultConnect(options: McpHostOptions): McpHostConnect {
  return (name, server, onSpawn) =>
    fromStdioServer({
      command: server.command,
      args: server.args,
      env: server.env,
      ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
      ...(options.shutdown === undefined ? {} : { shutdown: options.shutdown }),
      ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
      stderr: options.stderr?.(name) ?? { next: () => undefined },
      spawnObserver: {
        next: ({ pid }) => {
          if (pid !== undefined) onSpawn(pid);
        },
      },
    });
}
