// The desktop shell's workspace and export actions, independent of Electron (dialogs, the engine,
// file access and the recent list are passed in) so they are unit-tested with real files.
// index.ts wires them to the `kpiw:desktop` IPC channel and to the application menu.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { WorkbenchApi } from '../shared/api';
import {
  desktopRequestSchema, type DesktopReply, type DesktopRequest, type OpenedWorkspace, type SourceStatus,
} from '../shared/desktop';
import { describeZodError } from '../shared/schemas';
import { toRpcError } from '../shared/rpc';
import type { ImportResult } from '../shared/types';
import { checkSource, readSourceFile, writeFileAtomic, type SourceFile } from '../engine/host/files';
import type { Autosave } from './autosave';
import { SessionPaths, notChosenMessage, samePath } from './sessionPaths';

export { samePath };

export interface FileFilter { name: string; extensions: string[] }
export interface Dialogs {
  /** A native save dialog; null when cancelled. */
  saveFile(options: { title: string; defaultPath: string; filters: FileFilter[] }): Promise<string | null>;
  /** A native open dialog for one file (starting at `defaultPath` when given); null when cancelled. */
  openFile(options: { title: string; filters: FileFilter[]; defaultPath?: string }): Promise<string | null>;
  /** A native question with a confirming and a cancelling button; true when confirmed. */
  confirm?(options: { title: string; message: string; detail: string; confirmLabel: string }): Promise<boolean>;
}

export interface DesktopDeps {
  api: WorkbenchApi;
  dialogs: Dialogs;
  autosave: Autosave;
  /** Recent workspaces and files (most recent first) and how to add to them. */
  recent(): readonly string[];
  addRecent(paths: string[]): Promise<void>;
  /** The current workspace file changed (title bar). */
  onWorkspacePath?(path: string | null): void;
  readSource?: (filePath: string) => Promise<SourceFile>;
  write?: (target: string, bytes: Uint8Array) => Promise<void>;
  platform?: NodeJS.Platform;
  /** The files the user chose in this session (dialogs here add to it). */
  sessionPaths?: SessionPaths;
}

export class RefusedTargetError extends Error {
  readonly code = 'refused_target';
}

export const sha256Node = async (bytes: Uint8Array): Promise<string> => createHash('sha256').update(bytes).digest('hex');

/** Source files are never written: a save or export onto one of them is refused. */
export function assertNotSource(target: string, sourcePaths: readonly string[], platform: NodeJS.Platform = process.platform): void {
  const hit = sourcePaths.find((s) => samePath(target, s, platform));
  if (hit) {
    throw new RefusedTargetError(`${target} is a source file of this workspace. KPI Workbench never writes to source files; choose another name.`);
  }
}

const HOLDING_ACTIONS: ReadonlySet<DesktopRequest['action']> = new Set<DesktopRequest['action']>([
  'openWorkspace', 'openRecentWorkspace', 'recoverAutosave', 'reimportSource',
]);

const WORKSPACE_FILTERS: FileFilter[] = [{ name: 'KPI Workbench workspace', extensions: ['kpiw'] }];
const SOURCE_FILTERS: FileFilter[] = [{ name: 'Exports', extensions: ['csv', 'tsv', 'txt', 'xlsx'] }, { name: 'All files', extensions: ['*'] }];

export interface DesktopActions {
  /** Validates and runs one request from the renderer. */
  handle(request: unknown): Promise<DesktopReply>;
  /** Opens a workspace file main chose (Open…, Open Recent, command line). */
  openWorkspaceFile(file: string): Promise<OpenedWorkspace>;
  readonly workspacePath: string | null;
}

