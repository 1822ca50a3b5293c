/**
 * What a command-line relay needs for Ctrl-C: SIGINT and SIGTERM close it (every server tree
 * ends), then the process exits.
 */

/** Something with an asynchronous, bounded `close()`: a relay, a loopback server. */
export interface Closable {
  /** Ends everything; resolves once it is gone. */
  close(): Promise<void>;
}

/** How `closeOnSignals()` behaves. */
export interface CloseOnSignalsOptions {
  /** The signals. Default `['SIGINT', 'SIGTERM']`. */
  signals?: readonly NodeJS.Signals[];
  /** Whether to exit once closed (with code 0). Default `true`. */
  exit?: boolean;
  /** Told each signal received, before closing. Default: nothing. */
  onSignal?: (signal: NodeJS.Signals) => void;
}

/**
 * Closes `target` on SIGINT or SIGTERM (once, whatever comes after), then exits the process.
 *
 * @example
 * ```ts
 * const relay = await startMcpRelay({ servers });
 * closeOnSignals(relay); // Ctrl-C: every server process tree ends, then the process exits
 * ```
 *
 * @param target What to close.
 * @param options Which signals, and whether to exit.
 * @returns A function that removes the handlers.
 */
export function closeOnSignals(target: Closable, options: CloseOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    options.onSignal?.(signal);
    void target.close().finally(() => {
      remove();
      if (options.exit ?? true) process.exit(0);
    });
  };
  const remove = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}
