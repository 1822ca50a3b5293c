// docs/tasks.md example: weather.example.ts
import { filter, map, type Observable } from 'rxjs';
import type { McpSession } from '../../../../lib/session/index.js';

/** What the tool's outputSchema promises. */
export interface Weather {
  temperature: number;
  conditions: string;
  humidity: number;
}

/** The weather as structured output, checked against the tool's outputSchema before it arrives. */
export function weatherIn(session: McpSession, location: string): Observable<Weather | undefined> {
  return session.callTool<Weather>('get-structured-content', { location }).pipe(
    filter((event) => event.type === 'result'),
    map((event) => event.result.structuredContent),
  );
}
