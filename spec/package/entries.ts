/**
 * The package's entries as spec/package/entries.json lists them (read by the browser-bundle spec
 * and scripts/consumerSmoke.mjs), and where each one's source is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One entry of the package: its import path, whether it is browser-safe, its example. */
export interface EntryRow {
  /** The import path, e.g. `rxjs-mcp-stdio/session`. */
  entry: string;
  /** Whether it imports no Node built-in (bundled for the browser in the tests). */
  browser: boolean;
  /** Its example, a file of spec/package/consumer. */
  example: string;
  /** What the example prints. */
  output: string;
}

const root = path.join(__dirname, '..', '..');

/** The rows of spec/package/entries.json. */
export const entries: readonly EntryRow[] = (
  JSON.parse(readFileSync(path.join(__dirname, 'entries.json'), 'utf8')) as { entries: EntryRow[] }
).entries;

/** `rxjs-mcp-stdio/session` → `lib/session/index.ts`, through package.json's exports map. */
export function sourceOf(entry: string): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { import: { default: string } }>;
  };
  const target = pkg.exports[`.${entry.slice(pkg.name.length)}`];
  if (typeof target !== 'object') throw new Error(`${entry} is not an entry of package.json's exports`);
  return target.import.default.replace(/^\.\/dist\/esm\//, 'lib/').replace(/\.js$/, '.ts');
}
