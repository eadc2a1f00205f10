// The API contract shared by every side (engine, hosts, renderer). Plain data only: everything
// here crosses a process boundary (IPC, WebSocket, JSON output of the CLI).

/** Column types inferred on import. Names are part of `kpiw inspect --json`. */
export type ColumnType =
  | 'integer'
  | 'decimal'
  | 'currency'
  | 'percent'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'duration'
  | 'text';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'integer', 'decimal', 'currency', 'percent', 'boolean', 'date', 'datetime', 'duration', 'text',
];

/** Calendars a date column can be written in, and periods can be cut in. Stored dates are Gregorian. */
export type CalendarId = 'gregorian' | 'persian' | 'buddhist' | 'roc';
export const CALENDARS: readonly CalendarId[] = ['gregorian', 'persian', 'buddhist', 'roc'];

import type { IssueCode, IssueParams } from './issues';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in the data, always naming where: table (file + sheet), column, example rows. */
export interface Issue {
  severity: Severity;
  message: string;
  /** Column header as in the file, or null when the issue is about the whole table/file. */
  column: string | null;
  /** Example source row numbers (1-based, as a spreadsheet shows them; the header is a row too). */
  rows: number[];
  /** Stable machine code (ISSUE_CODES), e.g. 'ragged_row', 'invalid_value': the UI localizes by it. */
  code: IssueCode;
  /** What the localized text names (file, sheet, column, counts …); `message` is the English fallback. */
  params?: IssueParams;
  /** The whole text as a message, where the engine words it itself (a file that could not be read). */
  text?: TextMessage;
  /** Table name the issue belongs to (set by the engine when issues are listed across tables). */
  table?: string;
  /** How many rows are affected in total (rows[] holds only examples). */
  count?: number;
}

export interface ColumnInfo {
  /** Header as in the file (generated names such as "Column 3" for empty/missing headers). */
  name: string;
  /** Physical SQL column holding the typed value in the table, e.g. "c3". */
  sqlName: string;
  /** Physical SQL column holding the raw text where it differs from the typed value, e.g. "c3_raw". */
  rawSqlName: string;
  type: ColumnType;
  /** Calendar the column's dates were written in (date/datetime columns only), else null. */
  calendar: CalendarId | null;
  /** For date columns: the field order the column was read with, e.g. 'dmy', 'mdy', 'ymd'. */
  dateOrder?: 'dmy' | 'mdy' | 'ymd' | null;
  /** For currency columns: the symbol/code seen, e.g. '$', '€', 'تومان'. */
  currency?: string | null;
  nonEmpty: number;
  /** Non-empty cells that do not fit the column's type (kept as raw text, typed value NULL). */
  invalid: number;
  /** A few example values as they appear in the file. */
  examples: string[];
}

export interface TableInfo {
  /** Unique SQL-safe table name inside the workspace, e.g. "telco_customer_churn". */
  name: string;
  /** Path of the source file as given by the user/host. */
  source: string;
  /** XLSX sheet name, or null for delimited text. */
  sheet: string | null;
  hiddenSheet?: boolean;
  rowCount: number;
  /** Detected or chosen text encoding ("utf-8", "utf-16le", "windows-1256", …); "xlsx" for workbooks. */
  encoding: string;
  /** Field delimiter of delimited text ("," ";" "\t" "|" " " for whitespace), null for XLSX. */
  delimiter: string | null;
  /** Source row number of the header row (0 when the file has no header row). */
  headerRow: number;
  columns: ColumnInfo[];
  issues: Issue[];
  /**
   * The mapping entry that applies to this table (its position in the mapping's `tables` and the
   * entry), resolved by the engine's own matching rule (findMappedTable); null when unmapped.
   * Filled in by `listTables`, so the UI never re-derives which entry names which table.
   */
  mapping?: { index: number; entry: TableMapping } | null;
  /**
   * Columns the engine computes next to the data of a mapped table (served by getRows under the
   * name `computed:<id>`, sortable and filterable like the others); filled in by `listTables`.
   */
  computed?: ComputedColumnInfo[];
}

export type ComputedColumnId = 'nps_band' | 'first_response_hours' | 'resolution_hours' | 'monthly_mrr' | 'health_score';

