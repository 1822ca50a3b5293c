// example: electron/main.ts
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import {
  BehaviorSubject,
  filter,
  firstValueFrom,
  fromEvent,
  lastValueFrom,
  map,
  merge,
  repeat,
  retry,
  Subject,
  switchMap,
  take,
  takeUntil,
  tap,
  timer,
} from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { mcpSession, type CallToolResult, type McpSession } from 'rxjs-mcp-stdio/session';

// The server lives in the main process. `serverRunning` lets the quit wait for its shutdown.
let serverRunning = false;
let afterServerExit = (): void => undefined;
const server$ = fromStdioServer({
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-everything'],
  stderr: { next: (line) => console.debug('[mcp]', line) },
  spawnObserver: { next: () => (serverRunning = true) },
  exitObserver: {
    next: () => {
      serverRunning = false;
      afterServerExit();
    },
  },
});

// The ready session, or null while the server starts or restarts. A crash errors the session;
// retry() subscribes again, which spawns a fresh server and shakes hands again, after 0.5 s,
// 1 s, 2 s … (at most 30 s; back to 0.5 s once a session was ready). A server that ends the
// session by exiting on its own completes it; repeat() starts a fresh one too.
type McpStatus = 'starting' | 'ready' | 'restarting';
const session = new BehaviorSubject<McpSession | null>(null);
const status = new BehaviorSubject<McpStatus>('starting');
const subscription = mcpSession(server$, {
  clientInfo: { name: 'my-electron-app', version: app.getVersion() },
})
  .pipe(
    tap({
      next: (ready) => {
        session.next(ready);
        status.next('ready');
      },
      error: (error: unknown) => {
        console.error('[mcp] the server failed; restarting:', error);
        session.next(null);
        status.next('restarting');
      },
      complete: () => {
        session.next(null);
        status.next('restarting');
      },
    }),
    retry({
      delay: (_error, attempt) => timer(Math.min(500 * 2 ** (attempt - 1), 30_000)),
      resetOnSuccess: true,
    }),
    repeat({ delay: 500 }),
  )
  .subscribe();

/** The session once it is ready: a call made during a restart waits for the new server. */
const ready$ = session.pipe(
  filter((current): current is McpSession => current !== null),
  take(1),
);

const isArgs = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

ipcMain.handle('mcp:list-tools', () => firstValueFrom(ready$.pipe(switchMap((ready) => ready.tools$))));

// ipcRenderer.invoke('mcp:call-tool', callId, name, args): resolves with the tool's result, or
// { cancelled: true }; meanwhile 'mcp:progress' messages go to the renderer that asked. A crash
// during the call rejects it (the renderer may call again: the next call waits for the restart).
const cancel$ = new Subject<string>();
ipcMain.handle(
  'mcp:call-tool',
  (event: IpcMainInvokeEvent, callId: unknown, name: unknown, args: unknown) => {
    if (typeof callId !== 'string' || typeof name !== 'string' || !isArgs(args)) {
      throw new TypeError('mcp:call-tool takes (callId: string, name: string, args: object)');
    }
    const renderer = event.sender;
    // Unsubscribing cancels the call on the server: when the renderer asks, or when it goes away.
    const stop$ = merge(cancel$.pipe(filter((id) => id === callId)), fromEvent(renderer, 'destroyed'));
    return lastValueFrom(
      ready$.pipe(
        switchMap((ready) => ready.callTool(name, args)),
        tap((e) => {
          if (e.type === 'progress' && !renderer.isDestroyed()) {
            renderer.send('mcp:progress', { callId, progress: e.progress, total: e.total });
          }
        }),
        filter((e) => e.type === 'result'),
        map((e): CallToolResult | { cancelled: true } => e.result),
        takeUntil(stop$),
      ),
      { defaultValue: { cancelled: true } },
    );
  },
);
// ipcRenderer.send('mcp:cancel-tool', callId)
ipcMain.on('mcp:cancel-tool', (_event, callId: unknown) => {
  if (typeof callId === 'string') cancel$.next(callId);
});

void app.whenReady().then(() => {
  const window = new BrowserWindow({
    webPreferences: {
      preload: path.join(app.getAppPath(), 'preload.js'),
      contextIsolation: true,
      sandbox: true,
    },
  });
  // The renderer shows the server's state: 'starting', 'ready', 'restarting'.
  const statusUpdates = status.subscribe((current) => window.webContents.send('mcp:status', current));
  window.webContents.on('destroyed', () => statusUpdates.unsubscribe());
  void window.loadFile('index.html');
});

// Quitting ends the session: stdin closed, then SIGTERM and SIGKILL to the server's whole process
// tree, each wait bounded (2 s by default). The quit waits for the server to be gone.
app.on('before-quit', (event) => {
  subscription.unsubscribe();
  if (serverRunning) {
    event.preventDefault();
    afterServerExit = () => app.quit();
  }
});
