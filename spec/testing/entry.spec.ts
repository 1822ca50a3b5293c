/**
 * `rxjs-mcp-stdio/testing` is bundled for browsers: nothing it loads at run time may be a Node
 * built-in. Follows every value import (type-only imports vanish) from lib/testing/index.ts.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const LIB = path.join(__dirname, '..', '..', 'lib');

/** The run-time imports of one source file (`import type` and `export type` left out). */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
    specifiers.push(match[1]);
  }
  return specifiers;
}

/** Every module the file loads, transitively: package names and lib files. */
function reachable(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueImports(file)) {
      if (specifier.startsWith('.'))
        visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => path.relative(LIB, f)), packages: [...packages] };
}

describe('the testing entry', () => {
  it('loads no Node built-in, directly or through what it imports', () => {
    const { files, packages } = reachable(path.join(LIB, 'testing', 'index.ts'));
    expect(files).toContain(path.join('testing', 'FakeServerProcess.ts'));
    const builtins = packages.filter((p) => p.startsWith('node:') || builtinModules.includes(p));
    expect(builtins).toEqual([]);
  });

  it('would see one if it were there (the check reads the transport core, which needs Node)', () => {
    const { packages } = reachable(path.join(LIB, 'transport', 'connection', 'StdioServerConnection.ts'));
    expect(packages).toContain('node:child_process');
  });
});
