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
  return readFileSync(path.join(__dirname, file), 'utf8')
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
  const text = readFileSync(path.join(root, 'docs', page), 'utf8').replace(/\r\n/g, '\n');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(([, code]) => code);
}
