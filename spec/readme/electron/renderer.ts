// example: electron/renderer.ts
import { map, ReplaySubject, shareReplay, switchMap, take } from 'rxjs';
import { fromMessagePort } from 'rxjs-mcp-stdio/port';
import { mcpSession } from 'rxjs-mcp-stdio/session';

// The port from the preload, only from this window (other frames can post too).
const port$ = new ReplaySubject<MessagePort>(1);
window.addEventListener('message', (event: MessageEvent) => {
  const [port] = event.ports;
  if (event.source === window && event.data === 'mcp:port' && port !== undefined) port$.next(port);
});

export const session$ = port$.pipe(
  take(1),
  switchMap((port) =>
    mcpSession(fromMessagePort(port), {
      clientInfo: { name: 'my-electron-app', version: '1.0.0' },
    }),
  ),
  shareReplay({ bufferSize: 1, refCount: true }),
);

session$
  .pipe(
    switchMap((session) => session.tools$),
    map((tools) => tools.map((tool) => tool.name).join(', ')),
  )
  .subscribe({
    next: (names) => console.log('tools:', names),
    error: (error: Error) => console.log('tools ended:', error.message),
  });
