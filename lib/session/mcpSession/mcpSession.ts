import { asyncScheduler, Observable, ReplaySubject, share, Subject, Subscription } from 'rxjs';
import { boundedTimer } from '../../transport/timing/boundedTimer.js';
import { InitializeResultSchema } from '../schemas/mcpSchemas.js';
import { clientCapabilities } from '../clientCapabilities.js';
import { clientRequestHandler } from '../clientRequestHandler.js';
import { createSession } from './createSession.js';
import { McpPeer } from '../McpPeer.js';
import { McpProtocolError } from '../McpProtocolError.js';
import type { McpServerRequestError } from '../McpServerRequestError.js';
import type { McpSession } from './McpSessionApi.js';
import { McpSessionClosedError } from '../McpSessionClosedError.js';
import {
  DEFAULT_CLIENT_INFO,
  DEFAULT_MAX_LIST_PAGES,
  DEFAULT_REQUEST_TIMEOUT,
  type McpSessionOptions,
} from '../McpSessionOptions.js';
import type { McpTransport } from '../McpTransport.js';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '../protocolVersions.js';
import { RootsSource } from '../RootsSource.js';
import { clientTaskHandler } from '../tasks/clientTasks.js';
import { claimTransport } from '../transportClaim.js';

// mcpSession() is one connection (connectSession: a transport subscription, a peer, a handshake)
// multicast with RxJS's share(): a ReplaySubject(1) hands the one ready session to every
// subscriber, and share's resets give the lifecycle (the last one out ends it, after keepAlive;
// an error or a completion lets the next subscriber start afresh).

/**
 * An MCP client session over a transport, as a multicast Observable. The first subscriber
 * subscribes the transport (for `fromStdioServer()`: spawns the server), sends `initialize`
 * (client info, capabilities from the options, protocol version), then
 * `notifications/initialized`; every subscriber, during the handshake or after it, gets the one
 * ready `McpSession` (one id space, one server). When the last subscriber leaves (and
 * `keepAlive` has passed), the session ends: pending requests fail with `McpSessionClosedError`
 * and the transport is unsubscribed (for `fromStdioServer()`: the server is shut down). A
 * subscription after the end starts a fresh server and handshake, so `retry()` and `repeat()`
 * restart. The Observable completes when the server closes the connection and errors with the
 * transport's error.
 *
 * A failed handshake errors: with the server's `McpError`, an `McpTimeoutError` after
 * `requestTimeout`, or an `McpProtocolError` (malformed answer, unsupported protocol version).
 * A transport carries one protocol session at a time: a second `mcpSession()` Observable (or an
 * SDK transport) on a transport in use errors with `McpTransportInUseError`; share the
 * Observable instead.
 *
 * @example
 * ```ts
 * const server$ = fromStdioServer({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] });
 * const session$ = mcpSession(server$, { clientInfo: { name: 'my-app', version: '1.0.0' } });
 * session$.pipe(switchMap((session) => session.tools$)).subscribe((tools) => console.log(tools.map((t) => t.name)));
 * ```
 *
 * @param server The transport, e.g. `fromStdioServer(params)`.
 * @param options Client info, timeouts, keepAlive, roots and handlers of the server's requests.
 * @returns A multicast Observable of one ready session.
 */
export function mcpSession(server: McpTransport, options: McpSessionOptions = {}): Observable<McpSession> {
  const keepAlive = options.keepAlive ?? 0;
  const scheduler = options.scheduler ?? asyncScheduler;
  return connectSession(server, options).pipe(
    share({
      connector: () => new ReplaySubject<McpSession>(1),
      resetOnError: true,
      resetOnComplete: true,
      resetOnRefCountZero: keepAlive > 0 ? () => boundedTimer(keepAlive, scheduler) : true,
    }),
  );
}

/**
 * One connection: subscribes the transport, runs the handshake, emits the ready session, and
 * ends it on unsubscribe. Unicast; `mcpSession()` shares it.
 *
 * @param server The transport.
 * @param options The session's options.
 * @returns An Observable of one session per subscription.
 */
function connectSession(server: McpTransport, options: McpSessionOptions): Observable<McpSession> {
  return new Observable<McpSession>((subscriber) => {
    let release: () => void;
    try {
      release = claimTransport(
        server,
        'an mcpSession()',
        'Share one mcpSession() Observable (it is multicast: every subscriber gets the same session), ' +
          'or give each session its own fromStdioServer() subject.',
      );
    } catch (error) {
      subscriber.error(error);
      return;
    }
    const requestTimeout = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;
    const roots = options.roots === undefined ? null : new RootsSource(options.roots);
    const peerScheduler = options.scheduler ?? asyncScheduler;
    const capabilities = clientCapabilities(options);
    const serverRequestErrors = new Subject<McpServerRequestError>();
    const clientTasks = clientTaskHandler(
      capabilities,
      clientRequestHandler(options, roots, capabilities, serverRequestErrors),
      peerScheduler,
    );
    const peer = new McpPeer(server, {
      scheduler: peerScheduler,
      requestTimeout,
      handleRequest: clientTasks.handleRequest,
    });
    const subscription = new Subscription(release);
    subscription.add(clientTasks.close);
    subscription.add(() => {
      serverRequestErrors.complete();
    });
    let initialized = false;
    // The claim goes before the subscriber hears the end: retry() and repeat() resubscribe
    // from inside error() and complete(), before this subscription's teardown runs.
    const fail = (error: unknown): void => {
      release();
      subscriber.error(error);
    };

    subscription.add(
      server.subscribe({
        next: (message) => {
          peer.receive(message);
        },
        error: (error: unknown) => {
          peer.close(error);
          fail(error);
        },
        complete: () => {
          peer.close(new McpSessionClosedError('The MCP server closed the connection'));
          release();
          subscriber.complete();
        },
      }),
    );
    if (roots !== null) {
      subscription.add(
        roots.connect(() => {
          if (initialized) peer.notify('notifications/roots/list_changed');
        }),
      );
    }
    const params = {
      protocolVersion: options.protocolVersion ?? LATEST_PROTOCOL_VERSION,
      capabilities,
      clientInfo: options.clientInfo ?? DEFAULT_CLIENT_INFO,
    };
    subscription.add(
      peer
        .request('initialize', params, InitializeResultSchema, {
          timeout: requestTimeout,
          cancellable: false,
        })
        .subscribe({
          next: (init) => {
            if (!SUPPORTED_PROTOCOL_VERSIONS.includes(init.protocolVersion)) {
              fail(
                new McpProtocolError(
                  'initialize',
                  `The server's protocol version ${init.protocolVersion} is not supported (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
                ),
              );
              return;
            }
            peer.notify('notifications/initialized');
            initialized = true;
            subscriber.next(
              createSession(
                peer,
                init,
                { maxListPages: options.maxListPages ?? DEFAULT_MAX_LIST_PAGES },
                peerScheduler,
                serverRequestErrors.asObservable(),
              ),
            );
          },
          error: (error: unknown) => {
            fail(error);
          },
        }),
    );
    return () => {
      peer.close();
      subscription.unsubscribe();
    };
  });
}
