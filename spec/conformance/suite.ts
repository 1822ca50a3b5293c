/**
 * The conformance run's bookkeeping, apart from processes so it is unit-tested: which of the
 * pinned suite's client scenarios a stdio client can take part in, how a scenario's checks count,
 * and the one line CI prints.
 */

/** A client scenario of the suite, as `conformance list --client` names it. */
export interface Scenario {
  name: string;
  /** The spec versions it tests, e.g. `['2025-06-18', '2025-11-25']`. */
  specVersions: string[];
}

/** A scenario left out, and why. */
export interface Exclusion {
  name: string;
  why: string;
}

/**
 * The scenarios a stdio client behind a bridge has no part in. Our session (and the SDK's
 * reference client) speaks stdio to the bridge; the bridge speaks Streamable HTTP to the
 * scenario's server. Whatever a scenario tests of the HTTP side is the bridge's, not the client's.
 * Any scenario not matched here runs, so a new one in a newer pinned suite is tried, not skipped.
 */
export const EXCLUDED: readonly { matches: (name: string) => boolean; why: string }[] = [
  {
    matches: (name) => name.startsWith('auth/'),
    why: 'OAuth authorization of the HTTP connection: the bridge runs it (discovery, registration, tokens); a stdio client never sees it',
  },
  {
    matches: (name) => name === 'sse-retry',
    why: "reconnecting a dropped SSE stream with Last-Event-ID: the bridge's Streamable HTTP transport does it; the stdio side stays open",
  },
];

/**
 * The client scenarios in the output of `conformance list --client`.
 *
 * @param output What the command printed.
 * @returns The scenarios, in the suite's order.
 * @throws When the output has no client scenario (the CLI changed: better to stop than run none).
 */
export function parseClientScenarios(output: string): Scenario[] {
  const section = output.split(/^Client scenarios.*$/m)[1] ?? '';
  const scenarios = [...section.matchAll(/^\s+- (\S+)(?: \[([^\]]*)\])?\s*$/gm)].map(
    ([, name, versions]) => ({
      name,
      specVersions: versions === undefined ? [] : versions.split(',').map((v) => v.trim()),
    }),
  );
  if (scenarios.length === 0)
    throw new Error(`No client scenarios in the output of "conformance list":\n${output}`);
  return scenarios;
}

/**
 * Splits the suite's client scenarios into those that run and those left out (with the reason).
 *
 * @param scenarios Every client scenario of the suite.
 * @returns The names to run, and the exclusions.
 */
export function selectScenarios(scenarios: readonly Scenario[]): {
  included: string[];
  excluded: Exclusion[];
} {
  const included: string[] = [];
  const excluded: Exclusion[] = [];
  for (const { name } of scenarios) {
    const rule = EXCLUDED.find((candidate) => candidate.matches(name));
    if (rule === undefined) included.push(name);
    else excluded.push({ name, why: rule.why });
  }
  return { included, excluded };
}

/** A check of the suite, as its `checks.json` holds it (the fields used here). */
export interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

/** How one scenario went for one client. */
export interface ScenarioOutcome {
  scenario: string;
  /** The suite's verdict: it exited 0 (no failed check, no warning, the client exited 0 in time). */
  passed: boolean;
  /** Checks that succeeded, of those that succeed or fail (the suite's own count; INFO excluded). */
  checksPassed: number;
  checksTotal: number;
  /** The ids (and messages) of the checks that did not succeed. */
  problems: string[];
  /** Processes of the run still alive after it (then killed): must be none. */
  leftovers: number[];
  seconds: number;
}

/**
 * Counts a scenario's checks as the suite does: SUCCESS over SUCCESS + FAILURE.
 *
 * @param checks The checks of one run.
 * @returns The counts and the checks that failed or warned.
 */
export function countChecks(checks: readonly Check[]): { passed: number; total: number; problems: string[] } {
  const passed = checks.filter((check) => check.status === 'SUCCESS').length;
  const total = checks.filter((check) => check.status === 'SUCCESS' || check.status === 'FAILURE').length;
  const problems = checks
    .filter((check) => check.status === 'FAILURE' || check.status === 'WARNING')
    .map(
      (check) =>
        `${check.status} ${check.id}${check.errorMessage === undefined ? '' : `: ${check.errorMessage}`}`,
    );
  return { passed, total, problems };
}

/** One client's totals over the scenarios run. */
export function totals(outcomes: readonly ScenarioOutcome[]): string {
  const passed = outcomes.filter((outcome) => outcome.passed).length;
  const checksPassed = outcomes.reduce((sum, outcome) => sum + outcome.checksPassed, 0);
  const checksTotal = outcomes.reduce((sum, outcome) => sum + outcome.checksTotal, 0);
  return `${passed}/${outcomes.length} scenarios (${checksPassed}/${checksTotal} checks)`;
}

/**
 * The line CI's summary prints.
 *
 * @param ours Our session's outcomes.
 * @param reference The SDK v1 `Client`'s outcomes, on the same scenarios.
 * @param seconds How long the whole step took.
 * @returns E.g. `conformance: ours 3/3 scenarios (8/8 checks), SDK v1 Client 3/3 scenarios (8/8 checks), 41 s`.
 */
export function summaryLine(
  ours: readonly ScenarioOutcome[],
  reference: readonly ScenarioOutcome[],
  seconds: number,
): string {
  return `conformance: ours ${totals(ours)}, SDK v1 Client ${totals(reference)}, ${Math.round(seconds)} s`;
}
