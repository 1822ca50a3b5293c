/**
 * The relay: each browser WebSocket that passes the gate gets its own MCP server process, and
 * the socket and the process live and die together. It is a thin pipe on purpose (frames in,
 * frames out, no protocol logic) so that the browser really speaks MCP end to end; all it adds
 * is refusal. The server's command is fixed here, on the Node side; a client can only send
 * JSON-RPC messages, and a process is spawned only for the first valid one, so a refused
 * connection or a bad first frame never starts anything.
 *
 * What happens is published on `events$` (refusals, spawns with pids, every frame forwarded to
 * the server, closes), which is how the tests count spawns and see cancellations arrive.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Subject, type Observable, type Subscription } from 'rxjs';
import { fromStdioServer, type JsonRpcMessage, type StdioServerParams } from 'rxjs-mcp-stdio';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseClientMessage } from './clientMessage.js';
import { checkUpgrade, type Refusal } from './relayGate.js';

/** How the relay is set up. Only `server` and `token` are required. */
export interface McpRelayOptions {
  /** The one server every connection runs, fixed on the Node side (never from the client). */
  server: StdioServerParams;
  /** The per-run secret a client must give as `?token=`; make it with `createRelayToken()`. */
  token: string;
  /** The WebSocket endpoint's path. Default `'/mcp'`. */
  path?: string;
  /** Largest WebSocket message accepted from a client, in bytes. Default 1 MiB. */
  maxFrameLength?: number;
  /** Most sockets (so server processes) at once; more are refused with 503. Default 4. */
  maxConnections?: number;
}

/** Something the relay did, for logs and tests. */
export type McpRelayEvent =
  | { type: 'refused'; status: number; reason: string }
  | { type: 'connected'; connection: number }
  | { type: 'spawned'; connection: number; pid: number }
  | { type: 'toServer'; connection: number; message: JsonRpcMessage }
  | { type: 'toPage'; connection: number; message: JsonRpcMessage }
  | { type: 'rejected'; connection: number; code: number; reason: string }
  | { type: 'serverExited'; connection: number; pid: number; code: number | null; signal: string | null }
  | { type: 'closed'; connection: number; code: number };

/** A relay attached to an HTTP server. */
export interface McpRelay {
  /** Everything the relay does, as it happens. */
  readonly events$: Observable<McpRelayEvent>;
  /** Closes every socket; resolves once every server process it started has exited. */
  close(): Promise<void>;
}

/** The WebSocket close reason is at most 123 bytes. */
const closeReason = (text: string): string => Buffer.from(text).subarray(0, 120).toString('utf8');

/**
 * Attaches the relay to `http`'s `upgrade` event. Every upgrade goes through `checkUpgrade`
 * (loopback `Host` and `Origin` at the server's own port, the path, the token); a refusal is an
 * HTTP status and nothing else.
 */
export function attachMcpRelay(http: Server, options: McpRelayOptions): McpRelay {
  const path = options.path ?? '/mcp';
  const maxConnections = options.maxConnections ?? 4;
  const events = new Subject<McpRelayEvent>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameLength ?? 1024 * 1024 });
  const running = new Map<number, Promise<void>>();
  let nextConnection = 1;

  const refuse = (socket: Duplex, refusal: Refusal): void => {
    events.next({ type: 'refused', ...refusal });
    const body = `${refusal.reason}\n`;
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const address = http.address();
    const port = typeof address === 'object' && address !== null ? address.port : -1;
    const refusal =
      checkUpgrade(request, port, path, options.token) ??
      (running.size >= maxConnections ? { status: 503, reason: 'Too many connections' } : null);
    if (refusal !== null) {
      refuse(socket, refusal);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const connection = nextConnection++;
      running.set(connection, serve(ws, connection));
    });
  };

  /** One socket's life; the promise settles when the socket is closed and its server is gone. */
  const serve = (ws: WebSocket, connection: number): Promise<void> =>
    new Promise<void>((resolve) => {
      events.next({ type: 'connected', connection });
      let server$: ReturnType<typeof fromStdioServer> | undefined;
      let subscription: Subscription | undefined;
      let serverGone = true;
      let pid = -1;
      let socketGone = false;
      const settle = (): void => {
        if (serverGone && socketGone) {
          running.delete(connection);
          resolve();
        }
      };
      const start = (): ReturnType<typeof fromStdioServer> => {
        const server = fromStdioServer({
          ...options.server,
          spawnObserver: {
            next: (spawn) => {
              serverGone = false;
              pid = spawn.pid ?? -1;
              events.next({ type: 'spawned', connection, pid });
              options.server.spawnObserver?.next(spawn);
            },
          },
          exitObserver: {
            next: (exit) => {
              events.next({ type: 'serverExited', connection, pid, code: exit.code, signal: exit.signal });
              options.server.exitObserver?.next(exit);
              serverGone = true;
              settle();
            },
          },
        });
        subscription = server.subscribe({
          next: (frame) => {
            events.next({ type: 'toPage', connection, message: frame });
            ws.send(JSON.stringify(frame));
          },
          error: (error: unknown) => {
            ws.close(
              1011,
              closeReason(`The server failed: ${error instanceof Error ? error.message : String(error)}`),
            );
          },
          complete: () => {
            ws.close(1000, 'The server closed the connection');
          },
        });
        return server;
      };
      const reject = (code: number, reason: string): void => {
        events.next({ type: 'rejected', connection, code, reason });
        ws.close(code, closeReason(reason));
      };

      ws.on('message', (data, isBinary) => {
        if (ws.readyState !== ws.OPEN) return;
        if (isBinary) {
          reject(1003, 'Text frames only');
          return;
        }
        const parsed = parseClientMessage(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
        if (!parsed.ok) {
          reject(1008, parsed.reason);
          return;
        }
        server$ ??= start();
        events.next({ type: 'toServer', connection, message: parsed.message });
        server$.next(parsed.message);
      });
      ws.on('error', (error) => {
        // ws reports an oversized frame here, then closes the socket with 1009.
        events.next({ type: 'rejected', connection, code: 1009, reason: error.message });
      });
      ws.on('close', (code) => {
        events.next({ type: 'closed', connection, code });
        subscription?.unsubscribe();
        socketGone = true;
        settle();
      });
    });

  http.on('upgrade', onUpgrade);
  return {
    events$: events.asObservable(),
    close: async () => {
      http.off('upgrade', onUpgrade);
      for (const ws of sockets.clients) ws.close(1001, 'The relay is shutting down');
      await Promise.all(running.values());
      sockets.close();
      events.complete();
    },
  };
}
