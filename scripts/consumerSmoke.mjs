#!/usr/bin/env node
/**
 * The published package, tried as a new user would: `npm pack`, then fresh ES module and CommonJS
 * TypeScript projects (strict, `"types": []`, library files checked) install the tarball with
 * rxjs, type-check and run one example per entry (spec/package/entries.json), run the README's
 * Quick start the way the README says, and run the Jest config and marble tests of
 * docs/testing.md as the page shows them. All of it first without
 * `@modelcontextprotocol/core` installed (no entry needs it), then with it (its schemas and types
 * work with the session's).
 *
 *   node scripts/consumerSmoke.mjs          packs (prepack builds dist/) and checks
 *   RXJS_MCP_STDIO_PREBUILT=1 node ...      packs the dist/ already built (CI's build step)
 *   node scripts/consumerSmoke.mjs --keep   leaves the projects' folder to look at (it says where)
 *
 * The projects live in a temporary folder outside the repository, so nothing of the repository's own
 * node_modules (where core and Node's types are) can be resolved from them; it is removed at the
 * end. Their tools are the versions of this repository's lock, so npm's cache serves them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'rxjs-mcp-stdio-consumer-'));
const examples = path.join(root, 'spec', 'package', 'consumer');
const { entries: allEntries } = JSON.parse(
  readFileSync(path.join(root, 'spec', 'package', 'entries.json'), 'utf8'),
);
// An entry that needs an optional peer (`peers`: the apps entry, ext-apps) is tried in its own
// project with the peers installed (step 7); the others, in projects without any.
const entries = allEntries.filter(({ peers }) => peers === undefined);
const peerEntries = allEntries.filter(({ peers }) => peers !== undefined);
/** Each run of a program is bounded; a server that does not start fails the check, it never hangs it. */
const RUN_TIMEOUT_MS = 90_000;
const started = Date.now();
const failures = [];

function log(line) {
  process.stdout.write(`consumer smoke (${Math.round((Date.now() - started) / 1000)} s): ${line}\n`);
}

