// Workspace files and exports in the UI: save / save as / open, the report and CSV exports, the
// busy indicator while they run, autosave, the recovery prompt after a crash and the prompt for
// source files that changed since the workspace was saved. The host part (dialogs and files in
// Electron, downloads and IndexedDB in a browser) is src/renderer/transport/workspaceHost.ts.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedWorkspace, RecoveryStatus } from '../../shared/desktop';
import type { CsvExportRequest, ReconcileRequest } from '../../shared/api';
import { createWorkspaceHost, type WorkspaceHost } from '../transport/workspaceHost';
import { EngineError } from '../transport/client';
import { analysisOptions, problemOf, uiStateOf, unreadableUiEntries, useWorkbench, workspaceSignature } from './store';
import { findView } from '../../shared/views';
import { shownGridQuery } from '../lib/gridQuery';
import { autosaveIntervalMs } from '../lib/browserAutosave';
import { useProblemText } from '../components/EngineMessage';

export type BusyAction = 'save' | 'open' | 'exportReport' | 'exportCsv' | 'exportReconciliation' | 'recover' | 'reimport';
export type WorkspaceDialog = 'report' | 'saveAs' | null;

export interface SourcesCheck {
  workspace: string;
  changed: string[];
  missing: string[];
  /** Recorded paths this session did not choose, so not read (re-import opens a dialog there). */
  unverified: string[];
  reimported: string[];
}

export interface WorkspaceUi {
  host: WorkspaceHost['kind'];
  /** The workspace file (path in Electron, file name in a browser); null before the first save. */
  name: string | null;
  dirty: boolean;
  busy: BusyAction | null;
  /** An import is running: saving and exporting wait for it. */
  importing: boolean;
  notice: string | null;
  recovery: RecoveryStatus | null;
  sources: SourcesCheck | null;
  dialog: WorkspaceDialog;
  recent: string[];
  canReimport: boolean;
}

export interface WorkspaceActions {
  save(saveAs?: boolean, name?: string): Promise<void>;
  /** Browser: a File from the input. Electron: no argument, the native dialog. */
  open(file?: File): Promise<void>;
  openRecent(path: string): Promise<void>;
  /** currentPeriod: report the partial current period (by default a report covers the last complete one). */
  exportReport(opts: { includeData: boolean; language: string; currentPeriod?: boolean }): Promise<void>;
  /** Exports the grid view shown, or the given request (the CLV tab's per-customer table). */
  exportCsv(view?: { request: CsvExportRequest; fileName: string }): Promise<void>;
  /** The reconciliation workbook, through the host (Electron: save dialog; browser: download). */
  exportReconciliation(request: ReconcileRequest, fileName: string): Promise<void>;
  recover(): Promise<void>;
  discardRecovery(): Promise<void>;
  reimport(path: string): Promise<void>;
  dismissSources(): void;
  showDialog(dialog: WorkspaceDialog): void;
  dismissNotice(): void;
}

interface Ctx { ui: WorkspaceUi; actions: WorkspaceActions }
const WorkspaceContext = createContext<Ctx | null>(null);

export function useWorkspace(): Ctx {
  const ctx = useContext(WorkspaceContext);
  if (!ctx) throw new Error('useWorkspace outside WorkspaceProvider');
  return ctx;
}

const DEFAULT_NAME = 'workspace.kpiw';
const NOTICE_MS = 6000;

