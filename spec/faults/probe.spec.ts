// The fault suite's own measuring instrument can fail: a Probe reports a process left behind (known
// or not), an fd left open, lost frames and a teardown over its bound; the table flags a failed row;
// and every scenario is run by one of the spec files.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { FAULT_GROUPS, Probe, SLACK_MS, type FaultResult } from './probe.js';
import { SCENARIOS } from './scenarios.js';
import { table } from './table.js';
import { killIfAlive, waitUntilGone } from '../support/processes.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';

checkProcessesAfterEachTest();

const started: number[] = [];
/** The self-tests' processes found alive after their test: the last test reports them. */
const leftBehind: number[] = [];

afterEach(async () => {
  // The probe kills what it reports; anything else of ours still alive was left by a self-test.
  // Given a moment to finish dying, it is recorded, then killed by pid.
  const alive = await waitUntilGone(started.splice(0), 1000);
  leftBehind.push(...alive);
  killIfAlive(alive);
});

/** A process of our own that the transport never heard of (sleeps 20 s at most). */
function sleeper(detached: boolean): number {
  const child = spawn('sleep', ['20'], { stdio: 'ignore', detached });
  if (child.pid === undefined) throw new Error('could not start sleep');
  started.push(child.pid);
  return child.pid;
}

describe('the fault probe', () => {
  it('reports a tracked process that is left, and kills it', async () => {
    const probe = new Probe('self-test', 'a tracked process is left');
    const pid = sleeper(true);
    probe.track([pid]);
    const result = await probe.finish({ did: 'nothing', boundMs: 0, patienceMs: 300 });
    expect(result.processesLeft).toEqual([pid]);
    expect(result.ok).toBe(false);
    expect(result.failures.join('\n')).toMatch(/processes left/);
    expect(await waitUntilGone([pid], 3000)).toEqual([]);
  });

  it('reports a descendant nobody announced', async () => {
    const probe = new Probe('self-test', 'an unannounced child');
    const pid = sleeper(false);
    const result = await probe.finish({ did: 'nothing', boundMs: 0, patienceMs: 300 });
    expect(result.processesLeft).toContain(pid);
    expect(result.ok).toBe(false);
    expect(await waitUntilGone([pid], 3000)).toEqual([]);
  });

  it('reports an fd left open', async () => {
    const probe = new Probe('self-test', 'an fd is left');
    const fd = openSync(__filename, 'r');
    try {
      const result = await probe.finish({ did: 'nothing', boundMs: 0, patienceMs: 300 });
      expect(result.fdsLeft).toBe(1);
      expect(result.ok).toBe(false);
    } finally {
      closeSync(fd);
    }
  });

  it('reports lost frames and a teardown over its bound, and passes a clean row', async () => {
    const lost = await new Probe('self-test', 'frames lost').finish({
      did: 'nothing',
      boundMs: 600,
      framesExpected: 3,
      framesReceived: 2,
      framesWrong: 1,
    });
    expect(lost.framesLost).toBe(2);
    expect(lost.ok).toBe(false);
    const late = await new Probe('self-test', 'late').finish({
      did: 'nothing',
      boundMs: 600,
      teardownMs: 600 + SLACK_MS + 1,
    });
    expect(late.failures.join('\n')).toMatch(/over the bound/);
    const clean = await new Probe('self-test', 'clean').finish({
      did: 'nothing',
      boundMs: 600,
      teardownMs: 600,
      framesExpected: 1,
      framesReceived: 1,
    });
    expect(clean.failures).toEqual([]);
    expect(clean.ok).toBe(true);
  });

  it('the table flags a failed row and shows processes out of reach apart', () => {
    const row = (over: Partial<FaultResult>): FaultResult => ({
      id: 'x',
      fault: 'a | fault',
      did: 'did',
      processesLeft: [],
      outOfReach: [],
      fdsLeft: 0,
      framesExpected: 2,
      framesLost: 0,
      teardownMs: 10,
      boundMs: 600,
      failures: [],
      ok: true,
      details: {},
      ...over,
    });
    const text = table([
      row({}),
      row({ ok: false, failures: ['boom'], processesLeft: [42] }),
      row({ outOfReach: [7] }),
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe('| a \\| fault | did | 0 | 0 | 0 of 2 | 10 / 600 | yes |');
    expect(lines[3]).toContain('**FAILED: boom**');
    expect(lines[3]).toMatch(/\| 1 \| 0 \| 0 of 2 \| 10 \/ 600 \| \*\*no\*\* \|$/);
    expect(lines[4]).toContain('0 (+1 setsid daemon, out of reach by design; killed by the suite)');
  });
});

describe('the fault scenarios', () => {
  it('have unique ids, and each belongs to a group that has its spec file', () => {
    const ids = SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SCENARIOS) expect(FAULT_GROUPS).toContain(s.group);
    for (const group of FAULT_GROUPS) {
      expect(existsSync(path.join(__dirname, `${group}.spec.ts`))).toBe(true);
      expect(SCENARIOS.some((s) => s.group === group)).toBe(true);
    }
  });

  it('left nothing running from these self-tests', () => {
    expect(leftBehind).toEqual([]);
  });
});
