/**
 * Every launcher that can run here, with a real process: Node scripts (.js, .mjs, .cjs, and .ts
 * through tsx), a Python script, an npm package through npx (installed, so no download: npm is
 * told to stay offline), and the missing runtimes (uvx, fastmcp, Python) reported as such. Each
 * server is shared by two consumers, as apps share it, and every process is proven gone by pid.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { filter, firstValueFrom, ReplaySubject, take, timeout, type Subscription } from 'rxjs';
import {
  fastmcpServer,
  fromStdioServer,
  inferStdioServer,
  nodeServer,
  npxServer,
  pythonServer,
  StdioServerExitError,
  StdioSpawnError,
  uvxServer,
  type StdioServerParams,
  type StdioServerSubject,
} from '../../../lib/index.js';
import type { JsonRpcMessage } from '../../../lib/session/index.js';
import { checkProcessesAfterEachTest } from '../../support/leakCheck.js';
import { descendantsOf, endLeftovers, waitUntilGone } from '../../support/processes.js';

checkProcessesAfterEachTest();

const root = path.join(__dirname, '..', '..', '..');
const fixture = (name: string): string => path.join(root, 'spec', 'fixtures', 'launchers', name);
/** Generous under load: waits end as soon as the answer is there. */
const ANSWER_TIMEOUT = 25_000;

const initialize = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'launchers-spec', version: '0.0.0' },
};

function request(
  server$: StdioServerSubject,
  id: number,
  method: string,
  params?: unknown,
): Promise<JsonRpcMessage> {
  const answer = firstValueFrom(
    server$.pipe(
      filter((message) => message.id === id),
      take(1),
      timeout(ANSWER_TIMEOUT),
    ),
  );
  server$.next({ jsonrpc: '2.0', id, method, params });
  return answer;
}

const leftovers: number[] = [];
afterEach(async () => {
  // Each test asserts that its own processes are gone; one that failed half-way is reported here.
  expect(await endLeftovers(leftovers.splice(0))).toEqual([]);
});

/** What one session with a launched server saw. */
interface Session {
  pid: number;
  /** The server's process tree while it ran (pid first). */
  tree: number[];
  /** Command lines of the tree, read from /proc while it ran. */
  commandLines: string[][];
  initialize: JsonRpcMessage;
  answers: JsonRpcMessage[];
  /** Ids of the answers each of the two consumers received. */
  seen: [unknown[], unknown[]];
  spawns: number;
  exits: { code: number | null; signal: NodeJS.Signals | null }[];
}

/**
 * Starts `params` with two consumers subscribed at once, initializes, sends `requests` (ids 2…),
 * then unsubscribes both and waits until the whole tree is gone.
 */
async function session(params: StdioServerParams, requests: [string, unknown?][]): Promise<Session> {
  const pids: number[] = [];
  const exits: Session['exits'] = [];
  const exited = new ReplaySubject<void>(1);
  const stderr: string[] = [];
  const server$ = fromStdioServer({
    ...params,
    stderr: { next: (line) => stderr.push(line) },
    spawnObserver: { next: ({ pid }) => pid !== undefined && pids.push(pid) },
    exitObserver: {
      next: (exit) => {
        exits.push(exit);
        exited.next();
      },
    },
  });
  const seen: [unknown[], unknown[]] = [[], []];
  const consumers: Subscription[] = seen.map((ids) => server$.subscribe((message) => ids.push(message.id)));
  try {
    const initialized = await request(server$, 1, 'initialize', initialize);
    leftovers.push(...pids, ...descendantsOf(pids[0]));
    const answers: JsonRpcMessage[] = [];
    for (const [index, [method, methodParams]] of requests.entries()) {
      answers.push(await request(server$, index + 2, method, methodParams));
    }
    const tree = [pids[0], ...descendantsOf(pids[0])];
    const commandLines = tree.map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
          .split('\0')
          .filter((arg) => arg.length > 0);
      } catch {
        return [];
      }
    });
    consumers.forEach((consumer) => consumer.unsubscribe());
    expect(await waitUntilGone(tree, 15_000)).toEqual([]);
    // The tree can be gone from /proc before Node has reported the exit: wait for the report.
    await firstValueFrom(exited.pipe(timeout(15_000)));
    return {
      pid: pids[0],
      tree,
      commandLines,
      initialize: initialized,
      answers,
      seen,
      spawns: pids.length,
      exits,
    };
  } catch (error) {
    consumers.forEach((consumer) => consumer.unsubscribe());
    throw new Error(`${String(error)}\nserver stderr:\n${stderr.join('\n')}`, { cause: error });
  }
}

