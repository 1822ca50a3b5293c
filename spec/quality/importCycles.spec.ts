/**
 * No import cycles in lib. Two levels:
 * - files: no file reaches itself through imports of any kind (types included);
 * - folders: no folder reaches itself through imports that stay in the compiled code. A folder
 *   may use its parent's types (the entry folder holds the shared ones, such as
 *   `StdioServerParams`, while its face re-exports the folders below it): type imports are
 *   erased, so they make no cycle at run time, and are left out at this level. An entry's face
 *   (index.ts) is a node of its own.
 * A failure names each cycle and the imports that make each step.
 */
import path from 'node:path';
import {
  cyclesOf,
  describeCycle,
  graphOf,
  importsOf,
  libImports,
  resolveImport,
  type ImportEdge,
} from './importGraph.js';

const root = path.join(__dirname, '..', '..');
const edges = libImports(root);
const runtime = edges.filter((edge) => !edge.typeOnly);
// An entry's face (index.ts) counts apart from its folder: it re-exports the folders below it,
// which may not lean on it (spec/quality/sessionLayers.spec.ts holds the session to that).
const folderOf = (file: string): string => (file.endsWith('/index.ts') ? file : path.posix.dirname(file));

function cycleReport(of: readonly ImportEdge[], node?: (file: string) => string): string[] {
  const graph = graphOf(of, node);
  return cyclesOf(graph).map((cycle) => describeCycle(graph, cycle));
}

describe('import cycles in lib', () => {
  it('reads the imports of every lib file', () => {
    // The session entry's face imports the session; the transport's connection imports framing.
    expect(edges).toContainEqual({ from: 'lib/index.ts', to: 'lib/transport/index.ts', typeOnly: false });
    expect(edges.filter((edge) => edge.from.startsWith('lib/transport/connection/')).length).toBeGreaterThan(
      5,
    );
  });

  it('no file imports itself through other files', () => {
    expect(cycleReport(edges)).toEqual([]);
  });

  it('no folder imports itself through other folders (compiled imports)', () => {
    expect(cycleReport(runtime, folderOf)).toEqual([]);
  });
});

describe('the import reader and the cycle finder', () => {
  const file = 'lib/a/x.ts';
  const text = [
    "import { a } from './y.js';",
    "import type { B } from '../b/index.js';",
    "import { type C, type D } from '../c/c.js';",
    "import { type E, f } from '../e/e.js';",
    "export * from './z.js';",
    "export type { G } from '../g/g.js';",
    "import { session } from 'rxjs-mcp-stdio/session';",
    "import { of } from 'rxjs';",
    "const lazy = () => import('../h/h.js');",
    "let t: import('../i/i.js').T;",
  ].join('\n');

  it('reads relative, entry, re-export and dynamic imports, and which are types only', () => {
    expect(importsOf(file, text)).toEqual([
      { from: file, to: 'lib/a/y.ts', typeOnly: false },
      { from: file, to: 'lib/b/index.ts', typeOnly: true },
      { from: file, to: 'lib/c/c.ts', typeOnly: true },
      { from: file, to: 'lib/e/e.ts', typeOnly: false },
      { from: file, to: 'lib/a/z.ts', typeOnly: false },
      { from: file, to: 'lib/g/g.ts', typeOnly: true },
      { from: file, to: 'lib/session/index.ts', typeOnly: false },
      { from: file, to: 'lib/h/h.ts', typeOnly: false },
      { from: file, to: 'lib/i/i.ts', typeOnly: true },
    ]);
    expect(resolveImport('lib/a/x.ts', 'rxjs-mcp-stdio')).toBe('lib/index.ts');
    expect(resolveImport('lib/a/x.ts', 'node:fs')).toBeUndefined();
  });

  it('names a cycle by its shortest path and the imports of each step', () => {
    const edge = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: false });
    const graph = graphOf(
      [
        edge('lib/a/1.ts', 'lib/b/1.ts'),
        edge('lib/b/1.ts', 'lib/c/1.ts'),
        edge('lib/c/1.ts', 'lib/a/2.ts'),
        edge('lib/b/2.ts', 'lib/a/1.ts'),
        edge('lib/d/1.ts', 'lib/a/1.ts'),
      ],
      folderOf,
    );
    const cycles = cyclesOf(graph);
    expect(cycles).toEqual([['lib/a', 'lib/b', 'lib/a']]);
    expect(describeCycle(graph, cycles[0] as string[])).toBe(
      [
        'lib/a → lib/b → lib/a',
        '  lib/a → lib/b: lib/a/1.ts imports lib/b/1.ts',
        '  lib/b → lib/a: lib/b/2.ts imports lib/a/1.ts',
      ].join('\n'),
    );
    // Without the back edge there is no cycle, only a path.
    expect(cyclesOf(graphOf([edge('lib/a/1.ts', 'lib/b/1.ts'), edge('lib/b/1.ts', 'lib/c/1.ts')]))).toEqual(
      [],
    );
  });
});
