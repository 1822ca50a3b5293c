/**
 * The code blocks of docs/*.md are files of spec/docs, verbatim but for import specifiers: a
 * page shows `rxjs-mcp-stdio/session` where the file (run by jest) imports `../../lib/session`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

/**
 * A file of spec/docs as its page shows it: the package's entry names instead of source paths.
 *
 * @param file The file name in spec/docs.
 * @returns Its text with the imports an app would write.
 */
export function asShownInDocs(file: string): string {
  return withPackageImports(readFileSync(path.join(__dirname, file), 'utf8'));
}

/**
 * Source text with the imports an app would write: `../../lib/index.js` is `rxjs-mcp-stdio`,
 * `../../lib/<entry>/index.js` is `rxjs-mcp-stdio/<entry>`, `./x.example.js` is `./x.js`.
 *
 * @param text The text of a file of spec/docs.
 * @returns The same text as a page shows it.
 */
export function withPackageImports(text: string): string {
  return text
    .replace(/'\.\.\/\.\.\/lib\/index\.js'/g, "'rxjs-mcp-stdio'")
    .replace(/'\.\.\/\.\.\/lib\/(\w+)\/index\.js'/g, "'rxjs-mcp-stdio/$1'")
    .replace(/'\.\/(\w+)\.example\.js'/g, "'./$1.js'")
    .replace(/\r\n/g, '\n');
}

/**
 * The ```ts blocks of a page of docs/.
 *
 * @param page The page's file name, e.g. `'session.md'`.
 * @returns The code of each block, with its final newline.
 */
export function codeBlocks(page: string): string[] {
  return codeBlocksOf(readFileSync(path.join(root, 'docs', page), 'utf8'));
}

/**
 * The ```ts blocks of a Markdown text: each fence on a line of its own, the code between them.
 *
 * @param markdown The page's text.
 * @returns The code of each block, with its final newline.
 */
export function codeBlocksOf(markdown: string): string[] {
  const text = markdown.replace(/\r\n/g, '\n');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(([, code]) => code);
}
