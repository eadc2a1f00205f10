// Data preparation for the charts (pure, tested): the MRR bridge, cohort matrix, histograms.
import type { MetricResult, MetricTableCell } from '../../shared/types';

/** One bar of a waterfall: a total (sign 0, from zero) or a change floating on `base`, drawn as a positive height. */
export interface WaterfallStep<K extends string = string> { key: K; value: number; base: number; sign: 1 | -1 | 0 }
export type BridgeStep = WaterfallStep<'start' | 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churn' | 'moved_in' | 'moved_out' | 'end'>;

/**
 * The MRR waterfall of one period: starting MRR, the five movements (in a segment view also the
 * moves between segments), ending MRR. Each bar floats
 * on `base` (the running total before a decrease is drawn downwards from it).
 */
export interface BridgeMoves {
  new: number; reactivation: number; expansion: number; contraction: number; churn: number;
  /** Moves between segments (segment views only; the steps are left out when 0). */
  moved_in?: number; moved_out?: number;
}

export function mrrBridge(start: number, moves: BridgeMoves): BridgeStep[] {
  const steps: BridgeStep[] = [{ key: 'start', value: start, base: 0, sign: 0 }];
  let running = start;
  for (const key of ['new', 'reactivation', 'expansion', 'moved_in'] as const) {
    const v = moves[key] ?? 0;
    if (key === 'moved_in' && v === 0) continue;
    steps.push({ key, value: v, base: running, sign: 1 });
    running += v;
  }
  for (const key of ['contraction', 'churn', 'moved_out'] as const) {
    const v = moves[key] ?? 0;
    if (key === 'moved_out' && v === 0) continue;
    running -= v;
    steps.push({ key, value: v, base: running, sign: -1 });
  }
  steps.push({ key: 'end', value: running, base: 0, sign: 0 });
  return steps;
}

/**
 * The reconciliation waterfall: the left total, one bar per category (its difference R − L, up or
 * down from the running total; a zero difference is a flat step, not a total) and the right total.
 */
export function reconcileWaterfall(leftTotal: number, rightTotal: number, rows: ReadonlyArray<{ category: string; difference: number }>): WaterfallStep[] {
  const steps: WaterfallStep[] = [{ key: 'left', value: leftTotal, base: 0, sign: 0 }];
  let running = leftTotal;
  for (const r of rows) {
    const d = r.difference;
    steps.push({ key: r.category, value: Math.abs(d), base: d >= 0 ? running : running + d, sign: d < 0 ? -1 : 1 });
    running += d;
  }
  steps.push({ key: 'right', value: rightTotal, base: 0, sign: 0 });
  return steps;
}

/**
 * Lowest value of the bridge's value axis: below the lowest level the bars reach by as much as
 * the levels span (so movements stay visible next to a large balance), rounded down at the
 * span's order of magnitude, and never below zero.
 */
export function bridgeAxisMin(steps: readonly WaterfallStep[]): number {
  const levels = steps.flatMap((x) => (x.sign === 0 ? [x.value] : [x.base, x.base + x.value]));
  const low = Math.min(...levels);
  const high = Math.max(...levels);
  if (!(low > 0)) return Math.min(0, low);
  const margin = Math.max(high - low, low * 0.02);
  const min = low - margin;
  if (min <= 0) return 0;
  const step = 10 ** Math.floor(Math.log10(margin));
  return Math.floor(min / step) * step;
}

/** Value of a metric's series at a period key (null when absent). */
export function valueAt(m: MetricResult | undefined, period: string): number | null {
  return m?.series.find((p) => p.period === period)?.value ?? null;
}

/** The period before `period` in a metric's series. */
export function previousKey(m: MetricResult | undefined, period: string): string | null {
  if (!m) return null;
  const i = m.series.findIndex((p) => p.period === period);
  return i > 0 ? m.series[i - 1]!.period : null;
}

export interface CohortMatrix { cohorts: string[]; offsets: string[]; cells: Array<[number, number, number]> }

type TableData = { columns: string[]; rows: Array<Array<MetricTableCell>> };