export interface ComputedColumnInfo {
  id: ComputedColumnId;
  /** Column name in RowsPage.columns, SortSpec and FilterSpec. */
  column: string;
  /**
   * band: 'promoter' | 'passive' | 'detractor'; hours: a number of hours; currency: a monthly amount;
   * score: the customer's health score (0–100) of the last analysis (empty before one).
   */
  unit: 'band' | 'hours' | 'currency' | 'score';
}

export interface ImportOptions {
  /** Force an encoding instead of detecting it (any label iconv-lite / TextDecoder knows). */
  encoding?: string;
  /** Force a delimiter instead of sniffing it. */
  delimiter?: string;
  /** Force day/month order for ambiguous dates. */
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** Force whether the first row is a header. */
  hasHeader?: boolean;
  /** Import only these sheets of a workbook. */
  sheets?: string[];
}

export interface ImportProgress {
  /** File being read. */
  source: string;
  sheet?: string | null;
  phase: 'reading' | 'profiling' | 'inserting' | 'indexing' | 'done';
  rows: number;
  bytes: number;
  totalBytes: number;
  /** 0..1 over the whole file. */
  fraction: number;
}

/** A file that could not be imported (or not fully): the message names the file and sheet. */
export interface ImportFailure {
  source: string;
  sheet: string | null;
  /** English text of `text`. */
  message: string;
  /** What went wrong as a message (importError.*) the hosts show in the reader's language. */
  text?: TextMessage;
  code: string;
}

export interface ImportResult {
  tables: TableInfo[];
  failures: ImportFailure[];
}

// ---------------------------------------------------------------------------------------------
// Grid paging

export type SortDirection = 'asc' | 'desc';
export interface SortSpec { column: string; direction: SortDirection }

/** Filters on a column (by header name); pushed down to SQL. */
export type FilterSpec =
  | { column: string; kind: 'text'; op: 'contains' | 'equals' | 'startsWith' | 'notContains' | 'blank' | 'notBlank'; value?: string }
  | { column: string; kind: 'number'; op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'between' | 'blank' | 'notBlank'; value?: number; valueTo?: number }
  | { column: string; kind: 'date'; op: 'eq' | 'before' | 'after' | 'between' | 'blank' | 'notBlank'; value?: string; valueTo?: string }
  | { column: string; kind: 'invalid' }
  | { column: '__row'; kind: 'rows'; rows: number[] };

export interface RowsRequest {
  table: string;
  offset: number;
  limit: number;
  sort?: SortSpec[];
  filters?: FilterSpec[];
  /** Restrict to the rows behind a metric value. */
  drill?: DrillRequest;
  /** Parameters the computed columns use (nps.promoter_min …), over the mapping's; validated. */
  params?: Record<string, unknown>;
  /** Grid columns of the last analysis to add to the rows (AnalysisResult.gridColumns ids). */
  analysisColumns?: ComputedColumnId[];
}

export interface RowsPage {
  /** Header names, in order; `__row` (source row number) is always first. */
  columns: string[];
  rows: Array<Array<string | number | null>>;
  /** Total matching rows (for the grid's scrollbar). */
  total: number;
}

// ---------------------------------------------------------------------------------------------
// Mapping (METRICS.md §2) — also the CLI's `--map` file format.

/** Every dataset id (the catalog in shared/catalog/datasets.ts describes each). */
export const DATASET_IDS = [
  'subscriptions', 'mrr_snapshots', 'transactions', 'tickets', 'calls', 'survey_responses',
  'usage_events', 'trials', 'renewals', 'costs', 'events', 'customers', 'targets',
] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

/** The survey kinds a survey_responses table can hold, each with its own scale and metric. */
export const SURVEY_KINDS = ['nps', 'csat', 'ces', 'esat'] as const;
export type SurveyKind = typeof SURVEY_KINDS[number];

export interface TableMapping {
  /** File name; matched by base name. */
  source: string;
  /** XLSX sheet name (omitted/null for delimited text). */
  sheet?: string | null;
  dataset: DatasetId;
  /** survey_responses only: the survey type of the whole table. */
  survey?: SurveyKind;
  /** field id → column header. */
  fields: Record<string, string>;
}

/** `sourceOfTruth[dataset].source` meaning every table of the dataset, added together. */
export const ALL_TABLES = '*';

