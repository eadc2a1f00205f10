// The engine's one public surface (src/shared/api.ts): a pure object over one sql.js database.
// Hosts (CLI, worker thread behind Electron IPC / WebSocket, tests) create it and call it.
import type {
  CsvExportRequest, EngineApi, MetricSqlRequest, LoadWorkspaceOptions, OpenFileRequest, ReconcileRequest, ReconcileResult, ReportRequest, SourceRecord,
  WorkspaceContents,
} from '../shared/api';
import type {
  AnalysisOptions, AnalysisResult, DatasetId, DrillRequest, ImportProgress, ImportResult, Issue, MappingFile,
  ComputedColumnInfo, RowsPage, RowsRequest, TableInfo, TableSuggestion,
} from '../shared/types';
import { openDatabase, type Database } from './store/database';
import { importFile } from './import/pipeline';
import { listTables, removeTable } from './store/catalog';
import { getRowsPage, MAX_PAGE_ROWS as EXPORT_PAGE_ROWS, type DrillRows, type PageComputed } from './store/paging';
import { suggestMapping, mappingFromSuggestions } from './mapping/suggest';
import { applyMapping } from './mapping/normalize';
import { findMappedTable, mappingEntryOf } from './mapping/mappingFile';
import { resolveParams, validateParams } from './metrics/params';
import { computedColumnsOf, computedColumnsSql, type ComputedColumnSql } from './mapping/gridColumns';
import { analyze, drillRows } from './metrics/analyze';
import {
  assertTrustedWorkspace, checksumPlaceholder, looksLikeSqlite, sealWorkspaceBytes, verifyWorkspaceChecksum, readWorkspaceState, sha256Hex, writeWorkspaceState, WorkspaceFormatError,
} from './workspace/format';
import { buildReportWorkbook, MAX_DATA_ROWS, type DataSheet } from './report/workbook';
import { csvBytes, type CsvCell } from './report/csv';
import { clvCustomerRows, computeClv } from './metrics/clv-models/service';
import { clvCustomerTable } from './metrics/clv-models/table';
import type { ClvCustomerRowsRequest, ClvRequest, ClvResult } from '../shared/clv';
import { runReconcile } from './reconcile/run';
import { warehouseSql } from './metrics/warehouseSql';
import { dialectNamed } from './metrics/dialect';
import { dayFromIso, today } from '../shared/calendar/periods';
import { buildReconciliationWorkbook } from './report/reconciliation';
import { sessionOf, type EngineSession } from './store/session';
import { MessageError } from './messageError';

// What hosts need besides an Engine, re-exported so that every host depends on this one module
// (the layer rule hosts-through-engine-api): the mapping file reader, the CLI's mapping from
// suggestions, parameter coercion and checks for --param, the reconciliation workbook, the catalog.
export { parseMappingFile } from './mapping/mappingFile';
export { mappingFromSuggestions, tableMappingAs } from './mapping/suggest';
export { missingFields } from '../shared/catalog/datasets';
export { coerceParam, ParamError, paramProblemMessages } from './metrics/params';
export { buildReconciliationWorkbook };
export { metricCatalog, metricReferenceMarkdown } from './metrics/reference';

