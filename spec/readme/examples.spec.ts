/**
 * The README's framework examples are these files, verbatim: each ```ts block of README.md whose
 * first line is `// README example: <file>` must equal spec/readme/<file>, and the files must
 * type-check, strictly, against the library's sources and the framework declarations of
 * ambient.d.ts. Deliberately broken copies prove that the check can fail.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const here = __dirname;
const root = path.join(here, '..', '..');
const ambient = path.join(here, 'ambient.d.ts');
const EXAMPLES = ['angular-service.example.ts', 'electron-main.example.ts'] as const;
const MARKER = /^\/\/ README example: (\S+)\n/;

const exampleFile = (name: string): string => path.join(here, name);
const normalize = (text: string): string => text.replace(/\r\n/g, '\n');

/** The README's example blocks, by the file name of their marker line. */
function readmeExamples(): Map<string, string[]> {
  const readme = normalize(readFileSync(path.join(root, 'README.md'), 'utf8'));
  const found = new Map<string, string[]>();
  for (const [, code] of readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const marker = MARKER.exec(code);
    if (marker !== null) found.set(marker[1], [...(found.get(marker[1]) ?? []), code]);
  }
  return found;
}

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  // Angular's decorators are TypeScript's "experimental" ones.
  experimentalDecorators: true,
  types: ['node'],
  // Check the hand-written declarations too, not only their use.
  skipLibCheck: false,
  // The package as an app imports it, mapped to its sources (absolute paths, computed here).
  paths: {
    'rxjs-mcp-stdio': [path.join(root, 'lib', 'index.ts')],
    'rxjs-mcp-stdio/session': [path.join(root, 'lib', 'session', 'index.ts')],
  },
};

/** A deliberate mistake in an example, and the type error it must cause. */
interface Mistake {
  file: (typeof EXAMPLES)[number];
  find: string;
  replace: string;
  error: RegExp;
}

/** The diagnostics of one file, formatted `line:column TScode: message`. */
function diagnosticsOf(program: ts.Program, fileName: string): string[] {
  const file = program.getSourceFile(fileName);
  if (file === undefined) throw new Error(`${fileName} is not in the program`);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
    const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}:${character + 1} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * One program: the ambient declarations, the examples, and a broken copy of an example for each
 * mistake (served from memory as `broken-<n>.<file>`). Only these files are checked, not the
 * library or node_modules they pull in (the library's own typecheck covers it), which keeps
 * this fast; `skipLibCheck` is off so that ambient.d.ts itself is checked.
 */
function typeCheck(mistakes: readonly Mistake[]): {
  program: ts.Program;
  brokenFiles: string[];
} {
  const virtual = new Map<string, string>();
  const brokenFiles = mistakes.map(({ file, find, replace }, index) => {
    const original = readFileSync(exampleFile(file), 'utf8');
    if (!original.includes(find)) throw new Error(`${file} no longer contains: ${find}`);
    const fileName = path.join(here, `broken-${index}.${file}`);
    virtual.set(fileName, original.replace(find, replace));
    return fileName;
  });
  const host = ts.createCompilerHost(compilerOptions);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(path.resolve(fileName)) ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(fileName));
    return text === undefined
      ? getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const program = ts.createProgram({
    rootNames: [ambient, ...EXAMPLES.map(exampleFile), ...brokenFiles],
    options: compilerOptions,
    host,
  });
  return { program, brokenFiles };
}

describe('README examples', () => {
  const blocks = readmeExamples();

  it.each(EXAMPLES)('README.md shows %s verbatim', (name) => {
    const code = blocks.get(name);
    if (code === undefined) {
      throw new Error(
        `README.md has no \`\`\`ts block whose first line is "// README example: ${name}". ` +
          `Paste spec/readme/${name} into README.md as such a block (the file is the source of truth).`,
      );
    }
    expect(code).toHaveLength(1);
    expect(code[0]).toBe(normalize(readFileSync(exampleFile(name), 'utf8')));
  });

  it('marks no README block with an unknown example file', () => {
    expect([...blocks.keys()].filter((name) => !(EXAMPLES as readonly string[]).includes(name))).toEqual([]);
  });

  it.each(EXAMPLES)('%s starts with its marker line', (name) => {
    expect(MARKER.exec(readFileSync(exampleFile(name), 'utf8'))?.[1]).toBe(name);
  });
});

// Each mistake is one a reader could make; each must be a type error in the copy it breaks.
const mistakes: Mistake[] = [
  {
    file: 'angular-service.example.ts',
    find: "providedIn: 'root'",
    replace: "providedIn: 'everywhere'",
    error:
      /TS2322: Type '"everywhere"' is not assignable to type 'Type<unknown> \| "root" \| "platform" \| "any" \| null'/,
  },
  {
    file: 'angular-service.example.ts',
    find: 'inject(DestroyRef).onDestroy(() => {',
    replace: 'inject(DestroyRef).onDestroyed(() => {',
    error: /TS2551: Property 'onDestroyed' does not exist on type 'DestroyRef'/,
  },
  {
    file: 'angular-service.example.ts',
    find: 'switchMap((session) => session.callTool(name, args)),',
    replace: 'switchMap((session) => session.callTool(args)),',
    error:
      /TS2345: Argument of type 'Record<string, unknown>' is not assignable to parameter of type 'string'/,
  },
  {
    file: 'electron-main.example.ts',
    find: "app.on('before-quit', (event) => {",
    replace: "app.on('before-quit', (event: string) => {",
    error: /TS2769: No overload matches this call/,
  },
  {
    file: 'electron-main.example.ts',
    find: "renderer.send('mcp:progress',",
    replace: "renderer.postMessage('mcp:progress',",
    error: /TS2339: Property 'postMessage' does not exist on type 'WebContents'/,
  },
  {
    file: 'electron-main.example.ts',
    find: "if (typeof callId !== 'string' || typeof name !== 'string' || !isArgs(args)) {",
    replace: "if (typeof callId !== 'string') {",
    error: /TS2345: Argument of type 'unknown' is not assignable to parameter of type 'string'/,
  },
];

describe('type-checking the README examples', () => {
  let checked: ReturnType<typeof typeCheck>;

  beforeAll(() => {
    checked = typeCheck(mistakes);
  });

  it('passes under strict options, declarations included', () => {
    const { program } = checked;
    expect([...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]).toEqual([]);
    for (const file of [ambient, ...EXAMPLES.map(exampleFile)]) {
      expect({ file: path.basename(file), diagnostics: diagnosticsOf(program, file) }).toEqual({
        file: path.basename(file),
        diagnostics: [],
      });
    }
  });

  it('uses the library sources and the ambient framework declarations', () => {
    const files = checked.program.getSourceFiles().map((file) => path.relative(root, file.fileName));
    expect(files).toEqual(
      expect.arrayContaining([
        path.join('lib', 'index.ts'),
        path.join('lib', 'session', 'index.ts'),
        path.join('spec', 'readme', 'ambient.d.ts'),
      ]),
    );
    // Not the built package, and no real framework (neither is installed).
    expect(files.filter((file) => /^dist[\\/]|[\\/](@angular|electron)[\\/]/.test(file))).toEqual([]);
  });

  it.each(mistakes.map((mistake, index) => ({ ...mistake, index })))(
    'fails on a broken copy of $file: $replace',
    ({ index, error }) => {
      const diagnostics = diagnosticsOf(checked.program, checked.brokenFiles[index]);
      expect(diagnostics).toEqual(expect.arrayContaining([expect.stringMatching(error)]));
    },
  );
});
