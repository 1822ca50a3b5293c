import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import { mcpSession } from '../../lib/session/index.js';

export async function toolsAndSum(command: string, args: string[]): Promise<[string[], string]> {
  const session$ = mcpSession(fromStdioServer({ command, args, stderr: 'ignore' }), {
    clientInfo: { name: 'my-app', version: '1.0.0' },
  });
  // Two consumers of one session$: one process, one handshake, one id space.
  const names = firstValueFrom(
    session$.pipe(
      switchMap((session) => session.tools$),
      map((tools) => tools.map((tool) => tool.name)),
    ),
  );
  const sum = firstValueFrom(
    session$.pipe(
      switchMap((session) => session.callTool('get-sum', { a: 2, b: 40 })),
      filter((event) => event.type === 'result'),
      map(({ result }) => (result.content[0]?.type === 'text' ? result.content[0].text : '')),
    ),
  );
  // Both take their first value and leave: the last one out shuts the server down.
  return Promise.all([names, sum]);
}
