// The revenue fold in two steps (issue 13: a control change must answer in a second at a million
// rows). What a period, calendar or as-of change changes is only the period boundaries, so:
// 1. `readRevenueTimeline`: one indexed scan of the MRR rows, in customer order, gives every
//    customer's MRR change points per segment (+mrr at a start, −mrr at an end), sorted by day,
//    in flat typed arrays. It depends on the data only and is cached per data version.
// 2. `bucketRevenueTimeline`: one pass over those arrays per period list and as-of date folds each
//    customer's change points into the period aggregates, with per-segment accumulators in typed
//    arrays (no per-customer or per-period objects).
// Together they compute exactly what the former single-scan fold did, in the same order of float
// additions, so every value is identical (the tests compare the fold with the set-based SQL of
// revenueSqlPipeline and with a day-by-day reference). Events after the as-of date are left out
// by cutting each customer's day-sorted list, which is what filtering the rows did.
import type { Database } from '../../store/database';
import type { Period } from '../../../shared/calendar/periods';
import { DAYS_PER_MONTH, gregorianMonthBounds } from './money-common';
import { compareSegments, emptyAggregates, finishBalances, type RevenueAggregates, type RevenueSource } from './money-revenue-base';
import { codeOfRow, type SegmentCodes } from './segment-codes';

/** Every customer's MRR change points, per segment, as flat arrays (see the module comment). */
export interface RevenueTimeline {
  /** Segment values by id (null: rows without a value, or the total). */
  segValues: Array<string | null>;
  /** Groups (customer × segment) of customer c: [custGroups[c], custGroups[c + 1]), in compareSegments order. */
  custGroups: Int32Array;
  /** Segment id of each group. */
  groupSeg: Int32Array;
  /** Events of group g: [groupEvents[g], groupEvents[g + 1]), sorted by day (stable: scan order within a day). */
  groupEvents: Int32Array;
  evDay: Int32Array | Float64Array;
  /** The MRR change (+mrr at the start, −mrr at the end). */
  evV: Float64Array;
  /** 1 when the row's term_months ≥ 12: the event changes contracted MRR by evV too. */
  evContracted: Uint8Array;
  /** The rowid of each event's row: kept by the total's read, from which segmentTimeline regroups. */
  evRow: Int32Array | null;
}

/** A growable typed buffer (the row count is not known before the scan ends). */
class Grow<T extends Float64Array | Int32Array | Uint8Array> {
  length = 0;
  constructor(public data: T, private readonly make: (n: number) => T) {}
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  done(): T { return this.data.slice(0, this.length) as T; }
}

/**
 * The one scan, in customer order. Date conditions are applied while folding, not in SQL: a range
 * on start_date would make SQLite pick that index and then sort a million rows by customer.
 */
export function revenueScanSql(source: RevenueSource, bySeg: boolean, rowids = false): string {
  const seg = bySeg ? '_seg' : 'NULL';
  const rid = rowids ? ', rowid AS rid' : '';
  if (source === 'subscriptions') {
    return `SELECT customer_id, mrr, start_date, end_date, term_months, ${seg} AS seg${rid} FROM n_subscriptions
WHERE customer_id IS NOT NULL AND mrr IS NOT NULL AND mrr <> 0
ORDER BY customer_id`;
  }
  return `SELECT customer_id, mrr, month, NULL AS end_date, NULL AS term_months, ${seg} AS seg${rid} FROM n_mrr_snapshots
WHERE customer_id IS NOT NULL AND mrr IS NOT NULL AND mrr <> 0
ORDER BY customer_id`;
}

/**
 * Reads every customer's change points (all days: the as-of cut is made when bucketing). The
 * total's read (bySeg false) keeps each event's rowid, so segmentTimeline can regroup it.
 */
