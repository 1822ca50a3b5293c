import path from 'node:path';
import { endLeftovers, waitUntilGone } from '../support/processes.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';
import { runTsx, type TsxRun } from '../support/runTsx.js';

checkProcessesAfterEachTest();

const seen = new Set<number>();
afterEach(async () => {
  // Each test proves its processes gone; what one that failed half-way left is reported here.
  const left = await endLeftovers(seen);
  seen.clear();
  expect(left).toEqual([]);
});

/**
 * Runs `tsx demo/index.ts --config demo/host.config.json` without a terminal, in its own process
 * group (so Ctrl+C can go to the group, as a terminal sends it); `onOutput` sees the output so far
 * and may signal the demo.
 */
function runHostDemo(timeoutMs: number, onOutput?: (stdout: string, pid: number) => void): Promise<TsxRun> {
  return runTsx([path.join('demo', 'index.ts'), '--config', 'demo/host.config.json'], {
    timeoutMs,
    seen,
    detached: true,
    ...(onOutput === undefined ? {} : { onOutput }),
  });
}

/** The pids the status table showed for a server. */
function pidsOf(stdout: string, server: string): number[] {
  return [...stdout.matchAll(new RegExp(`^status\\s+${server}\\s+ready\\s+(\\d+)`, 'gm'))].map((m) =>
    Number(m[1]),
  );
}

describe('npm run demo -- --config', () => {
  it('shows the status table as servers start, crash and restart, then ends with nothing left', async () => {
    const run = await runHostDemo(60_000);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const { stdout } = run;
    expect(stdout).toMatch(/^config\s+demo\/host\.config\.json: 6 servers$/m);
    expect(stdout).toMatch(/^status\s+everything\s+ready\s+\d+\s+mcp-servers\/everything /m);
    expect(stdout).toMatch(/^status\s+memory\s+ready\s+\d+\s+memory-server /m);
    expect(stdout).toMatch(/^status\s+filesystem\s+ready\s+\d+\s+secure-filesystem-server /m);
    expect(stdout).toMatch(/^status\s+legacy\s+disabled\s+-/m);
    expect(stdout).toMatch(/^status\s+remote\s+unsupported\s+-\s+http: /m);
    expect(stdout).toMatch(/^catalog\s+\d+ tools: everything_echo, /m);
    expect(stdout).toMatch(
      /^status\s+crasher\s+restarting\s+\d+\s+attempt 1 in \d+ ms: StdioServerExitError: .*code 3.*crashing on the second call/m,
    );
    const crasher = pidsOf(stdout, 'crasher');
    expect(crasher).toHaveLength(2);
    expect(crasher[0]).not.toBe(crasher[1]);
    // The other servers kept their one process through the crasher's restart.
    for (const server of ['everything', 'memory', 'filesystem'])
      expect(pidsOf(stdout, server)).toHaveLength(1);
    expect(stdout).toMatch(/^cleanup\s+no process left: all \d+ processes the host started are gone/m);
    // The tree was really watched: the servers that ran throughout are among what was seen. The
    // crasher's first process may have lived too briefly for the 25 ms watch (one CI run missed
    // it), so its pids are taken from the table; all of them are gone.
    const longLived = ['everything', 'memory', 'filesystem'].flatMap((server) => pidsOf(stdout, server));
    expect(run.descendants).toEqual(expect.arrayContaining(longLived));
    expect(await waitUntilGone([...new Set([...run.descendants, ...crasher])], 10_000)).toEqual([]);
  }, 90_000);

  it('ends on Ctrl+C with nothing left behind', async () => {
    let signalled = false;
    const run = await runHostDemo(60_000, (stdout, pid) => {
      if (!signalled && /^status\s+\w+\s+ready\s/m.test(stdout)) {
        signalled = true;
        process.kill(-pid, 'SIGINT');
      }
    });
    expect(signalled).toBe(true);
    // The demo handles Ctrl+C itself: it shuts the servers down, reports, and ends normally.
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    expect(run.stdout).toMatch(/^end\s+Ctrl\+C: unsubscribing$/m);
    expect(run.stdout).toMatch(/^cleanup\s+no process left/m);
    expect(await waitUntilGone(run.descendants, 10_000)).toEqual([]);
  }, 90_000);
});
