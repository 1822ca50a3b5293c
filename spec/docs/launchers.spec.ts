/**
 * docs/launchers.md runs: every ```ts block is type-checked against the library's sources, then
 * executed (top-level await allowed), and what it logs must equal the ```text block right after
 * it. Servers an example starts must be gone when it ends. A changed output or a broken example
 * fails here, and so does a ```ts block without its output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import * as rxjs from 'rxjs';
import ts from 'typescript';
import * as library from '../../lib/index.js';
import { descendantsOf, waitUntilGone } from '../support/processes.js';

const root = path.join(__dirname, '..', '..');
const page = readFileSync(path.join(root, 'docs', 'launchers.md'), 'utf8').replace(/\r\n/g, '\n');

interface Example {
  line: number;
  code: string;
  output: string | undefined;
}

/** Each ```ts block, with the ```text block that follows it (only blank lines between). */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const match of markdown.matchAll(/^```ts\n([\s\S]*?)^```\n(?:\s*\n)*(```text\n([\s\S]*?)^```$)?/gm)) {
    found.push({
      line: markdown.slice(0, match.index).split('\n').length,
      code: match[1],
      output: match[3]?.replace(/\n$/, ''),
    });
  }
  return found;
}

const all = examples(page);
const fileOf = (example: Example): string => path.join(root, 'docs', `launchers.line-${example.line}.ts`);

/** Type errors of the examples, as `line: message`, all in one program (one compile). */
function typeErrors(checked: readonly Example[]): string[] {
  const files = new Map(checked.map((example) => [fileOf(example), example.code]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    skipLibCheck: true,
    paths: { 'rxjs-mcp-stdio': [path.join(root, 'lib', 'index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].flatMap((name) => {
    const file = program.getSourceFile(name);
    if (file === undefined) return [`${name}: not compiled`];
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
      (d) => `${path.basename(name)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  });
}

/** Runs one example as an async function body; returns what it logged, one line per call. */
async function run(code: string): Promise<string> {
  const imports = code.match(/^import [^\n]*;$/gm) ?? [];
  const body = code.replace(/^import [^\n]*;$/gm, '');
  const source = `${imports.join('\n')}\nexport async function main(): Promise<void> {\n${body}\n}\n`;
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  const logged: string[] = [];
  const console = { log: (...values: unknown[]) => logged.push(values.map(format).join(' ')) };
  const modules: Record<string, unknown> = { 'rxjs-mcp-stdio': library, rxjs, 'node:path': path };
  const load = (id: string): unknown => {
    if (!(id in modules)) throw new Error(`the example imports ${id}, which this test does not provide`);
    return modules[id];
  };
  const exports: { main?: () => Promise<void> } = {};
  new Function('exports', 'require', 'console', outputText)(exports, load, console);
  await exports.main?.();
  return logged.join('\n');
}

const format = (value: unknown): string => (typeof value === 'string' ? value : inspect(value));

describe('docs/launchers.md', () => {
  it('has examples, each followed by its output', () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.filter((example) => example.output === undefined).map((example) => example.line)).toEqual([]);
  });

  it('type-checks every example against the library', () => {
    expect(typeErrors(all)).toEqual([]);
  });

  it('notices an example that does not type-check', () => {
    const broken = { ...all[1], code: all[1].code.replace("version: '2026.8.31'", 'version: 2026') };
    expect(broken.code).not.toBe(all[1].code);
    expect(typeErrors([broken])).toEqual([expect.stringMatching(/not assignable to type 'string'/)]);
  });

  it('starts with a quick start that runs a server through a launcher', () => {
    expect(all[0].code).toContain("fromStdioServer(\n  npxServer('@modelcontextprotocol/server-everything'");
  });

  it.each(all.map((example) => [example.line, example]))(
    'the example at line %i logs its output, and leaves no process behind',
    async (_line, example) => {
      const before = new Set(descendantsOf(process.pid));
      expect(await run(example.code)).toBe(example.output);
      const started = descendantsOf(process.pid).filter((pid) => !before.has(pid));
      expect(await waitUntilGone(started, 15_000)).toEqual([]);
    },
  );

  it('notices an example whose output changed', async () => {
    const example = all.find((candidate) => candidate.code.includes('"@scope/my server"'));
    expect(example).toBeDefined();
    const changed = (example as Example).code.replace('"@scope/my server"', '"@scope/your server"');
    expect(await run(changed)).not.toBe((example as Example).output);
  });
});
