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

// Files the user drops on the window or picks in a file input are the only renderer-sent paths
// main will read. Page scripts cannot forge these events (isTrusted), and the preload's listeners,
// registered first in the capture phase, see them before the page does.
function reportChosen(files: FileList | null | undefined): void {
  const paths = Array.from(files ?? [], (f) => webUtils.getPathForFile(f)).filter((p) => p.length > 0);
  if (paths.length) ipcRenderer.send('kpiw:chosen', paths);
}
window.addEventListener('drop', (e) => { if (e.isTrusted) reportChosen(e.dataTransfer?.files); }, true);
window.addEventListener('change', (e) => {
  const input = e.target;
  if (e.isTrusted && input instanceof HTMLInputElement && input.type === 'file') reportChosen(input.files);
}, true);
