// example: angular-service.example.ts
import { DestroyRef, inject, Injectable } from '@angular/core';
import { ReplaySubject, shareReplay, switchMap, takeUntil } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { mcpSession } from 'rxjs-mcp-stdio/session';

@Injectable({ providedIn: 'root' })
export class McpService {
  private readonly destroyed$ = new ReplaySubject<void>(1);
  readonly session$ = mcpSession(
    fromStdioServer({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] }),
    { clientInfo: { name: 'my-angular-app', version: '1.0.0' } },
  ).pipe(takeUntil(this.destroyed$), shareReplay({ bufferSize: 1, refCount: false }));
  readonly tools$ = this.session$.pipe(switchMap((session) => session.tools$));

  constructor() {
    inject(DestroyRef).onDestroy(() => this.destroyed$.next());
  }
}
