#!/usr/bin/env node
/**
 * Prints the one-line coverage summary at the end of CI from Jest's coverage/coverage-summary.json
 * (the `json-summary` reporter): the whole library, then the transport core folders, whose
 * thresholds are the highest (jest.config.js).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const file = path.join('coverage', 'coverage-summary.json');
if (!existsSync(file)) {
  process.stdout.write('coverage: no coverage/coverage-summary.json (run jest --coverage)\n');
  process.exit(0);
}
const summary = JSON.parse(readFileSync(file, 'utf8'));
const root = process.cwd() + path.sep;

/** Adds up the per-file counts of the files under `folder`. */
function folderTotals(folder) {
  const totals = { lines: [0, 0], branches: [0, 0], functions: [0, 0], statements: [0, 0] };
  for (const [name, entry] of Object.entries(summary)) {
    if (name === 'total' || !name.startsWith(path.join(root, folder) + path.sep)) continue;
    for (const key of Object.keys(totals)) {
      totals[key][0] += entry[key].covered;
      totals[key][1] += entry[key].total;
    }
  }
  return totals;
}

const percent = ([covered, total]) => (total === 0 ? '100' : ((100 * covered) / total).toFixed(1));
const t = summary.total;
const core = ['lib/transport/framing', 'lib/transport/connection', 'lib/transport/process'].map((folder) => {
  const f = folderTotals(folder);
  return `${folder.slice('lib/transport/'.length)} ${percent(f.lines)}/${percent(f.branches)}`;
});
process.stdout.write(
  `coverage: lines ${t.lines.pct}% · branches ${t.branches.pct}% · functions ${t.functions.pct}% · ` +
    `statements ${t.statements.pct}% | core lines/branches: ${core.join(', ')}\n`,
);
