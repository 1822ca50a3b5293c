import path from 'node:path';
import { progressBar, progressText, Terminal } from '../../demo/terminal.js';
import { endLeftovers, waitUntilGone } from '../support/processes.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';
import { runTsx, type TsxRun } from '../support/runTsx.js';

checkProcessesAfterEachTest();

const memory = require.resolve('@modelcontextprotocol/server-memory/dist/index.js');

/** Every pid a run saw, for the safety net. */
const seen = new Set<number>();

afterEach(async () => {
  // Each test proves its processes gone; what one that failed half-way left is reported here.
  const left = await endLeftovers(seen);
  seen.clear();
  expect(left).toEqual([]);
});

/** Runs `tsx demo/index.ts ...args` without a terminal, as CI would. */
function runDemo(args: readonly string[], timeoutMs: number): Promise<TsxRun> {
  return runTsx([path.join('demo', 'index.ts'), ...args], { timeoutMs, seen });
}

/** The pid the demo printed for the server (`spawn  server pid N`). */
function serverPid(stdout: string): number {
  const match = /^spawn\s+server pid (\d+)$/m.exec(stdout);
  if (match === null) throw new Error(`no server pid in:\n${stdout}`);
  return Number(match[1]);
}

describe('npm run demo', () => {
  it('tours the everything server and ends by itself with nothing left running', async () => {
    // About 8 s on an idle machine (the tour's calls take 4.1 s); the watchdog allows for a busy CI.
    // Bounds against a hang only (tsx and the servers start slowly on a loaded machine).
    const run = await runDemo([], 100_000);
    const { stdout } = run;
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });

    expect(stdout).toMatch(/^server\s+mcp-servers\/everything \d+\.\d+\.\d+/m);
    for (const tool of ['echo', 'get-sum', 'toggle-simulated-logging', 'trigger-long-running-operation']) {
      expect(stdout).toMatch(new RegExp(`^\\s+- ${tool}\\s`, 'm'));
    }
    // Without a terminal the bar is printed as plain lines, never redrawn with \r.
    expect(stdout).not.toContain('\r');
    const steps = [...stdout.matchAll(/^progress\s+\[[#.]{24}\] (\d+)\/10 \(\d+ %\)$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stdout).toMatch(/^result\s+Long running operation completed\. Duration: 3 seconds, Steps: 10\.$/m);
    // The server logs as soon as simulated logging is on.
    expect(stdout).toMatch(/^log\s+\[(debug|info|notice|warning|error|critical|alert|emergency)\] /m);
    // The cancelled call: some progress, then the notification, for the id of that call.
    const cancelled = /^cancel\s+unsubscribed: the session sent notifications\/cancelled (\{.*\})$/m.exec(
      stdout,
    );
    expect(cancelled).not.toBeNull();
    expect(JSON.parse(cancelled?.[1] ?? 'null')).toEqual({
      requestId: expect.any(Number),
      reason: 'The client unsubscribed',
    });
    const cancelledSteps = [...stdout.matchAll(/^progress\s+\[[#.]{24}\] (\d+)\/4 /gm)].map((m) =>
      Number(m[1]),
    );
    expect(cancelledSteps).toEqual([1, 2]);
    expect(stdout.indexOf('2/4 (50 %)')).toBeLessThan(stdout.indexOf('notifications/cancelled'));

    const pid = serverPid(stdout);
    expect(stdout).toMatch(new RegExp(`^exit\\s+server pid ${pid} exited: code 0, signal null$`, 'm'));
    expect(stdout).toMatch(
      new RegExp(`^cleanup\\s+no process left: server pid ${pid} and its \\d+ descendants? are gone`, 'm'),
    );
    // The tree was really watched (the server is among what was seen), and all of it is gone.
    expect(run.descendants).toContain(pid);
    expect(await waitUntilGone(run.descendants, 5000)).toEqual([]);
  }, 120_000);

  it('runs against another server given as arguments, listing its tools and calling none', async () => {
    const run = await runDemo([process.execPath, memory], 100_000);
    const { stdout } = run;
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    expect(stdout).toMatch(/^server\s+memory-server /m);
    for (const tool of ['create_entities', 'read_graph', 'search_nodes']) {
      expect(stdout).toMatch(new RegExp(`^\\s+- ${tool}\\s`, 'm'));
    }
    expect(stdout).toMatch(/^tour\s+\(no trigger-long-running-operation or toggle-simulated-logging here/m);
    expect(stdout).not.toMatch(/^(call|progress|cancel)\s/m);
    const pid = serverPid(stdout);
    expect(stdout).toMatch(new RegExp(`^exit\\s+server pid ${pid} exited: code 0, signal null$`, 'm'));
    expect(run.descendants).toContain(pid);
    expect(await waitUntilGone(run.descendants, 5000)).toEqual([]);
  }, 120_000);

  it('fails with exit code 1 and a clear message when the server cannot be started', async () => {
    const run = await runDemo(['./no-such-mcp-server'], 100_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^demo failed: StdioSpawnError: .*no-such-mcp-server/m);
    expect(await waitUntilGone(run.descendants, 5000)).toEqual([]);
  }, 120_000);
});

describe('the demo terminal', () => {
  /** A stream that records what is written. */
  const recorder = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (text: string) => chunks.push(text) } };
  };

  it('draws a bar in proportion, clamped', () => {
    expect(progressBar(0, 4, 8)).toBe('[........]');
    expect(progressBar(1, 4, 8)).toBe('[##......]');
    expect(progressBar(4, 4, 8)).toBe('[########]');
    expect(progressBar(9, 4, 8)).toBe('[########]');
    expect(progressBar(-1, 4, 8)).toBe('[........]');
    expect(progressBar(3, 0, 8)).toBe('[........]');
  });

  it('describes progress with or without a total and a message', () => {
    expect(progressText({ progress: 3, total: 10 })).toBe('[#######.................] 3/10 (30 %)');
    expect(progressText({ progress: 3 })).toBe('3');
    expect(progressText({ progress: 1, total: 2, message: 'half' })).toBe(
      '[############............] 1/2 (50 %) half',
    );
  });

  it('prints statuses as plain lines without a terminal', () => {
    const { chunks, stream } = recorder(false);
    const term = new Terminal(stream);
    term.update('progress', '1/2');
    term.line('log', 'a\nb');
    term.update('progress', '2/2');
    term.settle();
    expect(chunks.join('')).toBe('progress  1/2\nlog       a\n          b\nprogress  2/2\n');
  });

  it('redraws the status in place on a terminal, keeping it below other lines', () => {
    const { chunks, stream } = recorder(true);
    const term = new Terminal(stream);
    term.update('progress', '1/2');
    term.update('progress', '2/2');
    term.line('log', 'hello');
    term.settle();
    term.line('result', 'done');
    expect(chunks.join('')).toBe(
      'progress  1/2' +
        '\r\x1b[Kprogress  2/2' +
        '\r\x1b[Klog       hello\nprogress  2/2' +
        '\n' +
        'result    done\n',
    );
  });
});
