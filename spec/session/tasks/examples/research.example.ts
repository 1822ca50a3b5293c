// docs/tasks.md example: research.example.ts
import { filter, firstValueFrom, map, of, switchMap, tap } from 'rxjs';
import { mcpSession, type McpTransport } from '../../../../lib/session/index.js';

/** Runs a research task to its report, logging each change; answers the server's question. */
export function research(server$: McpTransport, topic: string, log: (line: string) => void): Promise<string> {
  const session$ = mcpSession(server$, {
    elicitation: (request) => {
      log(`asked: ${request.message}`);
      return of({ action: 'accept' as const, content: { interpretation: 'programming' } });
    },
  });
  return firstValueFrom(
    session$.pipe(
      switchMap((session) => session.callToolTask('simulate-research-query', { topic, ambiguous: true })),
      tap((event) => {
        if (event.type === 'task') log(`${event.task.status}: ${event.task.statusMessage ?? ''}`);
      }),
      filter((event) => event.type === 'result'),
      map(({ result }) => (result.content[0]?.type === 'text' ? result.content[0].text.split('\n')[0] : '')),
    ),
  );
}