describe('Node scripts', () => {
  it.each(['echo.js', 'echo.mjs', 'echo.cjs'])(
    '%s runs on the host’s Node, shared by two consumers',
    async (file) => {
      const result = await session(
        nodeServer(fixture(file), { args: ['--flag', 'two words'], env: { MARK: file } }),
        [['describe', { env: ['MARK'] }]],
      );
      expect(result.initialize.result).toMatchObject({ serverInfo: { name: file } });
      expect(result.answers[0].result).toEqual({
        file,
        argv: ['--flag', 'two words'],
        execArgv: [],
        env: { MARK: file },
      });
      expect(result.commandLines[0][0]).toBe(process.execPath);
      expect(result.spawns).toBe(1);
      expect(result.seen).toEqual([
        [1, 2],
        [1, 2],
      ]);
      expect(result.exits).toEqual([{ code: 0, signal: null }]);
    },
  );

  it('a .ts script runs through the loader asked for (tsx)', async () => {
    const result = await session(
      nodeServer(fixture('echo-ts.ts'), { loader: 'tsx', cwd: root, args: ['x'] }),
      [['describe', {}]],
    );
    expect(result.answers[0].result).toMatchObject({
      file: 'echo-ts.ts',
      argv: ['x'],
      execArgv: ['--import', 'tsx'],
    });
    expect(result.exits).toEqual([{ code: 0, signal: null }]);
  });
});

