/**
 * A renderer of docs/electron.md's app, in a worker thread (run by electronGuide.spec.ts): the
 * page's world as the guide's preload and renderer scripts see it. `electron` is the renderer's
 * side (`ipcRenderer` over `parentPort`); `window` is an event target whose `postMessage` posts
 * to itself with the ports, as a page's does; console lines go to the main thread. It loads the
 * preload, then the page script, then fires `DOMContentLoaded`, as a page load does. Terminating
 * the worker is a reload: the realm and its ports are gone.
 */
import { EventEmitter } from 'node:events';
import Module from 'node:module';
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { FromRenderer } from './fakeElectron.js';

const parent = parentPort;
if (parent === null) throw new Error('electronRenderer.worker.ts runs in a worker thread');
const toMain = (message: FromRenderer): void => parent.postMessage(message);

/** `ipcRenderer`: `send` reaches `ipcMain`; messages of `webContents.postMessage` come back. */
class IpcRenderer extends EventEmitter {
  send(channel: string, ...args: unknown[]): void {
    toMain({ send: channel, args });
  }
}
const ipcRenderer = new IpcRenderer();
parent.on(
  'message',
  ({ channel, message, ports }: { channel: string; message: unknown; ports: MessagePort[] }) => {
    ipcRenderer.emit(channel, { ports, sender: ipcRenderer }, message);
  },
);

// `require('electron')` gets the renderer's side.
const electronId = require.resolve('electron');
const electronModule = new Module(electronId);
electronModule.exports = { ipcRenderer };
electronModule.loaded = true;
require.cache[electronId] = electronModule;

/** The page's window: messages it posts to itself arrive later, with their ports, from itself. */
class FakeWindow extends EventTarget {
  postMessage(data: unknown, _targetOrigin: string, ports: MessagePort[] = []): void {
    setTimeout(() => {
      this.dispatchEvent(Object.assign(new Event('message'), { data, ports, source: this }));
    }, 0);
  }
}
const page = globalThis as unknown as Record<string, unknown>;
page['window'] = new FakeWindow();
console.log = (...args: unknown[]) => toMain({ log: args.map(String).join(' ') });

// A page load: the preload, then the page's script (required: they run for their effects).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./electron/preload.ts');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./electron/renderer.ts');
(page['window'] as FakeWindow).dispatchEvent(new Event('DOMContentLoaded'));
