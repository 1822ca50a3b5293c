// The examples of docs/tasks.md are the files of spec/session/tasks/examples, verbatim but for the
// import path; they run against the real everything server and their output is checked against
// what the page says: research here, the typeahead in tasks.integration.spec.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromStdioServer } from '../../../lib/index.js';
import { descendantsOf, waitUntilGone } from '../../support/processes.js';
import { research } from './examples/research.example.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const root = path.join(__dirname, '..', '..', '..');
const page = readFileSync(path.join(root, 'docs', 'tasks.md'), 'utf8').replace(/\r\n/g, '\n');

const spawned: number[] = [];
const everythingServer = () =>
  fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: {
      next: ({ pid }) => {
        if (pid !== undefined) spawned.push(pid);
      },
    },
  });

afterEach(async () => {
  const tree = spawned.splice(0).flatMap((pid) => [pid, ...descendantsOf(pid)]);
  expect(await waitUntilGone(tree, 8000)).toEqual([]);
});

describe('docs/tasks.md', () => {
  it('shows each example file verbatim (the import path mapped to the package)', () => {
    const blocks = [...page.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(([, code]) => code);
    const shown = new Map<string, string>();
    for (const code of blocks) {
      const marker = /^\/\/ docs\/tasks\.md example: (\S+)\n/.exec(code);
      if (marker !== null) shown.set(marker[1], code);
    }
    expect([...shown.keys()].sort()).toEqual(['research.example.ts', 'typeahead.example.ts']);
    for (const [file, code] of shown) {
      const source = readFileSync(path.join(__dirname, 'examples', file), 'utf8')
        .replace(/\r\n/g, '\n')
        .replaceAll("'../../../../lib/session/index.js'", "'rxjs-mcp-stdio/session'");
      expect(code).toBe(source);
    }
  });

  it('research: logs the changes the page shows, in order, and resolves to the report title', async () => {
    const log: string[] = [];
    const title = await research(everythingServer(), 'python', (line) => log.push(line));
    expect(title).toBe('# Research Report: python (programming)');
    const shown = /```text\n([\s\S]*?)```/
      .exec(page.slice(page.indexOf('research.example.ts')))?.[1]
      .trim()
      .split('\n');
    expect(shown).toBeDefined();
    // Every line the page shows was logged, in the page's order (stage lines may come in between).
    let at = -1;
    for (const line of shown ?? []) {
      const found = log.indexOf(line, at + 1);
      expect({ line, found: found > at }).toEqual({ line, found: true });
      at = found;
    }
  });
});
