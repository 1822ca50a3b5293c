/**
 * The code blocks of README.md and docs/*.md are files of spec/readme, verbatim: each ```ts block
 * must start with `// example: <file>` and equal spec/readme/<file>. The files are where the
 * examples are tested: the runnable ones run in runExamples.spec.ts (output asserted), the marble
 * one is itself a test, and all of them type-check here, strictly, against the library's sources
 * (the Angular example against the declarations of ambient.d.ts, the Electron ones against the
 * real `electron` package's types). Deliberately broken copies prove that the check can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const here = __dirname;
const root = path.join(here, '..', '..');
const ambient = path.join(here, 'ambient.d.ts');
const EXAMPLES = [
  'quick-start.example.mts',
  'raw-transport.example.mts',
  'sdk.example.mts',
  'message-port.example.mts',
  'relay.example.mts',
  'marble.example.spec.ts',
  'angular-service.example.ts',
  'electron/main.ts',
  'electron/preload.ts',
  'electron/renderer.ts',
] as const;
const MARKER = /^\/\/ example: (\S+)\n/;

const exampleFile = (name: string): string => path.join(here, name);
const normalize = (text: string): string => text.replace(/\r\n/g, '\n');

/**
 * The pages whose code blocks are checked here: the README and the guides whose examples live in
 * spec/readme. (Other pages of docs/ are checked by the tests beside their own examples.)
 */
const pages = [
  'README.md',
  ...[
    'lifecycle',
    'sdk',
    'relay',
    'angular',
    'electron',
    'testing',
    'reliability',
    'performance',
    'design',
  ].map((name) => path.join('docs', `${name}.md`)),
];

/** Every page of docs/, and the README. */
const allPages = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name)),
];

/**
 * The browser code of docs/angular.md (blocks that start `// file: src/app/…`) is not here: it is
 * built into a default Angular app and run in Chromium by `npm run test:web`, read from the page
 * by web/scripts/angularGuide.mjs (see spec/docs/angularGuide.spec.ts).
 */
const ANGULAR_APP_FILE = /^\/\/ file: src\/app\//;

/** The service and its test on docs/testing.md are files of spec/docs, checked by spec/docs/docPages.spec.ts. */
const SPEC_DOCS_FILE = /^\/\/ ToolsService(\.spec)?\.ts\n/;

