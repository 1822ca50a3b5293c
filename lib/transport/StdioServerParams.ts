import type { StdioSignal } from './process/StdioChildProcess.js';
import type { NextObserver, SchedulerLike } from 'rxjs';
import type { JsonRpcMessage } from './JsonRpcMessage.js';
import type { MalformedFrame } from './MalformedFrame.js';
import type { StdioSpawn } from './process/StdioChildProcess.js';

/** Text encodings that keep `\n` a single byte that never occurs inside another character. */
export type StdioEncoding = 'utf-8' | 'utf8' | 'latin1' | 'ascii';

/**
 * What to do with bytes that are not valid in the encoding (names follow Python's codecs):
 * `'strict'` skips the whole line and reports it, `'replace'` puts U+FFFD in their place,
 * `'ignore'` drops them.
 */
export type StdioEncodingErrorHandler = 'strict' | 'replace' | 'ignore';

/** Bounds of the shutdown sequence, in milliseconds of `params.scheduler` time. */
export interface StdioShutdownOptions {
  /** How long to wait for the server to exit after its stdin is closed. Default 2000. */
  closeTimeout?: number;
  /** How long to wait for the process tree to exit after SIGTERM, before SIGKILL. Default 2000. */
  termTimeout?: number;
}

/** What `exitObserver` receives once the server process has exited. */
export interface StdioExitEvent {
  /** The exit code, or `null` if a signal ended the process. */
  code: number | null;
  /** The signal that ended the process, or `null`. */
  signal: StdioSignal | null;
}

/** What `spawnObserver` receives once the server process runs. */
export interface StdioSpawnEvent {
  /** The process id (for a fake process, whatever it reports). */
  pid: number | undefined;
}

/** The runtime a command needs, named in the error when it is missing (see `StdioServerParams.runtime`). */
export interface StdioRuntime {
  /** What to call it in the error, such as `'uv'` or `'Python'`. */
  name: string;
  /** How to install it, one sentence, such as `'install uv: https://docs.astral.sh/uv/'`. */
  install: string;
}

/**
 * The configuration of `fromStdioServer()`. Names mirror the Python SDK's
 * `StdioServerParameters`; the observer and (de)serializer fields mirror RxJS's
 * `WebSocketSubjectConfig`.
 *
 * @typeParam In The type of messages received from the server (what `deserializer` returns).
 * @typeParam Out The type of messages sent to the server (what `serializer` takes).
 */
export interface StdioServerParams<In = JsonRpcMessage, Out = JsonRpcMessage> {
  /** The program to run, such as `'node'`, `'npx'` or `'uvx'`. Never interpreted by a shell. */
  command: string;
  /** Its arguments. Default `[]`. */
  args?: readonly string[];
  /**
   * The runtime `command` belongs to (set by the launchers, such as `uvxServer()`): when the
   * command is not found, the `StdioSpawnError` names it and says how to install it instead of a
   * bare "command not found". Default: none.
   */
  runtime?: StdioRuntime;
  /** The working directory. Default: the host's. */
  cwd?: string;
  /**
   * Extra environment variables, merged over `getDefaultEnvironment()`; the host's full
   * environment is never passed (it may hold secrets). A value of `undefined` removes a default.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** The text codec for both directions. Default `'utf-8'`. */
  encoding?: StdioEncoding;
  /** What to do with bytes invalid in `encoding`. Default `'strict'`. */
  encodingErrorHandler?: StdioEncodingErrorHandler;
  /**
   * The server's stderr (its log): `'inherit'` passes it to the host's stderr (default),
   * `'ignore'` discards it, an observer receives each line. A captured stderr is always read, so a
   * chatty server never blocks on a full pipe, and its last lines go into `StdioServerExitError`.
   */
  stderr?: 'inherit' | 'ignore' | NextObserver<string>;
  /** Bounds of the shutdown sequence. */
  shutdown?: StdioShutdownOptions;
  /**
   * Milliseconds to keep the process after the last subscriber leaves: a subscriber within that
   * time gets the same process (no cold start); after it the shutdown sequence runs. The wait runs
   * on `scheduler`. A server that exits during the wait is gone: the next subscriber spawns a
   * fresh one. The host-exit guard still kills a process kept alive. Default 0 (the MCP spec asks
   * for a prompt shutdown).
   */
  keepAlive?: number;
  /**
   * The longest frame accepted from the server, in bytes without the line ending. A longer line
   * is skipped (never held whole in memory) and reported to `malformedObserver`.
   * Default 256 MiB (268,435,456 bytes).
   */
  maxFrameLength?: number;
  /**
   * The most bytes allowed to wait for the server to read its stdin (queued before spawn or
   * behind a full pipe). Sending past it errors the stream with `StdioWriteOverflowError`
   * instead of growing memory without bound. Default 512 MiB (536,870,912 bytes).
   */
  maxWriteQueueLength?: number;
  /**
   * Turns an outgoing message into one line of text. Must not return a string containing a
   * newline (such a message is refused with an error). Default `JSON.stringify`.
   */
  serializer?: (value: Out) => string;
  /**
   * Turns one line of text from the server into a message. Throwing skips the line and reports it
   * to `malformedObserver`. Default: `JSON.parse`, accepting only JSON objects.
   */
  deserializer?: (line: string) => In;
  /** Told when a server process runs. */
  spawnObserver?: NextObserver<StdioSpawnEvent>;
  /** Told when the shutdown sequence of a process starts (stdin is about to close). */
  closingObserver?: NextObserver<undefined>;
  /** Told when a server process has exited. */
  exitObserver?: NextObserver<StdioExitEvent>;
  /** Told about every line skipped as malformed. */
  malformedObserver?: NextObserver<MalformedFrame>;
  /** The scheduler of every wait (shutdown timeouts). Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /**
   * Starts the process; default cross-spawn. Inject a fake (see `rxjs-mcp-stdio/testing`) to test
   * in virtual time. A process that is not a Node `ChildProcess` is signalled through its own
   * `kill()`, so a fake's SIGTERM and SIGKILL are observable.
   */
  spawn?: StdioSpawn;
}
