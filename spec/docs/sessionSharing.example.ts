import { filter, firstValueFrom, map, switchMap } from 'rxjs';
import { fromStdioServer } from '../../lib/index.js';
import { mcpSession } from '../../lib/session/index.js';

export async function toolsAndSum(command: string, args: string[]): Promise<[string[], string]> {
  const session$ = mcpSession(fromStdioServer({ command, args, stderr: 'ignore' }), {
    clientInfo: { name: 'my-app', version: '1.0.0' },
  });
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
  return Promise.all([names, sum]);
}
