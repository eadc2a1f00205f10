// The fast executor of the MRR movement aggregates: one indexed scan of the subscriptions (or
// snapshots) in customer order, folded customer by customer in memory. It computes exactly what
// the set-based SQL of revenueSqlPipeline defines (the tests check both against a day-by-day
// reference); in sql.js that SQL costs several sorts of the whole event list, the fold none, which
// is what makes the family fast at a million rows.
// revenueBase, the cached entry point the revenue and value families call, lives here with the
// fold it runs, so money-revenue-base (the shared types and the SQL definition) imports nothing back.
import type { Database } from '../../store/database';
import type { Period } from '../../../shared/calendar/periods';
import type { MetricContext } from '../types';
import { DAYS_PER_MONTH, PerDatabaseCache, gregorianMonthBounds, periodsSignature, tableFingerprint } from './money-common';
import {
  allocateSegmentMoves, compareSegments, emptyAggregates, finishBalances, revenueSource, revenueSqlPipeline, type RevenueAggregates, type RevenueBase,
  type RevenueSource,
} from './money-revenue-base';

interface Ev { day: number; v: number; cv: number }

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The one scan, in customer order. Date conditions are applied while folding, not in SQL: a range
 * on start_date would make SQLite pick that index and then sort a million rows by customer.
 */
export function revenueScanSql(source: RevenueSource, bySeg: boolean): string {
  const seg = bySeg ? '_seg' : 'NULL';
  if (source === 'subscriptions') {
    return `SELECT customer_id, mrr, start_date, end_date, term_months, ${seg} AS seg FROM n_subscriptions
WHERE customer_id IS NOT NULL AND mrr IS NOT NULL AND mrr <> 0
ORDER BY customer_id`;
  }
  return `SELECT customer_id, mrr, month, NULL AS end_date, NULL AS term_months, ${seg} AS seg FROM n_mrr_snapshots
WHERE customer_id IS NOT NULL AND mrr IS NOT NULL AND mrr <> 0
ORDER BY customer_id`;
}

