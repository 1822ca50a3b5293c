/**
 * `npm run test:conformance`: the official MCP conformance suite's client scenarios, against
 * `mcpSession()` (ourClient.ts) and, side by side, the SDK v1 `Client` (sdkClient.ts), each a
 * stdio client reaching the scenario's HTTP server through a real bridge (mcp-remote).
 *
 * The suite and the bridge need Node 22 and must stay out of the root install (their engines
 * warn on Node 20): their pinned versions (scripts/conformance/package.json and its lock) are
 * installed with `npm ci` under Node 22 into the git-ignored .cache/conformance, once per lock.
 * The scenarios come from the pinned suite itself (`conformance list --client`), minus those
 * only an HTTP client takes part in (suite.ts says which and why). Each run carries a tag in its
 * environment (the bridge gets it too), so every process it started is found afterwards, even
 * re-parented; one left alive is killed and fails the run.
 *
 *   npm run test:conformance                                   every scenario that applies
 *   npm run test:conformance -- --scenario tools_call          one (repeatable)
 *
 * Prints a table per scenario and client, then one summary line (also written to
 * .cache/conformance/summary.txt for CI). Exits 1 when our session fails any scenario or a run
 * leaves a process behind; the SDK's results are the reference, reported, not required.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { killTagged, newTag, tagEnv, taggedProcesses, waitUntilGone } from '../bench/processes.js';
import {
  countChecks,
  parseClientScenarios,
  selectScenarios,
  summaryLine,
  type Check,
  type ScenarioOutcome,
} from './suite.js';

const root = path.join(__dirname, '..', '..');
const pinned = path.join(root, 'scripts', 'conformance');
const cache = path.join(root, '.cache', 'conformance');
/** What the suite gives the client to finish a scenario, in ms (its default is 30 s). */
const SCENARIO_TIMEOUT = 60_000;
/** The watchdog over one whole run of the suite's CLI (server, client, checks). */
const RUN_WATCHDOG = SCENARIO_TIMEOUT + 30_000;
/** How long the processes of a finished run get to be gone. */
const GONE_TIMEOUT = 10_000;

/** The clients under test: ours, then the reference. */
const CLIENTS = [
  { id: 'ours', label: 'ours (mcpSession)', file: 'spec/conformance/ourClient.ts' },
  { id: 'sdk', label: 'SDK v1 Client', file: 'spec/conformance/sdkClient.ts' },
] as const;

/** The Node 22 binary (fetched by scripts/nodeBinary.mjs). */
function node22(): string {
  return execFileSync(process.execPath, [path.join(root, 'scripts', 'nodeBinary.mjs'), '22'], {
    encoding: 'utf8',
  }).trim();
}

/** Installs the pinned suite and bridge into .cache/conformance, unless that lock is installed. */
function install(node: string): void {
  const manifest = readFileSync(path.join(pinned, 'package.json'));
  const lock = readFileSync(path.join(pinned, 'package-lock.json'));
  const stamp = createHash('sha256').update(manifest).update(lock).update(node).digest('hex');
  const stampFile = path.join(cache, 'installed.sha256');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  mkdirSync(cache, { recursive: true });
  copyFileSync(path.join(pinned, 'package.json'), path.join(cache, 'package.json'));
  copyFileSync(path.join(pinned, 'package-lock.json'), path.join(cache, 'package-lock.json'));
  // npm itself runs on Node 22 (first on PATH), so the engines are checked against Node 22.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: cache,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  writeFileSync(stampFile, stamp);
}

