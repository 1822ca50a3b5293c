/**
 * The demo's output: labelled lines, and one transient status line (the progress bar) that is
 * redrawn in place with `\r` on a terminal and printed as plain lines anywhere else (CI, a pipe).
 */

/** The part of a stream the demo writes to (`process.stdout`, or a fake in tests). */
export interface TerminalStream {
  write(text: string): unknown;
  /** `true` on a terminal; absent or `false` for a pipe or a file. */
  isTTY?: boolean;
}

/** Width of the label column. */
const LABEL_WIDTH = 10;

/**
 * A text progress bar: `[######....]`, `progress / total` filled, clamped to 0–100 %.
 *
 * @param progress Progress so far.
 * @param total The total (a bar needs one; use the text alone when there is none).
 * @param width Cells between the brackets.
 * @returns The bar.
 */
export function progressBar(progress: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, progress / total)) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/**
 * The text of one progress event: a bar and `progress/total (percent)` when the total is known,
 * else the progress alone; the server's message, if any, after it.
 *
 * @param event The progress event.
 * @returns One line, without label.
 */
export function progressText(event: { progress: number; total?: number; message?: string }): string {
  const { progress, total, message } = event;
  const counts =
    total === undefined
      ? `${progress}`
      : `${progressBar(progress, total)} ${progress}/${total} (${Math.round((100 * progress) / (total || 1))} %)`;
  return message === undefined ? counts : `${counts} ${message}`;
}

/** Labelled lines on a stream, with one status line that a terminal redraws in place. */
export class Terminal {
  /** The status line on screen (terminal only), to clear before a normal line. */
  private status: string | null = null;

  /**
   * @param stream Where to write (default `process.stdout`).
   */
  constructor(private readonly stream: TerminalStream = process.stdout) {}

  /** Whether the status line is redrawn in place (`\r`) rather than printed line by line. */
  get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  /**
   * Prints one labelled line (above the status line, which stays at the bottom).
   *
   * @param label A short word, padded to a column.
   * @param text The text; each of its lines gets the label's indentation.
   */
  line(label: string, text: string): void {
    const body = text.split('\n').join(`\n${' '.repeat(LABEL_WIDTH)}`);
    const status = this.status;
    this.clearStatus();
    this.stream.write(`${label.padEnd(LABEL_WIDTH)}${body}\n`);
    if (status !== null) this.drawStatus(status);
  }

  /**
   * Shows a status: redrawn in place on a terminal, one line each time elsewhere.
   *
   * @param label A short word, padded to a column.
   * @param text The status.
   */
  update(label: string, text: string): void {
    if (!this.interactive) {
      this.stream.write(`${label.padEnd(LABEL_WIDTH)}${text}\n`);
      return;
    }
    this.clearStatus();
    this.drawStatus(`${label.padEnd(LABEL_WIDTH)}${text}`);
  }

  /** Leaves the last status on screen as a normal line; the next status starts a new one. */
  settle(): void {
    if (this.status === null) return;
    this.stream.write('\n');
    this.status = null;
  }

  private drawStatus(status: string): void {
    this.stream.write(status);
    this.status = status;
  }

  private clearStatus(): void {
    if (this.status === null) return;
    // Back to the start of the line and erase it (ANSI "erase in line").
    this.stream.write('\r\x1b[K');
    this.status = null;
  }
}
