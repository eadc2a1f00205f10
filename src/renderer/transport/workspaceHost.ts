// Workspace files and exports, per host. Electron: native dialogs, atomic writes, autosave and
// recovery in main (window.kpiw.desktop, src/shared/desktop.ts). Browser: downloads, a file input,
// and the autosave in IndexedDB. The workspace UI (src/renderer/state/workspace.tsx) sees one interface.
import type { CsvExportRequest, ReconcileRequest, ReportRequest } from '../../shared/api';
import type { KpiwBridge } from '../../shared/bridge';
import type { DesktopRequest, DesktopResults, OpenedWorkspace, RecoveryStatus } from '../../shared/desktop';
import type { ImportResult } from '../../shared/types';
import { EngineError, type EngineClient } from './client';
import { MIME, downloadBytes, safeFileName } from '../lib/download';
import {
  beginBrowserSession, clearBrowserAutosave, readBrowserAutosave, writeBrowserAutosave,
} from '../lib/browserAutosave';

export interface WorkspaceHost {
  readonly kind: 'electron' | 'web';
  /** Saves; returns the file name or path written, null when the user cancelled. */
  saveWorkspace(uiState: unknown, opts: { saveAs: boolean; name: string }): Promise<string | null>;
  /**
   * Electron: the native dialog (main itself offers read-only for a damaged file). Browser: the
   * given File (from the file input); `readOnly` after the user accepted a failed checksum.
   */
  openWorkspace(file?: File, opts?: { readOnly?: boolean }): Promise<OpenedWorkspace | null>;
  exportReport(request: ReportRequest): Promise<string | null>;
  exportCsv(request: CsvExportRequest, fileName: string): Promise<string | null>;
  /** The auditor's reconciliation workbook: a save dialog in Electron, a download in the browser. */
  exportReconciliation(request: ReconcileRequest, fileName: string): Promise<string | null>;
  /**
   * Electron only: re-imports a recorded source keeping the mapping, from the file the user picks
   * in a dialog opened at the recorded path; null when the dialog is cancelled.
   */
  reimportSource?(path: string): Promise<ImportResult | null>;
  /** Tells the host whether there are unsaved changes and an import is running (Electron autosaves from main). */
  reportState(dirty: boolean, busy: boolean, uiState: unknown): void;
  /** Browser only: writes the autosave now (Electron's main autosaves on its own interval). */
  autosave?(uiState: unknown): Promise<void>;
  recoveryStatus(): Promise<RecoveryStatus>;
  recover(): Promise<OpenedWorkspace>;
  discardAutosave(): Promise<void>;
  /** Electron only: recent workspaces, and opening one of them. */
  recentWorkspaces?(): Promise<string[]>;
  openRecentWorkspace?(path: string): Promise<OpenedWorkspace>;
}

export function createWorkspaceHost(engine: EngineClient, bridge: KpiwBridge | undefined): WorkspaceHost {
  return bridge ? electronHost(bridge) : browserHost(engine);
}

function electronHost(bridge: KpiwBridge): WorkspaceHost {
  async function ask<A extends DesktopRequest['action']>(request: Extract<DesktopRequest, { action: A }>): Promise<DesktopResults[A]> {
    const reply = await bridge.desktop(request);
    if (!reply.ok) throw EngineError.from(reply.error);
    return reply.value as DesktopResults[A];
  }
  return {
    kind: 'electron',
    saveWorkspace: async (uiState, { saveAs }) => (await ask({ action: 'saveWorkspace', saveAs, uiState }))?.path ?? null,
    // A dropped workspace keeps its real path; otherwise main asks with its dialog.
    openWorkspace: (file) => {
      const path = file ? bridge.pathForFile(file) : '';
      return ask({ action: 'openWorkspace', ...(path ? { path } : {}) });
    },
    exportReport: async (request) => (await ask({ action: 'exportReport', request }))?.path ?? null,
    exportCsv: async (request, fileName) => (await ask({ action: 'exportCsv', request, suggestedName: fileName }))?.path ?? null,
    exportReconciliation: async (request, fileName) => (await ask({ action: 'exportReconciliation', request, suggestedName: fileName }))?.path ?? null,
    reimportSource: (path) => ask({ action: 'reimportSource', path }),
    reportState: (dirty, busy, uiState) => void ask({ action: 'workspaceState', dirty, busy, uiState }).catch(() => undefined),
    recoveryStatus: () => ask({ action: 'recoveryStatus' }),
    recover: () => ask({ action: 'recoverAutosave' }),
    discardAutosave: async () => { await ask({ action: 'discardAutosave' }); },
    recentWorkspaces: () => ask({ action: 'recentWorkspaces' }),
    openRecentWorkspace: (path) => ask({ action: 'openRecentWorkspace', path }),
  };
}

function browserHost(engine: EngineClient): WorkspaceHost {
  // Read once at start, before this page marks its own session as running.
  const previousEndedCleanly = beginBrowserSession();

  async function load(name: string, bytes: Uint8Array, recovered = false, readOnly = false): Promise<OpenedWorkspace> {
    const contents = await engine.loadWorkspace(bytes, readOnly ? { readOnly } : undefined);
    // A browser cannot look at the recorded source paths: their status is unknown, not "missing".
    return { path: name, contents, sourceStatus: {}, ...(recovered ? { recovered: true } : {}) };
  }

  return {
    kind: 'web',
    async saveWorkspace(uiState, { name }) {
      const fileName = safeFileName(name, '.kpiw');
      downloadBytes(await engine.saveWorkspace(uiState), fileName, MIME.workspace);
      return fileName;
    },
    async openWorkspace(file, opts) {
      if (!file) return null;
      return load(file.name, new Uint8Array(await file.arrayBuffer()), false, opts?.readOnly ?? false);
    },
    async exportReport(request) {
      downloadBytes(await engine.exportReport(request), 'report.xlsx', MIME.xlsx);
      return 'report.xlsx';
    },
    async exportCsv(request, fileName) {
      const name = safeFileName(fileName, '.csv');
      downloadBytes(await engine.exportCsv(request), name, MIME.csv);
      return name;
    },
    async exportReconciliation(request, fileName) {
      const name = safeFileName(fileName, '.xlsx');
      downloadBytes(await engine.exportReconciliation(request), name, MIME.xlsx);
      return name;
    },
    reportState() {
      // The browser autosaves from the page (autosave below); nothing to tell.
    },
    async autosave(uiState) {
      await writeBrowserAutosave(await engine.saveWorkspace(uiState));
    },
    async recoveryStatus() {
      if (previousEndedCleanly) return { available: false, savedAt: null };
      const stored = await readBrowserAutosave().catch(() => null);
      return stored ? { available: true, savedAt: stored.savedAt } : { available: false, savedAt: null };
    },
    async recover() {
      const stored = await readBrowserAutosave();
      if (!stored) throw new Error('the autosaved workspace is no longer there');
      return load('autosave.kpiw', stored.bytes, true);
    },
    async discardAutosave() {
      await clearBrowserAutosave();
    },
  };
}
