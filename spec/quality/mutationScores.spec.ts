/**
 * The mutation scores in docs/testing-and-quality.md are the committed results: each measured
 * module's "after" cell (score, detected/valid) and its mutant count are recomputed from
 * spec/quality/stryker-incremental.json, the file a re-run starts from, so a table that was not
 * updated after a run (or a result file that was not committed) fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const page = readFileSync(path.join(root, 'docs', 'testing-and-quality.md'), 'utf8');
const results = JSON.parse(
  readFileSync(path.join(root, 'spec', 'quality', 'stryker-incremental.json'), 'utf8'),
) as {
  files: Record<string, { mutants: { status: string }[] }>;
};

/** Stryker's score: detected (killed or timed out) over valid (detected, survived, no coverage). */
function score(file: string) {
  const mutants = results.files[file]?.mutants ?? [];
  const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const valid = count('Killed', 'Timeout', 'Survived', 'NoCoverage');
  return {
    mutants: mutants.length,
    killed: count('Killed'),
    survived: count('Survived'),
    timeout: count('Timeout'),
    noCoverage: count('NoCoverage'),
    percent: ((100 * detected) / valid).toFixed(1),
    detected,
    valid,
  };
}

/** The score table's rows whose "after" cell holds a measured score. */
const measured = [
  ...page.matchAll(
    /^\| `(lib\/[^`]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|[^|]*?([\d.]+) % \((\d+)\/(\d+)\)\s*\|/gm,
  ),
];

describe('mutation scores in docs/testing-and-quality.md', () => {
  it('lists measured modules', () => {
    expect(measured.length).toBeGreaterThanOrEqual(4);
  });

  it.each(measured.map((row) => [row[1], row]))(
    '%s: the counts and the "after" score are the committed result',
    (file, row) => {
      const [, , mutants, killed, survived, timeout, noCoverage, percent, detected, valid] =
        row as RegExpMatchArray;
      expect({
        mutants: Number(mutants),
        killed: Number(killed),
        survived: Number(survived),
        timeout: Number(timeout),
        noCoverage: Number(noCoverage),
        percent,
        detected: Number(detected),
        valid: Number(valid),
      }).toEqual(score(file as string));
    },
  );
});
