#!/usr/bin/env node
/**
 * `npm ci` prints no engine warning on any Node the package supports: for Node 20, 22 and 24
 * (the machine's, and the ones scripts/nodeBinary.mjs fetches), `npm ci --dry-run` resolves the
 * committed lock in a temporary copy (nothing is installed; npm checks every package's `engines`
 * against the Node it runs on) and every EBADENGINE warning is counted. The mutation tools'
 * own lock (scripts/mutation, installed on Node 22 or later only) is checked on 22 and 24.
 *
 *   node scripts/installWarnings.mjs               the working tree's package.json and lock
 *   node scripts/installWarnings.mjs --ref HEAD~3  those of another commit (to compare)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const refIndex = process.argv.indexOf('--ref');
const ref = refIndex === -1 ? undefined : process.argv[refIndex + 1];

/**
 * A temporary folder holding a manifest and its lock, from the working tree or a commit; undefined
 * when that commit has none there.
 */
function copyOf(folder) {
  const into = mkdtempSync(path.join(tmpdir(), 'rxjs-mcp-stdio-install-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) {
      const relative = path.posix.join(folder, file);
      if (ref === undefined) {
        copyFileSync(path.join(root, relative), path.join(into, file));
      } else {
        const text = execFileSync('git', ['show', `${ref}:${relative}`], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        writeFileSync(path.join(into, file), text);
      }
    }
    return into;
  } catch (error) {
    rmSync(into, { recursive: true, force: true });
    if (ref !== undefined) return undefined;
    throw error;
  }
}

/** The path of the Node binary of a major version (fetched and cached when it is not the machine's). */
function nodeOf(major) {
  return execFileSync(process.execPath, [path.join(root, 'scripts', 'nodeBinary.mjs'), String(major)], {
    encoding: 'utf8',
  }).trim();
}

/** The EBADENGINE warnings of `npm ci --dry-run` on one Node, and the packages they name. */
function engineWarnings(folder, node) {
  const result = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  if (result.status !== 0)
    throw new Error(`npm ci --dry-run failed on ${node}:\n${result.stdout}${result.stderr}`);
  const output = `${result.stdout}${result.stderr}`;
  const packages = [...output.matchAll(/EBADENGINE\s+package: '([^']+)'/g)].map(([, name]) => name);
  return { warnings: (output.match(/EBADENGINE Unsupported engine/g) ?? []).length, packages };
}

const checks = [
  { what: 'the package', folder: '.', majors: [20, 22, 24] },
  { what: 'the mutation tools', folder: 'scripts/mutation', majors: [22, 24] },
];
const lines = [];
let total = 0;
for (const { what, folder, majors } of checks) {
  const copy = copyOf(folder);
  if (copy === undefined) {
    lines.push(`${what}: none at ${ref}`);
    continue;
  }
  try {
    const counts = majors.map((major) => {
      const node = nodeOf(major);
      const { warnings, packages } = engineWarnings(copy, node);
      total += warnings;
      if (warnings > 0) process.stderr.write(`${what}, Node ${major}: ${packages.join(', ')}\n`);
      return `Node ${major} ${warnings}`;
    });
    lines.push(`${what}: ${counts.join(', ')}`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
process.stdout.write(`npm ci engine warnings${ref ? ` at ${ref}` : ''}: ${lines.join('; ')}\n`);
if (total > 0) process.exit(1);