export function foldRevenueBase(
  db: Database, source: RevenueSource, periods: readonly Period[], bySeg: boolean, asOfEnd: number,
  least: (a: string, b: string) => string,
): RevenueBase {
  const n = periods.length;
  // Events after the as-of date are left out, as in revenueSqlPipeline.
  const first = periods[0]!.start, limit = Math.min(periods[n - 1]!.end, asOfEnd);
  const dayIdx = new Int32Array(periods[n - 1]!.end - first);
  periods.forEach((p, i) => dayIdx.fill(i, p.start - first, p.end - first));
  const idxOf = (d: number) => (d < first ? -1 : dayIdx[d - first]!);
  const T = asOfEnd;

  const bySegment = new Map<string | null, RevenueAggregates>();
  const extra = new Map<RevenueAggregates, { init: { mrr: number; active: number; contracted: number }; cd: number[];
    endedDays: number[]; allDays: number; churnedDays: number }>();
  const aggOf = (seg: string | null) => {
    let a = bySegment.get(seg);
    if (!a) {
      a = emptyAggregates(n);
      bySegment.set(seg, a);
      extra.set(a, { init: { mrr: 0, active: 0, contracted: 0 }, cd: new Array<number>(n).fill(0), endedDays: new Array<number>(n).fill(0), allDays: 0, churnedDays: 0 });
    }
    return a;
  };

  /** Day level, one segment of one customer (tenure): segments [day, next event day) with a
   *  positive balance are days active. Returns the segment's first day with MRR > 0. */
  const foldTenure = (a: RevenueAggregates, evs: Ev[]): number | null => {
    const x = extra.get(a)!;
    let dayRunning = 0, daysBefore = 0, activeDays = 0, prevBal: number | null = null, balNow: number | null = null;
    let firstDay: number | null = null;
    for (let i = 0; i < evs.length;) {
      const day = evs[i]!.day;
      const idx = idxOf(day);
      for (; i < evs.length && evs[i]!.day === day; i++) dayRunning += evs[i]!.v;
      const bal = round6(dayRunning);
      if (bal > 0 && firstDay === null) firstDay = day;
      const next = i < evs.length ? evs[i]!.day : null;
      if (prevBal !== null && prevBal > 0 && bal <= 0 && idx >= 0) {
        a.tenure.endedN[idx]!++;
        x.endedDays[idx]! += daysBefore;
      }
      if (bal > 0) {
        if (next !== null) daysBefore += next - day;
        if (day < T) activeDays += Math.min(next ?? T, T) - day;
      }
      if (day < T) balNow = bal;
      prevBal = bal;
    }
    if (activeDays > 0) {
      a.tenure.allCount++; x.allDays += activeDays;
      if ((balNow ?? 0) <= 0) { a.tenure.churnedCount++; x.churnedDays += activeDays; }
    }
    return firstDay;
  };

  /** One customer, all its segments: period-level balances per segment, movements allocated. */
  const fold = (groups: Map<string | null, Ev[]>) => {
    const segs = [...groups.keys()].sort(compareSegments);
    // The customer's first day of activity (any segment) and the segment it began in.
    let firstDay: number | null = null, firstSeg: string | null = null;
    const all: Array<Ev & { seg: string | null }> = [];
    for (const seg of segs) {
      const evs = groups.get(seg)!;
      evs.sort((p, q) => p.day - q.day);
      const f = foldTenure(aggOf(seg), evs);
      if (f !== null && (firstDay === null || f < firstDay)) { firstDay = f; firstSeg = seg; }
      for (const ev of evs) all.push({ ...ev, seg });
    }
    const firstIdx = firstDay === null ? -2 : idxOf(firstDay);
    all.sort((p, q) => p.day - q.day);
    const running = new Map<string | null, number>(segs.map((sg) => [sg, 0]));
    const prevE = new Map<string | null, number>(segs.map((sg) => [sg, 0]));
    const groupCv = new Map<string | null, number>();
    const closePeriod = (idx: number) => {
      const parts = segs.map((seg) => ({ seg, s: prevE.get(seg)!, e: Math.max(0, round6(running.get(seg)!)) }));
      if (idx < 0) {
        for (const p of parts) {
          const x = extra.get(aggOf(p.seg))!;
          x.init.mrr += p.e; if (p.e > 0) x.init.active++; x.init.contracted += groupCv.get(p.seg) ?? 0;
        }
      } else {
        const moves = allocateSegmentMoves(parts, firstIdx === idx);
        const joinedLeft = firstIdx === idx && parts.every((p) => p.e === 0);
        parts.forEach((p, k) => {
          const a = aggOf(p.seg), m = moves[k]!;
          extra.get(a)!.cd[idx]! += groupCv.get(p.seg) ?? 0;
          a.newN[idx]! += m.newN; a.newV[idx]! += m.newV; a.reactN[idx]! += m.reactN; a.reactV[idx]! += m.reactV;
          a.expN[idx]! += m.expN; a.expV[idx]! += m.expV; a.contrN[idx]! += m.contrN; a.contrV[idx]! += m.contrV;
          a.churnN[idx]! += m.churnN; a.churnV[idx]! += m.churnV;
          a.inN[idx]! += m.inN; a.inV[idx]! += m.inV; a.outN[idx]! += m.outN; a.outV[idx]! += m.outV;
          // Cohort size: the customer's new segments, or the segment it began in when it left again.
          a.firstN[idx]! += m.newN + (joinedLeft && p.seg === firstSeg ? 1 : 0);
          if (firstIdx >= 0 && idx >= firstIdx && p.e !== p.s) {
            let c = a.cohortDeltas.get(firstIdx);
            if (!c) { c = new Map(); a.cohortDeltas.set(firstIdx, c); }
            const d = c.get(idx) ?? [0, 0];
            d[0] += (p.e > 0 ? 1 : 0) - (p.s > 0 ? 1 : 0);
            d[1] += p.e - p.s;
            c.set(idx, d);
          }
        });
      }
      for (const p of parts) prevE.set(p.seg, p.e);
      groupCv.clear();
    };
    let groupIdx = NaN;
    for (const ev of all) {
      const idx = idxOf(ev.day);
      if (idx !== groupIdx) {
        if (!Number.isNaN(groupIdx)) closePeriod(groupIdx);
        groupIdx = idx;
      }
      running.set(ev.seg, running.get(ev.seg)! + ev.v);
      groupCv.set(ev.seg, (groupCv.get(ev.seg) ?? 0) + ev.cv);
    }
    if (!Number.isNaN(groupIdx)) closePeriod(groupIdx);
  };

  const scan = revenueScanSql(source, bySeg);
  const stmt = db.prepare(scan);
  const monthBounds = new Map<number, { start: number; end: number }>();
  try {
    let cust: string | null = null;
    const groups = new Map<string | null, Ev[]>();
    const flush = () => { if (groups.size > 0) fold(groups); groups.clear(); };
    while (stmt.step()) {
      const r = stmt.get();
      const c = String(r[0]);
      if (c !== cust) { flush(); cust = c; }
      const v = r[1] as number;
      if (typeof r[2] !== 'number') continue;
      let start = r[2], end = typeof r[3] === 'number' ? r[3] : null;
      if (source === 'subscriptions') {
        // Same rows as the set-based SQL: a start inside the range and an end after the start.
        if (start >= limit || (end !== null && end <= start)) continue;
      } else {
        let b = monthBounds.get(start);
        if (!b) { b = gregorianMonthBounds(start); monthBounds.set(start, b); }
        start = b.start; end = b.end;
        if (start >= limit) continue;
      }
      const seg = r[5] == null ? null : String(r[5]);
      let evs = groups.get(seg);
      if (!evs) { evs = []; groups.set(seg, evs); }
      const cv = typeof r[4] === 'number' && r[4] >= 12 ? v : 0;
      evs.push({ day: start, v, cv });
      if (end != null && end < limit) evs.push({ day: end, v: -v, cv: -cv });
    }
    flush();
  } finally {
    stmt.free();
  }
  for (const a of bySegment.values()) {
    const x = extra.get(a)!;
    finishBalances(a, x.init, x.cd);
    a.tenure.endedMeanMonths = a.tenure.endedN.map((k, i) => (k > 0 ? x.endedDays[i]! / k / DAYS_PER_MONTH : null));
    a.tenure.allMeanMonths = a.tenure.allCount > 0 ? x.allDays / a.tenure.allCount / DAYS_PER_MONTH : null;
    a.tenure.churnedMeanMonths = a.tenure.churnedCount > 0 ? x.churnedDays / a.tenure.churnedCount / DAYS_PER_MONTH : null;
  }
  const pipeline = revenueSqlPipeline(source, periods, bySeg, asOfEnd, least,
    { days: 'tmp_days', months: 'tmp_snapshot_months', ev: 'tmp_events', bal: 'tmp_balances' });
  const sql = `-- Executed: one scan in customer order, folded per customer (running MRR per period and per day)\n${scan};\n\n`
    + `-- The same aggregates as set-based SQL:\n${pipeline.display}`;
  return { source, bySegment, sql };
}

