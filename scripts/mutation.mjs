#!/usr/bin/env node
/**
 * `npm run test:mutation`: Stryker on the core modules (stryker.config.mjs), on a Node >= 22.
 *
 *   node scripts/mutation.mjs             all modules in scope (incremental: only changed mutants run)
 *   node scripts/mutation.mjs --ci        what CI runs: the committed results must be of the current
 *                                         code; all modules in scope, incrementally, on a copy of
 *                                         them (left as they are) without a sample of their mutants,
 *                                         which the run tests again and must decide alike
 *   node scripts/mutation.mjs --summary   print the per-module scores of the last report (on a fresh
 *                                         clone: of the committed results), run nothing
 *   node scripts/mutation.mjs --concurrency 1 --mutate lib/transport/framing/LineSplitter.ts
 *                                         any other option goes to Stryker as is: here one module,
 *                                         one test runner (kind to a shared machine)
 *
 * Why a script: Stryker 10 (and its Babel 8) needs Node >= 22 while the package supports Node 20,
 * so Stryker is not a devDependency of the package (its install would warn on Node 20): this
 * installs it from scripts/mutation/ (a manifest and a committed lock of its own) into the
 * git-ignored .cache/mutation-tools, once, with the npm of the Node it runs on. That Node is the
 * current one when it is new enough and otherwise the one scripts/nodeBinary.mjs fetched from the
 * npm registry, put first on PATH for npm and Stryker's child processes too. Jest and the code
 * under test still come from the repository's node_modules (Stryker resolves Jest from the
 * working directory). It then prints one score per module, which is what the docs and CI report,
 * and fails (exit 1) when a module scores under 80 % (scripts/mutationGate.mjs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  below,
  disagreements,
  filesInScope,
  sampleMutants,
  staleFiles,
  withoutMutants,
} from './mutationGate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lastRun = path.join(root, 'reports', 'mutation', 'mutation.json');
const committed = path.join(root, 'spec', 'quality', 'stryker-incremental.json');
/** The last run's report, or on a fresh clone (no report yet) the committed results, same format. */
const reportFile = () => (existsSync(lastRun) ? lastRun : committed);
const args = process.argv.slice(2);

/** Stryker's score: detected (killed or timed out) over valid (detected, survived, no coverage). */
function scores() {
  const { files } = JSON.parse(readFileSync(reportFile(), 'utf8'));
  const rows = [];
  const all = { detected: 0, valid: 0, survivors: [] };
  for (const [file, { mutants }] of Object.entries(files)) {
    let detected = 0;
    let valid = 0;
    for (const mutant of mutants) {
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') detected++;
      if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(mutant.status)) valid++;
      if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        all.survivors.push(`${file}:${mutant.location.start.line} ${mutant.mutatorName} (${mutant.status})`);
      }
    }
    all.detected += detected;
    all.valid += valid;
    rows.push({ file: path.relative(root, path.resolve(root, file)), detected, valid });
  }
  return { rows, all };
}

const pct = (detected, valid) => (valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)}%`);

function printSummary(verbose) {
  if (!existsSync(reportFile())) {
    process.stdout.write('mutation: no results yet (npm run test:mutation)\n');
    return;
  }
  const { rows, all } = scores();
  if (verbose) {
    for (const row of rows) {
      process.stdout.write(
        `${pct(row.detected, row.valid).padStart(7)}  ${row.detected}/${row.valid}  ${row.file}\n`,
      );
    }
    for (const survivor of all.survivors) process.stdout.write(`survivor: ${survivor}\n`);
  }
  const perFile = rows.map((row) => `${path.basename(row.file, '.ts')} ${pct(row.detected, row.valid)}`);
  process.stdout.write(`mutation: ${pct(all.detected, all.valid)} (${perFile.join(', ')})\n`);
}

/**
 * The committed incremental file keeps test failure messages whose stack traces name this clone's
 * absolute path (and Stryker's sandbox in it): make them relative, so the file names no machine.
 */
function stripMachinePaths(file) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const stripped = text
    .split(`file://${root}/`)
    .join('')
    .split(`${root}/`)
    .join('')
    .split(JSON.stringify(root))
    .join('"."');
  if (stripped !== text) writeFileSync(file, stripped);
}

/** A Node >= 22 to run Stryker with. */
function strykerNode() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  return execFileSync(process.execPath, [path.join(root, 'scripts', 'nodeBinary.mjs'), '24'], {
    encoding: 'utf8',
  }).trim();
}

if (args.includes('--summary')) {
  printSummary(false);
  process.exit(0);
}

/** How many recorded mutants the spot check runs again from scratch. */
const SPOT_CHECK_SIZE = 20;

