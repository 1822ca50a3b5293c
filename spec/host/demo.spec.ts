import { spawn } from 'node:child_process';
import path from 'node:path';
import { descendantsOf, killIfAlive, waitUntilGone } from '../support/processes.js';

const root = path.join(__dirname, '..', '..');
const tsxCli = require.resolve('tsx/cli');

/** What one run of the demo did. */
interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every process seen below the demo while it ran. */
  descendants: number[];
}

const seen = new Set<number>();
afterEach(() => {
  // Safety net only: each test proves with waitUntilGone that its processes are gone.
  killIfAlive([...seen]);
});

/**
 * Runs `tsx demo/index.ts --config demo/host.config.json` without a terminal, polling its
 * process tree; `onOutput` sees the output so far and may signal the demo.
 */
function runHostDemo(timeoutMs: number, onOutput?: (stdout: string, pid: number) => void): Promise<DemoRun> {
  const child = spawn(
    process.execPath,
    [tsxCli, path.join('demo', 'index.ts'), '--config', 'demo/host.config.json'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that Ctrl+C can be sent the way a terminal sends it: to the
      // whole foreground group (tsx's launcher and the script it runs), not to the launcher alone.
      detached: true,
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('the demo did not start');
  seen.add(pid);
  const descendants = new Set<number>();
  const poll = setInterval(() => {
    for (const descendant of descendantsOf(pid)) {
      descendants.add(descendant);
      seen.add(descendant);
    }
  }, 50);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    onOutput?.(stdout, pid);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const watchdog = setTimeout(() => {
      clearInterval(poll);
      killIfAlive([pid, ...descendants]);
      reject(new Error(`the demo did not end within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(watchdog);
      resolve({ code, stdout, stderr, descendants: [...descendants] });
    });
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
    expect(run.descendants).toEqual(expect.arrayContaining(crasher));
    expect(await waitUntilGone(run.descendants, 10_000)).toEqual([]);
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
    expect(run.stdout).toMatch(/^end\s+Ctrl\+C: unsubscribing$/m);
    expect(run.stdout).toMatch(/^cleanup\s+no process left/m);
    expect(await waitUntilGone(run.descendants, 10_000)).toEqual([]);
  }, 90_000);
});
