// example: electron/renderer.ts
import { map, of, ReplaySubject, shareReplay, switchMap, take } from 'rxjs';
import { fromMessagePort } from 'rxjs-mcp-stdio/port';
import { mcpSession } from 'rxjs-mcp-stdio/session';

// The port from the preload (only from this window itself: other frames can post too).
const port$ = new ReplaySubject<MessagePort>(1);
window.addEventListener('message', (event: MessageEvent) => {
  const [port] = event.ports;
  if (event.source === window && event.data === 'mcp:port' && port !== undefined) port$.next(port);
});

// The whole session, in the page, shared by every consumer (one server for all of them).
export const session$ = port$.pipe(
  take(1),
  switchMap((port) =>
    mcpSession(fromMessagePort(port), {
      clientInfo: { name: 'my-electron-app', version: '1.0.0' },
      // The server asks the user something.
      elicitation: (request) =>
        of(
          confirm(request.message)
            ? { action: 'accept' as const, content: {} }
            : { action: 'decline' as const },
        ),
    }),
  ),
  shareReplay({ bufferSize: 1, refCount: true }),
);

/** Shows what a consumer gets, and why it ended if it failed (a crash, the app quitting). */
const show = (label: string) => ({
  next: (value: string) => console.log(`${label}:`, value),
  error: (error: Error) => console.log(`${label} ended:`, error.message),
});

// A live list: a new one whenever the server's tools change.
session$
  .pipe(
    switchMap((session) => session.tools$),
    map((tools) => tools.map((tool) => tool.name).join(', ')),
  )
  .subscribe(show('tools'));

// A call with progress (unsubscribing before the result cancels it on the server), a resource,
// and a task followed to its result.
session$
  .pipe(
    switchMap((session) => session.callTool('trigger-long-running-operation', { duration: 1, steps: 2 })),
    map((event) => (event.type === 'progress' ? `${event.progress}/${event.total}` : 'done')),
  )
  .subscribe(show('call'));
session$
  .pipe(
    switchMap((session) => session.readResource('demo://resource/dynamic/text/1')),
    map((read) => read.contents[0]?.uri ?? 'none'),
  )
  .subscribe(show('resource'));
session$
  .pipe(
    switchMap((session) => session.callToolTask('simulate-research-query', { topic: 'MessagePorts' })),
    map((event) => (event.type === 'task' ? event.task.status : 'result')),
  )
  .subscribe(show('task'));
