import { filter, firstValueFrom, take, timeout, type Subscription } from 'rxjs';
import { fromStdioServer, type StdioServerSubject, type StdioSignal } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { descendantsOf, waitUntilGone } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

describe('against the real @modelcontextprotocol/server-everything (stdio)', () => {
  let server$: StdioServerSubject;
  let subscription: Subscription;
  let pid: number | undefined;
  let exits: { code: number | null; signal: StdioSignal | null }[];

  const request = (id: number, method: string, params?: unknown): Promise<JsonRpcMessage> => {
    const answer = firstValueFrom(
      server$.pipe(
        filter((m) => m.id === id),
        take(1),
        timeout(15_000),
      ),
    );
    server$.next({ jsonrpc: '2.0', id, method, params });
    return answer;
  };

  let initialized: JsonRpcMessage;

  // The handshake happens here, so each test stands on its own (none relies on another having run).
  beforeAll(async () => {
    exits = [];
    server$ = fromStdioServer({
      command: process.execPath,
      args: [everything, 'stdio'],
      stderr: 'ignore',
      // The polite path is what is checked: on a loaded machine the server may need more than the
      // default 2 s to exit after EOF, and a SIGTERM then would be no failure of the library.
      shutdown: { closeTimeout: 60_000 },
      spawnObserver: { next: (e) => (pid = e.pid) },
      exitObserver: { next: (e) => exits.push(e) },
    });
    subscription = server$.subscribe();
    initialized = await request(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'rxjs-mcp-stdio-test', version: '0.0.0' },
    });
    server$.next({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }, 60_000);

  afterAll(() => {
    subscription.unsubscribe();
  });

  it('initializes', () => {
    expect(initialized.error).toBeUndefined();
    expect(initialized.result).toMatchObject({
      serverInfo: { name: expect.any(String) },
      capabilities: { tools: {} },
    });
  });

  it('lists tools, echo among them', async () => {
    const reply = await request(2, 'tools/list');
    const names = (reply.result as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toContain('echo');
  });

  it('calls echo', async () => {
    const reply = await request(3, 'tools/call', { name: 'echo', arguments: { message: 'over stdio ✓' } });
    expect(reply.result).toMatchObject({ content: [{ type: 'text', text: 'Echo: over stdio ✓' }] });
  });

  it('tears down with nothing left running', async () => {
    expect(pid).toEqual(expect.any(Number));
    const tree = [pid as number, ...descendantsOf(pid as number)];
    subscription.unsubscribe();
    await waitFor(() => exits.length > 0, 'the server to exit', 60_000);
    expect(exits).toEqual([{ code: 0, signal: null }]);
    expect(await waitUntilGone(tree, 10_000)).toEqual([]);
  }, 90_000);
});
