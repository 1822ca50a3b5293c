/**
 * `npm run test:faults`: runs every fault scenario against real processes, at full size (a 1 GiB
 * stdout flood, a 100 MB frame), one after the other, and prints a Markdown table a maintainer can
 * read at a glance. Writes the same rows as JSON to spec/bench/results/faults.json. Exits non-zero
 * if any row fails.
 *
 *   npx tsx spec/faults/report.ts [--spec-size] [scenario-id ...]
 *
 * `--spec-size` runs the small sizes of `npm test` (a quick check); ids pick some scenarios only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SLACK_MS, type FaultResult } from './probe.js';
import { SCENARIOS, scenario } from './scenarios.js';
import { table } from './table.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const full = !args.includes('--spec-size');
  const ids = args.filter((a) => !a.startsWith('--'));
  const chosen = ids.length === 0 ? SCENARIOS : ids.map(scenario);
  const results: FaultResult[] = [];
  const started = performance.now();
  for (const s of chosen) {
    const t = performance.now();
    process.stderr.write(`${s.id} … `);
    let result: FaultResult;
    try {
      result = await s.run({ full });
    } catch (error) {
      // A scenario reports through its result; a throw is a bug of the suite, shown as a failed row.
      result = {
        id: s.id,
        fault: s.fault,
        did: 'the scenario threw',
        processesLeft: [],
        outOfReach: [],
        fdsLeft: 0,
        framesExpected: null,
        framesLost: null,
        teardownMs: null,
        boundMs: null,
        failures: [error instanceof Error ? (error.stack ?? error.message) : String(error)],
        ok: false,
        details: {},
      };
    }
    results.push(result);
    process.stderr.write(`${result.ok ? 'ok' : 'FAILED'} (${Math.round(performance.now() - t)} ms)\n`);
  }
  const failed = results.filter((r) => !r.ok);
  const output = [
    `Fault suite (${full ? 'full size: 1 GiB stdout flood, 100 MB frame' : 'spec size'}), ` +
      `${process.platform} ${process.arch}, Node ${process.version}, ${new Date().toISOString()}.`,
    '',
    table(results),
    '',
    `Shutdown bounds: closeTimeout 300 ms, termTimeout 300 ms (bound 600 ms; 900 ms with descendants, ` +
      `which get SIGTERM and, termTimeout later, SIGKILL after the server exits; 1200 ms for a stdout held ` +
      `by an escaped daemon). Teardown is from the trigger (unsubscribe, complete(), the crash) to every ` +
      `process gone and the terminal event delivered; a row passes within the bound + ${SLACK_MS} ms ` +
      `(shared machine).`,
    '',
    failed.length === 0
      ? `All ${results.length} rows hold (${Math.round((performance.now() - started) / 1000)} s).`
      : `${failed.length} of ${results.length} rows FAILED: ${failed.map((r) => r.id).join(', ')}.`,
  ];
  process.stdout.write(`${output.join('\n')}\n`);
  const folder = path.join(__dirname, '..', 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, 'faults.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, full, results }, null, 2)}\n`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
