// KPI targets (issue 14): a target per metric and period, optionally per segment value, from the
// workspace (entered in the UI) and from tables mapped to the `targets` dataset. A target applies to
// the period of the analysis that covers exactly the same days, whatever the calendars: a Gregorian
// "2024-06" target is the Buddhist 2567-06 and ROC 113-06 month too; a Persian quarter matches only
// the Persian quarter. Attainment and pace are computed here so CLI, report and cards agree.
import type {
  CalendarId, Issue, KpiTarget, MetricBetter, MetricResult, MetricTargetResult, PeriodKind, SeriesPoint,
} from '../../shared/types';
import { dayFromCalendarYmd, periodOf, type Period } from '../../shared/calendar/periods';
import { latinDigits } from '../../shared/digits';
import { resources, LANGUAGES } from '../../shared/i18n';
import { ident, queryRows, type Database } from '../store/database';
import { normalizedTable } from '../mapping/datasets';
import { METRIC_BY_ID, METRICS } from './catalog';

export type TargetPeriodKind = Extract<PeriodKind, 'month' | 'quarter' | 'year'>;

export interface TargetPeriod { kind: TargetPeriodKind; calendar: CalendarId; key: string; start: number; end: number }


const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Words that make a number 1–4 a quarter: English, Persian, Thai, Chinese. */
const QUARTER_MARK = /q|quarter|qtr|فصل|سه\s*[\u200c]?\s*ماهه|ไตรมาส|季/i;
const ERA_MARK: Array<[RegExp, CalendarId]> = [
  [/民國|民国|roc/i, 'roc'],
  [/พ\.?\s*ศ\.?|b\.?\s*e\.?\b|buddhist/i, 'buddhist'],
  [/ه\.?\s*ش|شمسی|خورشیدی|\bap\b|\bsh\b|jalali|persian/i, 'persian'],
  [/ค\.?\s*ศ\.?|公元|西元|\bad\b|\bce\b|میلادی/i, 'gregorian'],
];

/** The calendar a year number is written in when nothing says: 1403 is Jalali, 2567 Buddhist, 113 ROC. */
export function calendarOfYear(year: number): CalendarId | null {
  if (year >= 2300 && year <= 2800) return 'buddhist';
  if (year >= 1300 && year <= 1500) return 'persian';
  if (year >= 1800 && year < 2300) return 'gregorian';
  if (year >= 100 && year < 300) return 'roc';
  return null;
}

/**
 * A target's period as people write it in a plan: 2024-06, 2024/6, 2024-Q2, Q2 2024, 2024年第2季,
 * ไตรมาส 2/2567, فصل ۱ ۱۴۰۳, 1403-01, 2024, 民國113年, Jun 2024. The calendar comes from an era word,
 * else from the year (calendarOfYear), else `fallback`. Null when it names no month, quarter or year.
 */
export function parseTargetPeriod(text: string, fallback: CalendarId = 'gregorian'): TargetPeriod | null {
  const t = latinDigits(String(text).normalize('NFKC')).trim();
  if (!t || t.length > 60) return null;
  const numbers = [...t.matchAll(/\d+/g)].map((m) => ({ text: m[0], value: Number(m[0]) }));
  let era: CalendarId | null = null;
  for (const [re, cal] of ERA_MARK) if (re.test(t)) { era = cal; break; }
  const yearAt = numbers.findIndex((n) => n.text.length >= 3);
  if (yearAt < 0) return null;
  const year = numbers[yearAt]!.value;
  const calendar = era ?? calendarOfYear(year) ?? fallback;
  const rest = numbers.filter((_, i) => i !== yearAt);
  const monthName = EN_MONTHS.findIndex((m) => new RegExp(`(^|[^a-z])${m}`, 'i').test(t));
  let kind: TargetPeriodKind;
  let month = 1;
  if (rest.length === 0 && monthName >= 0) { kind = 'month'; month = monthName + 1; }
  else if (rest.length === 0) kind = 'year';
  else if (QUARTER_MARK.test(t.replace(/\d+/g, ' '))) {
    // A quarter word with anything but one number 1–4 besides the year names no period.
    if (rest.length !== 1 || rest[0]!.value < 1 || rest[0]!.value > 4) return null;
    kind = 'quarter';
    month = (rest[0]!.value - 1) * 3 + 1;
  } else if (rest.length <= 2 && rest[0]!.value >= 1 && rest[0]!.value <= 12 && yearAt === 0) {
    // 2024-06 or 2024-06-15 (a date names its month).
    kind = 'month';
    month = rest[0]!.value;
  } else if (rest.length === 1 && rest[0]!.value >= 1 && rest[0]!.value <= 12) {
    kind = 'month'; // 06/2024
    month = rest[0]!.value;
  } else return null;
  let start: number;
  try { start = dayFromCalendarYmd(year, month, 1, calendar); } catch { return null; }
  if (!Number.isFinite(start)) return null;
  const p = periodOf(start, kind, calendar);
  return { kind, calendar, key: p.key, start: p.start, end: p.end };
}

