/**
 * The committed mutation results (spec/quality/stryker-incremental.json, Stryker's incremental
 * file) read for checking: which lib files are in scope (stryker.config.mjs's `mutate` patterns),
 * what is wrong with the results of a file (stale source, malformed mutants), and each module's
 * score recomputed from its mutants' statuses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A mutant as Stryker's report (mutation-testing-report-schema 1.0) records it. */
export interface MutantResult {
  id: string;
  mutatorName: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  /** Why: the failure that killed it, the compiler's error, … (none for a survivor). */
  statusReason?: string;
  killedBy?: string[];
  coveredBy?: string[];
}

/** The parts of the results file that the checks read. */
export interface MutationResults {
  files: Record<string, { source: string; mutants: MutantResult[] }>;
  testFiles?: Record<string, { tests: { id: string }[] }>;
}

/** One module's figures, recomputed from its mutants. */
export interface ModuleScore {
  mutants: number;
  killed: number;
  survived: number;
  timeout: number;
  noCoverage: number;
  /** Killed or timed out: Stryker's "detected". */
  detected: number;
  /** Detected, survived or without coverage: what the score is out of (compile errors are not). */
  valid: number;
  /** detected / valid, as the docs print it (one decimal), or `null` with no valid mutant. */
  percent: string | null;
}

/** The statuses a finished run gives a mutant; `Pending` (never run) is not among them. */
const FINAL_STATUSES = [
  'Killed',
  'Survived',
  'NoCoverage',
  'Timeout',
  'CompileError',
  'RuntimeError',
  'Ignored',
];

/** The lowest score a module in scope may have, in percent. */
export const MIN_SCORE = 80;

/** The `mutate` patterns of stryker.config.mjs (read as text: the config is an ES module). */
export function mutatePatterns(configText: string): string[] {
  const list = /\bmutate:\s*\[([^\]]*)\]/.exec(configText)?.[1];
  if (list === undefined) throw new Error('stryker.config.mjs has no `mutate: [...]` list');
  return [...list.matchAll(/'([^']+)'/g)].map(([, pattern]) => pattern as string);
}

/** A `mutate` glob (`**`, `*`) as a regular expression over paths with `/`. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The files matched by `patterns` (a `!` pattern removes), of `candidates`. */
export function matchPatterns(patterns: readonly string[], candidates: readonly string[]): string[] {
  return candidates.filter((file) => {
    let inScope = false;
    for (const pattern of patterns) {
      if (pattern.startsWith('!')) {
        if (globToRegExp(pattern.slice(1)).test(file)) inScope = false;
      } else if (globToRegExp(pattern).test(file)) inScope = true;
    }
    return inScope;
  });
}

/** The lib files in the scope of `npm run test:mutation`, sorted. */
export function filesInScope(root: string): string[] {
  const patterns = mutatePatterns(readFileSync(path.join(root, 'stryker.config.mjs'), 'utf8'));
  const libFiles = readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `lib/${name.split(path.sep).join('/')}`);
  return matchPatterns(patterns, libFiles).sort();
}

/** Whether a source file declares types only (nothing Stryker could mutate). */
export function declaresTypesOnly(file: string, text: string): boolean {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  return source.statements.every(
    (statement) =>
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true) ||
      (ts.isExportDeclaration(statement) && statement.isTypeOnly),
  );
}

