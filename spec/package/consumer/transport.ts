// rxjs-mcp-stdio: a server process as an Observable; one message out, the answer in.
import { firstValueFrom } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';

const server$ = fromStdioServer({
  command: 'node',
  args: ['-e', 'process.stdin.once("data", (line) => process.stdout.write(line))'],
});
const echoed = firstValueFrom(server$);
server$.next({ jsonrpc: '2.0', id: 1, method: 'ping' });
void echoed.then((message) => console.log(`transport: ${JSON.stringify(message)}`));
