// TypeDoc's configuration: the API reference of every public entry point, built from the TSDoc
// comments. The entry points are read from package.json's "exports", so a new entry of the package
// is documented (and held to the same rules) without touching this file. Warnings are errors: an
// undocumented export, a broken {@link} or a type that the reference cannot reach fails the build.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const { exports: entries } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** `./dist/esm/session/index.js` (an export's ESM target) → `lib/session/index.ts` (its source). */
const sourceOf = (target) => target.replace(/^\.\/dist\/esm\//, './lib/').replace(/\.js$/, '.ts');

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'rxjs-mcp-stdio',
  entryPoints: Object.values(entries)
    .filter((conditions) => typeof conditions === 'object')
    .map((conditions) => sourceOf(conditions.import.default)),
  tsconfig: './tsconfig.build.json',
  out: './docs/api',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  excludeExternals: true,
  treatWarningsAsErrors: true,
  // No links to a hosted source: the docs build must not depend on the clone's git remote.
  disableSources: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // The fake's own helper types (its pipe ends, its listener type): internal to the testing entry.
  intentionallyNotExported: ['FakeReadable', 'FakeWritable', 'Listener'],
  githubPages: false,
};