export interface MappingFile {
  version: 1;
  tables: TableMapping[];
  params: Record<string, unknown>;
  /**
   * For a dataset mapped from more than one table (a billing and a CRM export of the same
   * subscriptions), the one table the KPIs use; the others stay for reconciliation only.
   * `{ source: ALL_TABLES }` adds every table together (parts of one export). Balances without a
   * choice use the first mapped table.
   */
  sourceOfTruth?: Partial<Record<DatasetId, TableRef>>;
  /** Reconciliations kept with the mapping: the two tables and the matches made by hand. */
  reconciliations?: ReconciliationSetting[];
}

/** A table as the mapping names it: the file's base name and the sheet. */
export interface TableRef { source: string; sheet?: string | null }

export interface ReconciliationSetting {
  left: TableRef;
  right: TableRef;
  /** Matches made by hand (rightId null keeps the left customer unmatched). */
  manual: Array<{ leftId: string; rightId: string | null }>;
}

export interface FieldSuggestion {
  field: string;
  column: string;
  /** 0..1 */
  confidence: number;
  reason: string;
}

export interface TableSuggestion {
  table: string;
  source: string;
  sheet: string | null;
  dataset: DatasetId | null;
  survey?: SurveyKind;
  /** 0..1: how sure the dataset guess is; ≥ CONFIDENT_SUGGESTION means mapped without asking. */
  confidence: number;
  fields: FieldSuggestion[];
  /** Other plausible datasets with their confidence. */
  alternatives: Array<{ dataset: DatasetId; confidence: number }>;
  /** Per dataset, the fields the same header and value evidence fills (pre-fills a dataset chosen by hand). */
  byDataset?: Partial<Record<DatasetId, { fields: FieldSuggestion[]; survey?: SurveyKind }>>;
}

export const CONFIDENT_SUGGESTION = 0.7;

// ---------------------------------------------------------------------------------------------
// Metrics (METRICS.md §1, §4)

export type Unit = 'currency' | 'count' | 'ratio' | 'nps' | 'score' | 'duration' | 'months' | 'table';
export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type MetricStatus = 'ok' | 'not_applicable' | 'missing_inputs';
export type MetricFamily = 'revenue' | 'customers' | 'value' | 'purchases' | 'support' | 'surveys' | 'usage' | 'health';

/**
 * A text the engine emits for the reader's language: a resource key (formula.<metric id>…) and the
 * values of its {{placeholders}} — numbers stay numbers (written in the reader's digits), names and
 * ids stay as they are (isolated for bidi), a nested message (a duration "24 h") is localized too.
 * The renderer, the report and the CLI turn it into text; the engine never writes the sentence.
 */
export interface TextMessage {
  key: string;
  values?: Readonly<Record<string, MessageValue>>;
}
/** A number written with a fixed count of fraction digits ("0.60"). */
export interface FixedNumber { number: number; fractionDigits: number }
export type MessageValue = string | number | FixedNumber | TextMessage;

export interface Benchmark {
  /** A figure, its scope and its source, e.g. "SaaS average NPS 41 — Thai guide". */
  text: string;
  /** Where the figure comes from (also the end of `text`). */
  source: string;
  /** The text as a localizable message (key benchmark.<id>…): what the UI and the report show. */
  message?: TextMessage;
  /** Optional numeric band in the metric's unit and period basis, for a badge. */
  good?: { min?: number; max?: number };
  bad?: { min?: number; max?: number };
}

export interface SeriesPoint { period: string; value: number | null }

export interface MetricSegment { segment: string; value: number | null; series: SeriesPoint[]; target?: MetricTargetResult }

/** A KPI target the user entered (kept in the workspace): one metric, one period, optionally one segment value. */
export interface KpiTarget {
  metric: string;
  /** Period key in `calendar` as the engine writes keys: 2024-06, 2024-Q2, 2024, 1403-Q1, 2567-01. */
  period: string;
  calendar: CalendarId;
  value: number;
  /** Segment value (with the analysis segmented by a column), or absent for the total. */
  segment?: string | null;
}

