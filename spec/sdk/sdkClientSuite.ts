import {
  fromStdioServer,
  StdioServerExitError,
  StdioSpawnError,
  type StdioExitEvent,
  type StdioServerParams,
} from '../../lib/index.js';
import { toSdkTransport, type SdkTransportBridge } from '../../lib/sdk/index.js';
import { McpTransportInUseError, type McpTransport } from '../../lib/session/index.js';
import { descendantsOf, fixturePath, isAlive, killIfAlive, waitUntilGone } from '../support/processes.js';
import { checkProcessesAfterEachTest } from '../support/leakCheck.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
export const LONG_RUNNING_TOOL = 'trigger-long-running-operation';
export const clientInfo = { name: 'rxjs-mcp-stdio-sdk-test', version: '0.0.0' };

export interface Progress {
  progress: number;
  total?: number;
}

/** What the tests need of a Client, the same for both SDKs. */
export interface SdkClient {
  connect(transport: SdkTransportBridge): Promise<void>;
  listToolNames(): Promise<string[]>;
  ping(): Promise<void>;
  callTool(name: string, args: Record<string, unknown>, onprogress: (p: Progress) => void): Promise<unknown>;
  close(): Promise<void>;
  setOnclose(handler: () => void): void;
  setOnerror(handler: (error: Error) => void): void;
}

/** Every process each test spawned, and every transport it made: afterEach ends and checks them. */
const spawned: number[] = [];
const transports: SdkTransportBridge[] = [];

export function transportOn(server$: McpTransport): SdkTransportBridge {
  const transport = toSdkTransport(server$);
  transports.push(transport);
  return transport;
}

/** The everything server (or a wrapper around it) with its lifecycle recorded. */
export function everythingServer(params: Partial<StdioServerParams> = {}) {
  const pids: number[] = [];
  const exits: StdioExitEvent[] = [];
  const server$ = fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: {
      next: ({ pid }) => {
        if (pid === undefined) return;
        pids.push(pid);
        spawned.push(pid);
      },
    },
    exitObserver: { next: (exit) => exits.push(exit) },
    ...params,
  });
  return { server$, pids, exits };
}

/** Every process of the tree rooted at the server, while it runs. */
function treeOf(pids: number[]): number[] {
  expect(pids).toHaveLength(1);
  const [pid] = pids as [number];
  return [pid, ...descendantsOf(pid)];
}

/**
 * The integration suite, the same for both SDKs: each spec file runs it with one SDK's Client
 * against the real everything server (two files, so that jest runs them side by side).
 *
 * @param name How the suite names the SDK.
 * @param makeClient Makes a fresh Client of that SDK, behind the `SdkClient` face.
 */