export function readRevenueTimeline(db: Database, source: RevenueSource, bySeg: boolean): RevenueTimeline {
  const rowids = !bySeg;
  const segValues: Array<string | null> = [];
  const segIds = new Map<string | null, number>();
  const segId = (seg: string | null) => {
    let id = segIds.get(seg);
    if (id === undefined) { id = segValues.length; segValues.push(seg); segIds.set(seg, id); }
    return id;
  };
  const custGroups = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
  const groupSeg = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
  const groupEvents = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
  const evDay = new Grow(new Float64Array(4096), (n) => new Float64Array(n));
  const evV = new Grow(new Float64Array(4096), (n) => new Float64Array(n));
  const evContracted = new Grow(new Uint8Array(4096), (n) => new Uint8Array(n));
  const evRow = new Grow(new Int32Array(rowids ? 4096 : 0), (n) => new Int32Array(n));
  // The current customer's events in row order (segment id, day, v, contracted, rowid), reused.
  const cSeg: number[] = [], cDay: number[] = [], cV: number[] = [], cK: number[] = [], cR: number[] = [];
  const order: number[] = [];
  const byDay = (p: number, q: number) => cDay[p]! - cDay[q]!;
  let integralDays = true;

  /** Appends the current customer: groups by segment (compareSegments order), events stably by day. */
  const flush = () => {
    const m = cSeg.length;
    if (m === 0) return;
    custGroups.push(groupSeg.length);
    let segs: number[];
    let single = true;
    for (let i = 1; i < m; i++) if (cSeg[i] !== cSeg[0]) { single = false; break; }
    if (single) segs = [cSeg[0]!];
    else segs = [...new Set(cSeg)].sort((a, b) => compareSegments(segValues[a]!, segValues[b]!));
    for (const s of segs) {
      groupSeg.push(s);
      groupEvents.push(evDay.length);
      order.length = 0;
      let sorted = true;
      for (let i = 0; i < m; i++) {
        if (cSeg[i] !== s) continue;
        if (order.length > 0 && cDay[i]! < cDay[order[order.length - 1]!]!) sorted = false;
        order.push(i);
      }
      // Array.prototype.sort is stable: events of one day keep their row order, as in the fold.
      if (!sorted) order.sort(byDay);
      for (const i of order) {
        const d = cDay[i]!;
        if (integralDays && (!Number.isInteger(d) || d < -2147483648 || d > 2147483647)) integralDays = false;
        evDay.push(d); evV.push(cV[i]!); evContracted.push(cK[i]!);
        if (rowids) evRow.push(cR[i]!);
      }
    }
    cSeg.length = 0; cDay.length = 0; cV.length = 0; cK.length = 0; cR.length = 0;
  };

  const stmt = db.prepare(revenueScanSql(source, bySeg, rowids));
  const monthBounds = new Map<number, { start: number; end: number }>();
  try {
    let cust: string | null = null;
    while (stmt.step()) {
      const r = stmt.get();
      const c = String(r[0]);
      if (c !== cust) { flush(); cust = c; }
      const v = r[1] as number;
      if (typeof r[2] !== 'number') continue;
      let start = r[2], end = typeof r[3] === 'number' ? r[3] : null;
      if (source === 'subscriptions') {
        // Same rows as the set-based SQL: an end after the start.
        if (end !== null && end <= start) continue;
      } else {
        let b = monthBounds.get(start);
        if (!b) { b = gregorianMonthBounds(start); monthBounds.set(start, b); }
        start = b.start; end = b.end;
      }
      const s = segId(r[5] == null ? null : String(r[5]));
      const k = typeof r[4] === 'number' && r[4] >= 12 ? 1 : 0;
      cSeg.push(s); cDay.push(start); cV.push(v); cK.push(k);
      if (end != null) { cSeg.push(s); cDay.push(end); cV.push(-v); cK.push(k); }
      if (rowids) { const rid = r[6] as number; cR.push(rid); if (end != null) cR.push(rid); }
    }
    flush();
  } finally {
    stmt.free();
  }
  custGroups.push(groupSeg.length);
  groupEvents.push(evDay.length);
  const days = evDay.done();
  return {
    segValues, custGroups: custGroups.done(), groupSeg: groupSeg.done(), groupEvents: groupEvents.done(),
    evDay: integralDays ? Int32Array.from(days) : days, evV: evV.done(), evContracted: evContracted.done(),
    evRow: rowids ? evRow.done() : null,
  };
}

/**
 * The per-segment timeline from the total's (which kept its rowids) and each row's segment: what
 * readRevenueTimeline(bySeg) reads, without reading every row again. The same arrays: the scans
 * visit the rows in the same order (same query but the _seg column), so each customer's events of
 * one segment, taken in the total's order (by day, then scan order), are that segment's events
 * sorted stably by day; the groups follow compareSegments as there. Segment ids differ (first seen
 * here by customer, there by row), which nothing reads but segValues[id].
 */