/** Values of the `basis` column (logo / revenue) of a cohort table; empty when it has none. */
export function cohortBases(table: TableData): string[] {
  const bi = table.columns.indexOf('basis');
  return bi < 0 ? [] : [...new Set(table.rows.map((r) => String(r[bi])))];
}

/**
 * A cohort table (first column the cohort, numeric columns the shares k periods later) as
 * heat-map cells [offset index, cohort index, value]. Columns holding sizes or labels (size,
 * customers, basis …) are not offsets; with a `basis` column only the rows of `basis` are drawn.
 */
export function cohortMatrix(table: TableData, basis?: string): CohortMatrix {
  const bi = table.columns.indexOf('basis');
  const rows = bi >= 0 && basis != null ? table.rows.filter((r) => String(r[bi]) === basis) : table.rows;
  const offsetCols = table.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => i > 0 && !/size|customers|count|mrr|starting|basis/i.test(c) && rows.some((r) => typeof r[i] === 'number'));
  const cells: Array<[number, number, number]> = [];
  rows.forEach((r, y) => {
    offsetCols.forEach(({ i }, x) => {
      const v = r[i];
      if (typeof v === 'number' && Number.isFinite(v)) cells.push([x, y, v]);
    });
  });
  return { cohorts: rows.map((r) => String(r[0] ?? '')), offsets: offsetCols.map(({ c }) => c), cells };
}

/** Counts of values in `bins` equal-width bins over [min, max]; the last bin includes max. */
export function histogram(values: readonly number[], min: number, max: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of values) {
    if (!Number.isFinite(v) || v < min || v > max) continue;
    const i = Math.min(bins - 1, Math.floor((v - min) / width));
    counts[i]!++;
  }
  return counts;
}

/** Index of the first column whose lower-cased name contains one of the words. */
export function columnIndex(columns: readonly string[], ...words: string[]): number {
  const lower = columns.map((c) => c.toLowerCase());
  for (const w of words) {
    const i = lower.findIndex((c) => c.includes(w));
    if (i >= 0) return i;
  }
  return -1;
}

/** Series drawn as lines: complete periods solid, the partial current period dashed from the point before it. */
export interface TrendLines { solid: Array<number | null>; partial: Array<number | null> | null }

/**
 * Splits a metric's series so a partial current period stands apart: `solid` stops at the last
 * complete period, `partial` holds only the last complete point and the partial one (a dashed
 * segment). Null `partial` when the current period is complete or not the last point.
 */
export function trendLines(m: Pick<MetricResult, 'series' | 'period' | 'periodProgress'>): TrendLines {
  const values = m.series.map((p) => p.value);
  const n = values.length;
  if (!m.periodProgress?.partial || n === 0 || m.series[n - 1]!.period !== m.period) return { solid: values, partial: null };
  const solid = values.slice();
  solid[n - 1] = null;
  const partial = values.map((v, i) => (i >= n - 2 ? v : null));
  return { solid, partial };
}

const PERIODS_PER_YEAR: Readonly<Record<string, number>> = { week: 52, month: 12, quarter: 4, year: 1 };

/**
 * The same series one year earlier, aligned on this year's periods (the YoY line of a trend):
 * point i is point i − (periods per year); the partial current period gets the engine's
 * like-for-like year-ago value (the same elapsed days), not the whole year-ago period. Null for
 * day periods (no fixed count per year) or when no point has a year-ago value.
 */
export function yearAgoLine(m: Pick<MetricResult, 'series' | 'period' | 'periodProgress' | 'comparisons'>, kind: string): Array<number | null> | null {
  const lag = PERIODS_PER_YEAR[kind];
  if (!lag) return null;
  const out = m.series.map((_, i) => (i - lag >= 0 ? m.series[i - lag]!.value : null));
  const n = out.length;
  const yoy = m.comparisons?.yoy;
  if (n > 0 && m.series[n - 1]!.period === m.period && yoy) out[n - 1] = yoy.value;
  return out.some((v) => v != null) ? out : null;
}