/** The pinned Stryker install: scripts/mutation's manifest and lock, installed in .cache. */
const toolsSource = path.join(root, 'scripts', 'mutation');
const tools = path.join(root, '.cache', 'mutation-tools');

/**
 * Installs the pinned tools into .cache/mutation-tools when they are missing or their lock changed
 * (`npm ci` on the given Node, so the engines it checks are that Node's); returns Stryker's bin.
 */
function strykerBin(node) {
  const lock = readFileSync(path.join(toolsSource, 'package-lock.json'), 'utf8');
  const installedLock = path.join(tools, 'package-lock.json');
  const installed = path.join(tools, 'node_modules', '.package-lock.json');
  if (!existsSync(installed) || !existsSync(installedLock) || readFileSync(installedLock, 'utf8') !== lock) {
    process.stdout.write(`mutation: installing the pinned Stryker into ${path.relative(root, tools)}\n`);
    rmSync(tools, { recursive: true, force: true });
    mkdirSync(tools, { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(path.join(toolsSource, file), path.join(tools, file));
    }
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: tools,
      stdio: 'inherit',
      env: withNodeFirst(node),
    });
    if (npm.status !== 0) {
      rmSync(tools, { recursive: true, force: true });
      process.stderr.write('mutation: installing Stryker failed\n');
      process.exit(npm.status ?? 1);
    }
  }
  return path.join(tools, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
}

/** The environment with the given Node's folder first on PATH (npm's and Stryker's children use it). */
function withNodeFirst(node) {
  return { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** Runs Stryker (`run` and `args`) on a Node >= 22; returns its exit status. */
function runStryker(node, strykerArgs) {
  const result = spawnSync(node, [strykerBin(node), 'run', ...strykerArgs], {
    cwd: root,
    stdio: 'inherit',
    env: withNodeFirst(node),
  });
  return result.status ?? 1;
}

/** A Stryker config in .cache: stryker.config.mjs with `overrides` (a JSON object) over it. */
function derivedConfig(name, overrides) {
  const file = path.join(root, '.cache', `stryker-${name}.config.mjs`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `import base from '../stryker.config.mjs';\nexport default { ...base, ...${JSON.stringify(overrides)} };\n`,
  );
  return file;
}

/** Fails (exit 1) when a module of `reportFile` scores under the minimum. */
function enforceScores(reportFile) {
  const failing = below(JSON.parse(readFileSync(reportFile, 'utf8')));
  if (failing.length === 0) return;
  process.stderr.write(`mutation: under 80 %:\n${failing.map((line) => `  ${line}\n`).join('')}`);
  process.exit(1);
}

/**
 * CI: verify the base, then one incremental run of every module in scope. The base is the
 * committed results, which must be of the current source; a sample of their mutants, picked from
 * the commit's hash, is taken out of the copy the run starts from, so the run tests those again
 * from scratch (with whatever code or tests changed) and must decide each as recorded. Then each
 * module's score is enforced.
 */
async function ciRun(node) {
  const base = JSON.parse(readFileSync(committed, 'utf8'));
  const stale = staleFiles(root, base, await filesInScope(root));
  if (stale.length > 0) {
    process.stderr.write(
      `mutation: the committed results are of other source than ${stale.join(', ')}; ` +
        'run npm run test:mutation and commit spec/quality/stryker-incremental.json\n',
    );
    process.exit(1);
  }
  const seed = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const sample = sampleMutants(base, SPOT_CHECK_SIZE, seed);
  const copy = path.join(root, '.cache', 'stryker-ci-incremental.json');
  mkdirSync(path.dirname(copy), { recursive: true });
  writeFileSync(copy, JSON.stringify(withoutMutants(base, sample)));
  process.stdout.write(
    `mutation: ${sample.length} recorded mutants are run again from scratch (spot check)\n`,
  );
  if (runStryker(node, [derivedConfig('ci', { incrementalFile: copy })]) !== 0) process.exit(1);
  printSummary(true);
  const fresh = JSON.parse(readFileSync(lastRun, 'utf8'));
  const problems = disagreements(sample, fresh);
  if (problems.length > 0) {
    process.stderr.write(
      'mutation: the spot check disagrees with the committed results (edited, or a flaky test):\n' +
        problems.map((line) => `  ${line}\n`).join(''),
    );
    process.exit(1);
  }
  process.stdout.write(`mutation: spot check agrees (${sample.length} mutants)\n`);
  enforceScores(lastRun);
}

const node = strykerNode();
if (args.includes('--ci')) {
  await ciRun(node);
  process.exit(0);
}
// Any option goes to Stryker as is (`--mutate`, `--concurrency`, …).
const status = runStryker(node, args);
stripMachinePaths(committed);
if (status !== 0) process.exit(status);
printSummary(true);
enforceScores(lastRun);
