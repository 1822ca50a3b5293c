/**
 * The shape of a child process as the transport uses it, and of the function that starts one:
 * what Node's `ChildProcess` offers, cut to what is needed, so a fake can stand in for it.
 */

/**
 * A POSIX signal name, as Node reports it in an exit (kept here so the public types stand without
 * `@types/node`).
 */
export type StdioSignal =
  | 'SIGABRT'
  | 'SIGALRM'
  | 'SIGBUS'
  | 'SIGCHLD'
  | 'SIGCONT'
  | 'SIGFPE'
  | 'SIGHUP'
  | 'SIGILL'
  | 'SIGINT'
  | 'SIGIO'
  | 'SIGIOT'
  | 'SIGKILL'
  | 'SIGPIPE'
  | 'SIGPOLL'
  | 'SIGPROF'
  | 'SIGPWR'
  | 'SIGQUIT'
  | 'SIGSEGV'
  | 'SIGSTKFLT'
  | 'SIGSTOP'
  | 'SIGSYS'
  | 'SIGTERM'
  | 'SIGTRAP'
  | 'SIGTSTP'
  | 'SIGTTIN'
  | 'SIGTTOU'
  | 'SIGUNUSED'
  | 'SIGURG'
  | 'SIGUSR1'
  | 'SIGUSR2'
  | 'SIGVTALRM'
  | 'SIGWINCH'
  | 'SIGXCPU'
  | 'SIGXFSZ'
  | 'SIGBREAK'
  | 'SIGLOST'
  | 'SIGINFO';

/**
 * The readable end of a child's pipe, as the transport uses it. A Node `Readable` fits; a fake
 * may emit the same events synchronously, which is what makes marble tests possible.
 */
export interface StdioReadable {
  /** Listens for the bytes (or text) read from the pipe. */
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  /** Listens for the end of the data (`'end'`) and the release of the pipe (`'close'`). */
  on(event: 'end' | 'close', listener: () => void): unknown;
  /** Listens for a failure of the pipe. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops reading and releases the pipe; used when a holder of the pipe outlives the server. */
  destroy?(): unknown;
}

/**
 * The writable end of a child's pipe, as the transport uses it. A Node `Writable` fits.
 */
export interface StdioWritable {
  /** Writes one chunk; `false` means "wait for `'drain'` before writing more". */
  write(chunk: Uint8Array): boolean;
  /** Closes the pipe after the chunks already written (the server then reads EOF). */
  end(): unknown;
  /** Listens for room to write again (`'drain'`), and for the end of the pipe. */
  on(event: 'drain' | 'close' | 'finish', listener: () => void): unknown;
  /** Listens for a failed write, such as EPIPE when the server has gone. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops listening for `'drain'`. */
  removeListener(event: 'drain', listener: () => void): unknown;
  /** Bytes accepted by `write()` but not yet handed to the OS (Node `Writable` has it). */
  readonly writableLength?: number;
}

/**
 * The minimal child-process shape the transport needs. `ChildProcess` from `node:child_process`
 * (what cross-spawn returns) satisfies it; so does the fake process of `rxjs-mcp-stdio/testing`.
 *
 * Events, in the order Node emits them: `'spawn'` once the process runs (or `'error'` if it could
 * not be started), then `'exit'` with `(code, signal)` when it ends.
 */
export interface StdioChildProcess {
  /** The process id, once spawned; `undefined` when spawning failed. */
  readonly pid?: number | undefined;
  /** The server's stdin; `null` only for a broken spawner. */
  readonly stdin: StdioWritable | null;
  /** The server's stdout; `null` only for a broken spawner. */
  readonly stdout: StdioReadable | null;
  /** The server's stderr when it is piped (`stderr` param is an observer), else `null`. */
  readonly stderr: StdioReadable | null;
  /** Sends a signal to this process (not its descendants). */
  kill(signal?: StdioSignal | number): boolean;
  /** Listens for the process running. */
  on(event: 'spawn', listener: () => void): unknown;
  /** Listens for a failure to start the process (or to signal it). */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Listens for the end of the process: its exit code, or the signal that ended it. */
  on(event: 'exit', listener: (code: number | null, signal: StdioSignal | null) => void): unknown;
}

/**
 * The options the transport passes to a spawner. They are the `child_process.spawn()` options
 * that matter here; a custom spawner should honour them (`detached` makes the server the leader
 * of a new process group, which is how its whole tree is killed on POSIX).
 */
export interface StdioSpawnOptions {
  /** Working directory, when given in the params. */
  cwd?: string;
  /** The complete environment of the child (defaults merged with `params.env`). */
  env: Record<string, string>;
  /** `['pipe', 'pipe', 'pipe' | 'inherit' | 'ignore']`. */
  stdio: ['pipe', 'pipe', 'pipe' | 'inherit' | 'ignore'];
  /** `true` on POSIX (new process group), `false` on Windows (tree-kill uses `taskkill /T`). */
  detached: boolean;
  /** Always `true`: never flash a console window on Windows. */
  windowsHide: true;
  /** Always `false`: arguments are never interpreted by a shell. */
  shell: false;
}

/**
 * A function that starts a process, shaped like `child_process.spawn`. The default is
 * cross-spawn's `spawn`, which resolves `.cmd`/`.bat` shims and PATHEXT on Windows.
 *
 * @param command The program to run.
 * @param args Its arguments.
 * @param options Spawn options computed from the params.
 * @returns The started (or starting) child process.
 */
export type StdioSpawn = (
  command: string,
  args: readonly string[],
  options: StdioSpawnOptions,
) => StdioChildProcess;
