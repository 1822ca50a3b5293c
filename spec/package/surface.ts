/**
 * The public surface of the built package, entry by entry, and the rule it is held to: every
 * export is something the docs show a user calling or naming (issue 24, "a surface with a reason").
 * Read from what a user gets: the built ESM declarations (through the TypeScript program) for the
 * names, and the built ESM modules themselves (in a fresh Node) for the runtime values.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');

/** One entry's exports: its runtime values and its names that are types only. */
export interface EntrySurface {
  /** The import path, e.g. `rxjs-mcp-stdio/session`. */
  entry: string;
  /** `Object.keys()` of the built ESM module, sorted. */
  values: string[];
  /** Names of the declarations that are not runtime values, sorted. */
  types: string[];
  /** For each name, the names of other exports (any entry) its declarations refer to. */
  references: Map<string, Set<string>>;
}

/** The code entries of package.json's exports: import path and built ESM files. */
function packageEntries(): { entry: string; js: string; dts: string }[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { import: { types: string; default: string } }>;
  };
  return Object.entries(pkg.exports).flatMap(([subpath, target]) =>
    typeof target === 'object'
      ? [
          {
            entry: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
            js: path.join(root, target.import.default),
            dts: path.join(root, target.import.types),
          },
        ]
      : [],
  );
}

/** `Object.keys()` of each built ESM module, read by a fresh Node (Jest runs CommonJS). */
function runtimeKeys(files: string[]): string[][] {
  const script = `
    import { pathToFileURL } from 'node:url';
    const keys = [];
    for (const file of JSON.parse(process.argv[1])) keys.push(Object.keys(await import(pathToFileURL(file).href)).sort());
    console.log(JSON.stringify(keys));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(files)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as string[][];
}

/** The built package's surface, entry by entry. */
export function readSurface(): EntrySurface[] {
  const entries = packageEntries();
  const program = ts.createProgram(
    entries.map((e) => e.dts),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const resolve = (symbol: ts.Symbol): ts.Symbol =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const exportsOf = entries.map((e) => {
    const file = program.getSourceFile(e.dts);
    const module = file === undefined ? undefined : checker.getSymbolAtLocation(file);
    if (module === undefined) throw new Error(`no declarations at ${e.dts}; is dist/ built?`);
    return checker.getExportsOfModule(module);
  });
  // Every exported declaration, whichever entry exports it, by the symbol it resolves to.
  const nameOf = new Map<ts.Symbol, string>();
  for (const symbols of exportsOf) for (const s of symbols) nameOf.set(resolve(s), s.name);
  const referencesOf = (symbol: ts.Symbol): Set<string> => {
    const found = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const target = checker.getSymbolAtLocation(node);
        const name = target === undefined ? undefined : nameOf.get(resolve(target));
        if (name !== undefined && name !== symbol.name) found.add(name);
      }
      ts.forEachChild(node, visit);
    };
    for (const declaration of resolve(symbol).declarations ?? []) visit(declaration);
    return found;
  };
  const keys = runtimeKeys(entries.map((e) => e.js));
  return entries.map((e, i) => {
    const names = exportsOf[i].map((s) => s.name).sort();
    const values = keys[i];
    return {
      entry: e.entry,
      values,
      types: names.filter((name) => !values.includes(name)),
      references: new Map(exportsOf[i].map((s) => [s.name, referencesOf(s)])),
    };
  });
}

/** Every identifier in a code span or a code block of README.md and docs/*.md. */
export function namesInDocs(): Set<string> {
  const files = [
    'README.md',
    ...readdirSync(path.join(root, 'docs'))
      .filter((file) => file.endsWith('.md'))
      .map((file) => path.join('docs', file)),
  ];
  const named = new Set<string>();
  for (const file of files) {
    const code: string[] = [];
    const prose = readFileSync(path.join(root, file), 'utf8').replace(
      /^```[^\n]*\n([\s\S]*?)^```/gm,
      (_, block: string) => {
        code.push(block);
        return '';
      },
    );
    for (const [, span] of prose.matchAll(/`([^`\n]+)`/g)) code.push(span);
    for (const text of code)
      for (const [identifier] of text.matchAll(/[A-Za-z_$][\w$]*/g)) named.add(identifier);
  }
  return named;
}

/**
 * What breaks the rule, one line each (none: the surface keeps it):
 * - a runtime value the docs do not name (a user calls or constructs what the docs show);
 * - a type the docs do not name and no documented export's declaration refers to (a type that
 *   is part of a documented signature is met there, and the API reference must reach it);
 * - a name exported by more than one entry (each has one home);
 * - a name that must be a type only (`typeOnly`: classes the library makes and users never
 *   construct) exported as a runtime value.
 */
export function surfaceProblems(
  surface: readonly EntrySurface[],
  documented: ReadonlySet<string>,
  typeOnly: readonly string[],
): string[] {
  const problems: string[] = [];
  const home = new Map<string, string>();
  for (const { entry, values, types } of surface) {
    for (const name of [...values, ...types]) {
      const first = home.get(name);
      if (first === undefined) home.set(name, entry);
      else problems.push(`${name} is exported by ${first} and by ${entry}`);
    }
    for (const name of values) {
      if (!documented.has(name)) problems.push(`${entry}: the value ${name} is named nowhere in the docs`);
      if (typeOnly.includes(name))
        problems.push(`${entry}: ${name} is a runtime value; users never construct it`);
    }
  }
  // The documented surface, then every type a declaration on it refers to, until nothing is added.
  const references = new Map(surface.flatMap(({ references: r }) => [...r]));
  const reached = new Set([...references.keys()].filter((name) => documented.has(name)));
  for (let grown = true; grown;) {
    grown = false;
    for (const name of [...reached]) {
      for (const next of references.get(name) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          grown = true;
        }
      }
    }
  }
  for (const { entry, types } of surface) {
    for (const name of types) {
      if (!reached.has(name)) {
        problems.push(
          `${entry}: the type ${name} is named nowhere in the docs nor in a documented signature`,
        );
      }
    }
  }
  return problems;
}