export function createDesktopActions(deps: DesktopDeps): DesktopActions {
  const { api, dialogs, autosave } = deps;
  const readSource = deps.readSource ?? readSourceFile;
  const write = deps.write ?? writeFileAtomic;
  const platform = deps.platform ?? process.platform;
  let workspacePath: string | null = null;

  const setWorkspacePath = (p: string | null) => {
    workspacePath = p;
    deps.onWorkspacePath?.(p);
  };

  const sessionPaths = deps.sessionPaths ?? new SessionPaths(platform);
  /** The open dialog; what the user picks there counts as chosen in this session. */
  async function chosenFile(options: Parameters<Dialogs['openFile']>[0]): Promise<string | null> {
    const file = await dialogs.openFile(options);
    if (file) sessionPaths.add([file]);
    return file;
  }

  async function writeOutput(target: string, bytes: Uint8Array): Promise<void> {
    assertNotSource(target, (await api.listSources()).map((s) => s.path), platform);
    await write(target, bytes);
  }

  async function loadOrOfferReadOnly(file: string, bytes: Uint8Array) {
    try {
      return await api.loadWorkspace(bytes);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'workspace_checksum' || !dialogs.confirm) throw err;
      const readOnly = await dialogs.confirm({
        title: 'Workspace changed or damaged',
        message: `${path.basename(file)} has been changed or damaged since it was saved.`,
        detail: `${(err as Error).message}\n\nOpen it read-only to look at it? Saving will then ask for a new file; the original is never written.`,
        confirmLabel: 'Open read-only',
      });
      if (!readOnly) throw err;
      return api.loadWorkspace(bytes, { readOnly: true });
    }
  }

  async function opened(file: string, bytes: Uint8Array, recovered = false): Promise<OpenedWorkspace> {
    const contents = await loadOrOfferReadOnly(file, bytes);
    const sourceStatus: Record<string, SourceStatus> = {};
    for (const s of contents.sources) {
      // A workspace's recorded paths are untrusted: only files the user chose in this session are
      // read to compare; the others are listed unverified, to re-import from a dialog.
      if (!sessionPaths.has(s.path)) { sourceStatus[s.path] = 'unverified'; continue; }
      // A source that cannot be compared (unreadable) counts as missing: the workspace still works.
      sourceStatus[s.path] = await checkSource(s, sha256Node).catch((): SourceStatus => 'missing');
    }
    return { path: file, contents, sourceStatus, ...(recovered ? { recovered: true } : {}) };
  }

  async function openWorkspaceFile(file: string): Promise<OpenedWorkspace> {
    const { bytes } = await readSource(file);
    const result = await autosave.holding(() => opened(file, bytes));
    // A workspace opened read-only is never written back to its own file.
    setWorkspacePath(result.contents.readOnly ? null : file);
    await deps.addRecent([file]);
    return result;
  }

  /** An export under a name the user confirms in the save dialog (never onto a source file); null when cancelled. */
  async function exportAs(title: string, suggestedName: string, filter: { name: string; extensions: string[] }, bytes: () => Promise<Uint8Array>) {
    const target = await dialogs.saveFile({ title, defaultPath: suggestedName.replace(/[\\/:*?"<>|]/g, '_'), filters: [filter] });
    if (!target) return null;
    await writeOutput(target, await bytes());
    return { path: target };
  }

  async function run(req: DesktopRequest): Promise<unknown> {
    switch (req.action) {
      case 'saveWorkspace': {
        let target = workspacePath;
        if (req.saveAs || !target) {
          target = await dialogs.saveFile({ title: 'Save workspace', defaultPath: target ?? 'Workspace.kpiw', filters: WORKSPACE_FILTERS });
          if (!target) return null;
          if (!target.toLowerCase().endsWith('.kpiw')) target += '.kpiw';
        }
        await writeOutput(target, await api.saveWorkspace(req.uiState));
        sessionPaths.add([target]);
        setWorkspacePath(target);
        autosave.update(false, req.uiState);
        await deps.addRecent([target]);
        return { path: target };
      }
      case 'openWorkspace': {
        if (req.path !== undefined && !sessionPaths.has(req.path)) throw new RefusedTargetError(notChosenMessage(req.path));
        const file = req.path ?? await chosenFile({ title: 'Open workspace', filters: WORKSPACE_FILTERS });
        return file ? openWorkspaceFile(file) : null;
      }
      case 'openRecentWorkspace': {
        // Only paths main itself put in the recent list may be opened this way.
        if (!deps.recent().some((p) => p === req.path) || !req.path.toLowerCase().endsWith('.kpiw')) {
          throw new RefusedTargetError(`${req.path} is not a recent workspace`);
        }
        return openWorkspaceFile(req.path);
      }
      case 'recentWorkspaces':
        return deps.recent().filter((p) => p.toLowerCase().endsWith('.kpiw'));
      case 'exportReport': {
        const target = await dialogs.saveFile({ title: 'Export report', defaultPath: 'KPI report.xlsx', filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] });
        if (!target) return null;
        await writeOutput(target, await api.exportReport(req.request));
        return { path: target };
      }
      case 'exportCsv':
        return exportAs('Export CSV', req.suggestedName, { name: 'CSV (UTF-8)', extensions: ['csv'] }, () => api.exportCsv(req.request));
      case 'exportReconciliation':
        return exportAs('Export reconciliation', req.suggestedName, { name: 'Excel workbook', extensions: ['xlsx'] }, () => api.exportReconciliation(req.request));
      case 'reimportSource': {
        const record = (await api.listSources()).find((s) => s.path === req.path);
        if (!record) throw new RefusedTargetError(`${req.path} is not a source of this workspace`);
        // Recorded paths come from the workspace file, which anyone may have written: the file read
        // is the one the user picks, in a dialog that starts at the recorded path.
        const chosen = await chosenFile({ title: `Re-import ${path.basename(record.path)}`, defaultPath: record.path, filters: SOURCE_FILTERS });
        if (!chosen) return null;
        const file = await readSource(chosen);
        const result: ImportResult = await api.reimportFile({ source: record.path, bytes: file.bytes, size: file.size, mtimeMs: file.mtimeMs });
        return result;
      }
      case 'workspaceState':
        autosave.update(req.dirty, req.uiState, req.busy ?? false);
        return null;
      case 'recoveryStatus':
        return autosave.recoveryStatus();
      case 'recoverAutosave': {
        const result = await opened(autosave.file, await autosave.recover(), true);
        // The recovered workspace has no file of its own yet: Save asks where.
        setWorkspacePath(null);
        return result;
      }
      case 'discardAutosave':
        await autosave.discard();
        return null;
    }
  }

  return {
    async handle(request) {
      const parsed = desktopRequestSchema.safeParse(request);
      if (!parsed.success) return { ok: false, error: { message: `invalid request: ${describeZodError(parsed.error)}`, code: 'invalid_request' } };
      try {
        // Actions that replace or re-import tables hold the autosave off while they run.
        const request = parsed.data;
        const value = HOLDING_ACTIONS.has(request.action) ? await autosave.holding(() => run(request)) : await run(request);
        return { ok: true, value: value ?? null };
      } catch (err) {
        return { ok: false, error: toRpcError(err) };
      }
    },
    openWorkspaceFile,
    get workspacePath() {
      return workspacePath;
    },
  };
}