function check(ok, what) {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

/** Runs a command to the end; returns its status and output. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? work,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    env: { ...process.env, ...options.env },
    shell: options.shell ?? false,
  });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    error: result.error,
  };
}

/** Runs a command to the end without blocking, so independent checks run side by side. */
function runAsync(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? work,
      env: { ...process.env, ...options.env },
      shell: options.shell ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed; stops the whole check when it does not. */
function must(what, command, args, options) {
  const result = run(command, args, options);
  if (result.status !== 0) {
    process.stdout.write(`${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}\n`);
    check(false, what);
    finish();
  }
  return result;
}

function finish() {
  if (process.argv.includes('--keep')) log(`kept ${work}`);
  // rm is several times faster than a recursive rmSync on a node_modules this size.
  else if (spawnSync('rm', ['-rf', work]).status !== 0) rmSync(work, { recursive: true, force: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (failures.length > 0) {
    process.stdout.write(
      `consumer smoke: ${failures.length} failed in ${seconds} s:\n  ${failures.join('\n  ')}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`consumer smoke: all passed in ${seconds} s\n`);
  process.exit(0);
}

/** The version of a package in this repository's lock (so npm's cache has it). */
function locked(name) {
  const { packages } = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const version = packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return `${name}@${version}`;
}

/** The fenced blocks of a page: language, first line, code. */
function blocks(page) {
  const text = readFileSync(path.join(root, page), 'utf8').replace(/\r\n/g, '\n');
  return [...text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, lang, code]) => ({ lang, code }));
}

/**
 * The blocks of a page that name their file on their first line (`// ToolsService.ts`), written
 * into the project under that name.
 */
function writeNamedBlocks(page, into) {
  const written = [];
  for (const { code } of blocks(page)) {
    const name = /^\/\/ ([\w.-]+\.(?:ts|mts|js))\n/.exec(code)?.[1];
    if (name === undefined) continue;
    writeFileSync(path.join(into, name), code);
    written.push(name);
  }
  return written;
}

const json = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

// 1. The tarball, and what its package.json makes npm do at install time.
const prebuilt = process.env.RXJS_MCP_STDIO_PREBUILT === '1';
const packed = execFileSync(
  'npm',
  ['pack', '--pack-destination', work, '--json', ...(prebuilt ? ['--ignore-scripts'] : [])],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
const tarball = path.join(work, JSON.parse(packed)[0].filename);
const manifest = JSON.parse(
  execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
);
const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'].filter(
  (name) => manifest.scripts?.[name],
);
check(
  installScripts.length === 0,
  `the packed package.json runs no script at install (${installScripts.join(', ') || 'none'})`,
);
const declarations = readdirSync(path.join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter(
  (file) => file.endsWith('.d.ts'),
);
// An entry whose API is Node's own objects (the relay: an HTTP server, signals) says so in
// entries.json (`nodeTypes`); every other entry's declarations must need no Node types.
const nodeTypedFolders = entries
  .filter(({ nodeTypes }) => nodeTypes)
  .map(({ entry }) => `${entry.replace(/^rxjs-mcp-stdio\/?/, '')}/`);
const nodeTyped = declarations.filter(
  (file) =>
    !nodeTypedFolders.some((folder) =>
      file.replace(/\\/g, '/').split('/').slice(1).join('/').startsWith(folder),
    ) && /reference types=|from ['"]node:|NodeJS\./.test(readFileSync(path.join(root, 'dist', file), 'utf8')),
);
check(
  nodeTyped.length === 0,
  `the declarations need no Node types, but for ${nodeTypedFolders.join(', ') || 'no entry'} (${nodeTyped.join(', ') || 'none does'})`,
);

// 2. One install for both projects: the ES module app at the root, the CommonJS one in cjs/.
json(path.join(work, 'package.json'), {
  name: 'esm-app',
  private: true,
  type: 'module',
  // The tools' own install scripts (native helpers) are not what is checked here.
  allowScripts: { '@parcel/watcher': false, esbuild: false, 'unrs-resolver': false },
});
const tools = [
  'rxjs',
  'typescript',
  'tsx',
  'jest',
  'ts-jest',
  '@jest/globals',
  '@modelcontextprotocol/server-everything',
  // For the entries whose API is Node's own objects (nodeTypes in entries.json).
  '@types/node',
];
const install = must('npm install of the tarball, rxjs and the tools', 'npm', [
  'install',
  '--prefer-offline',
  '--no-audit',
  '--no-fund',
  tarball,
  ...tools.map(locked),
]);
const ours = `${install.stdout}${install.stderr}`
  .split('\n')
  .filter((line) => /warn/i.test(line) && /rxjs-mcp-stdio/.test(line));
check(
  ours.length === 0,
  `npm says nothing about rxjs-mcp-stdio at install (${ours.join(' | ') || 'no warning'})`,
);
const unresolvable = (name) =>
  run(process.execPath, ['-e', `require.resolve(${JSON.stringify(name)})`]).status !== 0 &&
  run(process.execPath, ['-e', `require.resolve(${JSON.stringify(name)})`], { cwd: path.join(work, 'cjs') })
    .status !== 0;
check(unresolvable('@modelcontextprotocol/core'), 'the apps cannot resolve @modelcontextprotocol/core');

const compilerOptions = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  isolatedModules: true,
  skipLibCheck: false,
  types: [],
};
// The app that uses core (step 6) gets it now, in its own folder, while the others are checked.
const withCore = path.join(work, 'with-core');
mkdirSync(path.join(withCore, 'src'), { recursive: true });
json(path.join(withCore, 'package.json'), { name: 'with-core-app', private: true, type: 'module' });
cpSync(path.join(examples, 'withCore.ts'), path.join(withCore, 'src', 'withCore.ts'));
json(path.join(withCore, 'tsconfig.json'), {
  // Library files were checked above; here what matters is the app's own code.
  compilerOptions: { ...compilerOptions, skipLibCheck: true, outDir: 'out', rootDir: 'src' },
  include: ['src/withCore.ts'],
});
const coreInstall = runAsync(
  'npm',
  ['install', '--prefer-offline', '--no-audit', '--no-fund', locked('@modelcontextprotocol/core')],
  { cwd: withCore },
);

mkdirSync(path.join(work, 'src'));
for (const { example } of entries) {
  cpSync(path.join(examples, example), path.join(work, 'src', example));
  cpSync(path.join(examples, example), path.join(work, 'cjs', 'src', example));
}
// The README's Quick start, as the README shows it, and the page's test files.
const quickStart = blocks('README.md').find(({ code }) =>
  code.startsWith('// example: quick-start.example.mts'),
);
writeFileSync(path.join(work, 'quick-start.mts'), quickStart?.code ?? '');
const fromPage = writeNamedBlocks('docs/testing.md', path.join(work, 'src'));
check(
  fromPage.includes('jest.config.js') && fromPage.some((name) => name.endsWith('.spec.ts')),
  `docs/testing.md names its files (${fromPage.join(', ')})`,
);
if (existsSync(path.join(work, 'src', 'jest.config.js'))) {
  cpSync(path.join(work, 'src', 'jest.config.js'), path.join(work, 'jest.config.js'));
  rmSync(path.join(work, 'src', 'jest.config.js'));
}
// tsconfig.json is the app's (ts-jest reads it too); the app's code is checked without Node's
// types, the tests with them (Jest's own types need them).
json(path.join(work, 'tsconfig.json'), { compilerOptions: { ...compilerOptions, types: undefined } });
const nodeTypedExamples = entries.filter(({ nodeTypes }) => nodeTypes).map(({ example }) => `src/${example}`);
json(path.join(work, 'tsconfig.app.json'), {
  extends: './tsconfig.json',
  compilerOptions: { types: [], outDir: 'out', rootDir: '.' },
  include: ['src/**/*.ts', 'quick-start.mts'],
  exclude: ['src/**/*.spec.ts', ...nodeTypedExamples],
});
// The Node-typed entries' examples, with Node's types (and library files still checked).
json(path.join(work, 'tsconfig.node.json'), {
  extends: './tsconfig.json',
  compilerOptions: { types: ['node'], outDir: 'out', rootDir: '.' },
  files: nodeTypedExamples,
});
json(path.join(work, 'cjs', 'tsconfig.node.json'), {
  compilerOptions: { ...compilerOptions, types: ['node'], outDir: 'out', rootDir: 'src' },
  files: nodeTypedExamples,
});
json(path.join(work, 'tsconfig.spec.json'), {
  extends: './tsconfig.json',
  compilerOptions: { types: ['node'], noEmit: true, skipLibCheck: true },
  include: ['src/**/*.ts'],
});
json(path.join(work, 'cjs', 'tsconfig.json'), {
  compilerOptions: { ...compilerOptions, outDir: 'out', rootDir: 'src' },
  include: ['src/**/*.ts'],
  exclude: nodeTypedExamples,
});

const tsc = path.join(work, 'node_modules', 'typescript', 'bin', 'tsc');
/** Type-checks (and emits) a project; resolves whether it compiled. */
async function compiles(what, project) {
  const result = await runAsync(process.execPath, [tsc, '-p', project]);
  if (result.status !== 0) process.stdout.write(result.stdout + result.stderr);
  check(result.status === 0, what);
  return result.status === 0;
}

/** Runs a program and checks its output (and that it ends well, writing nothing to stderr). */
async function prints(what, args, expected, options) {
  const result = await runAsync(args[0], args.slice(1), options);
  const out = result.stdout.trim();
  const ok = result.status === 0 && out === expected && result.stderr.trim() === '';
  if (!ok)
    process.stdout.write(`  status ${result.status}, stdout: ${out}\n  stderr: ${result.stderr.trim()}\n`);
  check(ok, `${what} prints: ${expected.replace(/\n/g, ' / ')}`);
}

// 3. Without @modelcontextprotocol/core: every entry, in both module systems (side by side).
const [cjsAppChecked, esmAppChecked] = await Promise.all([
  compiles('the CommonJS app type-checks (strict, no Node types, library files checked)', 'cjs'),
  compiles(
    'the ES module app type-checks (strict, no Node types, library files checked)',
    'tsconfig.app.json',
  ),
  compiles("docs/testing.md's tests type-check", 'tsconfig.spec.json'),
]);
const [cjsNodeApp, esmNodeApp] =
  nodeTypedExamples.length === 0
    ? [true, true]
    : await Promise.all([
        compiles(
          "the CommonJS app's Node-typed entries type-check (strict, library files checked)",
          path.join('cjs', 'tsconfig.node.json'),
        ),
        compiles(
          "the ES module app's Node-typed entries type-check (strict, library files checked)",
          'tsconfig.node.json',
        ),
      ]);
const runs = entries.flatMap(({ entry, example, output, nodeTypes }) => {
  const compiled = example.replace(/\.ts$/, '.js');
  const [esmApp, cjsApp] = nodeTypes ? [esmNodeApp, cjsNodeApp] : [esmAppChecked, cjsAppChecked];
  return [
    esmApp
      ? prints(`${entry}, ES module`, [process.execPath, path.join('out', 'src', compiled)], output)
      : [],
    cjsApp ? prints(`${entry}, CommonJS`, [process.execPath, path.join('cjs', 'out', compiled)], output) : [],
  ].flat();
});

// 4. The Quick start, run the way the README says, printing what the README says.
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const runLine = /`(npx tsx quick-start\.mts)`/.exec(readme)?.[1];
const printed = /It prints `([^`]+)` and `([^`]+)`/.exec(readme);
check(
  runLine !== undefined && printed !== null,
  'the README says how to run the Quick start and what it prints',
);
if (runLine !== undefined && printed !== null) {
  runs.push(prints('the Quick start', runLine.split(' '), `${printed[1]}\n${printed[2]}`));
}

// 5. The marble tests of docs/testing.md, with its Jest config and its command (the page's one
// shell block that runs Jest; its other blocks are the repository's own commands).
const testCommand = blocks('docs/testing.md')
  .find(({ lang, code }) => lang === 'sh' && /\bnpx jest\b/.test(code))
  ?.code.trim();
check(testCommand !== undefined, 'docs/testing.md shows the command that runs the tests');
if (testCommand !== undefined) {
  runs.push(
    runAsync(testCommand, [], { shell: true }).then((result) => {
      const summary = /Tests:\s+(.*)/.exec(result.stderr)?.[1] ?? '(no summary)';
      if (result.status !== 0) process.stdout.write(result.stdout + result.stderr);
      check(
        result.status === 0 && /passed/.test(summary) && !/failed/.test(summary),
        `the page's tests pass (${summary})`,
      );
    }),
  );
}
await Promise.all(runs);

// 6. With @modelcontextprotocol/core: an app beside the others (with-core/, its own node_modules
// holding core only; the package and rxjs resolve from the folder above) uses core's schemas and
// types with the session's.
const coreInstalled = await coreInstall;
check(coreInstalled.status === 0, 'npm install @modelcontextprotocol/core (beside the apps)');
if (
  coreInstalled.status === 0 &&
  (await compiles('an app using core type-checks with the session (no Node types)', 'with-core'))
) {
  await prints(
    'core with the session',
    [process.execPath, path.join('with-core', 'out', 'withCore.js')],
    'with core: 3, 3',
  );
}

// 7. The entries with optional peers: a project (with-peers/, ES module) that installs the tarball
// with rxjs and those peers (npm adds the peers' own peers), type-checks and runs their examples.
if (peerEntries.length > 0) {
  const withPeers = path.join(work, 'with-peers');
  mkdirSync(path.join(withPeers, 'src'), { recursive: true });
  json(path.join(withPeers, 'package.json'), { name: 'with-peers-app', private: true, type: 'module' });
  for (const { example } of peerEntries)
    cpSync(path.join(examples, example), path.join(withPeers, 'src', example));
  json(path.join(withPeers, 'tsconfig.json'), {
    compilerOptions: { ...compilerOptions, skipLibCheck: true, outDir: 'out', rootDir: 'src' },
    include: ['src/**/*.ts'],
  });
  const peers = [...new Set(peerEntries.flatMap(({ peers }) => peers))];
  const peersInstalled = await runAsync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, locked('rxjs'), ...peers.map(locked)],
    { cwd: withPeers },
  );
  check(peersInstalled.status === 0, `npm install of the tarball with ${peers.join(', ')}`);
  if (
    peersInstalled.status === 0 &&
    (await compiles('the entries with optional peers type-check (no Node types)', 'with-peers'))
  ) {
    for (const { entry, example, output } of peerEntries) {
      await prints(
        `${entry}, ES module, with ${peers.join(', ')}`,
        [process.execPath, path.join('with-peers', 'out', example.replace(/\.ts$/, '.js'))],
        output,
      );
    }
  }
}
finish();
