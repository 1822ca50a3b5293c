import type { JsonRpcMessage } from '../session/index.js';

/**
 * Something the relay did, for logs and tests. Every refusal is reported exactly once: an HTTP
 * request or upgrade as `refused` (with the status sent), a page connection closed for what it
 * sent or did as `rejected` (with the close code sent).
 */
export type McpRelayEvent =
  | {
      /** The relay listens beyond loopback (`dangerouslyListenBeyondLoopback`). */
      type: 'warning';
      /** What the operator should know. */
      message: string;
    }
  | {
      /** An HTTP request or WebSocket upgrade was answered with an error status. */
      type: 'refused';
      /** The status sent. */
      status: number;
      /** Why. */
      reason: string;
    }
  | {
      /** A page connection was accepted. */
      type: 'connected';
      /** The connection's number, from 1. */
      connection: number;
      /** The config name of the server it asked for. */
      server: string;
    }
  | {
      /** The connection's server process runs. */
      type: 'spawned';
      /** The connection. */
      connection: number;
      /** The process id. */
      pid: number;
    }
  | {
      /** A page message went to the server. */
      type: 'toServer';
      /** The connection. */
      connection: number;
      /** The message. */
      message: JsonRpcMessage;
    }
  | {
      /** A server message went to the page. */
      type: 'toPage';
      /** The connection. */
      connection: number;
      /** The message. */
      message: JsonRpcMessage;
    }
  | {
      /** The relay closed a page connection for what the page sent or did. */
      type: 'rejected';
      /** The connection. */
      connection: number;
      /** The WebSocket close code sent: 1003, 1007, 1008, 1009, 1013 or 1002. */
      code: number;
      /** Why. */
      reason: string;
    }
  | {
      /** The connection's server process exited. */
      type: 'serverExited';
      /** The connection. */
      connection: number;
      /** Its process id. */
      pid: number;
      /** Its exit code, or `null`. */
      code: number | null;
      /** The signal that ended it, or `null`. */
      signal: string | null;
    }
  | {
      /** A page connection ended. */
      type: 'closed';
      /** The connection. */
      connection: number;
      /** The close code (1006 when the socket dropped without one). */
      code: number;
    };

/**
 * One line for a log, or `null` for the events too frequent to log (messages, connections).
 *
 * @param event The event.
 * @returns The line, or `null`.
 */
export function describeRelayEvent(event: McpRelayEvent): string | null {
  switch (event.type) {
    case 'warning':
      return `warning: ${event.message}`;
    case 'refused':
      return `refused: ${event.status} ${event.reason}`;
    case 'rejected':
      return `connection ${event.connection}: closed with ${event.code}: ${event.reason}`;
    case 'spawned':
      return `connection ${event.connection}: server pid ${event.pid}`;
    case 'serverExited':
      return `connection ${event.connection}: server pid ${event.pid} exited (${event.signal ?? String(event.code)})`;
    default:
      return null;
  }
}
