/**
 * The runnable examples of the README and docs/ run here, as a user would run them (tsx, the
 * package imported by name, so through its exports map and the built dist/), against the real
 * bundled server-everything. Each run's output is asserted, and every process it started (the
 * server and whatever the server started) is proved gone by pid.
 */
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

/** Runs `tsx spec/readme/<file>`, as a user would. */
function runExample(file: string, timeoutMs: number): Promise<TsxRun> {
  return runTsx([path.join('spec', 'readme', file)], { timeoutMs, seen });
}

/** Runs an example, checks that it ended well and left nothing behind; returns its output lines. */
async function linesOf(file: string): Promise<string[]> {
  // npx and the server start in a few seconds on an idle machine; the watchdog allows for a busy CI.
  const run = await runExample(file, 90_000);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  // The server (spawned through npx) was seen, and it and everything below it are gone.
  expect(run.descendants.length).toBeGreaterThan(0);
  expect(await waitUntilGone(run.descendants, 5_000)).toEqual([]);
  return run.stdout.trimEnd().split('\n');
}

describe('the runnable examples', () => {
  it('README quick start: handshake, one tool call, shutdown', async () => {
    expect(await linesOf('quick-start.example.mts')).toEqual([
      'server: mcp-servers/everything',
      'echo answered: Echo: hello',
    ]);
  }, 120_000);

  it('docs/lifecycle.md: the raw transport, ids by hand, polite exit on EOF', async () => {
    const lines = await linesOf('raw-transport.example.mts');
    // Notifications the server sends on its own may come between the answers.
    const answers = lines.filter((line) => /^← \d+$/.test(line));
    expect(answers).toEqual(['← 1', '← 2']);
    expect(lines.filter((line) => !/^← (\d+|notifications\/\S+)$/.test(line))).toEqual([
      'server exited: { code: 0, signal: null }',
    ]);
    expect(lines.at(-1)).toBe('server exited: { code: 0, signal: null }');
  }, 120_000);

  it('docs/electron.md: a session over a MessagePort, the server served from its other end', async () => {
    expect(await linesOf('message-port.example.mts')).toEqual([
      'owner: connected',
      'Echo: through a port',
      'owner: disconnected',
    ]);
  }, 120_000);

  it('docs/sdk.md: the SDK Client on this transport, with progress, and close()', async () => {
    const lines = await linesOf('sdk.example.mts');
    // The SDK's Client drops a progress notification that shares a read with the result (its
    // notification handlers run a microtask after the response removed them): docs/sdk.md says so.
    const lastProgress = lines.indexOf('progress 2/2');
    expect(lastProgress === -1 || lastProgress === 2).toBe(true);
    expect(lines.filter((line) => line !== 'progress 2/2')).toEqual([
      'has echo: true',
      'progress 1/2',
      'result: [',
      '  {',
      "    type: 'text',",
      "    text: 'Long running operation completed. Duration: 1 seconds, Steps: 2.'",
      '  }',
      ']',
      'closed',
    ]);
  }, 120_000);
});
