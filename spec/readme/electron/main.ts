// example: electron/main.ts
import { app, BrowserWindow, ipcMain, MessageChannelMain } from 'electron';
import path from 'node:path';
import { Subscription } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { serveMessagePort } from 'rxjs-mcp-stdio/port';

const servings = new Subscription();
let running = 0;
let quitting = false;

function everythingServer() {
  return fromStdioServer({
    command: 'npx',
    args: ['-y', '@modelcontextprotocol/server-everything'],
    stderr: 'ignore',
    spawnObserver: { next: () => running++ },
    exitObserver: {
      next: () => {
        running--;
        if (quitting && running === 0) app.quit();
      },
    },
  });
}

void app.whenReady().then(() => {
  const preload = path.join(app.getAppPath(), 'preload.js');
  const window = new BrowserWindow({ webPreferences: { preload, contextIsolation: true, sandbox: true } });
  ipcMain.on('mcp:connect', (event) => {
    if (event.sender !== window.webContents) return;
    const { port1, port2 } = new MessageChannelMain();
    servings.add(serveMessagePort(port1, everythingServer()).subscribe((e) => console.log('[mcp]', e.type)));
    event.sender.postMessage('mcp:port', null, [port2]);
  });
  void window.loadFile('index.html');
});

// Quitting stops serving, then waits for the servers to exit.
app.on('before-quit', (event) => {
  quitting = true;
  servings.unsubscribe();
  if (running > 0) event.preventDefault();
});
