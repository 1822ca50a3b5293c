/**
 * The host-exit guard in real hosts: two copies of the package in one process (the ESM and the
 * CommonJS build), and servers started from a worker thread. Each host is a real Node process
 * that prints the pids of its server trees as one JSON line; the test then acts on it and proves,
 * by pid, which processes are gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { checkProcessesAfterEachTest } from '../../support/leakCheck.js';
import {
  endLeftovers,
  fixturePath,
  isAlive,
  killGroupIfAlive,
  processGroupMembers,
  waitUntilGone,
} from '../../support/processes.js';

checkProcessesAfterEachTest();

const CJS_ENTRY = require.resolve('../../../dist/cjs/index.js');
const ESM_ENTRY = pathToFileURL(require.resolve('../../../dist/esm/index.js')).href;
/** A server that ignores EOF, with two sleepers that ignore SIGTERM: only SIGKILL ends the tree. */
const SERVER_ARGS = [fixturePath('grandchildren.js'), '2', '--ignore-sigterm', '--ignore-eof'];

/** Every pid a test caused: proved gone, or (for the documented limits) killed afterwards. */
const pids: number[] = [];
const groups: number[] = [];

afterEach(async () => {
  const left = await endLeftovers([...pids.splice(0), ...groups.splice(0).flatMap(processGroupMembers)]);
  expect(left).toEqual([]);
});

/** Source of a function that starts one server with `lib` and resolves with its tree's pids. */
const START_SERVER = `
  (lib) => new Promise((resolve) => {
    let pid;
    lib.fromStdioServer({
      command: process.execPath,
      args: ${JSON.stringify(SERVER_ARGS)},
      stderr: 'ignore',
      spawnObserver: { next: (e) => (pid = e.pid) },
    }).subscribe((m) => { if (m.method === 'pids') resolve([pid, ...m.params.pids]); });
  })`;

interface Host {
  child: ChildProcess;
  /** The JSON lines the host printed, in order, as they come. */
  line(index: number): Promise<unknown>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startHost(args: string[]): Host {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.pid !== undefined) pids.push(child.pid);
  const lines: unknown[] = [];
  const waiting = new Map<number, (value: unknown) => void>();
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      lines.push(JSON.parse(buffered.slice(0, newline)));
      buffered = buffered.slice(newline + 1);
      waiting.get(lines.length - 1)?.(lines[lines.length - 1]);
      newline = buffered.indexOf('\n');
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const line = (index: number): Promise<unknown> =>
    index < lines.length
      ? Promise.resolve(lines[index])
      : Promise.race([
          new Promise((resolve) => waiting.set(index, resolve)),
          exited.then((end) => {
            throw new Error(`host ended (${JSON.stringify(end)}) before printing line ${index}`);
          }),
        ]);
  return { child, line, exited };
}

/** Records a tree's pids for the afterEach proof; the server leads its own process group. */
function track(tree: number[]): number[] {
  pids.push(...tree);
  groups.push(tree[0]);
  return tree;
}

describe('host-exit guard with two copies of the package (ESM and CommonJS builds)', () => {
  it('one guard for both: SIGINT kills every server tree and still ends the host', async () => {
    const script = `
      import { createRequire } from 'node:module';
      const esm = await import(${JSON.stringify(ESM_ENTRY)});
      const cjs = createRequire(import.meta.url)(${JSON.stringify(CJS_ENTRY)});
      const start = ${START_SERVER};
      const trees = [await start(esm), await start(cjs)];
      console.log(JSON.stringify({
        twoCopies: esm.fromStdioServer !== cjs.fromStdioServer,
        sigintListeners: process.listenerCount('SIGINT'),
        trees,
      }));
      setInterval(() => {}, 1000);
    `;
    const host = startHost(['--input-type=module', '-e', script]);
    const report = (await host.line(0)) as { twoCopies: boolean; sigintListeners: number; trees: number[][] };
    const trees = report.trees.map(track);
    expect(report.twoCopies).toBe(true);
    expect(report.sigintListeners).toBe(1);
    expect(trees.flat()).toHaveLength(6);

    host.child.kill('SIGINT');
    expect(await host.exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(await waitUntilGone(trees.flat(), 10_000)).toEqual([]);
  });
});

describe('host-exit guard and worker threads', () => {
  /**
   * A host whose worker thread starts one server, prints its tree, then ends as `how` says; the
   * main thread prints `{"workerExit": code}` when the worker has ended.
   */
  function workerHost(how: 'worker-exits' | 'worker-terminated' | 'main-sigint' | 'main-exits'): Host {
    const worker = `
      const { parentPort } = require('node:worker_threads');
      const lib = require(${JSON.stringify(CJS_ENTRY)});
      (${START_SERVER})(lib).then((tree) => {
        parentPort.postMessage(tree);
        ${how === 'worker-exits' ? 'process.exit(0);' : ''}
      });
    `;
    const main = `
      const { Worker } = require('node:worker_threads');
      const worker = new Worker(${JSON.stringify(worker)}, { eval: true });
      worker.on('message', (tree) => {
        console.log(JSON.stringify(tree));
        ${how === 'worker-terminated' ? 'void worker.terminate();' : ''}
        ${how === 'main-exits' ? 'process.exit(0);' : ''}
      });
      worker.on('exit', (code) => console.log(JSON.stringify({ workerExit: code })));
      setInterval(() => {}, 1000);
    `;
    return startHost(['-e', main]);
  }

  it("covered: the worker's own exit (process.exit in it, or its natural end) kills its servers", async () => {
    const host = workerHost('worker-exits');
    const tree = track((await host.line(0)) as number[]);
    expect(await host.line(1)).toEqual({ workerExit: 0 });
    expect(await waitUntilGone(tree, 10_000)).toEqual([]);
    host.child.kill('SIGKILL');
    await host.exited;
  });

  it('not covered: worker.terminate() runs no JavaScript in the worker, so its servers live on', async () => {
    const host = workerHost('worker-terminated');
    const tree = track((await host.line(0)) as number[]);
    expect(await host.line(1)).toEqual({ workerExit: 1 });
    // The worker is gone and nothing else would end these: they are alive now, and stay so.
    expect(tree.filter(isAlive)).toEqual(tree);
    killGroupIfAlive(tree[0]);
    host.child.kill('SIGKILL');
    await host.exited;
  });

  it.each(['main-sigint', 'main-exits'] as const)(
    "not covered: the main thread's %s ends the worker without its exit handlers",
    async (how) => {
      const host = workerHost(how);
      const tree = track((await host.line(0)) as number[]);
      if (how === 'main-sigint') host.child.kill('SIGINT');
      const end = await host.exited;
      expect(end).toEqual(
        how === 'main-sigint' ? { code: null, signal: 'SIGINT' } : { code: 0, signal: null },
      );
      expect(tree.filter(isAlive)).toEqual(tree);
      killGroupIfAlive(tree[0]);
    },
  );
});
