// ToolsService.ts
import { map, switchMap, takeWhile, type Observable } from 'rxjs';
import { mcpSession, type McpSession, type McpTransport } from '../../lib/session/index.js';

/** What the app's components use: the server's tool names, and a way to run a tool. */
export class ToolsService {
  /** One session for every component: mcpSession() is multicast. */
  private readonly session$: Observable<McpSession>;

  constructor(transport: McpTransport) {
    this.session$ = mcpSession(transport, { clientInfo: { name: 'my-app', version: '1.0.0' } });
  }

  /** The names of the server's tools, kept current. */
  readonly toolNames$ = (): Observable<string[]> =>
    this.session$.pipe(
      switchMap((session) => session.tools$),
      map((tools) => tools.map((tool) => tool.name)),
    );

  /** Runs a tool: emits its progress ('1/2'), then the text of its first content block. */
  run(name: string, args: Record<string, unknown>): Observable<string> {
    return this.session$.pipe(
      switchMap((session) => session.callTool(name, args)),
      takeWhile((event) => event.type !== 'result', true),
      map((event) => {
        if (event.type === 'progress') return `${String(event.progress)}/${String(event.total)}`;
        const [block] = event.result.content;
        return block.type === 'text' ? block.text : `(${block.type})`;
      }),
    );
  }
}
