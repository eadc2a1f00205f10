// The engine's one public surface. Every host (Electron IPC, WebSocket, direct calls from the CLI
// and tests) exposes exactly this interface; requests are validated at each boundary against
// API_METHODS in src/shared/schemas.ts, the table every host, client and the worker derive from
// (it fails to compile if its names and this interface's drift apart).
import type { ClvCustomerRowsRequest, ClvRequest, ClvResult } from './clv';
import type {
  AnalysisOptions, AnalysisResult, DrillRequest, ImportOptions, ImportProgress, ImportResult,
  MappingFile, RowsPage, RowsRequest, TableInfo, TableSuggestion, Issue, TextMessage,
} from './types';

export interface OpenFileRequest {
  /** Path (or display name in the web host) of the file. */
  source: string;
  /** The file's bytes; hosts read them (read-only) and pass them on. */
  bytes: Uint8Array;
  options?: ImportOptions;
  /** Size and modification time of the file on disk (recorded in the workspace). */
  size?: number;
  mtimeMs?: number | null;
}

/** A source file recorded in the workspace: path, size, modification time, hash, tables. */
export interface SourceRecord {
  path: string;
  size: number;
  mtimeMs: number | null;
  sha256: string;
  tables: string[];
  importedAt: string;
}

/** What a loaded workspace restores besides its tables. */
export interface WorkspaceContents {
  mapping: MappingFile;
  uiState: unknown;
  sources: SourceRecord[];
  tables: TableInfo[];
  savedAt: string | null;
  /**
   * Set when the file's checksum did not match and the user chose to open it anyway: the hosts
   * then never write it back to its own path (saving asks for a new file).
   */
  readOnly?: true;
}

export interface LoadWorkspaceOptions {
  /** Open a workspace whose checksum does not match (after the user was told); schema checks still apply. */
  readOnly?: boolean;
}

export interface ReportRequest {
  options?: AnalysisOptions;
  /** UI language; 'fa' writes right-to-left sheets. */
  language?: string;
  /** Include the imported tables as data sheets (values only). */
  includeData?: boolean;
}

/** A table, grid view (sort/filters) or drill-down to export as CSV. */
export interface CsvExportRequest {
  table?: string;
  sort?: RowsRequest['sort'];
  filters?: RowsRequest['filters'];
  drill?: DrillRequest;
  /** The per-customer predictions of this CLV fit, sorted by `sort` (ClvCustomer keys). */
  clv?: ClvRequest;
  /** UI language of the CLV table's header and notes (English when absent). */
  language?: string;
}

/** A match made by hand: rightId null keeps the left customer unmatched. */
export interface ManualMatchSpec { leftId: string; rightId: string | null }

/** Two tables mapped to one dataset (subscriptions, MRR snapshots, transactions) to reconcile. */
export interface ReconcileRequest {
  /** Table names (or source file names) of the two sides. */
  left: string;
  right: string;
  asOf?: string;
  /** reconcile.* parameters over the mapping's. */
  params?: Record<string, unknown>;
  /** Matches made by hand, applied before the rules. */
  manual?: ManualMatchSpec[];
}

/** The datasets a reconciliation compares (balances per month, or revenue per customer per month). */
export const RECONCILABLE_DATASETS = ['subscriptions', 'mrr_snapshots', 'transactions'] as const;
export type ReconcileDataset = (typeof RECONCILABLE_DATASETS)[number];
/** The bridge's categories, in the bridge's order. */
export const RECONCILE_CATEGORIES = ['matched', 'interval', 'amount', 'timing', 'only_left', 'only_right'] as const;
export type ReconcileCategory = (typeof RECONCILE_CATEGORIES)[number];
/** How two customers were tied, in the order the rules are tried. */
export const MATCH_RULES = ['id', 'normalized_id', 'email', 'name', 'manual'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];
export interface ReconcileBridgeRow { category: ReconcileCategory; customers: number; left_mrr: number; right_mrr: number; difference: number }
export interface ReconcileCustomer {
  left_id: string | null; right_id: string | null;
  match: MatchRule | null; confidence: number | null;
  category: ReconcileCategory; left_mrr: number; right_mrr: number; difference: number;
}
export interface ReconcileSideSummary { source: string; sheet: string | null; mrr: number; customers: number }

