// The workbench's state: one reducer, one context, and the actions that talk to the engine.
// Everything the UI shows comes from the engine API (src/shared/api.ts); nothing from src/engine.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { EngineError, type EngineClient } from '../transport';
import { errorText } from '../../shared/rpc';
import type {
  AnalysisResult, CalendarId, DrillRequest, FilterSpec, ImportFailure, ImportProgress, Issue, MappingFile,
  MetricResult, PeriodKind, TableInfo, TableMapping, TableSuggestion, DatasetId, TableRef, KpiTarget, TextMessage,
} from '../../shared/types';
import { CALENDARS } from '../../shared/types';
import { kpiTargetSchema } from '../../shared/schemas';
import { findView, savedViewSchema, type SavedView } from '../../shared/views';
import { withTarget } from '../lib/targets';
import { ALL_TABLES } from '../../shared/types';
import { APPLY_GRID_STATE, shownGridQuery, type GridState } from '../lib/gridQuery';
import { baseName, preferredTable } from '../lib/datasets';
import { changedParams } from '../lib/params';
import type { ComparisonBasis } from '../lib/kpi';

export type Theme = 'light' | 'dark';

/** A file the user opened in this session: its import status and what could not be read. */
export interface FileEntry {
  id: number;
  source: string;
  status: 'importing' | 'done' | 'failed' | 'cancelled';
  progress: ImportProgress | null;
  failures: ImportFailure[];
  /** Whole-file error in plain words (the engine's message). */
  error: Problem | null;
}

export interface AnalysisControls {
  /** 'YYYY-MM-DD'; null = the latest date in the mapped data. */
  asOf: string | null;
  period: PeriodKind;
  calendar: CalendarId;
  segment: string | null;
  params: Record<string, unknown>;
  /** Analyze the last complete period when the current one is partial. */
  lastComplete: boolean;
  /** What the cards' change is against. */
  comparison: ComparisonBasis;
  /** KPI targets entered in the app (saved in the workspace). */
  targets: KpiTarget[];
  /** The saved view shown (a preset's or a user view's id), or null for every KPI. */
  view: string | null;
  /** User-made views (saved in the workspace); presets come from shared/views.ts. */
  views: SavedView[];
}

/** What the grid shows: a table, optionally restricted to the rows behind a value or to the rows of an issue. */
export interface GridView {
  table: string;
  drill: { request: DrillRequest; metricLabel: string; total: number } | null;
  /** A filter the user did not set in the grid (an issue's rows), with what it shows in words. */
  restriction: { filter: FilterSpec; label: string } | null;
}

/** What went wrong: `message` in English, `text` the engine's message for the UI language when it gave one. */
export interface Problem { message: string; text?: TextMessage }
export interface AppError extends Problem { id: number; where: 'sources' | 'mapping' | 'analysis' | 'grid' | 'app' }

export interface State {
  theme: Theme;
  files: FileEntry[];
  tables: TableInfo[];
  suggestions: TableSuggestion[];
  mapping: MappingFile;
  issues: Issue[];
  controls: AnalysisControls;
  analysis: AnalysisResult | null;
  analyzing: boolean;
  /** Bumped whenever mapping or controls change: the analysis to compute. */
  analysisVersion: number;
  grid: GridView | null;
  errors: AppError[];
  sampleLoading: boolean;
}

type Action =
  | { type: 'theme'; theme: Theme }
  | { type: 'fileStarted'; entry: FileEntry }
  | { type: 'fileProgress'; id: number; progress: ImportProgress }
  | { type: 'fileFinished'; id: number; status: FileEntry['status']; failures: ImportFailure[]; error: Problem | null }
  | { type: 'tables'; tables: TableInfo[]; suggestions: TableSuggestion[] }
  /** A new mapping, with the tables re-listed when their resolved entries (TableInfo.mapping) changed. */
  | { type: 'mapping'; mapping: MappingFile; issues?: Issue[]; tables?: TableInfo[] }
  | { type: 'controls'; controls: Partial<AnalysisControls> }
  | { type: 'analyzing' }
  | { type: 'analysis'; analysis: AnalysisResult }
  | { type: 'analysisFailed' }
  | { type: 'grid'; grid: GridView | null }
  | { type: 'error'; where: AppError['where']; message: string; text?: TextMessage }
  | { type: 'dismissError'; id: number }
  | { type: 'dismissFile'; id: number }
  | { type: 'sampleLoading'; loading: boolean }
  | { type: 'restore'; tables: TableInfo[]; suggestions: TableSuggestion[]; mapping: MappingFile; controls: AnalysisControls; table: string | null };

