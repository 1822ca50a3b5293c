/**
 * A server process that lives in memory, for the fakes of `rxjs-mcp-stdio/testing`: it takes
 * messages as objects instead of lines, and talks back through its end of the pipes. Browser-safe.
 */

/** What an in-memory server can do to its client: its end of the pipes. */
export interface MemoryServerPipes<In> {
  /**
   * Writes one frame to the client, as a copy (what JSON carries). Nothing is delivered once the
   * process has exited.
   *
   * @throws What `JSON.stringify` throws for a frame it cannot carry.
   */
  write(frame: In): void;
  /**
   * Exits. Code 0 ends the session; another code is a crash, unless the client had closed the
   * input (then the process was asked to go).
   *
   * @param code The exit code.
   * @param reason What the client's subscribers get for a crash, instead of the
   *   `StdioServerExitError` a process would give (a fake standing in for another transport).
   */
  exit(code: number, reason?: unknown): void;
}

/** An in-memory server process, as its connection drives it. */
export interface MemoryServerProcess<Out> {
  /**
   * Reads one message from the client: a copy, as JSON carried it.
   *
   * @param message The message.
   */
  receive(message: Out): void;
  /** Its input ended (the client's `complete()`, `error()` or last unsubscribe): it must exit. */
  endInput(): void;
}

/**
 * Starts an in-memory server process.
 *
 * @param pipes The process's end of the pipes.
 * @returns The process.
 */
export type MemorySpawn<In, Out> = (pipes: MemoryServerPipes<In>) => MemoryServerProcess<Out>;
