/**
 * Every ```ts block of docs/host.md runs, as written, in a fresh Node process at the package root
 * (where `rxjs-mcp-stdio/host` resolves to the build), and prints exactly the ```text block that
 * follows it under "Output:".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');
const doc = readFileSync(path.join(root, 'docs', 'host.md'), 'utf8').replace(/\r\n/g, '\n');
const examples = [...doc.matchAll(/^```ts\n([\s\S]*?)^```\n\nOutput:\n\n```text\n([\s\S]*?)^```$/gm)].map(
  ([, code, output]) => ({ code, output }),
);

/** Compiles an example to an ES module and runs it; its stdout. */
function run(code: string): string {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return execFileSync(process.execPath, ['--input-type=module', '-e', js], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('docs/host.md', () => {
  it('has its examples with their output', () => {
    expect(examples.length).toBe(2);
    expect(doc.match(/^```ts$/gm)).toHaveLength(examples.length);
  });

  it.each(examples.map((example, i) => [i + 1, example] as const))(
    'example %i prints what the page says',
    (_, example) => {
      expect(run(example.code)).toBe(example.output);
    },
  );
});