/** A metric's current value against its target for the period. */
export interface MetricTargetResult {
  value: number;
  /** Key of the target's period, in its own calendar. */
  period: string;
  /** 'workspace' (entered in the app) or the table it was read from. */
  source: string;
  /** Actual ÷ target (target ÷ actual where lower is better): 1 = on target, more is better. */
  attainment: number | null;
  /** The value projected to the period's end at its pace so far (accruing metrics on a partial period), else the value. */
  projected: number | null;
  /** Attainment of the projection, on a partial period ("on pace for 101 %"); null on a complete one. */
  projectedAttainment: number | null;
  /** met / missed for a complete period; on_track / behind (from the projection) for a partial one. */
  status: 'met' | 'missed' | 'on_track' | 'behind' | null;
}

/** Which way a metric's move is good news: churn falls, revenue rises, volume is neither. */
export type MetricBetter = 'higher' | 'lower' | 'neither';

/** A cell of a metric's table: a number, a text from the data (an agent's name), a mark (true: the agent is flagged), or nothing. */
export type MetricTableCell = string | number | boolean | null;

export interface MetricResult {
  id: string;
  label: string;
  family: MetricFamily;
  unit: Unit;
  better: MetricBetter;
  value: number | null;
  /** Current period key. */
  period: string;
  /** Days of the current period elapsed at the as-of date ("9 of 31 days"); partial when fewer than all. */
  periodProgress?: { elapsedDays: number; totalDays: number; partial: boolean };
  status: MetricStatus;
  missing: string[];
  variant: string | null;
  benchmark: Benchmark | null;
  /** The formula in English (formulaMessage rendered with the en resources): the CLI's JSON and older readers. */
  formula: string;
  /** The formula as a localizable message (key formula.<id>…): what the UI and the report show. */
  formulaMessage?: TextMessage;
  sql: string;
  series: SeriesPoint[];
  segments: MetricSegment[];
  stats: Record<string, number | null | string>;
  /** Table-valued metrics (cohort matrix, waterfall, leaderboard, themes, health per customer). */
  table?: { columns: string[]; rows: Array<Array<MetricTableCell>> };
  /** Notes such as "cancellations handled as returns", "3 rows excluded: score out of scale" (English). */
  notes?: string[];
  /** The notes as localizable messages, aligned with `notes`; null where a note is English text only (not a message yet). */
  noteMessages?: Array<TextMessage | null>;
  /**
   * The current value against the previous period and the same period last year, like for like:
   * when the current period is partial, the comparison covers the same elapsed days (activity) and
   * balances are taken on the same elapsed day. Absent for table metrics and when not computed.
   */
  comparisons?: { previous?: PeriodComparison; yoy?: PeriodComparison };
  /** The target for the current period (total), when one is set. */
  target?: MetricTargetResult;
  /** The target of every series period (null where none): a chart's target line. */
  targetSeries?: SeriesPoint[];
}

/** One comparison value of a metric (total, not per segment). */
export interface PeriodComparison {
  /** Key of the compared period (2011-11, 1402-Q4). */
  period: string;
  value: number | null;
  /** Days compared: first and last day (inclusive, ISO dates). */
  from: string;
  to: string;
  /** True when only the first elapsed days of the compared period were used (the current one is partial). */
  partial: boolean;
}

export interface AnalysisOptions {
  asOf?: string;
  period?: PeriodKind;
  calendar?: CalendarId;
  segment?: string | null;
  params?: Record<string, unknown>;
  /** Restrict to these metric ids (default: the whole catalog). */
  metrics?: string[];
  /**
   * When the period holding the as-of date is partial, analyze up to the end of the last complete
   * period instead (the as-of date moves to its last day). Default for reports.
   */
  lastComplete?: boolean;
  /** Targets entered in the app (the workspace's); tables mapped to the targets dataset add theirs. */
  targets?: KpiTarget[];
}

export interface AnalysisResult {
  asOf: string;
  /** The latest day of the data (or the as-of asked for) before lastComplete moved the as-of back. */
  dataAsOf?: string;
  period: PeriodKind;
  calendar: CalendarId;
  mapping: MappingFile;
  issues: Issue[];
  metrics: MetricResult[];
  /**
   * Grid columns this analysis adds to tables, by table name (the health score of each customer
   * once customers were scored), served by getRows beside TableInfo.computed. Absent when none.
   */
  gridColumns?: Record<string, ComputedColumnInfo[]>;
}

/** The rows behind a metric value: a period (key) and optionally a segment. */
export interface DrillRequest {
  metric: string;
  period: string;
  segment?: string | null;
  options?: AnalysisOptions;
}
