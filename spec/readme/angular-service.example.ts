// example: angular-service.example.ts
import { DestroyRef, inject, Injectable } from '@angular/core';
import { ReplaySubject, shareReplay, switchMap, take, takeUntil, type Observable } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import {
  mcpSession,
  type CallToolResult,
  type McpRequestEvent,
  type McpSession,
  type Tool,
} from 'rxjs-mcp-stdio/session';

/**
 * One MCP session for the whole app: the server is spawned by the first subscriber, shared by
 * all, and shut down (with its whole process tree) when the root injector is destroyed.
 */
@Injectable({ providedIn: 'root' })
export class McpService {
  private readonly destroyed$ = new ReplaySubject<void>(1);
  private readonly session$: Observable<McpSession> = mcpSession(
    fromStdioServer({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything'],
      stderr: { next: (line) => console.debug('[mcp]', line) },
    }),
    { clientInfo: { name: 'my-angular-app', version: '1.0.0' } },
  ).pipe(takeUntil(this.destroyed$), shareReplay({ bufferSize: 1, refCount: false }));

  /** The server's tools, fetched again whenever the server says they changed. */
  readonly tools$: Observable<Tool[]> = this.session$.pipe(switchMap((session) => session.tools$));

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed$.next();
      this.destroyed$.complete();
    });
  }

  /**
   * Calls a tool: `{ type: 'progress', progress, total }` events, then `{ type: 'result', result }`.
   * Unsubscribing before the result (the component is destroyed, a `switchMap` moved on to a newer
   * call) cancels the call on the server.
   *
   * @example
   * this.mcp
   *   .callTool('trigger-long-running-operation', { duration: 5, steps: 5 })
   *   .pipe(takeUntilDestroyed(this.destroyRef))
   *   .subscribe((e) => (e.type === 'progress' ? (this.done = e.progress / (e.total ?? 1)) : (this.result = e.result)));
   */
  callTool(name: string, args: Record<string, unknown> = {}): Observable<McpRequestEvent<CallToolResult>> {
    return this.session$.pipe(
      take(1),
      switchMap((session) => session.callTool(name, args)),
    );
  }
}