let nextId = 1;

function initialTheme(): Theme {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('kpiw.theme') : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const initialState = (): State => ({
  theme: initialTheme(),
  files: [],
  tables: [],
  suggestions: [],
  mapping: { version: 1, tables: [], params: {} },
  issues: [],
  controls: { asOf: null, period: 'month', calendar: 'gregorian', segment: null, params: {}, lastComplete: false, comparison: 'previous', targets: [], view: null, views: [] },
  analysis: null,
  analyzing: false,
  analysisVersion: 0,
  grid: null,
  errors: [],
  sampleLoading: false,
});

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'theme': return { ...state, theme: action.theme };
    case 'fileStarted': return { ...state, files: [...state.files.filter((f) => f.source !== action.entry.source), action.entry] };
    case 'fileProgress':
      return { ...state, files: state.files.map((f) => (f.id === action.id ? { ...f, progress: action.progress } : f)) };
    case 'fileFinished':
      return {
        ...state,
        files: state.files.map((f) => (f.id === action.id
          ? { ...f, status: action.status, failures: action.failures, error: action.error, progress: null } : f)),
      };
    case 'tables': {
      const names = new Set(action.tables.map((t) => t.name));
      // Keep the grid on its table; show the first table when nothing (or a removed one) was shown.
      const grid = state.grid && names.has(state.grid.table) ? state.grid
        : action.tables[0] ? { table: action.tables[0].name, drill: null, restriction: null } : null;
      return { ...state, tables: action.tables, suggestions: action.suggestions, grid };
    }
    case 'mapping':
      return { ...state, mapping: action.mapping, tables: action.tables ?? state.tables, issues: action.issues ?? state.issues, analysisVersion: state.analysisVersion + 1 };
    case 'controls': {
      const controls = { ...state.controls, ...action.controls };
      // The view shown and the comparison chosen change no number the engine computes: no recompute.
      const same = JSON.stringify(analysisOptions(controls)) === JSON.stringify(analysisOptions(state.controls));
      return { ...state, controls, analysisVersion: same ? state.analysisVersion : state.analysisVersion + 1 };
    }
    case 'analyzing': return { ...state, analyzing: true };
    case 'analysis':
      return { ...state, analysis: action.analysis, issues: action.analysis.issues, analyzing: false, errors: state.errors.filter((e) => e.where !== 'analysis') };
    case 'analysisFailed': return { ...state, analyzing: false };
    case 'grid': return { ...state, grid: action.grid };
    case 'error': {
      // The same message twice is one message.
      if (state.errors.some((e) => e.where === action.where && e.message === action.message)) return state;
      return { ...state, errors: [...state.errors, { id: nextId++, where: action.where, message: action.message, ...(action.text ? { text: action.text } : {}) }] };
    }
    case 'dismissError': return { ...state, errors: state.errors.filter((e) => e.id !== action.id) };
    case 'dismissFile': return { ...state, files: state.files.filter((f) => f.id !== action.id) };
    case 'sampleLoading': return { ...state, sampleLoading: action.loading };
    case 'restore': {
      // A workspace replaces everything the engine held: its tables, mapping and analysis controls.
      const table = action.tables.find((t) => t.name === action.table) ?? action.tables[0];
      return {
        ...state, files: [], tables: action.tables, suggestions: action.suggestions, mapping: action.mapping, issues: [],
        controls: action.controls, analysis: null, analysisVersion: state.analysisVersion + 1,
        grid: table ? { table: table.name, drill: null, restriction: null } : null,
      };
    }
  }
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** An error as a Problem: its English message and, from the engine, its message for the UI language. */
export function problemOf(err: unknown): Problem {
  const text = err instanceof EngineError ? err.text : errorText(err);
  return { message: messageOf(err), ...(text ? { text } : {}) };
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || /abort|cancel/i.test(err.message));
}

/** A table as the mapping names it (base name and sheet). */
const tableRefOf = (t: TableInfo): TableRef => ({ source: baseName(t.source), ...(t.sheet ? { sheet: t.sheet } : {}) });

