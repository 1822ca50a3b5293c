/**
 * The main process's side of Electron, faked for electronGuide.spec.ts: just what
 * docs/electron.md's main.ts uses, over real `worker_threads` ports. The renderer is a worker
 * thread (electronRenderer.worker.ts): a realm of its own, so that terminating it is what a
 * reload is to a renderer. `MessageChannelMain` gives ports in Electron's style (Node emitter
 * events, `'message'` passing `{ data, ports }`, queued until `start()`, `'close'` when the
 * other end goes away); `webContents.postMessage` transfers the inner port to the renderer.
 */
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';

/** Electron's `MessagePortMain`, over a `worker_threads` port. */
export class FakeMessagePortMain extends EventEmitter {
  private started = false;

  constructor(readonly inner: MessagePort) {
    super();
  }

  postMessage(message: unknown): void {
    this.inner.postMessage(message);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.inner.on('message', (data: unknown) => this.emit('message', { data, ports: [] }));
    this.inner.on('close', () => this.emit('close'));
  }

  close(): void {
    this.inner.close();
  }
}

/** What a renderer worker sends to the main process: an `ipcRenderer.send()`, or a console line. */
export type FromRenderer = { send: string; args: unknown[] } | { log: string };

/** The renderer of the (one) window: the worker that runs its preload and page. */
let renderer: Worker | null = null;

const webContents = {
  id: 1,
  /** Like Electron's: the ports are transferred to the renderer with the message. */
  postMessage(channel: string, message: unknown, transfer: FakeMessagePortMain[] = []): void {
    const ports = transfer.map((port) => port.inner);
    renderer?.postMessage({ channel, message, ports }, ports);
  },
};

/** Everything the app did, for the test to check. */
export const record = { windows: 0, loaded: [] as string[], quits: 0, prevented: 0 };

class App extends EventEmitter {
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getAppPath(): string {
    return '/app';
  }
  /** Like Electron's: `before-quit` first, and a listener may prevent the quit. */
  quit(): void {
    let prevented = false;
    this.emit('before-quit', {
      preventDefault: () => {
        prevented = true;
      },
    });
    if (prevented) record.prevented++;
    else record.quits++;
  }
}

/** The fake `electron` module of the main process. */
export const electron = {
  app: new App(),
  ipcMain: new EventEmitter(),
  BrowserWindow: class {
    readonly webContents = webContents;
    constructor() {
      record.windows++;
    }
    loadFile(file: string): Promise<void> {
      record.loaded.push(file);
      return Promise.resolve();
    }
  },
  MessageChannelMain: class {
    readonly port1: FakeMessagePortMain;
    readonly port2: FakeMessagePortMain;
    constructor() {
      const { port1, port2 } = new MessageChannel();
      this.port1 = new FakeMessagePortMain(port1);
      this.port2 = new FakeMessagePortMain(port2);
    }
  },
};

/**
 * Makes `worker` the window's renderer: its `ipcRenderer.send()` reach `ipcMain`, its console
 * lines go to `log`.
 */
export function attachRenderer(worker: Worker, log: (line: string) => void): void {
  renderer = worker;
  worker.on('message', (message: FromRenderer) => {
    if ('log' in message) log(message.log);
    else electron.ipcMain.emit(message.send, { sender: webContents }, ...message.args);
  });
}