/** The ```ts blocks of every page: their marker's file name (or null), and the page they are on. */
function codeBlocks(): { page: string; file: string | null; code: string }[] {
  return pages.flatMap((page) =>
    [...normalize(readFileSync(path.join(root, page), 'utf8')).matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
      .filter(([, code]) => !ANGULAR_APP_FILE.test(code) && !SPEC_DOCS_FILE.test(code))
      .map(([, code]) => ({ page, file: MARKER.exec(code)?.[1] ?? null, code })),
  );
}

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  // Angular's decorators are TypeScript's "experimental" ones.
  experimentalDecorators: true,
  types: ['node', 'jest'],
  // Check the hand-written declarations too, not only their use.
  skipLibCheck: false,
  // The package as an app imports it, mapped to its sources (absolute paths, computed here).
  paths: {
    'rxjs-mcp-stdio': [path.join(root, 'lib', 'index.ts')],
    'rxjs-mcp-stdio/session': [path.join(root, 'lib', 'session', 'index.ts')],
    'rxjs-mcp-stdio/sdk': [path.join(root, 'lib', 'sdk', 'index.ts')],
    'rxjs-mcp-stdio/testing': [path.join(root, 'lib', 'testing', 'index.ts')],
    'rxjs-mcp-stdio/port': [path.join(root, 'lib', 'port', 'index.ts')],
    'rxjs-mcp-stdio/host': [path.join(root, 'lib', 'host', 'index.ts')],
    'rxjs-mcp-stdio/relay': [path.join(root, 'lib', 'relay', 'index.ts')],
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
    const fileName = path.join(here, path.dirname(file), `broken-${index}.${path.basename(file)}`);
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

describe('the code blocks of README.md and docs/', () => {
  const blocks = codeBlocks();

  it('are all examples of spec/readme, marked as such', () => {
    expect(
      blocks.filter(({ file }) => file === null).map(({ page, code }) => `${page}: ${code.slice(0, 60)}`),
    ).toEqual([]);
    expect(
      blocks
        .map(({ file }) => file)
        .filter((file) => !(EXAMPLES as readonly (string | null)[]).includes(file)),
    ).toEqual([]);
  });

  it.each(EXAMPLES)('show %s once, verbatim', (name) => {
    const shown = blocks.filter(({ file }) => file === name);
    if (shown.length === 0) {
      throw new Error(
        `No page has a \`\`\`ts block whose first line is "// example: ${name}". ` +
          `Paste spec/readme/${name} into its page as such a block (the file is the source of truth).`,
      );
    }
    expect(shown.map(({ page }) => page)).toHaveLength(1);
    expect(shown[0].code).toBe(normalize(readFileSync(exampleFile(name), 'utf8')));
  });

  it('speak to readers, not to the team that wrote them', () => {
    const teamTalk = /design card|the registry this project/i;
    expect(allPages.filter((page) => teamTalk.test(readFileSync(path.join(root, page), 'utf8')))).toEqual([]);
  });

  it.each(EXAMPLES)('%s starts with its marker line', (name) => {
    expect(MARKER.exec(readFileSync(exampleFile(name), 'utf8'))?.[1]).toBe(name);
  });
});

// Each mistake is one a reader could make; each must be a type error in the copy it breaks.
const mistakes: Mistake[] = [
  {
    file: 'quick-start.example.mts',
    find: "console.log('server:', session.serverInfo.name);",
    replace: "console.log('server:', session.server.name);",
    error: /TS2339: Property 'server' does not exist on type 'McpSession'/,
  },
  {
    file: 'electron/preload.ts',
    find: "window.postMessage('mcp:port', '*', event.ports)",
    replace: "window.postMessage('mcp:port', '*', event.port)",
    error: /TS2551: Property 'port' does not exist on type 'IpcRendererEvent'/,
  },
  {
    file: 'electron/renderer.ts',
    find: 'port$.next(port);',
    replace: 'port$.next(event);',
    error:
      /TS2345: Argument of type 'MessageEvent<any>' is not assignable to parameter of type 'MessagePort'/,
  },
  {
    file: 'electron/renderer.ts',
    find: 'mcpSession(fromMessagePort(port), {',
    replace: 'mcpSession(fromMessagePort(window), {',
    error:
      /TS2345: Argument of type 'Window & typeof globalThis' is not assignable to parameter of type 'MessagePortLike'/,
  },
  {
    file: 'angular-service.example.ts',
    find: "providedIn: 'root'",
    replace: "providedIn: 'everywhere'",
    error:
      /TS2322: Type '"everywhere"' is not assignable to type 'Type<unknown> \| "root" \| "platform" \| "any" \| null'/,
  },
  {
    file: 'angular-service.example.ts',
    find: 'inject(DestroyRef).onDestroy(() =>',
    replace: 'inject(DestroyRef).onDestroyed(() =>',
    error: /TS2551: Property 'onDestroyed' does not exist on type 'DestroyRef'/,
  },
  {
    file: 'angular-service.example.ts',
    find: 'switchMap((session) => session.tools$)',
    replace: 'switchMap((session) => session.toolList$)',
    error: /TS2551: Property 'toolList\$' does not exist on type 'McpSession'/,
  },
  {
    file: 'relay.example.mts',
    find: "relay.socketUrl('everything')",
    replace: 'relay.socketUrl()',
    error: /TS2554: Expected 1 arguments, but got 0/,
  },
  {
    file: 'electron/main.ts',
    find: "app.on('before-quit', (event) => {",
    replace: "app.on('before-quit', (event: string) => {",
    error: /TS2769: No overload matches this call/,
  },
  {
    file: 'electron/main.ts',
    find: 'const { port1, port2 } = new MessageChannelMain();',
    replace: 'const { portA, port2 } = new MessageChannelMain();',
    error: /TS2339: Property 'portA' does not exist on type 'MessageChannelMain'/,
  },
  {
    file: 'electron/main.ts',
    find: 'serveMessagePort(port1, everythingServer())',
    replace: 'serveMessagePort(event.sender, everythingServer())',
    error: /TS2345: Argument of type 'WebContents' is not assignable to parameter of type 'MessagePortLike'/,
  },
];

describe('type-checking the examples', () => {
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

  it("uses the library sources, Angular's ambient declarations and Electron's real types", () => {
    const files = checked.program.getSourceFiles().map((file) => path.relative(root, file.fileName));
    expect(files).toEqual(
      expect.arrayContaining([
        path.join('lib', 'index.ts'),
        path.join('lib', 'session', 'index.ts'),
        path.join('lib', 'sdk', 'index.ts'),
        path.join('lib', 'testing', 'index.ts'),
        path.join('lib', 'port', 'index.ts'),
        path.join('spec', 'readme', 'ambient.d.ts'),
        path.join('node_modules', 'electron', 'electron.d.ts'),
      ]),
    );
    // Not the built package, and not Angular (it is not installed).
    expect(files.filter((file) => /^dist[\\/]|node_modules[\\/]@angular[\\/]/.test(file))).toEqual([]);
  });

  it.each(mistakes.map((mistake, index) => ({ ...mistake, index })))(
    'fails on a broken copy of $file: $replace',
    ({ index, error }) => {
      const diagnostics = diagnosticsOf(checked.program, checked.brokenFiles[index]);
      expect(diagnostics).toEqual(expect.arrayContaining([expect.stringMatching(error)]));
    },
  );
});