const cache = new PerDatabaseCache<RevenueBase>('revenueBase', 8);

function sourceFingerprint(db: Database, source: RevenueSource): string {
  return source === 'subscriptions'
    ? tableFingerprint(db, 'n_subscriptions', ['mrr', 'start_date', 'end_date', 'term_months'], ['customer_id'])
    : tableFingerprint(db, 'n_mrr_snapshots', ['mrr', 'month'], ['customer_id']);
}

/**
 * The movement aggregates for the context's periods (or the given ones), for the total or per
 * segment (one pass computes every segment; `ctx.segmentValue` picks one afterwards).
 */
export function revenueBase(ctx: MetricContext, periods: readonly Period[] = ctx.periods): RevenueBase | null {
  const source = revenueSource(ctx);
  if (!source || periods.length === 0) return null;
  const bySeg = ctx.segmentValue !== null;
  const asOfEnd = Math.min(ctx.asOfDay + 1, periods[periods.length - 1]!.end);
  const key = [sourceFingerprint(ctx.db, source), periodsSignature(periods), bySeg ? 'seg' : 'total', asOfEnd].join('#');
  const hit = cache.get(ctx.db, key);
  if (hit) return hit;
  const built = foldRevenueBase(ctx.db, source, periods, bySeg, asOfEnd, ctx.dialect.least);
  cache.set(ctx.db, key, built);
  return built;
}
