// Builds the dual package: CommonJS in dist/cjs, ES modules in dist/esm, each with its own
// package.json "type" so Node reads every .js file the right way, and types beside both.
// It builds into a fresh folder and swaps it in with renames, so a process reading dist/ (a test
// of the built package, a second build running at the same time) never sees it half-written.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const staging = join(root, `.dist-${process.pid}`);

rmSync(staging, { recursive: true, force: true });
try {
  for (const [config, format, type] of [
    ['tsconfig.build.json', 'cjs', 'commonjs'],
    ['tsconfig.esm.json', 'esm', 'module'],
  ]) {
    const outDir = join(staging, format);
    execFileSync(process.execPath, [tsc, '-p', join(root, config), '--outDir', outDir], {
      stdio: 'inherit',
      cwd: root,
    });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
  }
  const dist = join(root, 'dist');
  const retired = join(root, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, retired);
  renameSync(staging, dist);
  rmSync(retired, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
