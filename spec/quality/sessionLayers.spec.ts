// The session's layers: no import cycle between files (every static import and re-export, `import type`
// included), and none between the folders of lib/session, where each entry's face (index.ts)
// counts apart from its folder: it re-exports the folder's parts, which must not lean on it. So
// the session's core (lib/session/*.ts) never imports its tasks or the session it makes up;
// lib/session/tasks builds on the core only; lib/session/mcpSession composes both.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const lib = path.join(__dirname, '..', '..', 'lib');
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?[^;]*?from\s+'(\.[^']+)'/gms;

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** Each file of lib (relative, with `/`) and the files of lib it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(lib)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map(([, specifier]) =>
      path
        .relative(lib, path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')))
        .split(path.sep)
        .join('/'),
    );
    graph.set(path.relative(lib, file).split(path.sep).join('/'), targets);
  }
  return graph;
}

/** The cycles of a graph, each as the path that closes it (one per strongly connected group). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, trail: string[]): void => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push([...trail.slice(trail.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, [...trail, next]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, [node]);
  return found;
}

/** The folder of a file, its face (index.ts) a node of its own. */
const folderOf = (file: string): string => (file.endsWith('index.ts') ? file : path.posix.dirname(file));

describe('imports in lib', () => {
  const graph = importGraph();

  it('form no cycle between files', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  it('form no cycle between the folders of lib/session (faces apart)', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      if (!file.startsWith('session/')) continue;
      const from = folderOf(file);
      const edges = folders.get(from) ?? [];
      folders.set(from, edges);
      for (const target of targets) {
        const to = folderOf(target);
        if (to !== from && to.startsWith('session')) edges.push(to);
      }
    }
    expect(cycles(folders)).toEqual([]);
    // The layers, by name: the schemas lean on nothing, the core only on the schemas, the tasks
    // on neither the composition nor the face.
    expect([...folders.keys()].sort()).toEqual([
      'session',
      'session/index.ts',
      'session/mcpSession',
      'session/schemas',
      'session/tasks',
    ]);
    expect([...new Set(folders.get('session/schemas'))]).toEqual([]);
    expect([...new Set(folders.get('session'))]).toEqual(['session/schemas']);
    expect([...new Set(folders.get('session/tasks'))].sort()).toEqual(['session', 'session/schemas']);
  });
});
