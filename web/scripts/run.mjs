// `npm run demo:web` and `npm run test:web` from the repository root. One script for both so
// they prepare the app the same way: install the web app's own dependencies when they are
// missing or older than web/package-lock.json (never the root's), build the library, put that
// build (and its package.json) into the web app's installed copy of rxjs-mcp-stdio (the app always runs the library of
// this checkout), build the Angular app, then serve it (demo) or build the Angular guide's app
// (from docs/angular.md) and run the end-to-end and security tests (test).
// WEB_DEMO_SKIP_BUILD=1 skips the builds (the tests use it to run the demo command quickly).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(web, '..');
const mode = process.argv[2];
if (mode !== 'demo' && mode !== 'test') {
  console.error('usage: node web/scripts/run.mjs demo|test');
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command to the end, inheriting the terminal; exits with its code when it fails. */
function run(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** Whether the web app's install is missing, or older than its lock file (a pull changed it). */
function installIsStale() {
  const installed = join(web, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return true;
  return statSync(join(web, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
}

if (installIsStale()) run(npm, ['ci', '--no-audit', '--no-fund'], web);
if (process.env.WEB_DEMO_SKIP_BUILD !== '1') {
  run(npm, ['run', 'build'], root);
  const installed = join(web, 'node_modules', 'rxjs-mcp-stdio');
  rmSync(join(installed, 'dist'), { recursive: true, force: true });
  cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });
  // Its exports map too, so an entry added since the install (rxjs-mcp-stdio/relay) resolves.
  cpSync(join(root, 'package.json'), join(installed, 'package.json'));
  run(npm, ['run', 'build'], web, { ...process.env, NG_CLI_ANALYTICS: 'false' });
  // The Angular guide's browser code, read from docs/angular.md, built as a default Angular app.
  if (mode === 'test') run(npm, ['run', 'build:guide'], web, { ...process.env, NG_CLI_ANALYTICS: 'false' });
}
if (mode === 'demo') {
  // In this process, so Ctrl-C reaches the relay, which shuts its servers down before exiting.
  const { register } = await import(
    pathToFileURL(join(web, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href
  );
  register();
  await import(pathToFileURL(join(web, 'relay', 'main.ts')).href);
} else {
  run(
    process.execPath,
    [join(web, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node.json'],
    web,
  );
  run(npm, ['test'], web);
}