export interface Actions {
  openFiles(files: readonly File[]): Promise<void>;
  cancelImport(id: number): void;
  openSample(): Promise<void>;
  removeTable(name: string): Promise<void>;
  showTable(name: string): void;
  setTableMapping(table: TableInfo, mapping: TableMapping | null): Promise<void>;
  /** Chooses the table whose rows a dataset mapped from several tables gives the KPIs (null: all, added together). */
  /** The table a dataset's KPIs use; 'all' adds every table together; null forgets the choice (the first is used). */
  setSourceOfTruth(dataset: DatasetId, table: TableInfo | 'all' | null): Promise<void>;
  /** Keeps the matches made by hand for the reconciliation of two tables (in the mapping, so in the workspace). */
  setManualMatches(left: TableInfo, right: TableInfo, manual: Array<{ leftId: string; rightId: string | null }>): Promise<void>;
  setControls(controls: Partial<AnalysisControls>): void;
  setParam(id: string, value: unknown): void;
  /** Shows a saved view (null: every KPI), with its period, calendar, segment and comparison. */
  chooseView(id: string | null): void;
  /** Saves the current controls and the given cards as a new user view, and shows it. */
  saveViewAs(name: string, metrics: string[]): void;
  setViewMetrics(id: string, metrics: string[]): void;
  deleteView(id: string): void;
  /** Sets (or with null removes) the target of a metric for a period and segment. */
  setTarget(target: Omit<KpiTarget, 'value'>, value: number | null): void;
  drillInto(metric: MetricResult, period?: string, segment?: string | null): Promise<void>;
  /** Shows the rows of a table matching a filter (an issue's rows), with the label in the bar above the grid. */
  showFiltered(table: string, filter: FilterSpec, label: string): void;
  clearGridRestriction(): void;
  toggleTheme(): void;
  reportError(where: AppError['where'], problem: string | Problem): void;
  dismissError(id: number): void;
  /** Forgets a failed or cancelled import (its message goes away). */
  dismissFile(id: number): void;
  /** Shows a workspace the engine has just loaded, with the UI state saved in it; returns its signature. */
  restoreWorkspace(mapping: MappingFile, uiState: unknown): Promise<string>;
  /** After a source was re-imported: new tables, same mapping. */
  refreshAfterReimport(): Promise<void>;
  /** Whether a source's file is still at hand, so it can be read again in another encoding. */
  canReencode(source: string): boolean;
  /** Reads an opened text file again in the chosen encoding; its tables are replaced, the mapping kept. */
  reencodeSource(source: string, encoding: string): Promise<void>;
}

interface Ctx { state: State; actions: Actions; engine: EngineClient }

const WorkbenchContext = createContext<Ctx | null>(null);

export function useWorkbench(): Ctx {
  const ctx = useContext(WorkbenchContext);
  if (!ctx) throw new Error('useWorkbench outside WorkbenchProvider');
  return ctx;
}

