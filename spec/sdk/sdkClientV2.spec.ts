import { Client } from '@modelcontextprotocol/client';
import { descendantsOf, waitUntilGone } from '../support/processes.js';
import {
  clientInfo,
  describeSdkClient,
  everythingServer,
  LONG_RUNNING_TOOL,
  transportOn,
  type SdkClient,
} from './sdkClientSuite.js';

describeSdkClient('v2 @modelcontextprotocol/client', (): SdkClient => {
  const client = new Client(clientInfo);
  return {
    connect: (transport) => client.connect(transport),
    listToolNames: async () => (await client.listTools()).tools.map((t) => t.name),
    ping: async () => {
      await client.ping();
    },
    callTool: (name, args, onprogress) => client.callTool({ name, arguments: args }, { onprogress }),
    close: () => client.close(),
    setOnclose: (handler) => (client.onclose = handler),
    setOnerror: (handler) => (client.onerror = handler),
  };
});

describe('toSdkTransport with the v2 Client negotiating the protocol era (versionNegotiation auto)', () => {
  it('probes in place (server/discover), falls back to initialize, works, and closes the tree', async () => {
    const { server$, pids, exits } = everythingServer();
    const client = new Client(clientInfo, { versionNegotiation: { mode: 'auto' } });
    // The probe takes the transport over (its own start and handlers) before Client.connect does.
    await client.connect(transportOn(server$));
    expect(pids).toHaveLength(1);
    expect(client.getNegotiatedProtocolVersion()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain(LONG_RUNNING_TOOL);
    const tree = [pids[0] as number, ...descendantsOf(pids[0] as number)];
    await client.close();
    expect(exits).toEqual([{ code: 0, signal: null }]);
    expect(await waitUntilGone(tree, 5000)).toEqual([]);
  });
});