/** The score of one module, recomputed from its mutants' statuses. */
export function scoreOf(mutants: readonly MutantResult[]): ModuleScore {
  const count = (...statuses: string[]): number => mutants.filter((m) => statuses.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const valid = count('Killed', 'Timeout', 'Survived', 'NoCoverage');
  return {
    mutants: mutants.length,
    killed: count('Killed'),
    survived: count('Survived'),
    timeout: count('Timeout'),
    noCoverage: count('NoCoverage'),
    detected,
    valid,
    percent: valid === 0 ? null : ((100 * detected) / valid).toFixed(1),
  };
}

/**
 * What is wrong with the recorded results of one file: each problem as a sentence (empty when
 * none). The source must be the file's current text (else the results are of other code), and
 * every mutant must look like what a run writes: a final status, a place inside the source, a
 * killed one with the failure that killed it (and only tests the results know), a surviving one
 * reached by some test, one without coverage reached by none.
 */
export function problemsOf(
  file: string,
  recorded: { source: string; mutants: MutantResult[] },
  currentSource: string,
  testIds: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (recorded.source !== currentSource) {
    problems.push(
      `${file}: the results were measured on other source than the file's (stale, or edited); ` +
        `re-run: node scripts/mutation.mjs --mutate ${file}`,
    );
  }
  const lines = recorded.source.split('\n').length;
  const ids = new Set<string>();
  for (const mutant of recorded.mutants) {
    const what = `${file}: mutant ${mutant.id} (${mutant.mutatorName} at line ${mutant.location.start.line})`;
    if (ids.has(mutant.id)) problems.push(`${what}: its id is used twice`);
    ids.add(mutant.id);
    if (!FINAL_STATUSES.includes(mutant.status))
      problems.push(`${what}: status ${mutant.status} is not a final one`);
    const { start, end } = mutant.location;
    if (start.line < 1 || end.line > lines || end.line < start.line) {
      problems.push(`${what}: its place (lines ${start.line}-${end.line}) is outside the source`);
    }
    const killedBy = mutant.killedBy ?? [];
    const coveredBy = mutant.coveredBy ?? [];
    if (mutant.status === 'Killed' && (mutant.statusReason ?? '') === '') {
      problems.push(`${what}: Killed, but with no failure to show for it`);
    }
    if (!killedBy.every((id) => testIds.has(id))) {
      problems.push(`${what}: killed by a test the results do not know`);
    }
    if (mutant.status === 'Survived' && coveredBy.length === 0) {
      problems.push(`${what}: Survived, but no test reached it (that is NoCoverage)`);
    }
    if (mutant.status === 'NoCoverage' && coveredBy.length > 0) {
      problems.push(`${what}: NoCoverage, but tests reached it`);
    }
  }
  return problems;
}

/** The ids of every test the results know. */
export function testIdsOf(results: MutationResults): Set<string> {
  return new Set(Object.values(results.testFiles ?? {}).flatMap(({ tests }) => tests.map((test) => test.id)));
}

/** One row of the docs' score table. */
export interface ScoreRow {
  file: string;
  mutants: number;
  killed: number;
  survived: number;
  timeout: number;
  noCoverage: number;
  percent: string;
  detected: number;
  valid: number;
}

const ROW =
  /^\| `(lib\/[^`]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(?:\d+\.\d % → )?(\d+\.\d) % \((\d+)\/(\d+)\)\s*\|$/;

/**
 * The score table of a docs page: the rows under the header that starts `| Module`, up to the
 * first line that is not a table row. A row not in the table's format is an error, not skipped.
 */
export function scoreTable(page: string): ScoreRow[] {
  const lines = page.split('\n');
  const header = lines.findIndex((line) => /^\| Module\s*\| Mutants /.test(line));
  if (header === -1) throw new Error('no score table (a header starting "| Module | Mutants")');
  const rows: ScoreRow[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const match = ROW.exec(line);
    if (match === null) throw new Error(`a row of the score table is not in its format: ${line}`);
    const [, file, mutants, killed, survived, timeout, noCoverage, percent, detected, valid] =
      match as unknown as string[];
    rows.push({
      file: file as string,
      mutants: Number(mutants),
      killed: Number(killed),
      survived: Number(survived),
      timeout: Number(timeout),
      noCoverage: Number(noCoverage),
      percent: percent as string,
      detected: Number(detected),
      valid: Number(valid),
    });
  }
  return rows;
}
