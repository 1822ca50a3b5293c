import { asyncScheduler, Subscription, timer, type SchedulerLike, type Unsubscribable } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';
import { safeNext } from '../transport/connection/safeNext.js';
import { boundedTimer } from '../transport/timing/boundedTimer.js';
import type { McpTransport } from '../session/McpTransport.js';
import { claimTransport } from '../session/transportClaim.js';
import type { SdkTransport, SdkTransportOptions } from './SdkTransport.js';

/** The default of `SdkTransportOptions.exitTimeout`. */
export const DEFAULT_SDK_EXIT_TIMEOUT = 10_000;

type State = 'idle' | 'starting' | 'open' | 'closing' | 'closed';

// The SDK's Transport contract (start/send/close, callbacks) over any McpTransport; nothing here
// is stdio-specific. One state field drives it, and end() is the single way out, so onclose runs
// once and the transport's claim is released once, however the connection ends.

/**
 * The MCP SDK's `Transport` over a server subject (see `toSdkTransport()`). One instance is one
 * connection: it starts once and closes once; for a new connection make a new transport on the
 * same subject, which then spawns a fresh server. A subject carries one protocol session at a
 * time: `start()` rejects with `McpTransportInUseError` while another SDK transport or an
 * `mcpSession()` holds it.
 */
export class SdkTransportBridge implements SdkTransport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: JsonRpcMessage, extra?: unknown) => void) | undefined;

  private state: State = 'idle';
  private subscription: Unsubscribable | null = null;
  /** Gives the subject back to other protocol sessions (set by `start()`). */
  private release: () => void = () => undefined;
  /** The wait of `start()` and the bound of `close()`. */
  private readonly waits = new Subscription();
  private pendingStart: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** Why the connection ended, when an error ended it. */
  private failure: Error | null = null;
  private readonly closed: Promise<void>;
  private resolveClosed: () => void = () => undefined;
  private readonly exitTimeout: number;
  private readonly scheduler: SchedulerLike;
  /** Delivers to `onerror`; an exception thrown there is reported the RxJS way, never to us. */
  private readonly reportError = safeNext<Error>({
    next: (error) => {
      this.onerror?.(error);
    },
  });

  /**
   * @param server The server subject; the transport subscribes to it on `start()`.
   * @param options Bounds and scheduler.
   */
  constructor(
    private readonly server: McpTransport,
    options: SdkTransportOptions = {},
  ) {
    this.exitTimeout = options.exitTimeout ?? DEFAULT_SDK_EXIT_TIMEOUT;
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  /**
   * Subscribes to the server, which spawns it. Resolves one turn of the scheduler later, so that
   * a spawn that fails (a command not found, a bad working directory) rejects `start()`, and
   * with it `Client.connect()`, with the spawn error. Rejects when called a second time.
   */
  start(): Promise<void> {
    if (this.state !== 'idle') {
      return Promise.reject(
        new Error(
          this.state === 'closed'
            ? 'the transport is closed; make a new one with toSdkTransport() to connect again'
            : 'the transport is already started (Client.connect() starts it)',
        ),
      );
    }
    try {
      this.release = claimTransport(
        this.server,
        'a toSdkTransport() connection',
        'Connect one SDK Client per fromStdioServer() subject (each subject is one server process), ' +
          'or close the other connection first.',
      );
    } catch (error) {
      return Promise.reject(asError(error));
    }
    this.state = 'starting';
    const started = new Promise<void>((resolve, reject) => {
      this.pendingStart = { resolve, reject };
    });
    const subscription = this.server.subscribe({
      next: (message) => {
        this.deliver(message);
      },
      error: (error: unknown) => {
        this.end(asError(error));
      },
      complete: () => {
        this.end(null);
      },
    });
    // The subscription may have ended the connection already (a bad param, a failed spawn).
    if (this.hasEnded()) {
      subscription.unsubscribe();
    } else {
      this.subscription = subscription;
      this.waits.add(
        timer(0, this.scheduler).subscribe(() => {
          if (this.state === 'starting') this.state = 'open';
          const pending = this.pendingStart;
          this.pendingStart = null;
          pending?.resolve();
        }),
      );
    }
    return started;
  }

  /**
   * Hands one message to the server subject, which writes it to stdin (or queues it until the
   * process runs). Rejects when the transport is not started or has ended, and with the reason
   * when the message cannot be sent (the subject then ends the connection too).
   *
   * @param message The JSON-RPC message.
   */
  send(message: JsonRpcMessage): Promise<void> {
    if (this.state !== 'starting' && this.state !== 'open') {
      return Promise.reject(new Error('Not connected'));
    }
    // A message the serializer rejects fails this send only; handed to the subject it could end
    // the whole connection.
    try {
      JSON.stringify(message);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    try {
      this.server.next(message);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    // next() may have ended the connection (a message that cannot be serialized).
    if (this.hasEnded()) {
      return Promise.reject(this.failure ?? new Error('Not connected'));
    }
    return Promise.resolve();
  }

  /**
   * Says goodbye: `complete()` on the subject closes the server's stdin, and the subject's
   * shutdown sequence takes it from there (SIGTERM, then SIGKILL to the process tree). Resolves
   * once the server has exited and `onclose` has run, or after `exitTimeout`, when the transport
   * unsubscribes and lets the shutdown finish in the background. Idempotent.
   */
  close(): Promise<void> {
    switch (this.state) {
      case 'idle':
        this.end(null);
        break;
      case 'starting':
      case 'open': {
        this.state = 'closing';
        const pending = this.pendingStart;
        this.pendingStart = null;
        pending?.reject(new Error('the transport was closed before it started'));
        this.waits.add(
          boundedTimer(this.exitTimeout, this.scheduler).subscribe(() => {
            this.subscription?.unsubscribe();
            this.end(null);
          }),
        );
        try {
          this.server.complete();
        } catch (error) {
          this.subscription?.unsubscribe();
          this.end(asError(error));
        }
        break;
      }
      case 'closing':
      case 'closed':
        break;
    }
    return this.closed;
  }

  /** Whether the connection has ended; a method, as callbacks change the state under the caller. */
  private hasEnded(): boolean {
    return this.state === 'closed';
  }

  private deliver(message: JsonRpcMessage): void {
    if (this.hasEnded()) return;
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.reportError(asError(error));
    }
  }

  /** The one way the connection ends: report the error, settle `start()`, `onclose` once. */
  private end(error: Error | null): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.failure = error;
    this.subscription = null;
    this.waits.unsubscribe();
    this.release();
    if (error !== null) this.reportError(error);
    const pending = this.pendingStart;
    this.pendingStart = null;
    pending?.reject(error ?? new Error('the server ended the connection before the transport started'));
    try {
      this.onclose?.();
    } catch (thrown) {
      this.reportError(asError(thrown));
    }
    this.resolveClosed();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
