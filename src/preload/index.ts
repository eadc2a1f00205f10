// The preload (sandboxed, context-isolated): exposes exactly one object, `window.kpiw`
// (src/shared/bridge.ts), and nothing of Electron or Node. Main validates everything it receives.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { EngineEvent } from '../shared/api';
import type { HostCommand, KpiwBridge } from '../shared/bridge';
import type { DesktopReply, DesktopRequest } from '../shared/desktop';
import type { ResultMessage } from '../shared/rpc';
import type { CallMessage } from '../shared/schemas';

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  // Listeners get the payload only, never the IpcRendererEvent (it would expose ipcRenderer).
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, wrapped);
  return () => ipcRenderer.removeListener(channel, wrapped);
}

const bridge: KpiwBridge = {
  call: (message: CallMessage) => ipcRenderer.invoke('kpiw:call', message) as Promise<ResultMessage>,
  cancel: (id: string) => ipcRenderer.send('kpiw:cancel', id),
  openPaths: (id: string, paths: string[]) => ipcRenderer.invoke('kpiw:openPaths', { id, paths }) as Promise<ResultMessage>,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  desktop: (request: DesktopRequest) => ipcRenderer.invoke('kpiw:desktop', request) as Promise<DesktopReply>,
  onEvent: (listener: (event: EngineEvent) => void) => subscribe('kpiw:event', listener),
  onCommand: (listener: (command: HostCommand) => void) => subscribe('kpiw:command', listener),
};

contextBridge.exposeInMainWorld('kpiw', bridge);
