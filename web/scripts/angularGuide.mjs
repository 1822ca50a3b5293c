// The browser code of docs/angular.md as files of a default Angular app: each ```ts block whose
// first line is `// file: src/app/<name>` becomes web/guide/src/app/<name>, so the guide app
// (angular.json's "guide" project) builds exactly what the page shows, never a copy that could
// drift. `npm run test:web` runs this before `ng build guide`; `--list` prints the files as JSON
// instead of writing them (for the root test suite), `--doc <file>` reads another page.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = /^\/\/ file: (src\/app\/[\w.-]+\.ts)\n/;

/** The marked blocks of a page: `{ path, code }`, in order. */
export function guideFiles(markdown) {
  return [...markdown.replace(/\r\n/g, '\n').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].flatMap(([, code]) => {
    const marker = MARKER.exec(code);
    return marker === null ? [] : [{ path: marker[1], code }];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const docAt = process.argv.indexOf('--doc');
  const doc = docAt === -1 ? join(web, '..', 'docs', 'angular.md') : process.argv[docAt + 1];
  const files = guideFiles(readFileSync(doc, 'utf8'));
  if (files.length === 0) {
    console.error(`${doc} has no \`// file: src/app/…\` block`);
    process.exit(1);
  }
  if (process.argv.includes('--list')) {
    console.log(JSON.stringify(files));
  } else {
    const app = join(web, 'guide', 'src', 'app');
    rmSync(app, { recursive: true, force: true });
    for (const { path, code } of files) {
      mkdirSync(dirname(join(web, 'guide', path)), { recursive: true });
      writeFileSync(join(web, 'guide', path), code);
    }
    console.log(`guide app: ${files.map(({ path }) => path).join(', ')} from ${doc}`);
  }
}
