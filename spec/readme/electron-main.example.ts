// README example: electron-main.example.ts
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import {
  filter,
  firstValueFrom,
  fromEvent,
  lastValueFrom,
  map,
  merge,
  ReplaySubject,
  Subject,
  switchMap,
  take,
  takeUntil,
  tap,
} from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { mcpSession, type CallToolResult, type McpSession } from 'rxjs-mcp-stdio/session';

// One MCP server for the life of the app, spawned now; its log goes to the main process's console.
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
const session$ = new ReplaySubject<McpSession>(1);
const subscription = mcpSession(server$, {
  clientInfo: { name: 'my-electron-app', version: app.getVersion() },
}).subscribe(session$);

const isArgs = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

ipcMain.handle('mcp:list-tools', () => firstValueFrom(session$.pipe(switchMap((session) => session.tools$))));

// ipcRenderer.invoke('mcp:call-tool', callId, name, args): resolves with the tool's result, or
// { cancelled: true }; meanwhile 'mcp:progress' messages go to the renderer that asked.
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
      session$.pipe(
        take(1),
        switchMap((session) => session.callTool(name, args)),
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
    webPreferences: { preload: path.join(app.getAppPath(), 'preload.js'), contextIsolation: true },
  });
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
