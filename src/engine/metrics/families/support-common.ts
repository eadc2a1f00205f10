// Small SQL and series helpers shared by the customer-service families (support, surveys, usage,
// health). Every activity is cut by the periods of tmp_periods and stops at the as-of date, so a
// user-chosen as-of inside the data range never counts rows after it.
import type { SeriesPoint, TextMessage } from '../../../shared/types';
import { queryAll, type Row, type SqlValue } from '../../store/database';
import type { Period } from '../../../shared/calendar/periods';
import type { MetricContext, MetricOutput } from '../types';
import { noteOutput } from '../formula';

export const SECONDS_PER_DAY = 86_400;

export const num = (v: SqlValue | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

export const str = (v: SqlValue | undefined): string | null => (v == null ? null : String(v));

/** Day after the as-of date: activity windows end here at the latest. */
export const asOfEnd = (ctx: MetricContext): number => ctx.asOfDay + 1;

/** Exclusive end (day number) of a period as seen from the as-of date. */
export const periodCut = (ctx: MetricContext, p: Period): number => Math.min(p.end, asOfEnd(ctx));

/**
 * ON-clause joining a row's day expression to the period p it falls in (capped at the as-of date).
 * Used as `tmp_periods p LEFT JOIN n_x a ON <this> AND …` so empty periods still give a row.
 */
export function inPeriod(dayExpr: string, ctx: MetricContext, p = 'p'): string {
  return `${dayExpr} >= ${p}.start AND ${dayExpr} < ${p}."end" AND ${dayExpr} < ${asOfEnd(ctx)}`;
}

/** Condition restricting a day expression to one period (for drill-down). */
export function inOnePeriod(dayExpr: string, ctx: MetricContext, period: Period): string {
  return `${dayExpr} >= ${period.start} AND ${dayExpr} < ${Math.min(period.end, asOfEnd(ctx))}`;
}

/** Runs a query returning one row per period index (column idx) and indexes it. */
export function rowsByPeriod(ctx: MetricContext, sql: string): Map<number, Row> {
  const out = new Map<number, Row>();
  for (const r of queryAll(ctx.db, sql)) out.set(Number(r.idx), r);
  return out;
}

/** One point per period from a per-period value function. */
export function seriesOf(ctx: MetricContext, valueAt: (idx: number) => number | null): SeriesPoint[] {
  return ctx.periods.map((p, i) => ({ period: p.key, value: clean(valueAt(i)) }));
}

/** Finite number or null (a zero denominator, NaN or Infinity is undefined, never 0). */
export function clean(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export const ratio = (a: number | null, b: number | null): number | null =>
  a == null || b == null || b === 0 ? null : a / b;

/** Index of the current period in ctx.periods. */
export const currentIdx = (ctx: MetricContext): number => ctx.periods.length - 1;

/**
 * Mean and median of a value per period, in SQL (window functions: portable to DuckDB).
 * `rows` is a SELECT giving columns idx and x (only non-null x).
 */
export function meanMedianSql(ctx: MetricContext, rows: string): string {
  const d = ctx.dialect;
  return `WITH v AS (${rows}),
r AS (SELECT idx, x, ROW_NUMBER() OVER (PARTITION BY idx ORDER BY x) AS rn, COUNT(*) OVER (PARTITION BY idx) AS cnt FROM v)
SELECT idx, COUNT(*) AS n, AVG(x) AS mean,
  AVG(CASE WHEN rn IN (${d.intDiv('cnt + 1', '2')}, ${d.intDiv('cnt + 2', '2')}) THEN x END) AS median
FROM r GROUP BY idx`;
}

/** A family output whose value is the current period's point; `notes` are messages (note.<id>), see noteOutput. */
export function output(ctx: MetricContext, series: SeriesPoint[], sql: string,
  extra: Omit<Partial<MetricOutput>, 'notes' | 'noteMessages'> & { notes?: ReadonlyArray<TextMessage> } = {}): MetricOutput {
  const { notes, ...rest } = extra;
  const noted = notes ? noteOutput(...notes) : {};
  return { series, value: series[currentIdx(ctx)]?.value ?? null, sql, ...rest, ...noted };
}

/** Lower-cased text with spaces, dashes, underscores, dots and slashes removed: "E-mail" → "email". */
export function slug(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().replace(/[\s\-_./\\\u200c]+/g, '');
}

/** Up to `limit` example source rows of an excluded set, by source table. `rowsSql` selects _src and _row. */
function exampleRowsBySource(ctx: MetricContext, rowsSql: string, limit: number): Array<[string, number[]]> {
  const rows = queryAll(ctx.db, `SELECT _src, _row FROM (${rowsSql}) x ORDER BY _src, _row LIMIT ${limit}`);
  const bySrc = new Map<string, number[]>();
  for (const r of rows) {
    const src = String(r._src ?? '?');
    bySrc.set(src, [...(bySrc.get(src) ?? []), Number(r._row)]);
  }
  return [...bySrc];
}

/** "file.csv rows 4, 9, 12; other.xlsx row 3", for English notes (rows are never dropped without saying which). */
export function exampleRows(ctx: MetricContext, rowsSql: string, limit = 5): string {
  return exampleRowsBySource(ctx, rowsSql, limit).map(([src, list]) => `${src} row${list.length === 1 ? '' : 's'} ${list.join(', ')}`).join('; ');
}

/** "file.csv: 4, 9, 12; other.xlsx: 3": the example rows without words, for a message's value. */
export function exampleRowList(ctx: MetricContext, rowsSql: string, limit = 5): string {
  return exampleRowsBySource(ctx, rowsSql, limit).map(([src, list]) => `${src}: ${list.join(', ')}`).join('; ');
}

/**
 * Sums per-day counts into the periods (binary search over the sorted period starts). Used where a
 * day-level aggregate is small and a join with tmp_periods would rescan the data per period.
 */
export function sumDaysByPeriod(ctx: MetricContext, days: Array<{ day: number; n: number }>): number[] {
  const sums = ctx.periods.map(() => 0);
  const starts = ctx.periods.map((p) => p.start);
  for (const { day, n } of days) {
    if (day >= asOfEnd(ctx)) continue;
    let lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= day) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found >= 0 && day < ctx.periods[found]!.end) sums[found]! += n;
  }
  return sums;
}
