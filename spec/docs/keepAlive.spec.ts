/**
 * docs/keep-alive.md's example is spec/docs/keep-alive.example.ts verbatim (but for the import
 * of the package, mapped to its sources), and it runs against a real server with its output and
 * its single process asserted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturePath, waitUntilGone } from '../support/processes.js';
import { twoVisits } from './keep-alive.example.js';

const root = path.join(__dirname, '..', '..');
const MARKER = '// docs example: keep-alive.example.ts\n';

function docExample(): string {
  const doc = readFileSync(path.join(root, 'docs', 'keep-alive.md'), 'utf8').replace(/\r\n/g, '\n');
  const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const example = blocks.find((code) => code.startsWith(MARKER));
  if (example === undefined) throw new Error('docs/keep-alive.md has no marked example');
  return example;
}

describe('docs/keep-alive.md', () => {
  it('shows the example file verbatim', () => {
    const file = readFileSync(path.join(__dirname, 'keep-alive.example.ts'), 'utf8');
    expect(docExample()).toBe(file.replace("from '../../lib/index.js'", "from 'rxjs-mcp-stdio'"));
  });

  it('runs: both answers printed, one process for both visits, gone after complete()', async () => {
    const printed: unknown[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((value: unknown) => {
      printed.push(value);
    });
    try {
      const pids = await twoVisits(fixturePath('echo.js'));
      expect(printed).toEqual([
        { jsonrpc: '2.0', id: 1, result: {} },
        { jsonrpc: '2.0', id: 2, result: {} },
      ]);
      expect(pids).toHaveLength(1);
      expect(pids[0]).toEqual(expect.any(Number));
      expect(await waitUntilGone(pids as number[], 10_000)).toEqual([]);
    } finally {
      log.mockRestore();
    }
  });
});
