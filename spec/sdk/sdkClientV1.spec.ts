import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { clientInfo, describeSdkClient, type SdkClient } from './sdkClientSuite.js';

describeSdkClient('v1 @modelcontextprotocol/sdk', (): SdkClient => {
  const client = new Client(clientInfo);
  return {
    connect: (transport) => client.connect(transport),
    listToolNames: async () => (await client.listTools()).tools.map((t) => t.name),
    ping: async () => {
      await client.ping();
    },
    callTool: (name, args, onprogress) =>
      client.callTool({ name, arguments: args }, undefined, { onprogress }),
    close: () => client.close(),
    setOnclose: (handler) => (client.onclose = handler),
    setOnerror: (handler) => (client.onerror = handler),
  };
});
