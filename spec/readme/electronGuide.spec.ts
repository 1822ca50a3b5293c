/**
 * docs/electron.md's app, run: its main.ts in this thread against a fake of Electron's main
 * process (fakeElectron.ts), its preload.ts and renderer.ts in a worker thread standing for the
 * renderer (electronRenderer.worker.ts), the ports between them real `worker_threads` ports in
 * Electron's shapes, and the server the real everything server, through npx. The renderer gets
 * the session (its live tool list); a reload (the worker terminated) leaves no server behind,
 * and the next page load gets a fresh one; quitting waits for the servers to exit, and the page's
 * live list then ends with the owner's close. Every server process is proved gone by pid.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { descendantsOf, killIfAlive, waitUntilGone } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { attachRenderer, electron, record } from './fakeElectron.js';

jest.mock(
  'electron',
  () => jest.requireActual<typeof import('./fakeElectron.js')>('./fakeElectron.js').electron,
);

const RENDERER = path.join(__dirname, 'electronRenderer.worker.ts');
/** npx and the server start in a few seconds on an idle machine; a loaded one takes more. */
const WAIT_MS = 60_000;

const seen = new Set<number>();
const workers: Worker[] = [];
afterAll(async () => {
  // Safety nets: each test ends its renderers and proves its servers gone.
  await Promise.all(workers.map((worker) => worker.terminate()));
  killIfAlive([...seen]);
});

/** The server processes running under this test process now. */
function servers(): number[] {
  const tree = descendantsOf(process.pid);
  for (const pid of tree) seen.add(pid);
  return tree;
}

/** Loads a page: a renderer worker running the preload and the page script. */
function loadPage(): { worker: Worker; lines: string[] } {
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(RENDERER)});`, { eval: true });
  workers.push(worker);
  const lines: string[] = [];
  attachRenderer(worker, (line) => lines.push(line));
  return { worker, lines };
}

describe('docs/electron.md, run', () => {
  const mainLines: string[] = [];
  let first: number[];

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      mainLines.push(args.map(String).join(' '));
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the guide's main.ts, as Electron loads it
    require('./electron/main.ts');
    await waitFor(() => record.windows === 1, 'the window');
  });

  afterAll(() => {
    jest.restoreAllMocks();
  });

  it(
    'gives the renderer the session over a port; a reload leaves no server behind',
    async () => {
      expect(record.loaded).toEqual(['index.html']);
      const page = loadPage();
      await waitFor(() => page.lines.some((line) => line.startsWith('tools: ')), 'the tools', WAIT_MS);
      const tools = page.lines.find((line) => line.startsWith('tools: '));
      expect(tools?.split(': ')[1].split(', ')).toEqual(
        expect.arrayContaining(['echo', 'trigger-long-running-operation', 'simulate-research-query']),
      );
      expect(mainLines).toEqual(['[mcp] connected']);
      first = servers();
      expect(first.length).toBeGreaterThan(0);

      // A reload: the renderer's realm and its port are gone, and so is its server.
      await page.worker.terminate();
      expect(await waitUntilGone(first, 20_000)).toEqual([]);
      expect(mainLines).toEqual(['[mcp] connected', '[mcp] disconnected']);
    },
    WAIT_MS * 2,
  );

  it(
    'the next page load gets a fresh server; quitting stops it and waits for it to exit',
    async () => {
      const page = loadPage();
      await waitFor(() => page.lines.some((line) => line.startsWith('tools: ')), 'the tools', WAIT_MS);
      const second = servers();
      expect(second.length).toBeGreaterThan(0);
      expect(second.filter((pid) => first.includes(pid))).toEqual([]);

      electron.app.quit();
      // The quit waits: the main process prevented it while its server was running …
      expect(record).toMatchObject({ prevented: 1, quits: 0 });
      // … and quits again once the server has exited.
      await waitFor(() => record.quits === 1, 'the quit after the server exited', 20_000);
      expect(await waitUntilGone(second, 20_000)).toEqual([]);
      await waitFor(
        () => page.lines.includes('tools ended: The MessagePort was closed by its owner'),
        'the live list to end',
        5_000,
      );
      await page.worker.terminate();
    },
    WAIT_MS * 2,
  );
});