/** The period a workspace target names (its key is in its own calendar, as the engine writes keys). */
export function periodOfTarget(t: Pick<KpiTarget, 'period' | 'calendar'>): TargetPeriod | null {
  return parseTargetPeriod(t.period, t.calendar ?? 'gregorian');
}

// ---------------------------------------------------------------------------------------------
// Metric names: ids, or the metric's name in any UI language (a plan is written in the team's words).

const foldName = (s: string) => latinDigits(s.normalize('NFKC')).toLowerCase().replace(/[\s_\-–—./()[\]]+/g, '');
const METRIC_BY_NAME: ReadonlyMap<string, string> = new Map(METRICS.flatMap((m) => [
  [foldName(m.id), m.id] as const, [foldName(m.label), m.id] as const,
  ...LANGUAGES.map((lang) => (resources[lang].translation as { metric?: Record<string, string> }).metric?.[m.id])
    .filter((label): label is string => !!label).map((label) => [foldName(label), m.id] as const),
]));

/** The metric id a target's metric cell names (its id, or its name in any UI language), or null. */
export function metricIdOf(text: string): string | null {
  return METRIC_BY_NAME.get(foldName(String(text))) ?? null;
}

// ---------------------------------------------------------------------------------------------

export interface ResolvedTarget {
  metric: string;
  period: TargetPeriod;
  /** Segment value, or null for the total. */
  segment: string | null;
  value: number;
  /** 'workspace' for a target entered in the app, else the table it came from. */
  source: string;
}

