// KPI card logic: change against the previous period (like for like) or last year, whether a move is good, benchmark badges.
import type { Benchmark, MetricBetter, MetricFamily, MetricResult, SeriesPoint, Unit } from '../../shared/types';
import { changeBetween, changeVsComparison, type Change } from '../../shared/compare';
import { variantText } from '../../shared/i18n';

export type { Change } from '../../shared/compare';

/** The point of `period` and the one before it; null when either value is missing. */
export function changeVsPrevious(series: SeriesPoint[], period: string, unit: Unit): Change | null {
  let i = series.findIndex((p) => p.period === period);
  if (i < 0) i = series.length - 1;
  if (i < 1) return null;
  return changeBetween(series[i]!.value, series[i - 1]!.value, unit, series[i - 1]!.period);
}

export type ComparisonBasis = 'previous' | 'yoy' | 'target';

/**
 * The card's change: against the engine's like-for-like comparison when it has one (a partial
 * current period against the same elapsed days), else the previous point of the series.
 */
export function metricChange(m: MetricResult, basis: ComparisonBasis = 'previous'): Change | null {
  if (m.status !== 'ok') return null;
  if (basis === 'target') return m.target ? changeBetween(m.value, m.target.value, m.unit, m.target.period) : null;
  const cmp = m.comparisons?.[basis];
  if (cmp) return changeVsComparison(m.value, cmp, m.unit);
  return basis === 'previous' && !m.comparisons ? changeVsPrevious(m.series, m.period, m.unit) : null;
}

export type Tone = 'good' | 'bad' | 'neutral';

/** Whether a move is good news, by the metric's own direction (the engine's catalog decides it). */
export function changeTone(better: MetricBetter, change: Change | null): Tone {
  if (!change || change.direction === 'flat' || better === 'neither') return 'neutral';
  return (change.direction === 'up') === (better === 'higher') ? 'good' : 'bad';
}

export type BenchmarkLevel = 'good' | 'bad' | 'fair' | 'info';

function inBand(v: number, band: { min?: number; max?: number } | undefined): boolean {
  if (!band || (band.min == null && band.max == null)) return false;
  return (band.min == null || v >= band.min) && (band.max == null || v <= band.max);
}

/**
 * Badge for a value against METRICS.md's benchmark: 'good' / 'bad' inside a numeric band, 'fair'
 * between bands, 'info' when the benchmark is words only (the text is still shown). Null when there
 * is no benchmark or no value.
 */
export function benchmarkLevel(value: number | null, benchmark: Benchmark | null): BenchmarkLevel | null {
  if (!benchmark) return null;
  const numeric = benchmark.good != null || benchmark.bad != null;
  if (!numeric) return 'info';
  if (value == null || !Number.isFinite(value)) return null;
  if (inBand(value, benchmark.good)) return 'good';
  if (inBand(value, benchmark.bad)) return 'bad';
  return 'fair';
}

export const FAMILY_ORDER: readonly MetricFamily[] = ['revenue', 'customers', 'value', 'purchases', 'support', 'surveys', 'usage', 'health'];

const STATUS_ORDER: Record<MetricResult['status'], number> = { ok: 0, not_applicable: 1, missing_inputs: 2 };

/**
 * Cards grouped by family; families with no metric are left out. Families with a computed value
 * come first (catalog order otherwise), so a shop's purchase KPIs are not pushed under a wall of
 * subscription cards waiting for a mapping. Inside a family computed values come first, then
 * not-applicable ones, then those waiting for a mapping (catalog order within each status).
 */
export function groupByFamily(metrics: MetricResult[]): Array<{ family: MetricFamily; metrics: MetricResult[] }> {
  const groups = FAMILY_ORDER
    .map((family) => ({
      family,
      metrics: metrics
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => m.family === family)
        .sort((a, b) => STATUS_ORDER[a.m.status] - STATUS_ORDER[b.m.status] || a.i - b.i)
        .map(({ m }) => m),
    }))
    .filter((g) => g.metrics.length > 0);
  const waiting = (g: (typeof groups)[number]) => (g.metrics.every((m) => m.status === 'missing_inputs') ? 1 : 0);
  return groups.map((g, i) => ({ g, i })).sort((a, b) => waiting(a.g) - waiting(b.g) || a.i - b.i).map(({ g }) => g);
}


/** A metric variant's name in the UI language (survey scales as "Scale 0–10"). */
export function variantLabel(t: (key: string, options?: Record<string, unknown>) => string, variant: string): string {
  return variantText((key, vars, fallback) => t(key, { ...(vars ?? {}), ...(fallback !== undefined ? { defaultValue: fallback } : {}) }), variant);
}
