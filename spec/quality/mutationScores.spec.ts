/**
 * The mutation claims are enforced, not only reported. The committed results
 * (spec/quality/stryker-incremental.json, the file an incremental run starts from) must be of the
 * current code: every lib file in stryker.config.mjs's scope has results recorded on its current
 * source, and every mutant in them looks like what a run writes. Each module's score, recomputed
 * from its mutants' statuses, must be at least 80 %, and docs/testing.md's table must
 * say exactly that, row for row (a row in another format fails). So a change to a core module
 * without a re-run fails here, and so does a results file or a table edited by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  declaresTypesOnly,
  filesInScope,
  matchPatterns,
  MIN_SCORE,
  problemsOf,
  scoreOf,
  scoreTable,
  testIdsOf,
  type MutantResult,
  type MutationResults,
} from './mutationResults.js';

const root = path.join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const results = JSON.parse(read('spec/quality/stryker-incremental.json')) as MutationResults;
const scope = filesInScope(root);
const measured = Object.keys(results.files).sort();
const testIds = testIdsOf(results);

describe('the committed mutation results', () => {
  it('cover every module in scope that has code, and nothing else', () => {
    expect(scope.length).toBeGreaterThanOrEqual(10);
    expect(measured.filter((file) => !scope.includes(file))).toEqual([]);
    // A module Stryker found nothing to mutate in must declare types only.
    const unmeasured = scope.filter((file) => !measured.includes(file));
    expect(unmeasured.filter((file) => !declaresTypesOnly(file, read(file)))).toEqual([]);
  });

  it.each(measured)('%s: recorded on its current source, every mutant well-formed', (file) => {
    const recorded = results.files[file] as MutationResults['files'][string];
    expect(problemsOf(file, recorded, read(file), testIds)).toEqual([]);
  });

  it.each(measured)(`%s: scores at least ${MIN_SCORE} %`, (file) => {
    const score = scoreOf((results.files[file] as MutationResults['files'][string]).mutants);
    expect(score.valid).toBeGreaterThan(0);
    expect(Number(score.percent)).toBeGreaterThanOrEqual(MIN_SCORE);
  });
});

describe('the score table of docs/testing.md', () => {
  const rows = scoreTable(read('docs/testing.md'));

  it('has one row per measured module', () => {
    expect(rows.map((row) => row.file).sort()).toEqual(measured);
  });

  it.each(rows.map((row) => [row.file, row]))(
    '%s: the counts and the score are the committed ones',
    (file, row) => {
      const { percent, ...counts } = scoreOf(
        (results.files[file as string] as MutationResults['files'][string]).mutants,
      );
      expect(row).toEqual({ file, percent, ...counts });
    },
  );
});

describe('the checks themselves', () => {
  const source = 'export function f(a: number): number {\n  return a + 1;\n}\n';
  const mutant = (over: Partial<MutantResult>): MutantResult => ({
    id: '1',
    mutatorName: 'ArithmeticOperator',
    status: 'Killed',
    location: { start: { line: 2, column: 10 }, end: { line: 2, column: 15 } },
    statusReason: 'Error: expect(received).toBe(expected)',
    killedBy: ['7'],
    coveredBy: ['7'],
    ...over,
  });
  const known = new Set(['7']);

  it('take a stale source and each hand-made status for what they are', () => {
    expect(problemsOf('lib/f.ts', { source, mutants: [mutant({})] }, source, known)).toEqual([]);
    expect(problemsOf('lib/f.ts', { source, mutants: [] }, source.replace('+ 1', '+ 2'), known)).toEqual([
      expect.stringMatching(/other source than the file's/),
    ]);
    const edited = [
      mutant({ id: '1', status: 'Killed', statusReason: undefined }),
      mutant({ id: '2', status: 'Killed', killedBy: ['99'] }),
      mutant({ id: '3', status: 'Survived', coveredBy: [] }),
      mutant({ id: '4', status: 'NoCoverage' }),
      mutant({ id: '5', status: 'Pending' }),
      mutant({ id: '5', location: { start: { line: 2, column: 1 }, end: { line: 9, column: 1 } } }),
    ];
    expect(problemsOf('lib/f.ts', { source, mutants: edited }, source, known)).toEqual([
      expect.stringMatching(/mutant 1 .*Killed, but with no failure/),
      expect.stringMatching(/mutant 2 .*killed by a test the results do not know/),
      expect.stringMatching(/mutant 3 .*Survived, but no test reached it/),
      expect.stringMatching(/mutant 4 .*NoCoverage, but tests reached it/),
      expect.stringMatching(/mutant 5 .*status Pending/),
      expect.stringMatching(/mutant 5 .*used twice/),
      expect.stringMatching(/mutant 5 .*outside the source/),
    ]);
  });

  it('recompute a score from the statuses', () => {
    const statuses = ['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError'];
    expect(scoreOf(statuses.map((status, i) => mutant({ id: String(i), status })))).toEqual({
      mutants: 6,
      killed: 2,
      survived: 1,
      timeout: 1,
      noCoverage: 1,
      detected: 3,
      valid: 5,
      percent: '60.0',
    });
    expect(scoreOf([mutant({ status: 'CompileError' })]).percent).toBeNull();
  });

  it('read the scope as Stryker does: globs, then exclusions', () => {
    const files = ['lib/a/x.ts', 'lib/a/b/y.ts', 'lib/a/skip.ts', 'lib/c.ts', 'lib/cc.ts'];
    expect(matchPatterns(['lib/a/**/*.ts', '!lib/a/skip.ts', 'lib/c.ts'], files)).toEqual([
      'lib/a/x.ts',
      'lib/a/b/y.ts',
      'lib/c.ts',
    ]);
  });

  it('tell a types-only module from one with code', () => {
    expect(
      declaresTypesOnly(
        't.ts',
        "import type { A } from './a.js';\nexport interface B { a: A }\nexport type C = B;\n",
      ),
    ).toBe(true);
    expect(declaresTypesOnly('t.ts', 'export interface B { a: number }\nexport const c = 1;\n')).toBe(false);
  });

  it('fail on a table row in another format instead of skipping it', () => {
    const page = (row: string): string =>
      [
        '| Module | Mutants | Killed | Survived | Timeout | No coverage | Score before → after |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| `lib/a.ts` | 10 | 8 | 2 | 0 | 0 | 70.0 % → 80.0 % (8/10) |',
        row,
        '',
        'After the table.',
      ].join('\n');
    expect(scoreTable(page('| `lib/b.ts` | 4 | 4 | 0 | 0 | 0 | 100.0 % (4/4) |'))).toEqual([
      {
        file: 'lib/a.ts',
        mutants: 10,
        killed: 8,
        survived: 2,
        timeout: 0,
        noCoverage: 0,
        percent: '80.0',
        detected: 8,
        valid: 10,
      },
      {
        file: 'lib/b.ts',
        mutants: 4,
        killed: 4,
        survived: 0,
        timeout: 0,
        noCoverage: 0,
        percent: '100.0',
        detected: 4,
        valid: 4,
      },
    ]);
    expect(() => scoreTable(page('| `lib/b.ts` | 4 | 4 | 0 | 0 | 0 | 100 % (4/4) |'))).toThrow(
      /not in its format/,
    );
    expect(() => scoreTable(page('| lib/b.ts | 4 | 4 | 0 | 0 | 0 | 100.0 % (4/4) |'))).toThrow(
      /not in its format/,
    );
  });
});
