/**
 * The raw baseline's framing: `indexOf('\n')` over each chunk, an unfinished line kept as its
 * chunks and joined once when its newline arrives (linear in the bytes, whatever the frame size),
 * its bytes released before the line is parsed.
 * About the least work Node can do to turn pipe chunks into lines.
 */
export class RawLineSplitter {
  private pending: Buffer[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(10);
    while (newline !== -1) {
      if (this.pending.length === 0) {
        this.onLine(chunk.toString('utf8', start, newline));
      } else {
        this.pending.push(chunk.subarray(start, newline));
        const line = joinLine(this.pending);
        this.pending = [];
        this.onLine(line);
      }
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.pending.push(start === 0 ? chunk : chunk.subarray(start));
  }
}

/** Joins and decodes a line's pieces; neither they nor the joined bytes outlive the call. */
function joinLine(pieces: Buffer[]): string {
  const bytes = Buffer.concat(pieces);
  pieces.length = 0;
  return bytes.toString('utf8');
}