/** Targets of the mapped `targets` table (when there is one), with issues naming rows that say nothing usable. */
export function targetsFromTable(db: Database, fallback: CalendarId): { targets: ResolvedTarget[]; issues: Issue[] } {
  const table = normalizedTable('targets');
  const exists = queryRows(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${table}'`).rows.length > 0;
  if (!exists) return { targets: [], issues: [] };
  const rows = queryRows(db, `SELECT _src, _row, metric, period, target, segment FROM ${ident(table)} ORDER BY _src, _row`).rows;
  const targets: ResolvedTarget[] = [];
  const bad = { metric: new Map<string, { rows: number[]; count: number; example: string }>(), period: new Map<string, { rows: number[]; count: number; example: string }>() };
  const note = (kind: 'metric' | 'period', src: string, row: number, example: string) => {
    const m = bad[kind];
    const e = m.get(src) ?? { rows: [], count: 0, example };
    e.count++;
    if (e.rows.length < 10) e.rows.push(row);
    m.set(src, e);
  };
  for (const [src, row, metric, period, target, segment] of rows) {
    if (metric == null || period == null || target == null || typeof target !== 'number') continue; // missing values: reported by mapping
    const id = metricIdOf(String(metric));
    if (!id) { note('metric', String(src), Number(row), String(metric)); continue; }
    const p = parseTargetPeriod(String(period), fallback);
    if (!p) { note('period', String(src), Number(row), String(period)); continue; }
    targets.push({ metric: id, period: p, segment: segment == null || segment === '' ? null : String(segment), value: target, source: String(src) });
  }
  const issues: Issue[] = [];
  for (const [src, e] of bad.metric) {
    issues.push({
      severity: 'warning', code: 'target_unknown_metric', table: src, column: null, rows: e.rows, count: e.count,
      params: { table: src, count: e.count, example: e.example },
      message: `${e.count} target row(s) of ${src} name no metric of the catalog (e.g. "${e.example}"); they are not used. Write the metric's id (mrr, nps…) or its name.`,
    });
  }
  for (const [src, e] of bad.period) {
    issues.push({
      severity: 'warning', code: 'target_bad_period', table: src, column: null, rows: e.rows, count: e.count,
      params: { table: src, count: e.count, example: e.example },
      message: `${e.count} target row(s) of ${src} name no month, quarter or year (e.g. "${e.example}"); they are not used. Write periods like 2024-06, 2024-Q2 or 2024.`,
    });
  }
  return { targets, issues };
}

/** Workspace targets (entered in the app); those that name nothing usable are left out. */
export function targetsFromOptions(list: readonly KpiTarget[] | undefined): ResolvedTarget[] {
  const out: ResolvedTarget[] = [];
  for (const t of list ?? []) {
    if (!METRIC_BY_ID.has(t.metric) || !Number.isFinite(t.value)) continue;
    const p = periodOfTarget(t);
    if (p) out.push({ metric: t.metric, period: p, segment: t.segment ?? null, value: t.value, source: 'workspace' });
  }
  return out;
}

/**
 * Finds targets by metric, segment and exact days. A target entered in the app wins over one from a
 * table for the same metric, period and segment (the user typed it after loading the plan).
 */
export class TargetIndex {
  private readonly byKey = new Map<string, ResolvedTarget>();
  constructor(targets: readonly ResolvedTarget[]) {
    for (const t of targets) {
      const key = TargetIndex.key(t.metric, t.segment, t.period.start, t.period.end);
      const had = this.byKey.get(key);
      if (!had || t.source === 'workspace' || had.source !== 'workspace') this.byKey.set(key, t);
    }
  }
  private static key(metric: string, segment: string | null, start: number, end: number) {
    return `${metric}\u0000${segment ?? '\u0001'}\u0000${start}\u0000${end}`;
  }
  get size(): number { return this.byKey.size; }
  find(metric: string, segment: string | null, p: Pick<Period, 'start' | 'end'>): ResolvedTarget | null {
    return this.byKey.get(TargetIndex.key(metric, segment, p.start, p.end)) ?? null;
  }
}

/**
 * Attainment and pace of `value` against `target`. Attainment is actual ÷ target for metrics where
 * higher is better and target ÷ actual where lower is (so 100 % is on target and more is better
 * either way). On a partial period an accruing metric is projected to the period's end at its pace
 * so far; the status says on track / behind until the period is complete, then met / missed.
 */
export function targetResult(
  value: number | null, target: ResolvedTarget, better: MetricBetter, accrues: boolean,
  progress: { elapsedDays: number; totalDays: number; partial: boolean } | undefined,
): MetricTargetResult {
  const lower = better === 'lower';
  const partial = !!progress?.partial && progress.elapsedDays > 0;
  const projected = value == null ? null : partial && accrues ? value * (progress!.totalDays / progress!.elapsedDays) : value;
  const attain = (x: number | null) => (x == null ? null : lower ? (x === 0 ? null : target.value / x) : target.value === 0 ? null : x / target.value);
  const attainment = attain(value);
  const projectedAttainment = partial ? attain(projected) : null;
  const meets = (x: number) => (lower ? x <= target.value : x >= target.value);
  const status: MetricTargetResult['status'] = projected == null ? null
    : partial ? (meets(projected) ? 'on_track' : 'behind')
      : meets(projected) ? 'met' : 'missed';
  return {
    value: target.value, period: target.period.key, source: target.source,
    attainment: attainment != null && Number.isFinite(attainment) ? attainment : null,
    projected: projected != null && Number.isFinite(projected) ? projected : null,
    projectedAttainment: projectedAttainment != null && Number.isFinite(projectedAttainment) ? projectedAttainment : null,
    status,
  };
}

/** The target of each series period (null where none): the target line on a chart. */
export function targetSeries(index: TargetIndex, metric: string, segment: string | null, periods: readonly Period[]): SeriesPoint[] | null {
  let any = false;
  const out = periods.map((p) => {
    const t = index.find(metric, segment, p);
    if (t) any = true;
    return { period: p.key, value: t ? t.value : null };
  });
  return any ? out : null;
}

const accrues = (id: string) => METRIC_BY_ID.get(id)?.accrues === true;

/** Adds target, attainment, pace and the target line to the results that have a target. */
export function applyTargets(metrics: MetricResult[], index: TargetIndex, current: Period, periods: readonly Period[]): void {
  if (index.size === 0) return;
  for (const m of metrics) {
    if (m.unit === 'table' || m.status === 'missing_inputs') continue;
    const t = index.find(m.id, null, current);
    if (t) m.target = targetResult(m.value, t, m.better, accrues(m.id), m.periodProgress);
    const line = targetSeries(index, m.id, null, periods);
    if (line) m.targetSeries = line;
    for (const s of m.segments) {
      const st = index.find(m.id, s.segment, current);
      if (st) s.target = targetResult(s.value, st, m.better, accrues(m.id), m.periodProgress);
    }
  }
}
