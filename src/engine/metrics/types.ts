// The metric framework: each family module (revenue, value, purchases, support, surveys, usage,
// health) declares its metrics as small records and computes them in one pass over the
// normalized tables the mapping builds.
//
// Normalized tables (built by src/engine/mapping/normalize.ts from the mapping; one per dataset,
// the union of every table mapped to it):
//   n_<dataset>(_src TEXT, _row INTEGER, _seg TEXT, <field> ..., <datetime field>_day ...)
//   _src  = source table name, _row = source row number (drill-down goes back to them)
//   _seg  = value of the chosen segment column for that row (NULL when no segment is chosen)
//   field storage per FieldKind (see mapping/datasets.ts): dates as day numbers, date-times as
//   epoch seconds plus <field>_day, amounts REAL (subscriptions.mrr already monthly), bools 0/1.
//   Rows excluded for bad values are not in n_* tables; they are reported as issues by the mapping.
// Periods of the analysis are in the temp table tmp_periods(idx INTEGER, key TEXT, start INTEGER,
// "end" INTEGER), idx 0 = the first period of the data range, ordered, the last one = current.
import type { Database } from '../store/database';
import type {
  Benchmark, CalendarId, MetricBetter, DatasetId, MetricFamily, MetricStatus, PeriodKind, MetricTableCell, SeriesPoint, TextMessage, Unit,
} from '../../shared/types';
import type { Period } from '../../shared/calendar/periods';
import type { SqlDialect } from './dialect';
import type { EngineSession } from '../store/session';

export type Params = Readonly<Record<string, unknown>>;

/** Inputs a metric needs: any one alternative whose dataset has all the listed fields mapped. */
export interface InputAlternative {
  dataset: DatasetId;
  fields: string[];
}

export interface MetricDef {
  id: string;
  label: string;
  family: MetricFamily;
  unit: Unit;
  /** Which way is good news (default higher); a function when a parameter decides (CES scale). */
  better?: MetricBetter | ((p: Params) => MetricBetter);
  /** Alternatives; the metric is computable when at least one is satisfied. */
  inputs: InputAlternative[];
  /** Parameter ids the metric reads (for the UI's parameter editors). */
  params?: string[];
  /** A figure with its source; a function when the band depends on the parameters or on the period's length in months. */
  benchmark?: Benchmark | ((p: Params, monthsPerPeriod: number) => Benchmark);
  /** Formula in words, for the chosen variant, in English (formulaMessage rendered with the en resources; see formulaOf). */
  formula: (p: Params) => string;
  /** The formula as a message (key formula.<id>…, values of its placeholders), localized by the readers. */
  formulaMessage?: (p: Params) => TextMessage;
  /** Name of the variant in use, or null when the metric has none. */
  variant?: (p: Params) => string | null;
  /** Name of the statistic reported as `value` when stats has several (e.g. 'mean'). */
  defaultStat?: string;
  /** 'table' metrics (cohort matrix, waterfall, leaderboard, themes) fill `table`. */
  kind?: 'series' | 'table';
  /**
   * The value adds up over the period (counts and sums of events, not balances, rates or averages):
   * a partial period holds part of it, so pace to a target projects it to the period's end.
   */
  accrues?: boolean;
}

/** What a family computes for one metric (the orchestrator adds label, unit, benchmark…). */
export interface MetricOutput {
  /** One point per tmp_periods row, in order (value null where undefined). */
  series: SeriesPoint[];
  /** Value for the current period; defaults to the last series point. */
  value?: number | null;
  /** Overrides the status derived from value (ok / not_applicable). */
  status?: MetricStatus;
  stats?: Record<string, number | null | string>;
  table?: { columns: string[]; rows: Array<Array<MetricTableCell>> };
  notes?: string[];
  /** The notes as messages (note.<id>…), aligned with `notes`; null where a note is English text only (see noteOutput). */
  noteMessages?: Array<TextMessage | null>;
  /** The SQL that produced the numbers (shown to the user). */
  sql: string;
}

export interface MetricContext {
  db: Database;
  /** The database's session: data versions and the caches keyed on them (store/session.ts). */
  session: EngineSession;
  dialect: SqlDialect;
  params: Params;
  period: PeriodKind;
  calendar: CalendarId;
  asOfDay: number;
  /** Periods of the analysis (= tmp_periods), the last one containing the as-of date. */
  periods: Period[];
  current: Period;
  /** True when the dataset is mapped with all these fields. */
  has(dataset: DatasetId, ...fields: string[]): boolean;
  /**
   * When computing one segment: its value (rows with _seg = value); null for the total.
   * Families restrict every n_* read with segFilter().
   */
  segmentValue: string | null;
  /** SQL condition restricting an n_* table alias to the current segment ('1=1' for the total). */
  segFilter(alias?: string): string;
  /** The day the dataset's source files were last modified (the latest), null when unknown. */
  fileDay(dataset: DatasetId): number | null;
  /**
   * Reads shared by every compute over the same data (the total, each segment, other periods,
   * calendars and as-of dates): keyed by the engine on (mapping generation, tables, segment column),
   * so a control change reuses them. Absent when a family is called directly (tests, benches).
   */
  memo?: Map<string, unknown>;
  /**
   * Like memo, for reads that do not look at the segment column (_seg): one per mapping generation
   * and tables, shared by every segment column, so a segment change reuses them.
   */
  dataMemo?: Map<string, unknown>;
  /**
   * Only the metrics' current values are read (a comparison period's run): a family may leave out
   * what costs per customer and is shown only for the analysis itself (tables, per-customer rows).
   */
  valueOnly?: boolean;
}

/** SQL selecting the (_src, _row) pairs behind one value of a metric. */
export interface DrillSql {
  sql: string;
}

export interface FamilyModule {
  family: MetricFamily;
  metrics: MetricDef[];
  /** Computes the family's metrics whose inputs are present (missing ones may be absent). */
  compute(ctx: MetricContext): Map<string, MetricOutput>;
  /** Rows behind the value of `metricId` in `period` (current segment via ctx.segFilter). */
  drill(ctx: MetricContext, metricId: string, period: Period): DrillSql | null;
}
