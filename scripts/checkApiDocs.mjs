#!/usr/bin/env node
/**
 * Checks the API reference that `npm run docs` built (docs/api) as a reader meets it: the front
 * page is the README, each entry's module is named by its import path (one per code entry of
 * package.json's exports), and every symbol in a module's list has a summary.
 *
 *   npm run docs && node scripts/checkApiDocs.mjs
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const api = path.join(root, 'docs', 'api');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const problems = [];
const text = (html) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

if (!existsSync(path.join(api, 'index.html'))) {
  process.stderr.write('checkApiDocs: no docs/api/index.html; run npm run docs first\n');
  process.exit(1);
}

// The front page: the README's title and its first section.
const front = text(readFileSync(path.join(api, 'index.html'), 'utf8'));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const firstHeading = /^## (.+)$/m.exec(readme)?.[1] ?? '';
if (!front.includes(firstHeading)) problems.push(`the front page is not the README (no "${firstHeading}")`);

// One module per code entry, named by its import path.
const expected = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object')
  .map(([subpath]) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`))
  .sort();
const modulesFile = path.join(api, 'modules.html');
const modulesPage = existsSync(modulesFile) ? readFileSync(modulesFile, 'utf8') : '';
const named = [...modulesPage.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>/g)].map(([, dt]) => text(dt)).sort();
if (JSON.stringify(named) !== JSON.stringify(expected)) {
  problems.push(`modules are named ${named.join(', ')}; expected ${expected.join(', ')}`);
}

// Every row of every module's list has a summary.
let rows = 0;
for (const file of readdirSync(path.join(api, 'modules'))) {
  const page = readFileSync(path.join(api, 'modules', file), 'utf8');
  for (const [, name, summary] of page.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/g)) {
    rows++;
    if (text(summary) === '') problems.push(`${file}: ${text(name)} has no summary`);
  }
}
if (rows === 0) problems.push('no module lists symbols');

if (problems.length > 0) {
  process.stderr.write(`checkApiDocs:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(
  `API reference: README front page, ${named.length} entries by import path, ${rows} symbols with summaries\n`,
);
