/**
 * The reference client of the conformance run: the MCP TypeScript SDK v1 `Client` over the SDK's
 * own `StdioClientTransport`, to the same bridge, doing what `ourClient.ts` does. It declares
 * `capabilities.elicitation.form.applyDefaults`, the SDK's switch for filling in form defaults.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { bridgeFromEnvironment, describeResult } from './clientSetup.js';
import { exampleArguments } from './exampleArguments.js';

const url = process.argv.at(-1) ?? '';
const bridge = bridgeFromEnvironment();

const client = new Client(
  { name: 'sdk-v1-conformance', version: '0.1.0' },
  { capabilities: { elicitation: { form: { applyDefaults: true } } } },
);
client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: {} }));

async function main(): Promise<void> {
  await client.connect(
    new StdioClientTransport({
      command: bridge.command,
      args: [...bridge.args, url],
      env: { ...getDefaultEnvironment(), ...bridge.env },
      stderr: 'inherit',
    }),
  );
  const lines: string[] = [];
  for (const tool of (await client.listTools()).tools) {
    const result = await client.callTool({ name: tool.name, arguments: exampleArguments(tool.inputSchema) });
    lines.push(`${tool.name}: ${describeResult(result as Parameters<typeof describeResult>[0])}`);
  }
  await client.close();
  console.log(lines.length === 0 ? 'no tools' : lines.join('\n'));
}

main().catch(async (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  await client.close();
});