export function describeSdkClient(name: string, makeClient: () => SdkClient): void {
  checkProcessesAfterEachTest();
  afterEach(async () => {
    // Normally a no-op (each test closes its client); after a failed assertion, no server leaks.
    await Promise.all(transports.splice(0).map((transport) => transport.close()));
    const tree = spawned.splice(0).flatMap((pid) => [pid, ...descendantsOf(pid)]);
    const left = await waitUntilGone(tree, 8000);
    killIfAlive(left);
    expect(left).toEqual([]);
  });

  describe(`toSdkTransport with the Client of ${name}`, () => {
    it('a second Client on a live subject is refused, the first goes on; after it closes, one connects afresh', async () => {
      const { server$, pids } = everythingServer();
      const first = makeClient();
      await first.connect(transportOn(server$));
      const second = makeClient();
      const refused = second.connect(transportOn(server$));
      await expect(refused).rejects.toThrow(McpTransportInUseError);
      await expect(refused).rejects.toThrow(/already carries a toSdkTransport\(\) connection/);
      expect(await first.listToolNames()).toContain('echo');
      const tree = treeOf(pids);
      await first.close();
      expect(await waitUntilGone(tree, 8000)).toEqual([]);

      const third = makeClient();
      await third.connect(transportOn(server$));
      expect(pids).toHaveLength(2);
      expect(await third.listToolNames()).toContain('echo');
      const secondTree = [pids[1] as number, ...descendantsOf(pids[1] as number)];
      await third.close();
      expect(await waitUntilGone(secondTree, 8000)).toEqual([]);
    });

    it('connects, lists tools, calls a tool with progress, and close() leaves no process behind', async () => {
      const { server$, pids, exits } = everythingServer();
      const client = makeClient();
      const transport = transportOn(server$);
      const closes: string[] = [];
      const errors: Error[] = [];
      client.setOnclose(() => closes.push('client'));
      client.setOnerror((error) => errors.push(error));

      await client.connect(transport);
      expect(pids).toHaveLength(1);
      const tree = treeOf(pids);
      expect(isAlive(tree[0] as number)).toBe(true);

      expect(await client.listToolNames()).toContain(LONG_RUNNING_TOOL);

      const progress: Progress[] = [];
      const result = await client.callTool(LONG_RUNNING_TOOL, { duration: 0.6, steps: 3 }, (p) =>
        progress.push({ progress: p.progress, total: p.total }),
      );
      // Steps come 200 ms apart. Both SDKs run notification handlers a microtask late but settle a
      // response at once, so the last step, which the server writes just before the result, may
      // be dropped by the Client (the SDKs' own stdio transport delivers the same way).
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress).toEqual(
        [
          { progress: 1, total: 3 },
          { progress: 2, total: 3 },
          { progress: 3, total: 3 },
        ].slice(0, progress.length),
      );
      expect(result).toMatchObject({
        content: [{ type: 'text', text: expect.stringContaining('Long running operation completed') }],
      });

      await client.close();
      // close() resolves once the server has exited: it left politely when its stdin closed.
      expect(exits).toEqual([{ code: 0, signal: null }]);
      expect(closes).toEqual(['client']);
      // v1 reports the late last step (see above) to onerror; nothing else may go wrong.
      expect(errors.filter((e) => !/progress notification for an unknown token/.test(e.message))).toEqual([]);
      expect(await waitUntilGone(tree, 5000)).toEqual([]);
      await expect(transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' })).rejects.toThrow(
        'Not connected',
      );
    });

    it('kills the whole tree of a wrapped server (sh -c) on close()', async () => {
      // Only the tree kill can end this server: it ignores stdin's EOF, and the shell that wraps
      // it stays its parent (a command follows) without forwarding SIGTERM. Signalling the shell
      // alone would leave the server running as an orphan.
      const script = `"${process.execPath}" "${fixturePath('ignore-eof.js')}"; exit 0`;
      const { server$, pids, exits } = everythingServer({
        command: 'sh',
        args: ['-c', script],
        shutdown: { closeTimeout: 300, termTimeout: 5000 },
      });
      const client = makeClient();
      await client.connect(transportOn(server$));
      await client.ping();
      const tree = treeOf(pids);
      expect(tree).toHaveLength(2);
      await client.close();
      // The polite close did not end it: the group's SIGTERM did, the shell and the server alike.
      expect(exits).toEqual([{ code: null, signal: 'SIGTERM' }]);
      expect(await waitUntilGone(tree, 5000)).toEqual([]);
    });

    it('rejects connect() with the StdioSpawnError of a command that does not exist', async () => {
      const { server$, pids } = everythingServer({ command: 'rxjs-mcp-stdio-no-such-command', args: [] });
      const client = makeClient();
      const closes: string[] = [];
      client.setOnclose(() => closes.push('client'));
      client.setOnerror(() => undefined);
      const connecting = client.connect(transportOn(server$));
      await expect(connecting).rejects.toBeInstanceOf(StdioSpawnError);
      await expect(connecting).rejects.toMatchObject({ name: 'StdioSpawnError', code: 'ENOENT' });
      expect(pids).toEqual([]);
      expect(closes).toEqual(['client']);
    });

    it('reports a server that dies mid-session to onerror, then onclose once, and fails the pending call', async () => {
      const { server$, pids } = everythingServer();
      const client = makeClient();
      const closes: string[] = [];
      const errors: Error[] = [];
      client.setOnclose(() => closes.push('client'));
      client.setOnerror((error) => errors.push(error));
      await client.connect(transportOn(server$));
      const tree = treeOf(pids);
      const call = client.callTool(LONG_RUNNING_TOOL, { duration: 5, steps: 5 }, () => undefined);
      // eslint-disable-next-line jest/valid-expect -- started before the kill, awaited right after it
      const failed = expect(call).rejects.toThrow(/closed/i);
      // A pid we started, and only it.
      process.kill(tree[0] as number, 'SIGKILL');
      await failed;
      expect(closes).toEqual(['client']);
      const crash = errors.find((error) => error instanceof StdioServerExitError);
      expect(crash).toMatchObject({ name: 'StdioServerExitError', signal: 'SIGKILL' });
      expect(await waitUntilGone(tree, 5000)).toEqual([]);
      await client.close();
      expect(closes).toEqual(['client']);
    });

    it('reconnects with a new transport on the same subject, which spawns a fresh server', async () => {
      const { server$, pids, exits } = everythingServer();
      const first = makeClient();
      await first.connect(transportOn(server$));
      await first.close();
      const second = makeClient();
      await second.connect(transportOn(server$));
      expect(await second.listToolNames()).toContain(LONG_RUNNING_TOOL);
      expect(pids).toHaveLength(2);
      expect(pids[0]).not.toBe(pids[1]);
      const tree = [pids[1] as number, ...descendantsOf(pids[1] as number)];
      await second.close();
      expect(exits).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
      expect(await waitUntilGone([pids[0] as number, ...tree], 5000)).toEqual([]);
    });
  });
}