export function segmentTimeline(total: RevenueTimeline, codes: SegmentCodes): RevenueTimeline {
  const evRow = total.evRow;
  if (!evRow) throw new Error('segmentTimeline: the total timeline was read without rowids');
  const { custGroups: tGroups, groupEvents: tEvents, evDay, evV, evContracted } = total;
  const E = evDay.length, C = tGroups.length - 1;
  const segValues: Array<string | null> = [];
  // Segment id by code (+1: code -1, a row the codes do not know, reads as NULL like a NULL _seg).
  const idOfCode = new Int32Array(codes.values.length + 1).fill(-1);
  const segOf = (code: number): number => {
    let id = idOfCode[code + 1]!;
    if (id < 0) {
      const value = code < 0 ? null : codes.values[code]!;
      id = segValues.indexOf(value);
      if (id < 0) { id = segValues.length; segValues.push(value); }
      idOfCode[code + 1] = id;
    }
    return id;
  };
  const custGroups = new Int32Array(C + 1);
  const groupSeg = new Grow(new Int32Array(Math.max(16, C)), (n) => new Int32Array(n));
  const groupEvents = new Grow(new Int32Array(Math.max(16, C + 1)), (n) => new Int32Array(n));
  const outDay = evDay instanceof Int32Array ? new Int32Array(E) : new Float64Array(E);
  const outV = new Float64Array(E), outK = new Uint8Array(E);
  const evSeg = new Int32Array(E);
  for (let e = 0; e < E; e++) evSeg[e] = segOf(codeOfRow(codes, evRow[e]!));
  let w = 0;
  const segs: number[] = [];
  for (let c = 0; c < C; c++) {
    custGroups[c] = groupSeg.length;
    // The total has one group per customer (segment NULL).
    const e0 = tEvents[tGroups[c]!]!, e1 = tEvents[tGroups[c + 1]!]!;
    segs.length = 0;
    for (let e = e0; e < e1; e++) if (!segs.includes(evSeg[e]!)) segs.push(evSeg[e]!);
    if (segs.length > 1) segs.sort((a, b) => compareSegments(segValues[a]!, segValues[b]!));
    for (const s of segs) {
      groupSeg.push(s);
      groupEvents.push(w);
      for (let e = e0; e < e1; e++) {
        if (evSeg[e] !== s) continue;
        outDay[w] = evDay[e]!; outV[w] = evV[e]!; outK[w] = evContracted[e]!; w++;
      }
    }
  }
  custGroups[C] = groupSeg.length;
  groupEvents.push(w);
  return { segValues, custGroups, groupSeg: groupSeg.done(), groupEvents: groupEvents.done(), evDay: outDay, evV: outV, evContracted: outK, evRow: null };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// Per-period accumulators of one segment: field f of period i at f × n + i.
const NEW_N = 0, NEW_V = 1, REACT_N = 2, REACT_V = 3, EXP_N = 4, EXP_V = 5, CONTR_N = 6, CONTR_V = 7,
  CHURN_N = 8, CHURN_V = 9, IN_N = 10, IN_V = 11, OUT_N = 12, OUT_V = 13, FIRST_N = 14, CD = 15, ENDED_N = 16, ENDED_DAYS = 17;
const FIELDS = 18;

/**
 * Cohort deltas of one segment, cohort (first-activity period) c × period i: dense typed cells when
 * the period list is short, else maps. The cells touched are listed in the order first touched, so
 * the maps built from them have the insertion order the maps themselves would have had.
 */
class CohortCells {
  private readonly dl: Float64Array | null;
  private readonly dr: Float64Array | null;
  private readonly touched: Uint8Array | null;
  private order: Int32Array;
  private count = 0;
  private readonly maps: Map<number, Map<number, [number, number]>> | null;
  constructor(private readonly n: number) {
    const dense = n <= DENSE_COHORT_PERIODS;
    this.dl = dense ? new Float64Array(n * n) : null;
    this.dr = dense ? new Float64Array(n * n) : null;
    this.touched = dense ? new Uint8Array(n * n) : null;
    this.order = new Int32Array(dense ? 64 : 0);
    this.maps = dense ? null : new Map();
  }
  add(c: number, i: number, dActive: number, dMrr: number): void {
    if (this.maps) {
      let cm = this.maps.get(c);
      if (!cm) { cm = new Map(); this.maps.set(c, cm); }
      let d = cm.get(i);
      if (!d) { d = [0, 0]; cm.set(i, d); }
      d[0] += dActive;
      d[1] += dMrr;
      return;
    }
    const cell = c * this.n + i;
    if (!this.touched![cell]) {
      this.touched![cell] = 1;
      if (this.count === this.order.length) { const more = new Int32Array(this.order.length * 2); more.set(this.order); this.order = more; }
      this.order[this.count++] = cell;
    }
    // As the maps do: [0, 0] plus the deltas in customer order.
    this.dl![cell]! += dActive;
    this.dr![cell]! += dMrr;
  }
  toMaps(): Map<number, Map<number, [number, number]>> {
    if (this.maps) return this.maps;
    const out = new Map<number, Map<number, [number, number]>>();
    for (let j = 0; j < this.count; j++) {
      const cell = this.order[j]!, c = Math.floor(cell / this.n), i = cell - c * this.n;
      let cm = out.get(c);
      if (!cm) { cm = new Map(); out.set(c, cm); }
      cm.set(i, [this.dl![cell]!, this.dr![cell]!]);
    }
    return out;
  }
}

/** Period lists up to this long keep cohort deltas in dense cells (n² of them per segment). */
const DENSE_COHORT_PERIODS = 160;

interface SegmentAcc {
  acc: Float64Array;
  cohorts: CohortCells;
  init: { mrr: number; active: number; contracted: number };
  allCount: number; allDays: number; churnedCount: number; churnedDays: number;
}

/**
 * The movement aggregates of `periods` (events on or after min(last period end, asOfEnd) left
 * out), per segment; the same values, in the same order of additions, as the single-scan fold.
 */
export function bucketRevenueTimeline(tl: RevenueTimeline, periods: readonly Period[], asOfEnd: number): Map<string | null, RevenueAggregates> {
  const n = periods.length;
  const first = periods[0]!.start, limit = Math.min(periods[n - 1]!.end, asOfEnd);
  const dayIdx = new Int32Array(periods[n - 1]!.end - first);
  periods.forEach((p, i) => dayIdx.fill(i, p.start - first, p.end - first));
  const T = asOfEnd;
  const { custGroups, groupSeg, groupEvents, evDay, evV, evContracted } = tl;

  const segAcc: Array<SegmentAcc | undefined> = new Array(tl.segValues.length);
  const segOrder: number[] = [];
  const accOf = (s: number): SegmentAcc => {
    let a = segAcc[s];
    if (!a) {
      a = { acc: new Float64Array(FIELDS * n), cohorts: new CohortCells(n), init: { mrr: 0, active: 0, contracted: 0 }, allCount: 0, allDays: 0, churnedCount: 0, churnedDays: 0 };
      segAcc[s] = a;
      segOrder.push(s);
    }
    return a;
  };

  // Per customer, per kept group k (segment order): its events [ptr, end), running MRR, contracted
  // change in the open period, period-end balance before (s) and now (e).
  let cap = 8;
  let gIdx = new Int32Array(cap), gPtr = new Int32Array(cap), gEnd = new Int32Array(cap);
  let gRun = new Float64Array(cap), gCv = new Float64Array(cap), gS = new Float64Array(cap), gE = new Float64Array(cap);
  const gAcc: SegmentAcc[] = [];

  const C = custGroups.length - 1;
  for (let c = 0; c < C; c++) {
    const g0 = custGroups[c]!, g1 = custGroups[c + 1]!;
    if (g1 - g0 > cap) {
      cap = 2 * (g1 - g0);
      gIdx = new Int32Array(cap); gPtr = new Int32Array(cap); gEnd = new Int32Array(cap);
      gRun = new Float64Array(cap); gCv = new Float64Array(cap); gS = new Float64Array(cap); gE = new Float64Array(cap);
    }
    // Groups with events before the limit (the others did not exist for the fold).
    let K = 0;
    for (let g = g0; g < g1; g++) {
      const e0 = groupEvents[g]!, e1 = groupEvents[g + 1]!;
      let e = e0;
      while (e < e1 && evDay[e]! < limit) e++;
      if (e === e0) continue;
      gIdx[K] = g; gPtr[K] = e0; gEnd[K] = e; K++;
    }
    if (K === 0) continue;

    // Tenure, day level, per segment; and the customer's first day with MRR > 0 (any segment).
    let firstDay = NaN, firstSeg = -1;
    for (let k = 0; k < K; k++) {
      const a = (gAcc[k] = accOf(groupSeg[gIdx[k]!]!));
      const acc = a.acc;
      let dayRunning = 0, daysBefore = 0, activeDays = 0, prevBal = NaN, balNow = NaN, fDay = NaN;
      const end = gEnd[k]!;
      for (let i = gPtr[k]!; i < end;) {
        const day = evDay[i]!;
        const idx = day < first ? -1 : dayIdx[day - first]!;
        for (; i < end && evDay[i] === day; i++) dayRunning += evV[i]!;
        const bal = round6(dayRunning);
        if (bal > 0 && fDay !== fDay) fDay = day;
        const next = i < end ? evDay[i]! : NaN;
        if (prevBal > 0 && bal <= 0 && idx >= 0) {
          acc[ENDED_N * n + idx]!++;
          acc[ENDED_DAYS * n + idx]! += daysBefore;
        }
        if (bal > 0) {
          if (next === next) daysBefore += next - day;
          if (day < T) activeDays += Math.min(next === next ? next : T, T) - day;
        }
        if (day < T) balNow = bal;
        prevBal = bal;
      }
      if (activeDays > 0) {
        a.allCount++; a.allDays += activeDays;
        if ((balNow === balNow ? balNow : 0) <= 0) { a.churnedCount++; a.churnedDays += activeDays; }
      }
      if (fDay === fDay && (firstDay !== firstDay || fDay < firstDay)) { firstDay = fDay; firstSeg = k; }
    }
    const firstIdx = firstDay !== firstDay ? -2 : firstDay < first ? -1 : dayIdx[firstDay - first]!;

    for (let k = 0; k < K; k++) { gRun[k] = 0; gCv[k] = 0; gS[k] = 0; }
    // Periods with an event of the customer, in order: each gets the segments' balances at its end.
    for (;;) {
      let idx = 0x7fffffff;
      for (let k = 0; k < K; k++) {
        const p = gPtr[k]!;
        if (p < gEnd[k]!) {
          const day = evDay[p]!;
          const i = day < first ? -1 : dayIdx[day - first]!;
          if (i < idx) idx = i;
        }
      }
      if (idx === 0x7fffffff) break;
      for (let k = 0; k < K; k++) {
        let p = gPtr[k]!;
        const end = gEnd[k]!;
        let run = gRun[k]!, cv = gCv[k]!;
        for (; p < end; p++) {
          const day = evDay[p]!;
          if ((day < first ? -1 : dayIdx[day - first]!) !== idx) break;
          run += evV[p]!;
          cv += evContracted[p] ? evV[p]! : 0;
        }
        gPtr[k] = p; gRun[k] = run; gCv[k] = cv;
        gE[k] = Math.max(0, round6(run));
      }
      if (idx < 0) {
        for (let k = 0; k < K; k++) {
          const init = gAcc[k]!.init, e = gE[k]!;
          init.mrr += e; if (e > 0) init.active++; init.contracted += gCv[k]!;
        }
      } else {
        allocate(K, idx, n, firstIdx === idx, firstIdx, firstSeg, gS, gE, gCv, gAcc);
      }
      for (let k = 0; k < K; k++) { gS[k] = gE[k]!; gCv[k] = 0; }
    }
  }

  const out = new Map<string | null, RevenueAggregates>();
  for (const s of segOrder) {
    const x = segAcc[s]!;
    const a = emptyAggregates(n);
    const field = (f: number) => Array.from(x.acc.subarray(f * n, (f + 1) * n));
    a.newN = field(NEW_N); a.newV = field(NEW_V); a.reactN = field(REACT_N); a.reactV = field(REACT_V);
    a.expN = field(EXP_N); a.expV = field(EXP_V); a.contrN = field(CONTR_N); a.contrV = field(CONTR_V);
    a.churnN = field(CHURN_N); a.churnV = field(CHURN_V); a.inN = field(IN_N); a.inV = field(IN_V);
    a.outN = field(OUT_N); a.outV = field(OUT_V); a.firstN = field(FIRST_N);
    a.cohortDeltas = x.cohorts.toMaps();
    a.tenure.endedN = field(ENDED_N);
    a.tenure.allCount = x.allCount; a.tenure.churnedCount = x.churnedCount;
    finishBalances(a, x.init, field(CD));
    const endedDays = field(ENDED_DAYS);
    a.tenure.endedMeanMonths = a.tenure.endedN.map((k, i) => (k > 0 ? endedDays[i]! / k / DAYS_PER_MONTH : null));
    a.tenure.allMeanMonths = a.tenure.allCount > 0 ? x.allDays / a.tenure.allCount / DAYS_PER_MONTH : null;
    a.tenure.churnedMeanMonths = a.tenure.churnedCount > 0 ? x.churnedDays / a.tenure.churnedCount / DAYS_PER_MONTH : null;
    out.set(tl.segValues[s]!, a);
  }
  return out;
}

/**
 * One customer's movements in period `idx`, attributed to its segments and added to their
 * accumulators: allocateSegmentMoves (money-revenue-base.ts, the rule's statement) computed in
 * place over the K segments' start (s) and end (e) balances, in the same order of operations.
 * Additions of 0 are skipped: an accumulator starts at +0 and never becomes −0, so adding ±0
 * leaves it unchanged.
 */
function allocate(
  K: number, idx: number, n: number, first: boolean, firstIdx: number, firstSeg: number,
  gS: Float64Array, gE: Float64Array, gCv: Float64Array, gAcc: SegmentAcc[],
): void {
  let sumS = 0, sumE = 0, gains = 0, losses = 0, allZero = true;
  for (let k = 0; k < K; k++) {
    const s = gS[k]!, e = gE[k]!;
    sumS += s; sumE += e;
    if (e > s) gains += e - s; else losses += s - e;
    if (e !== 0) allZero = false;
  }
  const S = round6(sumS), E = round6(sumE);
  let movable = round6(Math.min(gains, losses));
  const joinedLeft = first && allZero;
  for (let k = 0; k < K; k++) {
    const s = gS[k]!, e = gE[k]!;
    const x = gAcc[k]!, acc = x.acc;
    let newN = 0, newV = 0, reactN = 0, reactV = 0, expN = 0, expV = 0, contrN = 0, contrV = 0, churnN = 0, churnV = 0;
    let inN = 0, inV = 0, outN = 0, outV = 0;
    if (S === 0 && E > 0) {
      if (e > 0) { if (first) { newN = 1; newV = e; } else { reactN = 1; reactV = e; } }
    } else if (S > 0 && E === 0) {
      if (s > 0) { churnN = 1; churnV = s; }
    } else if (S > 0 && E > 0) {
      if (e > s) {
        const gain = round6(e - s);
        inV = E >= S ? Math.min(gain, movable) : gain;
        if (E >= S) movable = round6(movable - inV);
        expV = round6(gain - inV);
      } else if (e < s) {
        const loss = round6(s - e);
        outV = E < S ? Math.min(loss, movable) : loss;
        if (E < S) movable = round6(movable - outV);
        contrV = round6(loss - outV);
      }
      inN = s === 0 && e > 0 ? 1 : 0;
      outN = s > 0 && e === 0 ? 1 : 0;
      expN = expV > 0 ? 1 : 0;
      contrN = contrV > 0 ? 1 : 0;
    }
    const cv = gCv[k]!;
    if (cv !== 0) acc[CD * n + idx]! += cv;
    if (newN) { acc[NEW_N * n + idx]! += newN; acc[NEW_V * n + idx]! += newV; }
    if (reactN) { acc[REACT_N * n + idx]! += reactN; acc[REACT_V * n + idx]! += reactV; }
    if (expN) acc[EXP_N * n + idx]! += expN;
    if (expV !== 0) acc[EXP_V * n + idx]! += expV;
    if (contrN) acc[CONTR_N * n + idx]! += contrN;
    if (contrV !== 0) acc[CONTR_V * n + idx]! += contrV;
    if (churnN) { acc[CHURN_N * n + idx]! += churnN; acc[CHURN_V * n + idx]! += churnV; }
    if (inN) acc[IN_N * n + idx]! += inN;
    if (inV !== 0) acc[IN_V * n + idx]! += inV;
    if (outN) acc[OUT_N * n + idx]! += outN;
    if (outV !== 0) acc[OUT_V * n + idx]! += outV;
    // Cohort size: the customer's new segments, or the segment it began in when it left again.
    const firstN = newN + (joinedLeft && k === firstSeg ? 1 : 0);
    if (firstN) acc[FIRST_N * n + idx]! += firstN;
    if (firstIdx >= 0 && idx >= firstIdx && e !== s) {
      x.cohorts.add(firstIdx, idx, (e > 0 ? 1 : 0) - (s > 0 ? 1 : 0), e - s);
    }
  }
}
