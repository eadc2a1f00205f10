// The one object the Electron preload exposes to the renderer as `window.kpiw` (contextBridge).
// Everything crossing it is plain data; main validates every message (src/shared/schemas.ts).
import type { EngineEvent } from './api';
import type { CallMessage } from './schemas';
import type { ResultMessage } from './rpc';
import type { ImportResult } from './types';

export type Theme = 'light' | 'dark' | 'system';

/** Commands the desktop shell (application menu, dialogs) sends to the renderer. */
export type HostCommand =
  | { type: 'copySelectionAsTsv' }
  | { type: 'setTheme'; theme: Theme }
  /** Files opened through the menu, the Open Recent list or the command line have been imported. */
  | { type: 'filesOpened'; result: ImportResult }
  | { type: 'openSample' };

export interface KpiwBridge {
  /** Runs one engine call in the main process. */
  call(message: CallMessage): Promise<ResultMessage>;
  /** Aborts a running call (import). */
  cancel(id: string): void;
  /** Imports files by path (drag and drop); main reads them read-only. `id` names the call for progress and cancel. */
  openPaths(id: string, paths: string[]): Promise<ResultMessage>;
  /** The file-system path of a dropped or picked File ('' when it has none). */
  pathForFile(file: File): string;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  onCommand(listener: (command: HostCommand) => void): () => void;
}
