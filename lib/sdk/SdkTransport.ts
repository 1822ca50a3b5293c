import type { SchedulerLike } from 'rxjs';
import type { JsonRpcMessage } from '../transport/JsonRpcMessage.js';

/**
 * The `Transport` interface of the MCP TypeScript SDK (v1 `@modelcontextprotocol/sdk` and v2
 * `@modelcontextprotocol/client`), written out structurally so that this entry needs neither SDK
 * at runtime nor at compile time. Only the members a stdio transport uses are declared; the
 * HTTP-only ones (`sessionId`, `setProtocolVersion`, `hasPerRequestStream`, …) stay absent, as
 * in the SDKs' own `StdioClientTransport`.
 */
export interface SdkTransport {
  /** Starts the connection; `Client.connect()` calls it. */
  start(): Promise<void>;
  /**
   * Sends one JSON-RPC message. The SDK's send options (`relatedRequestId`, resumption tokens,
   * per-request signals) concern HTTP transports; stdio has one channel and ignores them.
   */
  send(message: JsonRpcMessage): Promise<void>;
  /** Ends the connection. */
  close(): Promise<void>;
  /** Called once when the connection has ended, for whatever reason. */
  onclose?: (() => void) | undefined;
  /** Called for each error of the connection. */
  onerror?: ((error: Error) => void) | undefined;
  /** Called for each message from the server. */
  onmessage?: ((message: JsonRpcMessage, extra?: unknown) => void) | undefined;
}

/** Options of `toSdkTransport()`. */
export interface SdkTransportOptions {
  /**
   * How long `close()` waits, in ms, for the server to exit after the goodbye before it stops
   * waiting and unsubscribes; the server's own shutdown sequence goes on in the background.
   * Default 10000, longer than a whole shutdown with the default timeouts of `fromStdioServer()`.
   */
  exitTimeout?: number;
  /** The scheduler of the waits of `start()` and `close()`. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}