function fileNameOf(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

export function WorkspaceProvider({ children, host: givenHost }: { children: ReactNode; host?: WorkspaceHost }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const { state, actions: workbench, engine } = useWorkbench();
  const host = useMemo(() => givenHost ?? createWorkspaceHost(engine, window.kpiw), [givenHost, engine]);
  const stateRef = useRef(state);
  stateRef.current = state;

  const [name, setName] = useState<string | null>(null);
  const [savedSignature, setSavedSignature] = useState<string | null>(null);
  const [busy, setBusy] = useState<BusyAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<RecoveryStatus | null>(null);
  const [sources, setSources] = useState<SourcesCheck | null>(null);
  const [dialog, setDialog] = useState<WorkspaceDialog>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const busyRef = useRef<BusyAction | null>(null);

  const signature = workspaceSignature(state);
  const dirty = state.tables.length > 0 && signature !== savedSignature;
  // While an import runs the database must not be serialised (autosave waits, Save is disabled).
  const importing = state.sampleLoading || state.files.some((f) => f.status === 'importing');
  const importingRef = useRef(importing);
  importingRef.current = importing;

  /** Runs one action with the busy indicator; failures are shown in plain words. */
  const run = useCallback(async (action: BusyAction, fn: () => Promise<string | null | void>) => {
    if (busyRef.current) return;
    busyRef.current = action;
    setBusy(action);
    try {
      const message = await fn();
      if (message) setNotice(message);
    } catch (err) {
      workbench.reportError('app', t(`workspace.failed.${action}`, { message: problemText(problemOf(err)) }));
    } finally {
      busyRef.current = null;
      setBusy(null);
    }
  }, [workbench, t]);

  const refreshRecent = useCallback(() => {
    host.recentWorkspaces?.().then(setRecent, () => undefined);
  }, [host]);

  /** Shows a workspace the host has loaded into the engine, then how its sources stand. */
  const applyOpened = useCallback(async (opened: OpenedWorkspace) => {
    const restored = await workbench.restoreWorkspace(opened.contents.mapping, opened.contents.uiState);
    // Damaged entries are left out one by one (the rest of the workspace opens): say how many.
    const unreadable = unreadableUiEntries(opened.contents.uiState);
    const file = fileNameOf(opened.path);
    if (unreadable.views) workbench.reportError('app', t('workspace.viewsUnreadable', { count: unreadable.views, file }));
    if (unreadable.targets) workbench.reportError('app', t('workspace.targetsUnreadable', { count: unreadable.targets, file }));
    // A recovered autosave is unsaved work; an opened file is saved as it is.
    setSavedSignature(opened.recovered ? null : restored);
    setName(opened.recovered ? null : opened.path);
    const entries = Object.entries(opened.sourceStatus);
    const changed = entries.filter(([, s]) => s === 'changed').map(([p]) => p);
    const missing = entries.filter(([, s]) => s === 'missing').map(([p]) => p);
    const unverified = entries.filter(([, s]) => s === 'unverified').map(([p]) => p);
    setSources(changed.length || missing.length || unverified.length
      ? { workspace: fileNameOf(opened.path), changed, missing, unverified, reimported: [] } : null);
    refreshRecent();
  }, [workbench, refreshRecent, t]);

  const actions = useMemo<WorkspaceActions>(() => ({
    async save(saveAs = false, fileName) {
      const s = stateRef.current;
      if (s.tables.length === 0 || importingRef.current) return;
      const sig = workspaceSignature(s);
      await run('save', async () => {
        const written = await host.saveWorkspace(uiStateOf(s), { saveAs, name: fileName ?? (name ? fileNameOf(name) : DEFAULT_NAME) });
        if (!written) return null;
        setName(written);
        setSavedSignature(sig);
        setDialog(null);
        refreshRecent();
        return t('workspace.saved', { file: fileNameOf(written) });
      });
    },
    async open(file) {
      if (file && !file.name.toLowerCase().endsWith('.kpiw')) {
        // Ctrl/Cmd+O picks data files too: they are imported as usual.
        await workbench.openFiles([file]);
        return;
      }
      await run('open', async () => {
        let opened;
        try {
          opened = await host.openWorkspace(file);
        } catch (err) {
          // A failed checksum: the user may still look at the file, knowing it was changed.
          if (!(file && err instanceof EngineError && err.code === 'workspace_checksum'
            && window.confirm(t('workspace.offerReadOnly', { file: file.name, message: err.message })))) throw err;
          opened = await host.openWorkspace(file, { readOnly: true });
        }
        if (!opened) return null;
        await applyOpened(opened);
        return t(opened.contents.readOnly ? 'workspace.openedReadOnly' : 'workspace.opened', { file: fileNameOf(opened.path) });
      });
    },
    async openRecent(path) {
      const openRecent = host.openRecentWorkspace;
      if (!openRecent) return;
      await run('open', async () => {
        const opened = await openRecent(path);
        await applyOpened(opened);
        return t('workspace.opened', { file: fileNameOf(opened.path) });
      });
    },
    async exportReport({ includeData, language, currentPeriod }) {
      if (importingRef.current) return;
      const controls = stateRef.current.controls;
      // The report follows the view shown: its KPIs only.
      const view = findView(controls.view, controls.views);
      const options = {
        ...analysisOptions(controls), ...(currentPeriod && !controls.lastComplete ? { lastComplete: false } : {}),
        ...(view && view.metrics.length ? { metrics: view.metrics } : {}),
      };
      await run('exportReport', async () => {
        const written = await host.exportReport({ options, language, includeData });
        if (!written) return null;
        setDialog(null);
        return t('workspace.reportExported', { file: fileNameOf(written) });
      });
    },
    async exportCsv(view) {
      const grid = stateRef.current.grid;
      if ((!grid && !view) || importingRef.current) return;
      let request: CsvExportRequest, fileName: string;
      if (view) ({ request, fileName } = view);
      else {
        const g = grid!;
        const shown = shownGridQuery(g.table);
        const filters = shown?.filters ?? (g.restriction ? [g.restriction.filter] : []);
        const sort = shown?.sort ?? [];
        request = g.drill ? { drill: g.drill.request, sort, filters } : { table: g.table, sort, filters };
        fileName = g.drill ? `${g.table} ${g.drill.request.metric} ${g.drill.request.period}.csv` : `${g.table}.csv`;
      }
      await run('exportCsv', async () => {
        const written = await host.exportCsv(request, fileName);
        return written ? t('workspace.csvExported', { file: fileNameOf(written) }) : null;
      });
    },
    async exportReconciliation(request, fileName) {
      await run('exportReconciliation', async () => {
        const written = await host.exportReconciliation(request, fileName);
        return written ? t('workspace.reconciliationExported', { file: fileNameOf(written) }) : null;
      });
    },
    async recover() {
      await run('recover', async () => {
        const opened = await host.recover();
        setRecovery(null);
        await applyOpened(opened);
        return t('workspace.recovered');
      });
    },
    async discardRecovery() {
      setRecovery(null);
      await host.discardAutosave().catch((err: unknown) => workbench.reportError('app', problemOf(err)));
    },
    async reimport(path) {
      const reimportSource = host.reimportSource;
      if (!reimportSource) return;
      await run('reimport', async () => {
        const result = await reimportSource(path);
        if (!result) return null; // the file dialog was cancelled
        if (result.failures.length) {
          const only = result.failures.length === 1 ? result.failures[0]!.text : undefined;
          throw Object.assign(new Error(result.failures.map((f) => f.message).join('\n')), only ? { text: only } : {});
        }
        await workbench.refreshAfterReimport();
        setSources((s) => (s ? { ...s, changed: s.changed.filter((p) => p !== path), unverified: s.unverified.filter((p) => p !== path), reimported: [...s.reimported, path] } : s));
        return t('workspace.reimported', { file: fileNameOf(path) });
      });
    },
    dismissSources: () => setSources(null),
    showDialog: (d) => setDialog(d),
    dismissNotice: () => setNotice(null),
  }), [host, run, name, applyOpened, refreshRecent, workbench, t]);

  // At start: an autosave left by a session that did not end cleanly is offered back.
  useEffect(() => {
    let live = true;
    host.recoveryStatus().then((status) => { if (live && status.available) setRecovery(status); }, () => undefined);
    refreshRecent();
    return () => { live = false; };
  }, [host, refreshRecent]);

  // Menu commands and workspaces opened by the desktop shell.
  useEffect(() => engine.onCommand((command) => {
    if (command.type === 'workspaceOpened') {
      // The engine already holds this workspace: show it even while another action is running.
      applyOpened(command.opened).then(
        () => setNotice(t('workspace.opened', { file: fileNameOf(command.opened.path) })),
        (err: unknown) => workbench.reportError('app', t('workspace.failed.open', { message: problemText(problemOf(err)) })),
      );
    } else if (command.type === 'workspace') {
      switch (command.command) {
        case 'save': void actions.save(false); break;
        case 'saveAs': void actions.save(true); break;
        case 'open': void actions.open(); break;
        case 'exportReport': if (stateRef.current.tables.length) setDialog('report'); break;
        case 'exportCsv': void actions.exportCsv(); break;
      }
    }
  }), [engine, actions, applyOpened, workbench, t]);

  // The host hears about unsaved changes (Electron autosaves and saves on quit from main).
  const uiStateJson = JSON.stringify(uiStateOf(state));
  useEffect(() => {
    const timer = setTimeout(() => host.reportState(dirty, importing, JSON.parse(uiStateJson) as unknown), 400);
    return () => clearTimeout(timer);
  }, [host, dirty, importing, uiStateJson]);

  // Browser autosave: at an interval, when there are changes since the last autosave.
  const autosaved = useRef<string | null>(null);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    const autosave = host.autosave;
    if (!autosave) return;
    const timer = setInterval(() => {
      const s = stateRef.current;
      const sig = workspaceSignature(s);
      if (!dirtyRef.current || busyRef.current || importingRef.current || sig === autosaved.current) return;
      autosave(uiStateOf(s)).then(() => { autosaved.current = sig; }, () => undefined);
    }, autosaveIntervalMs());
    return () => clearInterval(timer);
  }, [host]);

  // Keyboard shortcuts in a browser (the desktop menu has its own accelerators).
  useEffect(() => {
    if (host.kind !== 'web') return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        if (e.shiftKey) setDialog('saveAs'); else void actions.save(false);
      } else if (key === 'o' && !e.shiftKey) {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('[data-testid="open-workspace-input"]')?.click();
      } else if (key === 'e' && !e.shiftKey) {
        e.preventDefault();
        if (stateRef.current.tables.length) setDialog('report');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host, actions]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const ui: WorkspaceUi = {
    host: host.kind, name, dirty, busy, importing, notice, recovery, sources, dialog, recent, canReimport: !!host.reimportSource,
  };
  const value = useMemo(() => ({ ui, actions }), [ui.name, dirty, busy, importing, notice, recovery, sources, dialog, recent, actions]); // eslint-disable-line react-hooks/exhaustive-deps
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}
