/**
 * The shared leak check (spec/support/leakCheckEnvironment.js) can fail: a sandboxed Jest run of
 * specs that leak on purpose must report each leak (an orphaned grandchild out of every process
 * group, found by its tag; one whose environment was wiped, found by its process group; a leak
 * caught after the test that made it), and pass a spec that cleans up. The leaked processes
 * are killed by the check; this test proves by pid that they are gone (and kills any it finds).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive, killIfAlive, processInfo, waitUntilGone } from '../support/processes.js';

const root = path.join(__dirname, '..', '..');
const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const environment = path.join(root, 'spec', 'support', 'leakCheckEnvironment.js');

/** Sandbox specs: each leaves its processes' pids in `<name>.pids` (JSON) for this test to check. */
const SPECS: Record<string, string> = {
  // A child starts `sleep` in a session of its own, then exits: the sleep is an orphan in no
  // group of ours, with no parent of ours. Only its inherited tag leads to it.
  'orphan.spec.js': `
    const { execFileSync } = require('node:child_process');
    test('leaks an orphaned grandchild out of every group', () => {
      const pid = execFileSync(process.execPath, ['-e', \`
        const c = require('node:child_process').spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
        c.unref();
        process.stdout.write(String(c.pid));\`], { encoding: 'utf8' });
      require('node:fs').writeFileSync(__dirname + '/orphan.pids', JSON.stringify([Number(pid)]));
      expect(Number(pid)).toBeGreaterThan(1);
    });`,
  // A detached shell (its own group, as the library spawns servers) starts \`sleep\` with an
  // empty environment (no tag) in the background and exits: only the group leads to it.
  'group.spec.js': `
    const { spawn } = require('node:child_process');
    test('leaks an untagged orphan in the group of a spawned server', async () => {
      const shell = spawn('sh', ['-c', 'env -i sleep 30 >/dev/null 2>&1 & echo $!'], { detached: true });
      let out = '';
      shell.stdout.on('data', (d) => (out += d));
      await new Promise((resolve) => shell.on('close', resolve));
      require('node:fs').writeFileSync(__dirname + '/group.pids', JSON.stringify([Number(out.trim())]));
      expect(Number(out.trim())).toBeGreaterThan(1);
    });`,
  // With the check after each test: the test that leaks fails, the next one passes.
  'each.spec.js': `
    const { spawn } = require('node:child_process');
    globalThis[Symbol.for('rxjs-mcp-stdio.leakCheck')].eachTest = true;
    test('leaks a child', () => {
      const child = spawn('sleep', ['30'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(__dirname + '/each.pids', JSON.stringify([child.pid]));
      expect(child.pid).toBeGreaterThan(1);
    });
    test('then cleans up after itself', async () => {
      const child = spawn('sleep', ['30'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill();
      await exited;
      expect(child.killed).toBe(true);
    });`,
  // Spawns and waits for its child: nothing to report.
  'clean.spec.js': `
    const { spawn } = require('node:child_process');
    test('waits for its child', async () => {
      const child = spawn('sh', ['-c', 'exit 0'], { detached: true });
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
    });`,
};

interface JestResult {
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

let dir = '';
const leaked: number[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'leak-check-'));
  for (const [name, text] of Object.entries(SPECS)) writeFileSync(path.join(dir, name), text);
});

afterAll(async () => {
  // The check killed them; should it not have, they go here, by pid, and the test below failed.
  killIfAlive(leaked);
  await waitUntilGone(leaked, 5000);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the sandbox's specs with the leak check (a short grace) and returns Jest's JSON report. */
async function runSandbox(): Promise<JestResult> {
  const config = {
    rootDir: dir,
    testEnvironment: environment,
    testEnvironmentOptions: { leakGraceMs: 300 },
    testMatch: ['**/*.spec.js'],
    transform: {},
  };
  const output = path.join(dir, 'result.json');
  const jest = spawn(
    process.execPath,
    [jestBin, '--config', JSON.stringify(config), '--runInBand', '--json', '--outputFile', output],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  jest.stderr.setEncoding('utf8');
  jest.stderr.on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve) => jest.on('exit', resolve));
  for (const name of ['orphan', 'group', 'each']) {
    leaked.push(...(JSON.parse(readFileSync(path.join(dir, `${name}.pids`), 'utf8')) as number[]));
  }
  if (code !== 1) throw new Error(`the sandbox's jest exited ${code}, expected 1:\n${stderr}`);
  return JSON.parse(readFileSync(output, 'utf8')) as JestResult;
}

describe('the shared leak check', () => {
  it('reports an orphaned grandchild, an untagged one in a server group and a leak per test, and kills them', async () => {
    const result = await runSandbox();
    const file = (name: string) => {
      const found = result.testResults.find((r) => path.basename(r.name) === name);
      if (found === undefined) throw new Error(`no result for ${name}`);
      return found;
    };
    const [orphan, group, each] = leaked;

    // Found by tag: the orphan left every group of ours and has init for a parent.
    expect(file('orphan.spec.js').status).toBe('failed');
    expect(file('orphan.spec.js').message).toMatch(
      new RegExp(
        `this test file left 1 process\\(es\\) running[\\s\\S]*${orphan} \\(sleep 30; [^)]*found by tag\\)`,
      ),
    );
    // Found by group only: its environment was wiped, so it carries no tag.
    expect(file('group.spec.js').status).toBe('failed');
    expect(file('group.spec.js').message).toMatch(
      new RegExp(`${group} \\(sleep 30; [^)]*found by group \\d+\\)`),
    );
    // After each test: the leaking test fails, the clean one passes, and the file passes as a whole.
    const [leaking, cleaning] = file('each.spec.js').assertionResults;
    expect(leaking?.status).toBe('failed');
    expect(leaking?.failureMessages.join('\n')).toMatch(
      new RegExp(
        `this test left 1 process\\(es\\) running[\\s\\S]*${each} \\(sleep 30; [^)]*found by tag, pid\\)`,
      ),
    );
    expect(cleaning?.status).toBe('passed');
    expect(file('each.spec.js').message).not.toMatch(/test file left/);
    // A spec that waited for its child passes.
    expect(file('clean.spec.js').status).toBe('passed');

    // The check killed each of them (a zombie counts as gone).
    expect(await waitUntilGone(leaked, 5000)).toEqual([]);
    expect(
      leaked.map((pid) => processInfo(pid)?.state ?? 'gone').every((s) => s === 'gone' || s === 'Z'),
    ).toBe(true);
    expect(leaked.filter(isAlive)).toEqual([]);
  }, 60_000);
});