const suiteCli = (): string =>
  path.join(cache, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const bridgeCli = (): string => path.join(cache, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');

/** A path for the shell command line the suite runs (it splits on spaces, then runs a shell). */
function shellWord(word: string): string {
  if (/\s/.test(word)) throw new Error(`The conformance run cannot use a path with spaces: ${word}`);
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs one scenario for one client through the suite's CLI. */
async function runScenario(
  node: string,
  scenario: string,
  client: (typeof CLIENTS)[number],
): Promise<ScenarioOutcome> {
  const started = performance.now();
  const tag = newTag();
  const output = path.join(cache, 'results', client.id, scenario.replace(/[^\w.-]/g, '_'));
  rmSync(output, { recursive: true, force: true });
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const command = [process.execPath, '--import', tsx, path.join(root, client.file)].map(shellWord).join(' ');
  const bridge = {
    command: node,
    args: [bridgeCli()],
    // mcp-remote keeps OAuth state in its config dir (none is made here): inside the repo's cache.
    env: { MCP_REMOTE_CONFIG_DIR: path.join(cache, 'mcp-remote'), ...tagEnv(tag) },
  };
  const child = spawn(
    node,
    [
      suiteCli(),
      'client',
      '--command',
      command,
      '--scenario',
      scenario,
      '--timeout',
      String(SCENARIO_TIMEOUT),
      '-o',
      output,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...tagEnv(tag), CONFORMANCE_BRIDGE: JSON.stringify(bridge), NO_COLOR: '1' },
    },
  );
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const watchdog = setTimeout(() => killTagged(tag), RUN_WATCHDOG);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(watchdog);
  const gone = await waitUntilGone(tag, performance.now() + GONE_TIMEOUT, 50);
  const leftovers = gone === null ? taggedProcesses(tag) : [];
  killTagged(tag);

  const checks = readChecks(output);
  const counted = countChecks(checks ?? []);
  const problems = [
    ...counted.problems,
    ...(checks === null ? ['the suite wrote no checks.json'] : []),
    ...(code === 0 ? [] : [`the suite exited with ${String(code)}`]),
    ...(leftovers.length === 0 ? [] : [`processes left alive (killed): ${leftovers.join(', ')}`]),
  ];
  if (problems.length > 0) {
    // The suite colours its output; the CI log is plain text.
    const plain = log.replace(new RegExp(`${String.fromCharCode(27)}\\[[\\d;]*m`, 'g'), '');
    process.stdout.write(`--- ${client.label}, ${scenario}: the suite's output\n${plain}\n`);
  }
  return {
    scenario,
    passed: code === 0 && checks !== null && leftovers.length === 0,
    checksPassed: counted.passed,
    checksTotal: counted.total,
    problems,
    leftovers,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The checks.json the suite wrote under `output` (in a folder named after the scenario and time). */
function readChecks(output: string): Check[] | null {
  if (!existsSync(output)) return null;
  const [folder] = readdirSync(output);
  const file = folder === undefined ? '' : path.join(output, folder, 'checks.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Check[]) : null;
}

async function main(): Promise<void> {
  const started = performance.now();
  const node = node22();
  install(node);
  const listed = execFileSync(node, [suiteCli(), 'list', '--client'], { encoding: 'utf8' });
  const selected = selectScenarios(parseClientScenarios(listed));
  const excluded = selected.excluded;
  // `-- --scenario <name>` (repeatable) runs only those (while working on one).
  const asked = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--scenario' ? [arg] : []));
  const unknown = asked.filter((name) => !selected.included.includes(name));
  if (unknown.length > 0) throw new Error(`Not a scenario that runs: ${unknown.join(', ')}`);
  const included = asked.length > 0 ? asked : selected.included;
  const version = (
    JSON.parse(readFileSync(path.join(pinned, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    }
  ).dependencies;
  process.stdout.write(
    `MCP conformance suite ${version['@modelcontextprotocol/conformance']}, bridge mcp-remote ${version['mcp-remote']}, ` +
      `suite on Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}, clients on Node ${process.version}\n` +
      `running ${included.length} client scenarios: ${included.join(', ')}\n` +
      `left out ${excluded.length} (a stdio client behind a bridge has no part in them): ${excluded.map((e) => e.name).join(', ')}\n`,
  );
  const outcomes: Record<(typeof CLIENTS)[number]['id'], ScenarioOutcome[]> = { ours: [], sdk: [] };
  for (const scenario of included) {
    for (const client of CLIENTS) {
      const outcome = await runScenario(node, scenario, client);
      outcomes[client.id].push(outcome);
      process.stdout.write(
        `${outcome.passed ? 'pass' : 'FAIL'}  ${client.label.padEnd(18)} ${scenario.padEnd(40)} ` +
          `${outcome.checksPassed}/${outcome.checksTotal} checks  ${outcome.seconds.toFixed(1)} s` +
          `${outcome.problems.map((problem) => `\n      ${problem}`).join('')}\n`,
      );
    }
  }
  const line = summaryLine(outcomes.ours, outcomes.sdk, (performance.now() - started) / 1000);
  mkdirSync(cache, { recursive: true });
  writeFileSync(path.join(cache, 'summary.txt'), `${line}\n`);
  process.stdout.write(`${line}\n`);
  const leaked = [...outcomes.ours, ...outcomes.sdk].some((outcome) => outcome.leftovers.length > 0);
  if (outcomes.ours.some((outcome) => !outcome.passed) || leaked) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `conformance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
