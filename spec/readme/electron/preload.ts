// example: electron/preload.ts
import { ipcRenderer } from 'electron';

// A port cannot cross contextBridge: the preload asks for one and hands it to the page with
// window.postMessage, once the page's scripts are listening.
const loaded = new Promise((resolve) => window.addEventListener('DOMContentLoaded', resolve, { once: true }));
ipcRenderer.once('mcp:port', (event) => {
  void loaded.then(() => window.postMessage('mcp:port', '*', event.ports));
});
ipcRenderer.send('mcp:connect');
