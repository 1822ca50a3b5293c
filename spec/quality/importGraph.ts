/**
 * lib's import graph, read with the TypeScript parser: which file imports which (relative paths,
 * the package's own entries such as `rxjs-mcp-stdio/session`, `export … from` and `import()`),
 * whether an import is erased at compile time (`import type`, or only type specifiers), and the
 * cycles of that graph, each named by one concrete path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of a file: the file it resolves to (relative to the repository) and whether only types. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The package's entries as lib files (package.json's exports map builds from these). */
const ENTRIES: Readonly<Record<string, string>> = {
  'rxjs-mcp-stdio': 'lib/index.ts',
  'rxjs-mcp-stdio/session': 'lib/session/index.ts',
  'rxjs-mcp-stdio/sdk': 'lib/sdk/index.ts',
  'rxjs-mcp-stdio/testing': 'lib/testing/index.ts',
  'rxjs-mcp-stdio/host': 'lib/host/index.ts',
};

/** Where `specifier`, imported by `from`, resolves in lib; `undefined` for another package. */
export function resolveImport(from: string, specifier: string): string | undefined {
  if (specifier in ENTRIES) return ENTRIES[specifier];
  if (specifier.startsWith('rxjs-mcp-stdio/'))
    return `lib/${specifier.slice('rxjs-mcp-stdio/'.length)}/index.ts`;
  if (!specifier.startsWith('.')) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return target.endsWith('.js')
    ? `${target.slice(0, -3)}.ts`
    : target.endsWith('.ts')
      ? target
      : `${target}.ts`;
}

/** The imports of one source file (`file` is its path relative to the repository, with `/`). */
export function importsOf(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    const to = resolveImport(file, specifier.text);
    if (to !== undefined) edges.push({ from: file, to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const onlyTypeSpecifiers =
        clause?.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier, clause !== undefined && (clause.isTypeOnly || onlyTypeSpecifiers));
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause;
      const onlyTypeSpecifiers =
        named !== undefined &&
        ts.isNamedExports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier, node.isTypeOnly || onlyTypeSpecifiers);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Every `.ts` file under `dir` (relative to `root`, with `/`). */
export function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.posix.join(dir, name.split(path.sep).join('/')))
    .sort();
}

/** The imports of every file under lib/. */
export function libImports(root: string): ImportEdge[] {
  return sourceFiles(root, 'lib').flatMap((file) =>
    importsOf(file, readFileSync(path.join(root, file), 'utf8')),
  );
}

/** A graph as adjacency: node → (neighbour → the imports that make the edge). */
export type Graph = Map<string, Map<string, ImportEdge[]>>;

/** The graph of `edges` between the nodes `node(file)` gives (edges within one node are dropped). */
export function graphOf(
  edges: readonly ImportEdge[],
  node: (file: string) => string = (file) => file,
): Graph {
  const graph: Graph = new Map();
  for (const edge of edges) {
    const from = node(edge.from);
    const to = node(edge.to);
    if (!graph.has(to)) graph.set(to, new Map());
    const out = graph.get(from) ?? new Map<string, ImportEdge[]>();
    graph.set(from, out);
    if (from === to) continue;
    out.set(to, [...(out.get(to) ?? []), edge]);
  }
  return graph;
}

/**
 * The cycles of `graph`: one per strongly connected component of more than one node, as the
 * shortest path from the component's first node (in sorted order) back to itself, e.g.
 * `['lib/a', 'lib/b', 'lib/a']`.
 */
export function cyclesOf(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const neighbour of graph.get(node)?.keys() ?? []) {
      if (!index.has(neighbour)) {
        connect(neighbour);
        low.set(node, Math.min(low.get(node) as number, low.get(neighbour) as number));
      } else if (onStack.has(neighbour)) {
        low.set(node, Math.min(low.get(node) as number, index.get(neighbour) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return components.map((component) => shortestCycle(graph, component[0] as string)).sort();
}

/** The shortest path from `start` back to itself (breadth first). */
function shortestCycle(graph: Graph, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const neighbour of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (neighbour === start) {
        const path: string[] = [];
        for (let at: string | undefined = node; at !== start && at !== undefined; at = previous.get(at)) {
          path.unshift(at);
        }
        return [start, ...path, start];
      }
      if (previous.has(neighbour)) continue;
      previous.set(neighbour, node);
      queue.push(neighbour);
    }
  }
  return [start];
}

/** `a → b → a`, each step with the imports that make it, for a failure message. */
export function describeCycle(graph: Graph, cycle: readonly string[]): string {
  const steps = cycle.slice(1).map((to, i) => {
    const from = cycle[i] as string;
    const imports = graph.get(from)?.get(to) ?? [];
    const shown = imports
      .slice(0, 3)
      .map((edge) => `${edge.from} imports ${edge.to}`)
      .join('; ');
    return `  ${from} → ${to}: ${shown}${imports.length > 3 ? ` (+${imports.length - 3} more)` : ''}`;
  });
  return `${cycle.join(' → ')}\n${steps.join('\n')}`;
}
