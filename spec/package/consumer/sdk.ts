// rxjs-mcp-stdio/sdk: the SDK's Transport interface over the subject (start, send, onmessage, close).
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { toSdkTransport } from 'rxjs-mcp-stdio/sdk';

const everything = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
const transport = toSdkTransport(
  fromStdioServer({ command: 'node', args: [everything, 'stdio'], stderr: 'ignore' }),
);
transport.onmessage = (message) => {
  const result = 'result' in message ? (message.result as { serverInfo?: { name?: string } }) : {};
  console.log(`sdk: ${result.serverInfo?.name ?? 'no server info'}`);
  void transport.close();
};
void transport.start().then(() =>
  transport.send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'sdk-example', version: '1.0.0' },
    },
  }),
);
