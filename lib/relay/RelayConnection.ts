/**
 * One page connection: a WebSocket and the one server process it owns, living and dying
 * together (one process carries one protocol session). A thin pipe on purpose (frames in,
 * frames out, no protocol logic), so the page speaks MCP end to end; all it adds is refusal and
 * bounds. The process is spawned only for the page's first valid message, so a bad first frame
 * starts nothing; the socket's close unsubscribes, which shuts the whole process tree down.
 */
import { timer, type Subscription } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import {
  fromStdioServer,
  StdioParamsError,
  StdioSpawnError,
  StdioWriteOverflowError,
  type StdioServerParams,
} from '../index.js';
import type { JsonRpcMessage } from '../session/index.js';
import { parseClientMessage } from './clientMessage.js';
import type { McpRelayEvent } from './McpRelayEvent.js';
import { CLOSE_HANDSHAKE_TIMEOUT_MS, SERVER_EXIT_WAIT_MS } from './relayLimits.js';

/** What a connection needs from the relay. */
export interface RelayConnectionContext {
  /** The connection's number. */
  connection: number;
  /** The server's params, from the config (command, args, env, cwd) and the operator. */
  params: StdioServerParams;
  /** Bytes allowed to wait for the page before the connection is closed with 1013. */
  maxPageBufferBytes: number;
  /** Reports an event. */
  report: (event: McpRelayEvent) => void;
}

/** The longest close reason sent, in bytes (the protocol allows 123). */
const CLOSE_REASON_BYTES = 120;

/** A close reason cut to what a close frame holds, on a character boundary. */
const closeReason = (text: string): string => {
  const bytes = Buffer.from(text);
  if (bytes.length <= CLOSE_REASON_BYTES) return text;
  return bytes
    .subarray(0, CLOSE_REASON_BYTES)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
};

/** The close code for an error the WebSocket library reports on a page's bad frame. */
function codeOfSocketError(error: Error & { code?: string }): number {
  switch (error.code) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return 1009;
    case 'WS_ERR_INVALID_UTF8':
      return 1007;
    default:
      return 1002;
  }
}

/** A page connection and its server. */
export class RelayConnection {
  /** Settles once the socket is closed and the server process (if one ran) is gone. */
  readonly done: Promise<void>;
  private server: Subscription | null = null;
  private send: ((message: JsonRpcMessage) => void) | null = null;
  /** Whether a process may be running: set on subscribe, cleared when it is reported gone. */
  private processPending = false;
  private socketOpen = true;
  /** Whether the relay already closed the socket (and reported why). */
  private closing = false;
  private readonly waits: Subscription[] = [];
  private settle: () => void = () => undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly context: RelayConnectionContext,
  ) {
    this.done = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
    ws.on('message', (data, isBinary) => {
      this.onMessage(data, isBinary);
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // The library closes the socket itself after a protocol error; report it once, as ours.
      this.reject(codeOfSocketError(error), error.message, false);
    });
    ws.on('close', (code) => {
      this.onClose(code);
    });
  }

  /** Closes the socket with `code` (the relay is shutting down) and ends the server now. */
  shutDown(code: number, reason: string): void {
    this.closing = true;
    this.endServer();
    this.closeSocket(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing || !this.socketOpen) return;
    if (isBinary) {
      this.reject(1003, 'Text frames only');
      return;
    }
    // The default binaryType ('nodebuffer') delivers a Buffer; the other shapes are handled anyway.
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(new Uint8Array(data)).toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.reject(1008, parsed.reason);
      return;
    }
    this.send ??= this.startServer();
    this.context.report({ type: 'toServer', connection: this.context.connection, message: parsed.message });
    this.send(parsed.message);
  }

  private startServer(): (message: JsonRpcMessage) => void {
    const { connection, params, report } = this.context;
    let pid = -1;
    const server$ = fromStdioServer({
      ...params,
      spawnObserver: {
        next: (spawn) => {
          pid = spawn.pid ?? -1;
          report({ type: 'spawned', connection, pid });
        },
      },
      exitObserver: {
        next: (exit) => {
          report({ type: 'serverExited', connection, pid, code: exit.code, signal: exit.signal });
          this.processGone();
        },
      },
    });
    this.processPending = true;
    this.server = server$.subscribe({
      next: (message) => {
        this.toPage(message);
      },
      error: (error: unknown) => {
        if (error instanceof StdioSpawnError || error instanceof StdioParamsError) this.processGone();
        if (error instanceof StdioWriteOverflowError) {
          this.reject(1013, 'The server is not reading: too much waiting for it');
          return;
        }
        this.closeSocket(
          1011,
          `The server failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
      complete: () => {
        this.closeSocket(1000, 'The server closed the session');
      },
    });
    return (message) => {
      server$.next(message);
    };
  }

  private toPage(message: JsonRpcMessage): void {
    if (this.closing || !this.socketOpen) return;
    if (this.ws.bufferedAmount > this.context.maxPageBufferBytes) {
      this.reject(1013, 'The page is not reading: too much waiting for it');
      return;
    }
    this.context.report({ type: 'toPage', connection: this.context.connection, message });
    this.ws.send(JSON.stringify(message));
  }

  /** Closes the connection for what the page sent or did, reported once. */
  private reject(code: number, reason: string, close = true): void {
    if (this.closing) return;
    this.closing = true;
    this.context.report({ type: 'rejected', connection: this.context.connection, code, reason });
    this.endServer();
    if (close) this.closeSocket(code, reason);
    // A page that floods (too large, too fast): read nothing more from it, so what it still
    // sends waits in its own buffers, not ours.
    if (code === 1009 || code === 1013) this.ws.pause();
  }

  private closeSocket(code: number, reason: string): void {
    this.closing = true;
    if (!this.socketOpen) return;
    this.ws.close(code, closeReason(reason));
    // A page that does not read never answers the close: stop waiting for it.
    this.waits.push(
      timer(CLOSE_HANDSHAKE_TIMEOUT_MS).subscribe(() => {
        this.ws.terminate();
      }),
    );
  }

  private endServer(): void {
    const server = this.server;
    this.server = null;
    this.send = () => undefined;
    if (server === null) return;
    server.unsubscribe();
    // The transport's shutdown is bounded; so is the wait for it to be reported.
    this.waits.push(
      timer(SERVER_EXIT_WAIT_MS).subscribe(() => {
        this.processGone();
      }),
    );
  }

  private onClose(code: number): void {
    this.socketOpen = false;
    this.context.report({ type: 'closed', connection: this.context.connection, code });
    this.endServer();
    this.trySettle();
  }

  private processGone(): void {
    this.processPending = false;
    this.trySettle();
  }

  private trySettle(): void {
    if (this.socketOpen || this.processPending) return;
    for (const wait of this.waits) wait.unsubscribe();
    this.settle();
  }
}