export function WorkbenchProvider({ engine, children }: { engine: EngineClient; children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const aborts = useRef(new Map<number, AbortController>());
  /** The File each source was opened from (by the source name the engine recorded), for re-reading it in another encoding. */
  const openedFiles = useRef(new Map<string, File>());

  const refreshTables = useCallback(async () => {
    const [tables, suggestions] = await Promise.all([engine.listTables(), engine.suggestMapping()]);
    dispatch({ type: 'tables', tables, suggestions });
  }, [engine]);

  /**
   * After new tables: map what is confidently suggested (no clicks for a well-named export) and
   * show the most telling of the new tables.
   */
  /** Sends a whole new mapping to the engine and shows it (its issues, the tables' resolved entries). */
  const applyMapping = useCallback(async (next: MappingFile) => {
    try {
      const issues = await engine.setMapping(next);
      dispatch({ type: 'mapping', mapping: next, issues, tables: await engine.listTables() });
    } catch (err) {
      dispatch({ type: 'error', where: 'mapping', ...problemOf(err) });
    }
  }, [engine]);

  const afterImport = useCallback(async (imported: readonly TableInfo[] = []) => {
    await refreshTables();
    const mapping = await engine.autoMap();
    const tables = await engine.listTables();
    dispatch({ type: 'mapping', mapping, tables });
    const show = preferredTable(imported.flatMap((i) => tables.filter((t) => t.name === i.name)));
    if (show) dispatch({ type: 'grid', grid: { table: show.name, drill: null, restriction: null } });
  }, [engine, refreshTables]);

  const actions = useMemo<Actions>(() => ({
    async openFiles(files) {
      const started = files.map((file) => {
        const entry: FileEntry = { id: nextId++, source: file.name, status: 'importing', progress: null, failures: [], error: null };
        dispatch({ type: 'fileStarted', entry });
        return { file, entry };
      });
      // One file at a time: the engine imports sequentially anyway, and progress stays readable.
      const imported: TableInfo[] = [];
      for (const { file, entry } of started) {
        const controller = new AbortController();
        aborts.current.set(entry.id, controller);
        try {
          // The host's client reads the file (by path in Electron, as bytes in a browser).
          const result = await engine.openLocalFiles(
            [file],
            (progress) => dispatch({ type: 'fileProgress', id: entry.id, progress }),
            controller.signal,
          );
          imported.push(...result.tables);
          for (const table of result.tables) openedFiles.current.set(table.source, file);
          const failed = result.tables.length === 0 && result.failures.length > 0;
          dispatch({
            type: 'fileFinished', id: entry.id, status: failed ? 'failed' : 'done', failures: result.failures,
            error: null,
          });
        } catch (err) {
          const cancelled = controller.signal.aborted || isAbort(err);
          dispatch({ type: 'fileFinished', id: entry.id, status: cancelled ? 'cancelled' : 'failed', failures: [], error: cancelled ? null : problemOf(err) });
        } finally {
          aborts.current.delete(entry.id);
        }
      }
      try {
        await afterImport(imported);
      } catch (err) {
        dispatch({ type: 'error', where: 'mapping', ...problemOf(err) });
      }
    },
    cancelImport(id) {
      aborts.current.get(id)?.abort();
    },
    async openSample() {
      dispatch({ type: 'sampleLoading', loading: true });
      try {
        const result = await engine.openSample();
        for (const f of result.failures) dispatch({ type: 'error', where: 'sources', message: f.message, ...(f.text ? { text: f.text } : {}) });
        await afterImport(result.tables);
      } catch (err) {
        dispatch({ type: 'error', where: 'sources', ...problemOf(err) });
      } finally {
        dispatch({ type: 'sampleLoading', loading: false });
      }
    },
    async removeTable(name) {
      try {
        await engine.removeTable(name);
        await refreshTables();
        dispatch({ type: 'mapping', mapping: await engine.getMapping() });
      } catch (err) {
        dispatch({ type: 'error', where: 'sources', ...problemOf(err) });
      }
    },
    showTable(name) {
      dispatch({ type: 'grid', grid: { table: name, drill: null, restriction: null } });
    },
    async setTableMapping(table, tm) {
      const current = stateRef.current.mapping;
      const own = table.mapping?.index;
      const others = current.tables.filter((_, i) => i !== own);
      const next: MappingFile = {
        ...current,
        tables: tm ? [...others, { ...tm, source: baseName(table.source), sheet: table.sheet }] : others,
      };
      try {
        const issues = await engine.setMapping(next);
        dispatch({ type: 'mapping', mapping: next, issues, tables: await engine.listTables() });
      } catch (err) {
        dispatch({ type: 'error', where: 'mapping', ...problemOf(err) });
      }
    },
    async setSourceOfTruth(dataset, table) {
      const current = stateRef.current.mapping;
      const truth = { ...(current.sourceOfTruth ?? {}) };
      if (table === 'all') truth[dataset] = { source: ALL_TABLES };
      else if (table) truth[dataset] = tableRefOf(table);
      else delete truth[dataset];
      await applyMapping({ ...current, sourceOfTruth: truth });
    },
    async setManualMatches(left, right, manual) {
      const current = stateRef.current.mapping;
      const l = tableRefOf(left);
      const r = tableRefOf(right);
      const same = (a: TableRef, b: TableRef) => a.source === b.source && (a.sheet ?? null) === (b.sheet ?? null);
      const others = (current.reconciliations ?? []).filter((x) => !(same(x.left, l) && same(x.right, r)));
      await applyMapping({ ...current, reconciliations: manual.length ? [...others, { left: l, right: r, manual }] : others });
    },
    setControls(controls) {
      dispatch({ type: 'controls', controls });
    },
    chooseView(id) {
      const c = stateRef.current.controls;
      const view = findView(id, c.views);
      // A view brings the period, calendar, segment and comparison it is read with.
      const { period, calendar, segment, comparison } = view ?? {};
      if (view?.grid && stateRef.current.tables.some((x) => x.name === view.grid!.table)) {
        const gridState: GridState = view.grid;
        dispatch({ type: 'grid', grid: { table: gridState.table, drill: null, restriction: null } });
        // After the grid of that table is mounted (a later frame), its filters and sort.
        setTimeout(() => window.dispatchEvent(new CustomEvent(APPLY_GRID_STATE, { detail: gridState })), 0);
      }
      dispatch({ type: 'controls', controls: {
        view: view?.id ?? null,
        ...(period ? { period } : {}), ...(calendar ? { calendar } : {}), ...(segment !== undefined ? { segment } : {}), ...(comparison ? { comparison } : {}),
      } });
    },
    saveViewAs(name, metrics) {
      const c = stateRef.current.controls;
      const taken = new Set(c.views.map((v) => v.id));
      let n = c.views.length + 1;
      while (taken.has(`view-${n}`)) n++;
      // The grid as shown: its table with the filters and sort the user set (not a drill-down).
      const g = stateRef.current.grid;
      const q = g && !g.drill && !g.restriction ? shownGridQuery(g.table) : null;
      const grid = g && !g.drill && !g.restriction ? { table: g.table, ...(q?.filterModel && Object.keys(q.filterModel).length ? { filterModel: q.filterModel } : {}), ...(q?.sortModel?.length ? { sortModel: q.sortModel } : {}) } : undefined;
      const view: SavedView = { id: `view-${n}`, name, metrics, period: c.period, calendar: c.calendar, segment: c.segment, comparison: c.comparison, ...(grid ? { grid } : {}) };
      dispatch({ type: 'controls', controls: { views: [...c.views, view], view: view.id } });
    },
    setViewMetrics(id, metrics) {
      const c = stateRef.current.controls;
      dispatch({ type: 'controls', controls: { views: c.views.map((v) => (v.id === id ? { ...v, metrics } : v)) } });
    },
    deleteView(id) {
      const c = stateRef.current.controls;
      dispatch({ type: 'controls', controls: { views: c.views.filter((v) => v.id !== id), view: c.view === id ? null : c.view } });
    },
    setTarget(target, value) {
      dispatch({ type: 'controls', controls: { targets: withTarget(stateRef.current.controls.targets, target, value) } });
    },
    setParam(id, value) {
      dispatch({ type: 'controls', controls: { params: { ...stateRef.current.controls.params, [id]: value } } });
    },
    async drillInto(metric, period, segment) {
      const request: DrillRequest = {
        metric: metric.id,
        period: period ?? metric.period,
        segment: segment ?? stateRef.current.controls.segment,
        options: drillOptions(stateRef.current.controls),
      };
      try {
        const page = await engine.drillDown(request, { offset: 0, limit: 1 });
        dispatch({ type: 'grid', grid: { table: page.table, drill: { request, metricLabel: metric.label, total: page.total }, restriction: null } });
      } catch (err) {
        dispatch({ type: 'error', where: 'grid', ...problemOf(err) });
      }
    },
    showFiltered(table, filter, label) {
      dispatch({ type: 'grid', grid: { table, drill: null, restriction: { filter, label } } });
    },
    clearGridRestriction() {
      const g = stateRef.current.grid;
      if (g) dispatch({ type: 'grid', grid: { table: g.table, drill: null, restriction: null } });
    },
    toggleTheme() {
      const theme: Theme = stateRef.current.theme === 'dark' ? 'light' : 'dark';
      localStorage.setItem('kpiw.theme', theme);
      dispatch({ type: 'theme', theme });
    },
    reportError(where, problem) {
      dispatch({ type: 'error', where, ...(typeof problem === 'string' ? { message: problem } : problem) });
    },
    dismissError(id) {
      dispatch({ type: 'dismissError', id });
    },
    dismissFile(id) {
      dispatch({ type: 'dismissFile', id });
    },
    async restoreWorkspace(mapping, uiState) {
      const [tables, suggestions] = await Promise.all([engine.listTables(), engine.suggestMapping()]);
      const saved = parseUiState(uiState);
      const controls = { ...initialState().controls, ...saved.controls };
      dispatch({ type: 'restore', tables, suggestions, mapping, controls, table: saved.table });
      return workspaceSignature({ tables, mapping, controls });
    },
    canReencode(source) {
      return openedFiles.current.has(source);
    },
    async reencodeSource(source, encoding) {
      const file = openedFiles.current.get(source);
      if (!file) return;
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const result = await engine.reimportFile({ source, bytes, options: { encoding } });
        for (const f of result.failures) dispatch({ type: 'error', where: 'sources', message: f.message, ...(f.text ? { text: f.text } : {}) });
        await refreshTables();
        dispatch({ type: 'mapping', mapping: await engine.getMapping(), tables: await engine.listTables() });
      } catch (err) {
        dispatch({ type: 'error', where: 'sources', ...problemOf(err) });
      }
    },
    async refreshAfterReimport() {
      await refreshTables();
      const mapping = await engine.getMapping();
      dispatch({ type: 'mapping', mapping, issues: await engine.setMapping(mapping) });
    },
  }), [engine, afterImport, refreshTables, applyMapping]);

  // Tables (and a mapping) may already be there: a host that restored a workspace.
  useEffect(() => {
    (async () => {
      try {
        await refreshTables();
        dispatch({ type: 'mapping', mapping: await engine.getMapping() });
      } catch (err) {
        dispatch({ type: 'error', where: 'app', ...problemOf(err) });
      }
    })();
  }, [engine, refreshTables]);

  // The desktop menu's commands and the engine's pushed events.
  useEffect(() => {
    const offCommand = engine.onCommand((command) => {
      switch (command.type) {
        case 'copySelectionAsTsv': window.dispatchEvent(new Event('kpiw:copy')); break;
        case 'setTheme': {
          const theme: Theme = command.theme === 'system'
            ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : command.theme;
          dispatch({ type: 'theme', theme });
          break;
        }
        case 'filesOpened':
          for (const f of command.result.failures) dispatch({ type: 'error', where: 'sources', message: f.message, ...(f.text ? { text: f.text } : {}) });
          afterImport(command.result.tables).catch((err) => dispatch({ type: 'error', where: 'mapping', ...problemOf(err) }));
          break;
        case 'openSample': void actions.openSample(); break;
      }
    });
    const offEvent = engine.onEvent((event) => {
      if (event.type === 'tablesChanged') refreshTables().catch((err) => dispatch({ type: 'error', where: 'sources', ...problemOf(err) }));
    });
    return () => { offCommand(); offEvent(); };
  }, [engine, actions, afterImport, refreshTables]);

  // Recompute the analysis whenever mapping or controls change; a newer request wins.
  const latest = useRef(0);
  const inFlight = useRef<AbortController | null>(null);
  useEffect(() => {
    if (state.analysisVersion === 0 || stateRef.current.tables.length === 0) return;
    const version = state.analysisVersion;
    latest.current = version;
    // The request this one supersedes is cancelled if the engine has not started it yet.
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    dispatch({ type: 'analyzing' });
    engine.computeMetrics(analysisOptions(state.controls), controller.signal).then(
      (analysis) => { if (latest.current === version) dispatch({ type: 'analysis', analysis }); },
      (err) => {
        if (latest.current !== version || controller.signal.aborted) return;
        dispatch({ type: 'analysisFailed' });
        dispatch({ type: 'error', where: 'analysis', ...problemOf(err) });
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- analysisVersion stands for mapping + controls
  }, [engine, state.analysisVersion]);

  // Rows behind a value belong to the analysis they came from: when period, calendar, as-of date,
  // segment or parameters change, the drill-down follows its metric into the new analysis (the same
  // period key while period and calendar stay, else the new current period), so banner and rows
  // never show a stale "MRR 2024-12" after switching to quarters.
  useEffect(() => {
    const analysis = state.analysis;
    const drill = stateRef.current.grid?.drill;
    if (!analysis || !drill) return;
    const was = drill.request.options ?? {};
    const now = analysisOptions(stateRef.current.controls);
    if (JSON.stringify(was) === JSON.stringify(now)) return;
    const metric = analysis.metrics.find((m) => m.id === drill.request.metric);
    if (!metric || metric.status === 'missing_inputs') { actions.clearGridRestriction(); return; }
    const samePeriods = was.period === analysis.period && was.calendar === analysis.calendar && metric.series.some((p) => p.period === drill.request.period);
    void actions.drillInto(metric, samePeriods ? drill.request.period : metric.period, was.segment === now.segment ? drill.request.segment : undefined);
  }, [state.analysis, actions]);

  useEffect(() => {
    document.documentElement.dataset.theme = state.theme;
  }, [state.theme]);

  const value = useMemo(() => ({ state, actions, engine }), [state, actions, engine]);
  return <WorkbenchContext.Provider value={value}>{children}</WorkbenchContext.Provider>;
}

/** What a workspace file keeps of the UI: the analysis controls and the table shown. */
export interface SavedUiState { version: 1; controls: AnalysisControls; table: string | null }

export function uiStateOf(state: State): SavedUiState {
  return { version: 1, controls: state.controls, table: state.grid?.table ?? null };
}

/** The UI state of a workspace file, field by field; anything unreadable keeps its default. */
export function parseUiState(raw: unknown): { controls: Partial<AnalysisControls>; table: string | null } {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<SavedUiState>;
  const c = (o.controls && typeof o.controls === 'object' ? o.controls : {}) as Partial<AnalysisControls>;
  const controls: Partial<AnalysisControls> = {};
  if (typeof c.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.asOf)) controls.asOf = c.asOf;
  if (typeof c.period === 'string' && ['day', 'week', 'month', 'quarter', 'year'].includes(c.period)) controls.period = c.period;
  if (typeof c.calendar === 'string' && (CALENDARS as readonly string[]).includes(c.calendar)) controls.calendar = c.calendar;
  if (typeof c.segment === 'string' || c.segment === null) controls.segment = c.segment;
  if (c.params && typeof c.params === 'object' && !Array.isArray(c.params)) controls.params = c.params;
  if (typeof c.lastComplete === 'boolean') controls.lastComplete = c.lastComplete;
  if (c.comparison === 'previous' || c.comparison === 'yoy' || c.comparison === 'target') controls.comparison = c.comparison;
  // Targets one by one: an unreadable entry is left out, the others kept.
  if (Array.isArray(c.views)) controls.views = c.views.flatMap((x) => { const r = savedViewSchema.safeParse(x); return r.success ? [r.data] : []; });
  if (typeof c.view === 'string' || c.view === null) controls.view = c.view;
  if (Array.isArray(c.targets)) controls.targets = c.targets.flatMap((x) => { const r = kpiTargetSchema.safeParse(x); return r.success ? [r.data] : []; });
  return { controls, table: typeof o.table === 'string' ? o.table : null };
}

/** How many saved views and targets of a workspace's UI state parseUiState leaves out as unreadable. */
export function unreadableUiEntries(raw: unknown): { views: number; targets: number } {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<SavedUiState>;
  const c = (o.controls && typeof o.controls === 'object' ? o.controls : {}) as Partial<AnalysisControls>;
  const bad = (list: unknown, ok: (x: unknown) => boolean) => (Array.isArray(list) ? list.filter((x) => !ok(x)).length : 0);
  return {
    views: bad(c.views, (x) => savedViewSchema.safeParse(x).success),
    targets: bad(c.targets, (x) => kpiTargetSchema.safeParse(x).success),
  };
}

/** Identifies the workspace's content (tables, mapping, controls): unsaved changes = a different signature. */
export function workspaceSignature(state: Pick<State, 'tables' | 'mapping' | 'controls'>): string {
  return JSON.stringify([state.tables.map((t) => [t.name, t.rowCount]), state.mapping, state.controls]);
}

/** What a drill-down needs of the controls: the analysis without the targets (they change no rows). */
function drillOptions(c: AnalysisControls) {
  return analysisOptions({ ...c, targets: [] });
}

export function analysisOptions(c: AnalysisControls) {
  return {
    ...(c.asOf ? { asOf: c.asOf } : {}),
    period: c.period,
    calendar: c.calendar,
    segment: c.segment,
    params: changedParams(c.params),
    // Off is left unsaid: a report then uses its own default, the last complete period.
    ...(c.lastComplete ? { lastComplete: true } : {}),
    ...(c.targets.length ? { targets: c.targets } : {}),
  };
}
