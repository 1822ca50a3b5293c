/**
 * The jest side of the fault suite: one `it` per scenario of a group, run at the spec's size,
 * asserting every figure of its row.
 */
import { config } from 'rxjs';
import { SLACK_MS, type FaultGroup, type FaultResult } from './probe.js';
import { SCENARIOS } from './scenarios.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';

/** Asserts one row: no process, fd or frame lost, the teardown within its bound, every check held. */
export function expectRow(result: FaultResult): void {
  expect(result.failures).toEqual([]);
  expect(result.processesLeft).toEqual([]);
  expect(result.fdsLeft).toBe(0);
  if (result.framesExpected !== null) expect(result.framesLost).toBe(0);
  if (result.teardownMs !== null && result.boundMs !== null) {
    expect(result.teardownMs).toBeLessThanOrEqual(result.boundMs + SLACK_MS);
  }
  expect(result.ok).toBe(true);
}

/** Declares the tests of one group (spec/faults/<group>.spec.ts). */
export function runGroup(group: FaultGroup): void {
  const scenarios = SCENARIOS.filter((s) => s.group === group);
  // The probe reports what a scenario left; the shared check also sees what the probe cannot.
  checkProcessesAfterEachTest();
  afterEach(() => {
    // A scenario restores it itself; this is the safety net should one fail half-way.
    config.onUnhandledError = null;
  });
  it('has scenarios', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });
  for (const scenario of scenarios) {
    it(
      `${scenario.id}: ${scenario.fault}`,
      async () => {
        expectRow(await scenario.run({ full: false }));
      },
      scenario.timeoutMs,
    );
  }
}
