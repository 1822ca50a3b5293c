/**
 * Minimal ambient declarations of exactly the Angular and Electron APIs that the README examples
 * use, so that `examples.spec.ts` can type-check them without installing either framework (the
 * `electron` package downloads a binary when installed; `@angular/core` would be a large
 * dependency for a handful of names).
 *
 * They are written by hand after the frameworks' public typings (`@angular/core`, `electron`) and
 * keep their shapes: names, parameters, optionality and return types (an overload pair of the
 * originals that differs only by an optional parameter is merged into one).
 * Where Electron says `any` (IPC arguments and results), these say `unknown`, which is stricter:
 * code that type-checks against these declarations type-checks against the real ones. Keep them
 * to what the examples need; a missing member is a type error in the example, as it should be.
 */

declare module '@angular/core' {
  /** A class (Angular: `Type<T>`, also the runtime `Function`). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- mirrors @angular/core
  export interface Type<T> extends Function {
    new (...args: never[]): T;
  }

  /** An abstract class used as a token (Angular: `AbstractType<T>`). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- mirrors @angular/core
  export interface AbstractType<T> extends Function {
    prototype: T;
  }

  /** What `inject()` accepts (Angular also takes an `InjectionToken<T>`, unused here). */
  export type ProviderToken<T> = Type<T> | AbstractType<T>;

  /** What a decorator factory such as `Injectable()` returns. */
  export interface TypeDecorator {
    <T extends Type<unknown>>(type: T): T;
    (target: object, propertyKey?: string | symbol, parameterIndex?: number): void;
  }

  /** `@Injectable()` (Angular also accepts `useClass`/`useFactory`/… providers, unused here). */
  export interface InjectableDecorator {
    (options?: { providedIn: Type<unknown> | 'root' | 'platform' | 'any' | null }): TypeDecorator;
  }
  export const Injectable: InjectableDecorator;

  /** The lifetime of the injector (or component) that injected it. */
  export abstract class DestroyRef {
    /**
     * Registers a callback to run when the injector is destroyed.
     *
     * @returns A function that unregisters the callback.
     */
    abstract onDestroy(callback: () => void): () => void;
  }

  /** Options of `inject()`. */
  export interface InjectOptions {
    optional?: boolean;
    skipSelf?: boolean;
    self?: boolean;
    host?: boolean;
  }

  /** Gets a dependency from the current injection context. */
  export function inject<T>(token: ProviderToken<T>, options?: InjectOptions & { optional?: false }): T;
  export function inject<T>(token: ProviderToken<T>, options: InjectOptions): T | null;
}

declare module 'electron' {
  import { EventEmitter } from 'node:events';

  /** An event whose default action can be prevented (Electron: `Electron.Event`). */
  export interface Event {
    preventDefault(): void;
    readonly defaultPrevented: boolean;
  }

  /** The application (Electron: `Electron.App`). */
  export interface App extends NodeJS.EventEmitter {
    /** Emitted before the windows close, when the application is asked to quit. */
    on(event: 'before-quit', listener: (event: Event) => void): this;
    on(event: 'window-all-closed', listener: () => void): this;
    /** Fulfilled when Electron has finished initializing. */
    whenReady(): Promise<void>;
    /** Tries to close all windows, then quits (emits `before-quit` first). */
    quit(): void;
    /** The version of the loaded application (from its package.json). */
    getVersion(): string;
    /** The application's directory. */
    getAppPath(): string;
  }

  /** The renderer side of a window or a webview (Electron: `Electron.WebContents`). */
  export interface WebContents extends NodeJS.EventEmitter {
    /** Emitted when the WebContents is destroyed. */
    on(event: 'destroyed', listener: () => void): this;
    /** Sends a message to the renderer (structured clone), received with `ipcRenderer.on`. */
    send(channel: string, ...args: unknown[]): void;
    /** Whether the renderer is gone. */
    isDestroyed(): boolean;
    readonly id: number;
  }

  /** The event of `ipcMain.on` (Electron: `Electron.IpcMainEvent`). */
  export interface IpcMainEvent extends Event {
    readonly processId: number;
    readonly frameId: number;
    readonly sender: WebContents;
    /** Set to answer an `ipcRenderer.sendSync`. */
    returnValue: unknown;
  }

  /** The event of `ipcMain.handle` (Electron: `Electron.IpcMainInvokeEvent`). */
  export interface IpcMainInvokeEvent extends Event {
    readonly processId: number;
    readonly frameId: number;
    readonly sender: WebContents;
  }

  /** The main process's end of IPC (Electron: `Electron.IpcMain`). */
  export interface IpcMain extends NodeJS.EventEmitter {
    /** Listens to `ipcRenderer.send(channel, ...args)`. */
    on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): this;
    /** Answers `ipcRenderer.invoke(channel, ...args)`; a rejection rejects the invoke. */
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
    /** Removes the handler of `channel`. */
    removeHandler(channel: string): void;
  }

  /** Part of `Electron.WebPreferences`. */
  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
  }

  /** Part of `Electron.BrowserWindowConstructorOptions`. */
  export interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    title?: string;
    show?: boolean;
    webPreferences?: WebPreferences;
  }

  /** A window (Electron: `Electron.BrowserWindow`). */
  export class BrowserWindow extends EventEmitter {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    /** Loads a local HTML file, relative to the app's directory (Electron also takes options). */
    loadFile(filePath: string): Promise<void>;
  }

  /** The event of `ipcRenderer.on` (Electron: `Electron.IpcRendererEvent`). */
  export interface IpcRendererEvent extends Event {
    readonly sender: IpcRenderer;
  }

  /** The renderer's end of IPC, for preload scripts (Electron: `Electron.IpcRenderer`). */
  export interface IpcRenderer extends NodeJS.EventEmitter {
    /** Sends to `ipcMain.handle(channel)` and resolves with its answer. */
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    /** Sends to `ipcMain.on(channel)`. */
    send(channel: string, ...args: unknown[]): void;
    /** Listens to `webContents.send(channel, ...args)`. */
    on(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): this;
    /** Stops a listener added with `on`. */
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): this;
  }

  /** Exposes values from an isolated preload script to the page (Electron: `Electron.ContextBridge`). */
  export interface ContextBridge {
    /** Puts `api` on the page's `window[apiKey]` (functions and plain data, copied). */
    exposeInMainWorld(apiKey: string, api: unknown): void;
  }

  export const app: App;
  export const ipcMain: IpcMain;
  export const ipcRenderer: IpcRenderer;
  export const contextBridge: ContextBridge;
}
