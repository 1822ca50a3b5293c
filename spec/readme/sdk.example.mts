// example: sdk.example.mts
import { Client } from '@modelcontextprotocol/sdk/client/index.js'; // v1; v2: '@modelcontextprotocol/client'
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { toSdkTransport } from 'rxjs-mcp-stdio/sdk';

const server$ = fromStdioServer({
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-everything'],
  stderr: 'ignore',
});
const client = new Client({ name: 'my-app', version: '1.0.0' });
await client.connect(toSdkTransport(server$)); // spawns; a spawn failure rejects with StdioSpawnError

const { tools } = await client.listTools();
console.log(
  'has echo:',
  tools.some((tool) => tool.name === 'echo'),
);
const result = await client.callTool(
  { name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 2 } },
  undefined, // v1 only: the result schema; in v2 the options are the second argument
  { onprogress: ({ progress, total }) => console.log(`progress ${progress}/${total}`) },
);
console.log('result:', result.content);

await client.close(); // closes stdin, then SIGTERM/SIGKILL to the whole tree; resolves once it exited
console.log('closed');
