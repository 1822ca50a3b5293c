/**
 * What a consumer of the published package meets besides the code: types that stand on their own
 * (an Angular app compiles with `"types": []` and checks library files), `typesVersions` for every
 * entry of the `exports` map (node10 resolution), and source maps that carry their sources.
 * dist/ is built before the tests (spec/support/buildOnce.js).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { import: { types: string }; require: { types: string } }>;
  typesVersions: Record<string, Record<string, string[]>>;
};

/** The subpaths of the exports map that are code entries (`.`, `./session`, …). */
const entries = Object.entries(pkg.exports).filter(
  (entry): entry is [string, { import: { types: string }; require: { types: string } }] =>
    typeof entry[1] === 'object',
);

/**
 * Type-checks consumer files at the package root, importing the package by name (so the exports
 * map sends them to dist/), the way an app with Angular's defaults would: no ambient `types`,
 * library files checked. One program for all of them: checking the libraries (rxjs, the MCP
 * schemas) is the slow part. Returns each file's diagnostics and the library files of dist/ read.
 */
function typeCheckConsumers(sources: Record<string, string>): {
  diagnostics: Record<string, string[]>;
  dist: string[];
} {
  const files = new Map(Object.entries(sources).map(([name, text]) => [path.join(root, name), text]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    skipLibCheck: false,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => files.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) => files.get(path.resolve(fileName)) ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, version, onError, shouldCreate) => {
    const text = files.get(path.resolve(fileName));
    return text === undefined
      ? getSourceFile.call(host, fileName, version, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, version, true);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const diagnostics: Record<string, string[]> = {};
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const where = d.file === undefined ? '(options)' : path.relative(root, d.file.fileName);
    (diagnostics[where] ??= []).push(`TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  const dist = program
    .getSourceFiles()
    .map((file) => path.relative(root, file.fileName))
    .filter((file) => /^(dist|lib)[\\/]/.test(file));
  return { diagnostics, dist };
}

// Uses a value from every entry, and a Node-typed field (the exit signal) of a public error.
const consumerOfEveryEntry = `
  import { fromStdioServer, StdioServerExitError } from 'rxjs-mcp-stdio';
  import { mcpSession } from 'rxjs-mcp-stdio/session';
  import { toSdkTransport } from 'rxjs-mcp-stdio/sdk';
  import { fakeServer } from 'rxjs-mcp-stdio/testing';
  import { fromMessagePort, serveMessagePort } from 'rxjs-mcp-stdio/port';
  export const uses = [fromStdioServer, mcpSession, toSdkTransport, fakeServer, fromMessagePort, serveMessagePort];
  export const signalOf = (e: StdioServerExitError): string | null => e.signal;
`;

// Without Node types, a \`NodeJS.Signals\` under skipLibCheck silently became \`any\`.
const consumerWithWrongSignals = `
  import { StdioServerExitError } from 'rxjs-mcp-stdio';
  declare const e: StdioServerExitError;
  export const wrong: typeof e.signal = { totally: 'wrong' };
  export const named: typeof e.signal = 'SIGNOTASIGNAL';
  export const right: typeof e.signal = 'SIGTERM';
`;

describe('the published types, in an app without Node types and with skipLibCheck off', () => {
  let checked: ReturnType<typeof typeCheckConsumers>;

  beforeAll(() => {
    checked = typeCheckConsumers({
      '__every_entry__.ts': consumerOfEveryEntry,
      '__wrong_signals__.ts': consumerWithWrongSignals,
    });
  }, 240_000);

  it('are the built declarations, not the sources', () => {
    expect(checked.dist.filter((file) => !file.startsWith('dist'))).toEqual([]);
    expect(checked.dist).toEqual(expect.arrayContaining([path.join('dist', 'esm', 'session', 'index.d.ts')]));
  });

  it('compile, every entry, the library files included', () => {
    const others = Object.entries(checked.diagnostics).filter(([file]) => file !== '__wrong_signals__.ts');
    expect(Object.fromEntries(others)).toEqual({});
  });

  it('keep their meaning: a wrong signal is a type error, not `any`', () => {
    expect(checked.diagnostics['__wrong_signals__.ts']).toEqual([
      expect.stringMatching(/^TS2322: Type '{ totally: string; }' is not assignable/),
      expect.stringMatching(/^TS2322: Type '"SIGNOTASIGNAL"' is not assignable/),
    ]);
  });
});

describe('package.json', () => {
  it('maps every subpath entry in typesVersions to its CommonJS types, for node10 resolution', () => {
    const expected = Object.fromEntries(
      entries
        .filter(([subpath]) => subpath !== '.')
        .map(([subpath, target]) => [subpath.slice(2), [target.require.types]]),
    );
    expect(pkg.typesVersions).toEqual({ '*': expected });
  });
});

describe('the source maps', () => {
  const maps = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js.map'))
      .map((file) => path.join(dir, file));

  it.each(['cjs', 'esm'])('of dist/%s carry the sources they point to', (format) => {
    const files = maps(path.join(root, 'dist', format));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      const sources = map.sources.map((source) => path.resolve(path.dirname(file), source));
      expect({ file, sourcesContent: map.sourcesContent }).toEqual({
        file,
        sourcesContent: sources.map((source) => readFileSync(source, 'utf8')),
      });
    }
  });
});
