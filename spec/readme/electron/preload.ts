// example: electron/preload.ts
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallToolResult, Tool } from 'rxjs-mcp-stdio/session';

/** A progress report of one call, as the main process sends it. */
export interface McpProgress {
  callId: string;
  progress: number;
  total?: number;
}

/** What the page gets as `window.mcp`: plain functions, no Electron objects. */
const mcp = {
  listTools: () => ipcRenderer.invoke('mcp:list-tools') as Promise<Tool[]>,
  callTool: (callId: string, name: string, args: Record<string, unknown>) =>
    ipcRenderer.invoke('mcp:call-tool', callId, name, args) as Promise<CallToolResult | { cancelled: true }>,
  cancelTool: (callId: string) => ipcRenderer.send('mcp:cancel-tool', callId),
  /** Listens to progress reports; returns a function that stops listening. */
  onProgress: (listener: (progress: McpProgress) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, progress: McpProgress) => listener(progress);
    ipcRenderer.on('mcp:progress', forward);
    return () => ipcRenderer.removeListener('mcp:progress', forward);
  },
  /** Listens to the server's state; returns a function that stops listening. */
  onStatus: (listener: (status: 'starting' | 'ready' | 'restarting') => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, status: 'starting' | 'ready' | 'restarting') =>
      listener(status);
    ipcRenderer.on('mcp:status', forward);
    return () => ipcRenderer.removeListener('mcp:status', forward);
  },
};
export type McpBridge = typeof mcp;

contextBridge.exposeInMainWorld('mcp', mcp);
