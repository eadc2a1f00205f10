// Builds the MetricContext a family computes in: periods (and the tmp_periods table), params,
// which datasets/fields are mapped, and the segment restriction.
import type { AnalysisOptions, CalendarId, DatasetId, PeriodKind } from '../../shared/types';
import { ident, literal, type Database } from '../store/database';
import { sqlite, type SqlDialect } from './dialect';
import { resolveParams } from './params';
import { listPeriods, periodOf, type Period } from '../../shared/calendar/periods';
import type { MetricContext } from './types';
import { sessionOf } from '../store/session';

export interface ContextInput {
  db: Database;
  /** Mapped fields per dataset (only datasets whose n_* table exists). */
  mapped: Partial<Record<DatasetId, ReadonlySet<string>>>;
  /** First day of the data range (day number). */
  fromDay: number;
  asOfDay: number;
  period?: PeriodKind;
  calendar?: CalendarId;
  params?: AnalysisOptions['params'];
  segmentValue?: string | null;
  dialect?: SqlDialect;
  /** Upper bound on the number of periods in a series (the most recent ones are kept). */
  maxPeriods?: number;
  /** Per dataset, the day its source files were last modified (the latest of them), when known. */
  fileDays?: Partial<Record<DatasetId, number>>;
  /**
   * Cuts the last period short to end here (exclusive day): a like-for-like comparison period holds
   * only the elapsed days of a partial current one, whatever a family does with period bounds.
   */
  lastPeriodEnd?: number;
  /** See MetricContext.memo. */
  memo?: Map<string, unknown>;
  /** See MetricContext.dataMemo. */
  dataMemo?: Map<string, unknown>;
  /** See MetricContext.valueOnly. */
  valueOnly?: boolean;
}

/** Writes the periods into tmp_periods(idx, key, start, "end"). */
export function writePeriodsTable(db: Database, periods: Period[], dialect: SqlDialect = sqlite): void {
  const { integer, text } = dialect.types;
  db.run(`DROP TABLE IF EXISTS tmp_periods; CREATE TEMP TABLE tmp_periods (idx ${integer} PRIMARY KEY, key ${text}, start ${integer}, "end" ${integer});`);
  const stmt = db.prepare('INSERT INTO tmp_periods VALUES (?, ?, ?, ?)');
  try {
    periods.forEach((p, i) => stmt.run([i, p.key, p.start, p.end]));
  } finally {
    stmt.free();
  }
}

export function buildMetricContext(input: ContextInput): MetricContext {
  const period = input.period ?? 'month';
  const calendar = input.calendar ?? 'gregorian';
  let periods = listPeriods(period, calendar, Math.min(input.fromDay, input.asOfDay), input.asOfDay);
  const max = input.maxPeriods ?? 5000;
  if (periods.length > max) periods = periods.slice(periods.length - max);
  const cut = input.lastPeriodEnd;
  if (cut !== undefined && periods.length > 0) {
    const last = periods[periods.length - 1]!;
    if (cut > last.start && cut < last.end) periods = [...periods.slice(0, -1), { ...last, end: cut }];
  }
  const current = periods[periods.length - 1] ?? periodOf(input.asOfDay, period, calendar);
  writePeriodsTable(input.db, periods, input.dialect);
  const segmentValue = input.segmentValue ?? null;
  return {
    db: input.db,
    session: sessionOf(input.db),
    dialect: input.dialect ?? sqlite,
    params: resolveParams(input.params ?? {}),
    period,
    calendar,
    asOfDay: input.asOfDay,
    periods,
    current,
    has: (dataset, ...fields) => {
      const set = input.mapped[dataset];
      return !!set && fields.every((f) => set.has(f));
    },
    segmentValue,
    fileDay: (dataset) => input.fileDays?.[dataset] ?? null,
    ...(input.memo ? { memo: input.memo } : {}),
    ...(input.dataMemo ? { dataMemo: input.dataMemo } : {}),
    ...(input.valueOnly ? { valueOnly: true } : {}),
    segFilter: (alias) => {
      if (segmentValue === null) return '1=1';
      const col = alias ? `${alias}._seg` : '_seg';
      return `${col} = ${literal(segmentValue)}`;
    },
  };
}

/** Convenience for reading a normalized table name in SQL. */
export const nt = (dataset: DatasetId): string => ident(`n_${dataset}`);
