// Builds the dual package: CommonJS in dist/cjs, ES modules in dist/esm, each with its own
// package.json "type" so Node reads every .js file the right way, and types beside both.
// It builds into a fresh folder and swaps it in with renames, so a process reading dist/ (a test
// of the built package, a second build running at the same time) never sees it half-written.
// The two compilations run at once (each is one tsc process: two cores, half the wait).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const staging = join(root, `.dist-${process.pid}`);

rmSync(staging, { recursive: true, force: true });

/** Compiles one format into the staging folder; resolves once tsc succeeded. */
function compile([config, format, type]) {
  const outDir = join(staging, format);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', join(root, config), '--outDir', outDir], {
      stdio: 'inherit',
      cwd: root,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`tsc -p ${config} failed (${signal ?? `exit ${code}`})`));
        return;
      }
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
      resolve();
    });
  });
}

try {
  const results = await Promise.allSettled(
    [
      ['tsconfig.build.json', 'cjs', 'commonjs'],
      ['tsconfig.esm.json', 'esm', 'module'],
    ].map(compile),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const dist = join(root, 'dist');
  const retired = join(root, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, retired);
  renameSync(staging, dist);
  rmSync(retired, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
