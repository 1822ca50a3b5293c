#!/usr/bin/env node
/**
 * The browser size budget: size-limit (.size-limit.mjs) bundles `mcpSession` + `webSocket()` from
 * the built package (dist/esm) and the official SDK's `Client`, v2 and v1, minified and gzipped,
 * in the same run; and the apps entry beside ext-apps' `AppBridge` alone, the bulk of it. Fails
 * when a bundle grows past its committed limit, when the session's passes MAX_RATIO of the SDK v2
 * Client, or when a size the README and docs quote is off by more than QUOTE_TOLERANCE. Prints
 * one line for CI's summary.
 *
 *   npm run build && node scripts/sizeBudget.mjs
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The session's bundle may be at most this share of the SDK v2 Client's. */
const MAX_RATIO = 0.6;
/** How far (in bytes) a quoted size may be from the measured one before the page must be updated. */
const QUOTE_TOLERANCE = 500;
const OURS = 'mcpSession + webSocket()';
const PEER = 'SDK v2 Client';
const PEER_V1 = 'SDK v1 Client';
const APPS = 'mcpAppView + iframeAppFrame';
const APPS_PEER = 'ext-apps AppBridge';
/** How the README and docs/testing.md quote the session's size. */
const SESSION_QUOTE = /webSocket\(\)`?\s+(?:is\s+)?(\d+(?:\.\d+)?) kB min\+gzip/;
/** The pages that quote a bundle's size, and how each quotes it. */
const QUOTES = [
  { name: OURS, page: 'README.md', pattern: SESSION_QUOTE },
  { name: OURS, page: 'docs/testing.md', pattern: SESSION_QUOTE },
  { name: APPS, page: 'docs/apps.md', pattern: /views bundles (\d+(?:\.\d+)?) kB min\+gzip/ },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'esm', 'session', 'index.js'))) {
  process.stderr.write('sizeBudget: no dist/esm; run npm run build first\n');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'size-limit', 'bin.js'), '--json'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
let checks;
try {
  checks = JSON.parse(result.stdout);
} catch {
  process.stderr.write(`sizeBudget: size-limit gave no result\n${result.stdout}${result.stderr}`);
  process.exit(1);
}
const size = (name) => checks.find((check) => check.name === name)?.size ?? NaN;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ratio = size(OURS) / size(PEER);
const overLimit = checks.filter((check) => check.passed === false);
process.stdout.write(
  `browser size (min+gzip): ${checks.map((check) => `${check.name} ${kB(check.size)}`).join(', ')}; ` +
    `ours / ${PEER} = ${ratio.toFixed(2)} (at most ${MAX_RATIO}); ` +
    `the apps entry is ${kB(size(APPS) - size(APPS_PEER))} beyond ${APPS_PEER}\n`,
);
const quotes = QUOTES.map(({ name, page, pattern }) => {
  const quoted = pattern.exec(readFileSync(path.join(root, page), 'utf8'));
  return { name, page, bytes: quoted === null ? NaN : Number(quoted[1]) * 1000 };
});
const problems = [
  ...quotes
    .filter(({ name, bytes }) => !(Math.abs(bytes - size(name)) <= QUOTE_TOLERANCE))
    .map(
      ({ name, page, bytes }) => `${page} quotes ${Number.isNaN(bytes) ? 'no size' : kB(bytes)} for ${name}`,
    ),
  ...overLimit.map((check) => `${check.name} is ${kB(check.size)}, over its limit of ${kB(check.sizeLimit)}`),
  ...[OURS, PEER, PEER_V1, APPS, APPS_PEER]
    .filter((name) => !Number.isFinite(size(name)))
    .map((name) => `no size for ${name}`),
  ...(ratio > MAX_RATIO ? [`the session is ${ratio.toFixed(2)} of the ${PEER}, over ${MAX_RATIO}`] : []),
];
if (problems.length > 0) {
  process.stderr.write(`sizeBudget: ${problems.join('; ')}\n`);
  process.exit(1);
}
