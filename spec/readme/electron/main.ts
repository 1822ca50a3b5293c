// example: electron/main.ts
import { app, BrowserWindow, ipcMain, MessageChannelMain } from 'electron';
import path from 'node:path';
import { Subscription } from 'rxjs';
import { fromStdioServer } from 'rxjs-mcp-stdio';
import { serveMessagePort } from 'rxjs-mcp-stdio/port';

// Every server the app runs, so that quitting can wait for their polite shutdown.
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
  const window = new BrowserWindow({
    webPreferences: {
      preload: path.join(app.getAppPath(), 'preload.js'),
      contextIsolation: true,
      sandbox: true,
    },
  });
  // Each page load asks for a port: one end goes to the page, the other is served with a server
  // of its own. A reload or a closed window closes the page's end: its server shuts down.
  ipcMain.on('mcp:connect', (event) => {
    if (event.sender !== window.webContents) return;
    const { port1, port2 } = new MessageChannelMain();
    servings.add(serveMessagePort(port1, everythingServer()).subscribe((e) => console.log('[mcp]', e.type)));
    event.sender.postMessage('mcp:port', null, [port2]);
  });
  void window.loadFile('index.html');
});

// Quitting stops serving (each server's stdin closed, then SIGTERM and SIGKILL to its process
// tree, every wait bounded) and waits for the servers to exit.
app.on('before-quit', (event) => {
  quitting = true;
  servings.unsubscribe();
  if (running > 0) event.preventDefault();
});
