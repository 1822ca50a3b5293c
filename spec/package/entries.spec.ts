/**
 * spec/package/entries.json is the package's list of entries: every code entry of package.json's
 * exports map has exactly one row, each row's example exists and imports its entry, and each
 * browser-safe row is one whose source exists (the browser-bundle spec then bundles it).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { entries, sourceOf } from './entries.js';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
};

describe('spec/package/entries.json', () => {
  it('has one row for each code entry of the exports map', () => {
    const exported = Object.entries(pkg.exports)
      .filter(([, target]) => typeof target === 'object')
      .map(([subpath]) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
    expect(entries.map(({ entry }) => entry).sort()).toEqual(exported.sort());
  });

  it.each(entries.map((row) => [row.entry, row] as const))(
    '%s: its source and example exist',
    (entry, row) => {
      expect(existsSync(path.join(root, sourceOf(entry)))).toBe(true);
      const example = readFileSync(path.join(__dirname, 'consumer', row.example), 'utf8');
      expect(example).toContain(`from '${entry}'`);
      expect(row.output).not.toBe('');
    },
  );
});
