// Workspace and export actions of the desktop shell (Electron main): native dialogs, atomic writes,
// autosave and recovery. The renderer asks for them through `window.kpiw.desktop(request)`; main
// validates every request with `desktopRequestSchema` before acting. (The web host does the same
// actions in the page: downloads, a file input and IndexedDB.)
import { z } from 'zod';
import type { ImportResult } from './types';
import type { WorkspaceContents } from './api';
import type { RpcError } from './rpc';
import { csvExportRequestSchema, reconcileRequestSchema, reportRequestSchema, uiStateSchema } from './schemas';

export const desktopRequestSchema = z.discriminatedUnion('action', [
  /** Save (to the current workspace file, or ask where when there is none / saveAs). */
  z.strictObject({ action: z.literal('saveWorkspace'), saveAs: z.boolean(), uiState: uiStateSchema }),
  /** Open a .kpiw file: the one dropped on the window (its absolute path), else ask with the native dialog. */
  z.strictObject({
    action: z.literal('openWorkspace'),
    path: z.string().min(1).max(4_096)
      .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'expected an absolute path')
      .refine((p) => p.toLowerCase().endsWith('.kpiw'), 'expected a .kpiw workspace')
      .optional(),
  }),
  z.strictObject({ action: z.literal('exportReport'), request: reportRequestSchema }),
  z.strictObject({ action: z.literal('exportCsv'), request: csvExportRequestSchema, suggestedName: z.string().min(1).max(200) }),
  z.strictObject({ action: z.literal('exportReconciliation'), request: reconcileRequestSchema, suggestedName: z.string().min(1).max(200) }),
  /** Re-import a recorded source (path must be one the engine recorded) keeping the mapping. */
  z.strictObject({ action: z.literal('reimportSource'), path: z.string().min(1).max(4_096) }),
  /**
   * The renderer's workspace changed (dirty) or was saved; the UI state to autosave with; busy
   * while an import runs (serialising the database then would disturb it, so autosave waits).
   */
  z.strictObject({ action: z.literal('workspaceState'), dirty: z.boolean(), busy: z.boolean().optional(), uiState: uiStateSchema }),
  /** Is there an autosave from a session that did not end cleanly? */
  z.strictObject({ action: z.literal('recoveryStatus') }),
  z.strictObject({ action: z.literal('recoverAutosave') }),
  z.strictObject({ action: z.literal('discardAutosave') }),
  /** Recent workspaces (most recent first). */
  z.strictObject({ action: z.literal('recentWorkspaces') }),
  z.strictObject({ action: z.literal('openRecentWorkspace'), path: z.string().min(1).max(4_096) }),
]);

export type DesktopRequest = z.infer<typeof desktopRequestSchema>;

/** `unverified`: a recorded path this session did not choose, so it was not read (it is untrusted). */
export type SourceStatus = 'unchanged' | 'changed' | 'missing' | 'unverified';

/** A workspace the shell opened: where from, what it holds, and how each source file stands now. */
export interface OpenedWorkspace {
  /** File name shown to the user (path in Electron, the file's name in a browser). */
  path: string;
  contents: WorkspaceContents;
  /** Per recorded source path; empty where the host cannot look (a browser). */
  sourceStatus: Record<string, SourceStatus>;
  /** True when this is the recovered autosave (it has no file of its own to save to). */
  recovered?: boolean;
}

export interface RecoveryStatus { available: boolean; savedAt: string | null }

/** What each action answers; null = the user cancelled a dialog. */
export interface DesktopResults {
  saveWorkspace: { path: string } | null;
  openWorkspace: OpenedWorkspace | null;
  exportReport: { path: string } | null;
  exportCsv: { path: string } | null;
  exportReconciliation: { path: string } | null;
  reimportSource: ImportResult;
  workspaceState: null;
  recoveryStatus: RecoveryStatus;
  recoverAutosave: OpenedWorkspace;
  discardAutosave: null;
  recentWorkspaces: string[];
  openRecentWorkspace: OpenedWorkspace;
}

export type DesktopReply =
  | { ok: true; value: unknown }
  | { ok: false; error: RpcError };
