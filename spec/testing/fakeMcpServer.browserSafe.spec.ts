/**
 * The fake MCP server is meant for browser tests too: every module it loads, transitively, imports
 * only relative modules and rxjs (no Node built-in, no Node global such as Buffer or process).
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const lib = path.join(__dirname, '..', '..', 'lib');
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Every module reachable from `entry` by its runtime and type imports, with what each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (graph.has(file)) return;
    const specifiers = ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((f) => f.fileName);
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.'))
        visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return graph;
}

describe('fakeMcpServer is browser-safe', () => {
  it('imports no Node built-in and uses no Node global, transitively', () => {
    const graph = importGraph(path.join(lib, 'testing', 'fakeMcpServer.ts'));
    expect(graph.size).toBeGreaterThan(5);
    for (const [file, specifiers] of graph) {
      const external = specifiers.filter((s) => !s.startsWith('.'));
      expect({ file, node: external.filter((s) => nodeBuiltins.has(s)) }).toEqual({ file, node: [] });
      expect({
        file,
        other: external.filter((s) => !/^(rxjs|@modelcontextprotocol\/core)(\/|$)/.test(s)),
      }).toEqual({
        file,
        other: [],
      });
      expect({ file, globals: /\b(Buffer|process)\./.test(readFileSync(file, 'utf8')) }).toEqual({
        file,
        globals: false,
      });
    }
  });

  it('would see a Node import (the check can fail)', () => {
    const graph = importGraph(path.join(lib, 'testing', 'FakeServerProcess.ts'));
    const all = [...graph.values()].flat();
    expect(all.some((s) => nodeBuiltins.has(s))).toBe(true);
  });
});
