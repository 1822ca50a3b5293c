/**
 * The real MCP server of the session contract: the MCP TypeScript SDK's own `Server` over its
 * stdio transport, declaring `CONTRACT_TOOLS` (see contractTools.ts for what each does). Run with
 * `node --import tsx`. It exits 0 on stdin EOF, as a well-behaved server does.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { CONTRACT_TOOLS, textResult } from './contractTools.js';

let initialized = 0;
let cancelled = 0;

const server = new Server({ name: 'contract', version: '1.0.0' }, { capabilities: { tools: {} } });
server.oninitialized = () => {
  initialized += 1;
};
server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: CONTRACT_TOOLS }));
server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const args = request.params.arguments ?? {};
  const token = request.params._meta?.progressToken;
  const progress = (value: number, total?: number) =>
    token === undefined
      ? Promise.resolve()
      : extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: value, ...(total === undefined ? {} : { total }) },
        });
  switch (request.params.name) {
    case 'echo':
      return textResult(String(args.text));
    case 'progress': {
      const steps = Number(args.steps);
      for (let k = 1; k <= steps; k += 1) await progress(k, steps);
      return textResult('done');
    }
    case 'hold':
      await progress(0);
      return new Promise<never>((_, reject) => {
        extra.signal.addEventListener('abort', () => {
          cancelled += 1;
          reject(new Error('cancelled'));
        });
      });
    case 'sample': {
      const answer = await server.createMessage({
        messages: [{ role: 'user', content: { type: 'text', text: 'say something' } }],
        maxTokens: 10,
      });
      return textResult(`model said: ${answer.content.type === 'text' ? answer.content.text : '?'}`);
    }
    case 'stats':
      return textResult(JSON.stringify({ initialized, cancelled }));
    case 'whoami':
      return textResult(String(process.pid));
    case 'crash':
      process.exit(1);
      break;
    case 'exit':
      process.exit(0);
      break;
  }
  throw new Error(`Unknown tool: ${request.params.name}`);
});

process.stdin.on('end', () => process.exit(0));
void server.connect(new StdioServerTransport());
