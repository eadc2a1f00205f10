// Test helpers for the money families (revenue, value, purchases): building n_* tables and a
// context, and a deliberately naive reference implementation of MRR movements — day by day, per
// customer, straight from METRICS.md §4.1 — to check the engine's SQL against.
import { openDatabase, type Database } from '../../src/engine/store/database';
import { createNormalizedTable, insertNormalizedRows } from '../../src/engine/mapping/normalizedSchema';
import { buildMetricContext } from '../../src/engine/metrics/context';
import type { Period } from '../../src/shared/calendar/periods';
import type { MetricContext, MetricOutput } from '../../src/engine/metrics/types';
import type { CalendarId, DatasetId, PeriodKind } from '../../src/shared/types';

export interface Sub {
  customer_id: string;
  mrr: number;
  start_date: number;
  end_date?: number | null;
  term_months?: number | null;
  trial_start?: number | null;
  trial_end?: number | null;
  _seg?: string | null;
}

export interface TestData {
  [dataset: string]: ReadonlyArray<object>;
}

/** A database with the given n_* tables, and a context over [fromDay, asOfDay]. */
export async function setup(
  data: TestData, opts: {
    fromDay: number; asOfDay: number; period?: PeriodKind; calendar?: CalendarId;
    params?: Record<string, unknown>; segmentValue?: string | null; mapped?: Partial<Record<DatasetId, string[]>>;
  },
): Promise<{ db: Database; ctx: MetricContext; withCtx: (o: Partial<typeof opts>) => MetricContext }> {
  const db = await openDatabase();
  const mapped: Partial<Record<DatasetId, ReadonlySet<string>>> = {};
  for (const [ds, objects] of Object.entries(data)) {
    const dataset = ds as DatasetId;
    const rows = objects as Array<Record<string, unknown>>;
    createNormalizedTable(db, dataset);
    insertNormalizedRows(db, dataset, rows);
    const fields = opts.mapped?.[dataset]
      ?? [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => !k.startsWith('_') && r[k] !== undefined && r[k] !== null)))];
    mapped[dataset] = new Set(fields);
  }
  const make = (o: Partial<typeof opts>) => {
    const all = { ...opts, ...o };
    return buildMetricContext({
      db, mapped, fromDay: all.fromDay, asOfDay: all.asOfDay, period: all.period, calendar: all.calendar,
      params: all.params as never, segmentValue: all.segmentValue ?? null,
    });
  };
  return { db, ctx: make({}), withCtx: make };
}

export const valuesOf = (o: MetricOutput | undefined) => o?.series.map((p) => p.value) ?? [];

// ---------------------------------------------------------------------------------------------
// Reference implementation

export interface RefPeriod {
  startMrr: number; endMrr: number; startActive: number; endActive: number;
  newN: number; newV: number; reactN: number; reactV: number; expN: number; expV: number;
  contrN: number; contrV: number; churnN: number; churnV: number; joinedLeft: number;
}

/** Customer MRR on day t: Σ mrr of its subscriptions with start ≤ t < end (negative totals count as 0). */
export function customerMrr(subs: Sub[], t: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of subs) {
    if (s.start_date <= t && (s.end_date == null || s.end_date > t) && (s.end_date == null || s.end_date > s.start_date)) {
      m.set(s.customer_id, (m.get(s.customer_id) ?? 0) + s.mrr);
    }
  }
  for (const [k, v] of m) m.set(k, Math.max(0, Math.round(v * 1e6) / 1e6));
  return m;
}

/** First day a customer's MRR is positive, by walking every day (slow on purpose: independent). */
export function firstActiveDay(subs: Sub[], cust: string): number | null {
  const mine = subs.filter((s) => s.customer_id === cust && (s.end_date == null || s.end_date > s.start_date));
  if (mine.length === 0) return null;
  const lo = Math.min(...mine.map((s) => s.start_date));
  // After the last start or end the balance no longer changes, so walking to that day inclusive
  // also covers an open-ended row that turns positive only once a shorter (credit) row has ended.
  const lastChange = Math.max(...mine.map((s) => Math.max(s.start_date, s.end_date ?? s.start_date)));
  for (let d = lo; d <= lastChange; d++) {
    const v = mine.filter((s) => s.start_date <= d && (s.end_date == null || s.end_date > d)).reduce((a, s) => a + s.mrr, 0);
    if (Math.round(v * 1e6) / 1e6 > 0) return d;
  }
  return null;
}

/** Movements per period; the current period's end balance is taken on the as-of date when earlier. */
export function referenceMovements(subs: Sub[], periods: Period[], asOfDay = Infinity): RefPeriod[] {
  const custs = [...new Set(subs.map((s) => s.customer_id))];
  const first = new Map(custs.map((c) => [c, firstActiveDay(subs, c)]));
  return periods.map((p) => {
    const endDay = Math.min(p.end - 1, asOfDay);
    const S = customerMrr(subs, p.start - 1), E = customerMrr(subs, endDay);
    const r: RefPeriod = {
      startMrr: 0, endMrr: 0, startActive: 0, endActive: 0, newN: 0, newV: 0, reactN: 0, reactV: 0,
      expN: 0, expV: 0, contrN: 0, contrV: 0, churnN: 0, churnV: 0, joinedLeft: 0,
    };
    for (const c of custs) {
      const s = S.get(c) ?? 0, e = E.get(c) ?? 0;
      const f = first.get(c);
      r.startMrr += s; r.endMrr += e;
      if (s > 0) r.startActive++;
      if (e > 0) r.endActive++;
      if (s === 0 && e > 0) {
        if (f != null && f >= p.start) { r.newN++; r.newV += e; } else { r.reactN++; r.reactV += e; }
      } else if (s > 0 && e === 0) { r.churnN++; r.churnV += s; }
      else if (s > 0 && e > s) { r.expN++; r.expV += e - s; }
      else if (e > 0 && e < s) { r.contrN++; r.contrV += s - e; }
      if (f != null && f >= p.start && f <= endDay && e === 0) r.joinedLeft++;
    }
    return r;
  });
}
