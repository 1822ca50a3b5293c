// example: electron/preload.ts
import { ipcRenderer } from 'electron';

// A port cannot cross contextBridge: hand it to the page once its scripts listen.
const loaded = new Promise((resolve) => window.addEventListener('DOMContentLoaded', resolve, { once: true }));
ipcRenderer.once('mcp:port', (event) => {
  void loaded.then(() => window.postMessage('mcp:port', '*', event.ports));
});
ipcRenderer.send('mcp:connect');
