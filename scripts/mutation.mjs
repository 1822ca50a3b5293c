#!/usr/bin/env node
/**
 * `npm run test:mutation`: Stryker on the core modules (stryker.config.mjs), on a Node >= 22.
 *
 *   node scripts/mutation.mjs             all modules in scope (incremental: only changed mutants run)
 *   node scripts/mutation.mjs --changed   only the in-scope files changed since the previous commit
 *                                         (CI: bounded by one commit's change, and it works on a
 *                                         copy of the committed incremental file, leaving it as is)
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
 * working directory). It then prints one score per module, which is what the docs and CI report.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lastRun = path.join(root, 'reports', 'mutation', 'mutation.json');
const committed = path.join(root, 'spec', 'quality', 'stryker-incremental.json');
/** The last run's report, or on a fresh clone (no report yet) the committed results, same format. */
const report = existsSync(lastRun) ? lastRun : committed;
const args = process.argv.slice(2);

/** Stryker's score: detected (killed or timed out) over valid (detected, survived, no coverage). */
function scores() {
  const { files } = JSON.parse(readFileSync(report, 'utf8'));
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
  if (!existsSync(report)) {
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

/** The in-scope files changed since the previous commit (plus uncommitted changes). */
function changedInScope() {
  const scope =
    /^lib\/(transport\/(framing\/.*|connection\/(StdinWriter|StdioServerConnection)|process\/(?!getDefaultEnvironment).*)|session\/McpPeer)\.ts$/;
  const git = (...gitArgs) => execFileSync('git', gitArgs, { cwd: root, encoding: 'utf8' });
  let base = 'HEAD';
  try {
    git('rev-parse', '--verify', '--quiet', 'HEAD~1');
    base = 'HEAD~1';
  } catch {
    // A single commit: compare with the work tree only.
  }
  const changed = git('diff', '--name-only', base, '--', 'lib').split('\n');
  return changed.filter((file) => scope.test(file) && existsSync(path.join(root, file)));
}

if (args.includes('--summary')) {
  printSummary(false);
  process.exit(0);
}

const strykerArgs = ['run'];
if (args.includes('--changed')) {
  const files = changedInScope();
  if (files.length === 0) {
    process.stdout.write('mutation: no core file changed since the previous commit; nothing to run\n');
    process.exit(0);
  }
  process.stdout.write(`mutation: testing ${files.join(', ')}\n`);
  strykerArgs.push('--mutate', files.join(','));
  const copy = path.join(root, '.cache', 'stryker-changed-incremental.json');
  mkdirSync(path.dirname(copy), { recursive: true });
  if (existsSync(committed)) copyFileSync(committed, copy);
  strykerArgs.push('--incrementalFile', copy);
}
// Everything but this script's own flags is Stryker's (`--mutate`, `--concurrency`, …).
strykerArgs.push(...args.filter((arg) => arg !== '--changed'));
const node = strykerNode();
const result = spawnSync(node, [strykerBin(node), ...strykerArgs], {
  cwd: root,
  stdio: 'inherit',
  env: withNodeFirst(node),
});
if (result.status !== 0) process.exit(result.status ?? 1);
stripMachinePaths(path.join(root, 'spec', 'quality', 'stryker-incremental.json'));
printSummary(true);