describe('a Python script', () => {
  it('runs on python3 from PATH, unbuffered, shared by two consumers', async () => {
    const params = pythonServer(fixture('echo.py'), { args: ['--name', 'a b'] });
    expect(['python3', 'python']).toContain(params.command);
    const result = await session(params, [
      ['describe', { env: ['PYTHONUNBUFFERED', 'PYTHONIOENCODING'] }],
      ['tools/call', { name: 'echo', arguments: { message: 'from Python ✓' } }],
    ]);
    expect(result.initialize.result).toMatchObject({ serverInfo: { name: 'echo.py' } });
    expect(result.answers[0].result).toMatchObject({
      file: 'echo.py',
      argv: ['--name', 'a b'],
      env: { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
    });
    expect(result.answers[1].result).toEqual({ content: [{ type: 'text', text: 'Echo: from Python ✓' }] });
    expect(result.spawns).toBe(1);
    expect(result.seen).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(result.exits).toEqual([{ code: 0, signal: null }]);
  });

  it('runs from an inferred command line', async () => {
    const result = await session(inferStdioServer(`'${fixture('echo.py')}' one "two three"`), [
      ['describe', {}],
    ]);
    expect(result.answers[0].result).toMatchObject({ file: 'echo.py', argv: ['one', 'two three'] });
  });
});

describe('an npm package through npx', () => {
  it('runs the installed @modelcontextprotocol/server-everything with npm offline', async () => {
    const params = npxServer('@modelcontextprotocol/server-everything', {
      args: ['stdio'],
      offline: true,
      cwd: root,
    });
    const result = await session(params, [
      ['tools/call', { name: 'echo', arguments: { message: 'via npx' } }],
    ]);
    expect(result.initialize.result).toMatchObject({ serverInfo: { name: 'mcp-servers/everything' } });
    expect(result.answers[0].result).toMatchObject({ content: [{ type: 'text', text: 'Echo: via npx' }] });
    // npx (npm exec) started the project's own copy: a process in the tree runs its installed bin.
    const installed = path.join('node_modules', '@modelcontextprotocol', 'server-everything');
    const bins = result.commandLines
      .flat()
      .filter((arg) => arg.includes(installed) || arg.endsWith('mcp-server-everything'));
    expect(bins.length).toBeGreaterThan(0);
    expect(result.tree.length).toBeGreaterThan(1);
    expect(result.seen[0]).toEqual(result.seen[1]);
  });

  it('offline really is offline: a package that is not installed is refused, not downloaded', async () => {
    const stderr: string[] = [];
    const pids: number[] = [];
    const server$ = fromStdioServer(
      npxServer('rxjs-mcp-stdio-launchers-spec-not-a-package', {
        offline: true,
        cwd: root,
        stderr: { next: (line) => stderr.push(line) },
        spawnObserver: { next: ({ pid }) => pid !== undefined && pids.push(pid) },
      }),
    );
    const error: unknown = await firstValueFrom(server$).then(
      () => new Error('the stream emitted'),
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(StdioServerExitError);
    expect(stderr.join('\n')).toMatch(/ENOTCACHED/);
    expect(pids).toHaveLength(1);
    expect(await waitUntilGone(pids, 10_000)).toEqual([]);
  });
});

describe('a missing runtime', () => {
  let emptyPath: string;
  beforeAll(() => {
    // A PATH with nothing on it makes each runtime missing on any machine, this one included.
    emptyPath = mkdtempSync(path.join(tmpdir(), 'launch-empty-path-'));
  });
  afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

  it.each([
    [
      'uvx',
      () => uvxServer('mcp-server-fetch', { env: { PATH: emptyPath } }),
      'uvx (part of uv)',
      /docs\.astral\.sh\/uv/,
    ],
    [
      'fastmcp',
      () => fastmcpServer('server.py', { env: { PATH: emptyPath } }),
      'FastMCP',
      /uv tool install fastmcp/,
    ],
    ['python3', () => pythonServer('server.py', { env: { PATH: emptyPath } }), 'Python', /python\.org/],
    [
      'uv',
      () => pythonServer('server.py', { uv: true, env: { PATH: emptyPath } }),
      'uv',
      /docs\.astral\.sh\/uv/,
    ],
    ['npx', () => npxServer('pkg', { env: { PATH: emptyPath } }), 'npx (part of npm)', /nodejs\.org/],
    [
      'uvx',
      () => inferStdioServer('uvx mcp-server-fetch', { env: { PATH: emptyPath } }),
      'uvx (part of uv)',
      /astral/,
    ],
  ])(
    '%s: a StdioSpawnError naming it and how to install it, to each consumer',
    async (command, params, name, install) => {
      const spawned: unknown[] = [];
      const server$ = fromStdioServer({
        ...params(),
        spawnObserver: { next: (event) => spawned.push(event) },
      });
      const errors = await Promise.all(
        [1, 2].map(() =>
          firstValueFrom(server$).then(
            () => new Error('the stream emitted'),
            (failure: unknown) => failure,
          ),
        ),
      );
      for (const error of errors) {
        expect(error).toBeInstanceOf(StdioSpawnError);
        const spawnError = error as StdioSpawnError;
        expect(spawnError.code).toBe('ENOENT');
        expect(spawnError.command).toBe(command);
        expect(spawnError.message).toContain(`${name} is not installed (command not found: "${command}")`);
        expect(spawnError.message).toMatch(install);
      }
      expect(spawned).toEqual([]);
    },
  );

  it('a command that no launcher made keeps the plain wording', async () => {
    const error: unknown = await firstValueFrom(
      fromStdioServer({ command: 'no-such-server', env: { PATH: emptyPath } }),
    ).then(
      () => new Error('the stream emitted'),
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(StdioSpawnError);
    expect((error as Error).message).toBe('failed to start MCP server: command not found: "no-such-server"');
  });
});