/** The reconciliation as `kpiw reconcile --json` prints it (issue 11), plus the source rows. */
export interface ReconcileResult {
  period: string;
  /** ISO date it is read at (the request's, else the latest date of the two tables). */
  asOf: string;
  left: ReconcileSideSummary;
  right: ReconcileSideSummary;
  bridge: ReconcileBridgeRow[];
  customers: ReconcileCustomer[];
  series: Array<{ period: string; left_mrr: number; right_mrr: number; difference: number; bridge: ReconcileBridgeRow[] }>;
  /** In English (the CLI's --json); `issueMessages` holds the same as messages for the reader's language. */
  issues: string[];
  /** The issues as messages (reconcile.issue.*), aligned with `issues` (absent in results made before them). */
  issueMessages?: TextMessage[];
  /** Per entry of `customers`, the 1-based source rows of each side (drill-down; not in the CLI JSON). */
  rows: Array<{ left: number[]; right: number[] }>;
  /** Table names of the two sides. */
  tables: { left: string; right: string };
}

export interface EngineApi {
  openFile(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult>;
  listTables(): Promise<TableInfo[]>;
  removeTable(name: string): Promise<void>;
  getRows(req: RowsRequest): Promise<RowsPage>;
  suggestMapping(): Promise<TableSuggestion[]>;
  getMapping(): Promise<MappingFile>;
  /** Replaces the mapping; returns the validation issues. */
  setMapping(mapping: MappingFile): Promise<Issue[]>;
  /** Maps every confidently suggested table not mapped yet (what opening a file does); returns the mapping. */
  autoMap(): Promise<MappingFile>;
  /** `signal`: a request superseded before it starts (a newer control change) is answered 'cancelled'. */
  computeMetrics(options?: AnalysisOptions, signal?: AbortSignal): Promise<AnalysisResult>;
  /** Predictive CLV (BG/NBD + Gamma-Gamma) from the mapped transactions, beside the formula variants. */
  computeClv(req: ClvRequest): Promise<ClvResult>;
  /** The source rows (1-based row numbers) of one customer of a CLV fit, in the table holding most of them. */
  clvCustomerRows(req: ClvCustomerRowsRequest): Promise<{ table: string; rows: number[] }>;
  drillDown(req: DrillRequest, page: { offset: number; limit: number }): Promise<RowsPage & { table: string }>;
  /** The whole workspace as .kpiw bytes (the host writes them atomically). */
  saveWorkspace(uiState?: unknown): Promise<Uint8Array>;
  /** Replaces the engine's state with a saved workspace; works with the source files gone. */
  loadWorkspace(bytes: Uint8Array, options?: LoadWorkspaceOptions): Promise<WorkspaceContents>;
  listSources(): Promise<SourceRecord[]>;
  /** Re-imports a changed source file, replacing its tables and keeping the mapping. */
  reimportFile(req: OpenFileRequest, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportResult>;
  /** The report workbook (.xlsx bytes). */
  exportReport(req: ReportRequest): Promise<Uint8Array>;
  /** CSV (UTF-8 with BOM, formula injection neutralised) of a table, grid view or drill-down. */
  exportCsv(req: CsvExportRequest): Promise<Uint8Array>;
  /** Reconciles two tables of one dataset customer by customer (bridge, categories, matches). */
  reconcile(req: ReconcileRequest): Promise<ReconcileResult>;
  /** The reconciliation workbook (.xlsx bytes) of the same request. */
  exportReconciliation(req: ReconcileRequest): Promise<Uint8Array>;
  /**
   * The metric SQL over the normalized schema in a SQL dialect (DuckDB, PostgreSQL, BigQuery,
   * Snowflake, Trino, Spark, SQLite), preceded by the CREATE VIEWs mapping the warehouse tables of
   * `mapping` to it, or without a mapping the normalized DDL as a comment. Needs no data.
   */
  metricSql(req: MetricSqlRequest): Promise<string>;
}

export interface MetricSqlRequest {
  dialect: 'sqlite' | 'duckdb' | 'postgres' | 'bigquery' | 'snowflake' | 'trino' | 'spark';
  mapping?: MappingFile;
  metrics?: string[];
  datasets?: string[];
  /** As-of date (YYYY-MM-DD; default today) and first day of the periods written (default: a year before). */
  asOf?: string;
  from?: string;
  period?: AnalysisOptions['period'];
}

/**
 * What a host (Electron main, the web host) offers beside the engine. Note for the renderer: the
 * client from `src/renderer/transport` (`getEngine()`) is `WorkbenchApi` plus `onEvent` (progress,
 * tablesChanged) and `openLocalFiles(files)` (File objects from the file input or a drop); every
 * call is validated by the host with src/shared/schemas.ts and rejects with a plain-words Error.
 */
export interface HostApi {
  /** Imports the bundled sample workspace (resources/sample) and auto-maps it. */
  openSample(): Promise<ImportResult>;
}

export type WorkbenchApi = EngineApi & HostApi;

/** Events the engine pushes to hosts. */
export type EngineEvent =
  | { type: 'progress'; requestId: string; progress: ImportProgress }
  | { type: 'tablesChanged' };