export class Engine implements EngineApi {
  private mapping: MappingFile = { version: 1, tables: [], params: {} };
  private mappingIssues: Issue[] = [];
  private sources: SourceRecord[] = [];
  /**
   * Operations that change or export the whole database run one at a time: sql.js's export()
   * frees every prepared statement, so a save must never interleave with an import's inserts.
   */
  private exclusiveTail: Promise<unknown> = Promise.resolve();

  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(op, op);
    this.exclusiveTail = run.catch(() => undefined);
    return run;
  }

  private constructor(private database: Database) {}

  /** The session of the database in use: its data versions and every cache (a loaded workspace brings a new one). */
  get session(): EngineSession { return sessionOf(this.database); }

  static async create(bytes?: Uint8Array): Promise<Engine> {
    return new Engine(await openDatabase(bytes));
  }

  get db(): Database {
    return this.database;
  }

  async openFile(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult> {
    return this.exclusive(() => this.importAndRecord(req, onProgress, signal));
  }

  private async importAndRecord(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult> {
    const result = await importFile(this.database, req, onProgress, signal);
    if (result.tables.length > 0) {
      this.sources = this.sources.filter((s) => s.path !== req.source);
      this.sources.push({
        path: req.source,
        size: req.size ?? req.bytes.length,
        mtimeMs: req.mtimeMs ?? null,
        sha256: await sha256Hex(req.bytes),
        tables: result.tables.map((t) => t.name),
        importedAt: new Date().toISOString(),
      });
    }
    return result;
  }

  async reimportFile(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult> {
    return this.exclusive(async () => {
      const old = this.sources.find((s) => s.path === req.source);
      for (const name of old?.tables ?? []) removeTable(this.database, name);
      const result = await this.importAndRecord(req, onProgress, signal);
      // The mapping names sources by file name, so it applies to the new tables as it did to the old.
      await this.setMapping(this.mapping);
      return result;
    });
  }

  /** Day (UTC) of each source file's modification time, for defaults such as a snapshot's date. */
  private sourceDays(): Map<string, number> {
    const days = new Map<string, number>();
    for (const s of this.sources) if (s.mtimeMs != null && Number.isFinite(s.mtimeMs)) days.set(s.path, Math.floor(s.mtimeMs / 86_400_000));
    return days;
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.sources.map((s) => ({ ...s, tables: [...s.tables] }));
  }

  async listTables(): Promise<TableInfo[]> {
    const tables = listTables(this.database);
    return tables.map((t) => {
      const entry = mappingEntryOf(this.mapping, tables, t);
      return { ...t, mapping: entry ? { index: this.mapping.tables.indexOf(entry), entry } : null, computed: entry ? computedColumnsOf(entry) : [] };
    });
  }

  async removeTable(name: string): Promise<void> {
    const before = listTables(this.database);
    const table = before.find((t) => t.name === name);
    removeTable(this.database, name);
    for (const s of this.sources) s.tables = s.tables.filter((t) => t !== name);
    this.sources = this.sources.filter((s) => s.tables.length > 0);
    if (table) {
      // The mapping entries that named this table, matched as the mapping itself matches them.
      const remaining = this.mapping.tables.filter((t) => findMappedTable(before, t) !== table);
      if (remaining.length !== this.mapping.tables.length) await this.setMapping({ ...this.mapping, tables: remaining });
    }
  }

  async getRows(req: RowsRequest): Promise<RowsPage> {
    const drill = req.drill ? drillRows(this.database, listTables(this.database), this.mapping, req.drill, this.sourceDays()) : undefined;
    // The table's own computed columns always; those of an analysis (the health score) when asked for.
    const extra = new Set(req.analysisColumns ?? []);
    return getRowsPage(this.database, req, drill, {
      columns: this.computedColumns(req.table, req.params), shown: (c) => c.id !== 'health_score' || extra.has(c.id),
    });
  }

  /** The computed grid columns of a mapped table, with the mapping's params and the given ones over them. */
  private computedColumns(tableName: string, given: Record<string, unknown> = {}): ComputedColumnSql[] {
    const tables = listTables(this.database);
    const table = tables.find((t) => t.name === tableName);
    const entry = table && mappingEntryOf(this.mapping, tables, table);
    if (!entry) return [];
    const params = { ...(this.mapping.params ?? {}), ...given };
    validateParams(params);
    return computedColumnsSql(this.database, tableName, entry, resolveParams(params));
  }

  async suggestMapping(): Promise<TableSuggestion[]> {
    return suggestMapping(this.database, listTables(this.database));
  }

  /** Maps every confidently suggested table that is not mapped yet (what "open a file" does). */
  async autoMap(): Promise<MappingFile> {
    const suggestions = suggestMapping(this.database, listTables(this.database));
    const merged = mappingFromSuggestions(suggestions, this.mapping);
    await this.setMapping(merged);
    return this.mapping;
  }

  async getMapping(): Promise<MappingFile> {
    return this.mapping;
  }

  async setMapping(mapping: MappingFile): Promise<Issue[]> {
    // A bad parameter is refused before anything changes: the previous mapping stays in effect.
    validateParams(mapping.params);
    this.mappingIssues = applyMapping(this.database, listTables(this.database), mapping);
    this.mapping = mapping;
    sessionOf(this.database).setGridHealth(null);
    return this.mappingIssues;
  }

  async computeMetrics(options: AnalysisOptions = {}, signal?: AbortSignal): Promise<AnalysisResult> {
    if (signal) {
      // One turn of the event loop first: a cancel that arrived while an earlier call computed
      // (the user changed a control again) is seen before this one starts its work.
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal.throwIfAborted();
    }
    // Checked together so rules between parameters see the mapping's values and the options' over them.
    validateParams({ ...(this.mapping.params ?? {}), ...(options.params ?? {}) });
    const result = analyze(this.database, listTables(this.database), this.mapping, this.mappingIssues, options, this.sourceDays());
    const health = healthScoresOf(result);
    sessionOf(this.database).setGridHealth(health);
    if (!health) return result;
    // The health score column of every table naming its customers, for the grid.
    const gridColumns: Record<string, ComputedColumnInfo[]> = {};
    const tables = listTables(this.database);
    for (const t of tables) {
      const entry = mappingEntryOf(this.mapping, tables, t);
      const added = entry ? computedColumnsOf(entry, true).filter((c) => c.id === 'health_score') : [];
      if (added.length) gridColumns[t.name] = added;
    }
    return Object.keys(gridColumns).length ? { ...result, gridColumns } : result;
  }

  async computeClv(req: ClvRequest): Promise<ClvResult> {
    return computeClv(this.database, listTables(this.database), this.mapping, req);
  }

  async clvCustomerRows(req: ClvCustomerRowsRequest): Promise<{ table: string; rows: number[] }> {
    return clvCustomerRows(this.database, listTables(this.database), this.mapping, req);
  }

  async reconcile(req: ReconcileRequest): Promise<ReconcileResult> {
    return runReconcile(this.database, listTables(this.database), this.mapping, req);
  }

  async metricSql(req: MetricSqlRequest): Promise<string> {
    const asOfDay = req.asOf ? dayFromIso(req.asOf) : today();
    if (asOfDay === null) throw new MessageError('engineError.asOfNotADate', { value: req.asOf ?? '' }, 'bad_option');
    const fromDay = req.from ? dayFromIso(req.from) : asOfDay - 365;
    if (fromDay === null) throw new MessageError('engineError.fromNotADate', { value: req.from ?? '' }, 'bad_option');
    return warehouseSql({
      dialect: dialectNamed(req.dialect), mapping: req.mapping ?? null, metrics: req.metrics,
      datasets: req.datasets as DatasetId[] | undefined, fromDay, asOfDay, period: req.period,
    });
  }

  async exportReconciliation(req: ReconcileRequest): Promise<Uint8Array> {
    return buildReconciliationWorkbook(runReconcile(this.database, listTables(this.database), this.mapping, req));
  }

  async drillDown(req: DrillRequest, page: { offset: number; limit: number }): Promise<RowsPage & { table: string }> {
    const drill = drillRows(this.database, listTables(this.database), this.mapping, req, this.sourceDays());
    const rows = getRowsPage(this.database, { table: drill.table, offset: page.offset, limit: page.limit }, drill);
    return { ...rows, table: drill.table };
  }

  async saveWorkspace(uiState?: unknown): Promise<Uint8Array> {
    return this.exclusive(async () => {
      const placeholder = checksumPlaceholder();
      writeWorkspaceState(this.database, {
        mapping: this.mapping, uiState: uiState ?? null, sources: this.sources, savedAt: new Date().toISOString(),
      }, placeholder);
      return sealWorkspaceBytes(this.database.export(), placeholder);
    });
  }

  async loadWorkspace(bytes: Uint8Array, options: LoadWorkspaceOptions = {}): Promise<WorkspaceContents> {
    return this.exclusive(async () => {
      if (!looksLikeSqlite(bytes)) throw new WorkspaceFormatError('notSqlite');
      const db = await openDatabase(bytes).catch((e: unknown) => {
        throw new WorkspaceFormatError('unreadable', { detail: (e as Error).message });
      });
      let state;
      let readOnly = false;
      try {
        assertTrustedWorkspace(db);
        try {
          await verifyWorkspaceChecksum(db, bytes);
        } catch (e) {
          // Read-only is the user's informed choice after this refusal; the schema checks still hold.
          if (!(options.readOnly && e instanceof WorkspaceFormatError && e.code === 'workspace_checksum')) throw e;
          readOnly = true;
        }
        state = readWorkspaceState(db);
        validateParams(state.mapping.params);
      } catch (e) {
        db.close();
        throw e;
      }
      const previous = this.database;
      this.database = db;
      previous.close();
      this.sources = state.sources;
      // Rebuilds the normalized tables (and re-validates) exactly as the saved mapping defines them.
      await this.setMapping(state.mapping);
      return {
        mapping: this.mapping, uiState: state.uiState, sources: await this.listSources(), tables: await this.listTables(), savedAt: state.savedAt,
        ...(readOnly ? { readOnly: true } : {}),
      };
    });
  }

  async exportReport(req: ReportRequest): Promise<Uint8Array> {
    // A report is read later and compared across months: by default it covers the last complete period.
    const result = await this.computeMetrics({ lastComplete: true, ...(req.options ?? {}) });
    const data: DataSheet[] = [];
    if (req.includeData) {
      for (const t of listTables(this.database)) {
        const rows: Array<Array<string | number | null>> = [];
        let columns: string[] = [];
        for (const page of pagesOf(this.database, { table: t.name }, undefined, MAX_DATA_ROWS)) {
          columns = page.columns;
          rows.push(...page.rows);
        }
        data.push({ name: t.name, columns, rows, total: t.rowCount });
      }
    }
    const mapped = result.mapping.tables.some((t) => t.dataset === 'transactions');
    let clv: ClvResult | string | undefined;
    if (mapped) {
      try {
        clv = await this.computeClv({ asOf: result.asOf, params: req.options?.params });
      } catch (e) {
        clv = e instanceof Error ? e.message : String(e);
      }
    }
    return buildReportWorkbook(result, { language: req.language, data, clv });
  }

  async exportCsv(req: CsvExportRequest): Promise<Uint8Array> {
    if (req.clv) {
      const table = clvCustomerTable(await this.computeClv(req.clv), req.sort, req.language);
      return csvBytes(table.header, [table.rows]);
    }
    let drill: DrillRows | undefined;
    let table = req.table;
    if (req.drill) {
      drill = drillRows(this.database, listTables(this.database), this.mapping, req.drill, this.sourceDays());
      table = drill.table;
    }
    if (!table) throw new Error('exportCsv: name a table or a drill-down');
    // The grid view may be sorted or filtered by computed columns; the CSV holds the table's own.
    const computed = { columns: this.computedColumns(table), shown: () => false };
    const pages = pagesOf(this.database, { table, sort: req.sort, filters: req.filters }, drill, Infinity, computed);
    const first = pages.next();
    if (first.done) throw new Error(`exportCsv: table ${table} gave no page`);
    async function* rows(): AsyncGenerator<CsvCell[][]> {
      yield first.value!.rows;
      for (const page of pages) yield page.rows;
    }
    // Source row numbers are exported as "row" so a reader can find each line in the original file.
    const header = first.value.columns.map((c) => (c === '__row' ? 'row' : c));
    return csvBytes(header, rows());
  }
}

/**
 * Every row of a table, grid view or drill-down, page by page in the view's order. Advances by the
 * rows each page actually holds (the pager caps a page's size), and fails — never returns a short
 * export — when the pages add up to fewer rows than the view counts. At most `max` rows.
 */
/** customer_id → score of the health_score metric's per-customer table (families/health.ts), for the grid. */
function healthScoresOf(result: AnalysisResult): Array<[string, number | null]> | null {
  const table = result.metrics.find((m) => m.id === 'health_score')?.table;
  if (!table) return null;
  const key = table.columns.indexOf('customer_id');
  const score = table.columns.indexOf('score');
  if (key < 0 || score < 0) return null;
  return table.rows.map((r) => [String(r[key]), typeof r[score] === 'number' ? r[score] : null]);
}

function* pagesOf(
  db: Database, view: Omit<RowsRequest, 'offset' | 'limit'>, drill: DrillRows | undefined, max = Infinity, computed?: PageComputed,
): Generator<RowsPage> {
  let offset = 0;
  let total = Infinity;
  while (offset < Math.min(total, max)) {
    const page = getRowsPage(db, { ...view, offset, limit: Math.min(EXPORT_PAGE_ROWS, max - offset) }, drill, computed);
    total = page.total;
    if (page.rows.length === 0 && offset < Math.min(total, max)) {
      throw new MessageError('engineError.exportStopped', { table: view.table, offset, total }, 'export_incomplete');
    }
    offset += page.rows.length;
    yield page;
  }
}
