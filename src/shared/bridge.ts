// The one object the Electron preload exposes to the renderer as `window.kpiw` (contextBridge).
// Everything crossing it is plain data; main validates every message (src/shared/schemas.ts).
import type { EngineEvent } from './api';
import type { CallMessage } from './schemas';
import type { ResultMessage } from './rpc';
import type { ImportResult } from './types';
import type { DesktopReply, DesktopRequest, OpenedWorkspace } from './desktop';

export type Theme = 'light' | 'dark' | 'system';

/** Commands the desktop shell (application menu, dialogs) sends to the renderer. */
export type HostCommand =
  | { type: 'copySelectionAsTsv' }
  | { type: 'setTheme'; theme: Theme }
  /** Files opened through the menu, the Open Recent list or the command line have been imported. */
  | { type: 'filesOpened'; result: ImportResult }
  | { type: 'openSample' }
  /** A workspace or export action chosen in the menu (the renderer has the view and UI state it needs). */
  | { type: 'workspace'; command: WorkspaceCommand }
  /** A workspace opened by main (Open…, Open Recent, the command line). */
  | { type: 'workspaceOpened'; opened: OpenedWorkspace };

export type WorkspaceCommand = 'save' | 'saveAs' | 'open' | 'exportReport' | 'exportCsv';

export interface KpiwBridge {
  /** Runs one engine call in the main process. */
  call(message: CallMessage): Promise<ResultMessage>;
  /** Aborts a running call (import). */
  cancel(id: string): void;
  /** Imports files by path (drag and drop); main reads them read-only. `id` names the call for progress and cancel. */
  openPaths(id: string, paths: string[]): Promise<ResultMessage>;
  /** The file-system path of a dropped or picked File ('' when it has none). */
  pathForFile(file: File): string;
  /** Workspace files, exports, autosave and recovery (src/shared/desktop.ts); validated in main. */
  desktop(request: DesktopRequest): Promise<DesktopReply>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  onCommand(listener: (command: HostCommand) => void): () => void;
}
