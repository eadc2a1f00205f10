// MRR movements (METRICS.md §4.1), computed once per data set and period list and cached:
// the revenue and value families read every number from these aggregates, so a parameter change
// (churn.variant, churn.annualize, arr.variant, clv.variant…) costs no SQL beyond a fingerprint.
//
// How: customer MRR is piecewise constant, changing only at subscription starts and ends. Each
// subscription becomes two events (+mrr at start_date, −mrr at end_date); events are summed per
// customer and period, and a running sum per customer gives its MRR at every period end (the last
// day of the period, end − 1; for the current period, the as-of date when that is earlier — events
// after the as-of date are left out). Only (customer, period) pairs where something happened are stored,
// so the work grows with the number of subscriptions, not customers × periods. Events before the
// first period fall into index −1: their running sum is the starting balance of the first period.
// `mrr_snapshots` rows become the interval [first day of their Gregorian month, first day of the
// next month), so a customer's MRR in a month is its snapshot for that month (0 when absent).
// revenueSqlPipeline is that definition as portable SQL (shown with every metric; the tests run
// it against the fold); money-revenue-fold.ts computes the same aggregates in one scan and is what
// runs (revenueBase, there: the fold imports this module, never the other way round).
import { queryRows, type Database } from '../../store/database';
import type { Period } from '../../../shared/calendar/periods';
import type { MetricContext } from '../types';
import {
  gregorianMonthBounds,
} from './money-common';

export type RevenueSource = 'subscriptions' | 'mrr_snapshots';

/** Which dataset MRR comes from: subscriptions when mapped, else snapshots, else none. */
export function revenueSource(ctx: MetricContext): RevenueSource | null {
  if (ctx.has('subscriptions', 'customer_id', 'start_date')
    && (ctx.has('subscriptions', 'mrr') || ctx.has('subscriptions', 'amount'))) return 'subscriptions';
  if (ctx.has('mrr_snapshots', 'customer_id', 'month', 'mrr')) return 'mrr_snapshots';
  return null;
}

/** Per-period aggregates of one segment (or the total). Arrays are indexed like the periods. */
export interface RevenueAggregates {
  startMrr: number[];
  endMrr: number[];
  startActive: number[];
  endActive: number[];
  newN: number[]; newV: number[];
  reactN: number[]; reactV: number[];
  expN: number[]; expV: number[];
  contrN: number[]; contrV: number[];
  churnN: number[]; churnV: number[];
  /**
   * Movements between segments (zero in the total): MRR a retained customer brings into / takes
   * out of the segment, and customers entering / leaving it while staying active. See
   * `allocateSegmentMoves`.
   */
  inN: number[]; inV: number[];
  outN: number[]; outV: number[];
  /** Customers whose first day of activity ever falls in the period. */
  firstN: number[];
  /** firstN − new: customers who joined and left inside the period (inclusive churn). */
  joinedLeftN: number[];
  /** MRR at period end of subscriptions with term_months ≥ 12 (subscriptions only). */
  contractedMrr: number[];
  /** Cohort deltas: cohort (first-activity period) → period → [Δ active customers, Δ MRR]. */
  cohortDeltas: Map<number, Map<number, [number, number]>>;
  tenure: TenureAggregates;
}

export interface TenureAggregates {
  /** Customers ever active up to the as-of date, and their mean months active (to the as-of date). */
  allCount: number; allMeanMonths: number | null;
  /** Customers not active on the as-of date who were active before, and their mean months active. */
  churnedCount: number; churnedMeanMonths: number | null;
  /** Per period: customers whose paid activity ended in it, and their mean months active until then. */
  endedN: number[]; endedMeanMonths: Array<number | null>;
}

export interface RevenueBase {
  source: RevenueSource;
  /** Aggregates per segment value (the key null = rows without a segment value, or the total). */
  bySegment: Map<string | null, RevenueAggregates>;
  /** The SQL that defines the aggregates (shown to the user). */
  sql: string;
}

/** The aggregates of the context's segment (zeros when the segment has no rows). */
export function aggregatesFor(ctx: MetricContext, base: RevenueBase, n: number): RevenueAggregates {
  const seg = ctx.segmentValue;
  return base.bySegment.get(seg) ?? emptyAggregates(n);
}

export function emptyAggregates(n: number): RevenueAggregates {
  const z = () => new Array<number>(n).fill(0);
  return {
    startMrr: z(), endMrr: z(), startActive: z(), endActive: z(),
    newN: z(), newV: z(), reactN: z(), reactV: z(), expN: z(), expV: z(), contrN: z(), contrV: z(),
    churnN: z(), churnV: z(), inN: z(), inV: z(), outN: z(), outV: z(), firstN: z(), joinedLeftN: z(), contractedMrr: z(), cohortDeltas: new Map(),
    tenure: {
      allCount: 0, allMeanMonths: null, churnedCount: 0, churnedMeanMonths: null,
      endedN: z(), endedMeanMonths: new Array<number | null>(n).fill(null),
    },
  };
}

/**
 * Balances follow from the movements: end = start + new + reactivation + expansion − contraction
 * − churn + moved in − moved out, from the balance before the first period (`init`); `contractedDelta` per period.
 */
export function finishBalances(
  a: RevenueAggregates, init: { mrr: number; active: number; contracted: number }, contractedDelta: number[],
): void {
  // Sums of many float amounts are rounded to 1e-6 so 90 032 745.31 does not show as …30999996;
  // the identity then holds on the rounded values.
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  for (const arr of [a.newV, a.reactV, a.expV, a.contrV, a.churnV, a.inV, a.outV]) arr.forEach((v, i) => { arr[i] = r6(v); });
  let mrr = r6(init.mrr), active = init.active, contracted = init.contracted;
  for (let i = 0; i < a.startMrr.length; i++) {
    a.startMrr[i] = mrr;
    a.startActive[i] = active;
    mrr = r6(mrr + a.newV[i]! + a.reactV[i]! + a.expV[i]! - a.contrV[i]! - a.churnV[i]! + a.inV[i]! - a.outV[i]!);
    active += a.newN[i]! + a.reactN[i]! - a.churnN[i]! + a.inN[i]! - a.outN[i]!;
    contracted += contractedDelta[i]!;
    a.endMrr[i] = mrr;
    a.endActive[i] = active;
    a.contractedMrr[i] = Math.max(0, Math.round(contracted * 1e6) / 1e6);
    a.joinedLeftN[i] = a.firstN[i]! - a.newN[i]!;
  }
}

/** Segment keys in the order the allocation walks them: rows without a value first, then by text. */
export function compareSegments(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** One segment's MRR of a customer at the start (s) and end (e) of a period, both ≥ 0. */
export interface SegmentBalance { seg: string | null; s: number; e: number }

/** A segment's share of one customer's movements in one period. */
export interface SegmentMoves {
  seg: string | null;
  newV: number; reactV: number; expV: number; contrV: number; churnV: number; inV: number; outV: number;
  newN: number; reactN: number; expN: number; contrN: number; churnN: number; inN: number; outN: number;
}

/**
 * The movements of one customer in one period, attributed to its segments so every segment
 * reconciles (s + new + reactivation + expansion − contraction − churn + in − out = e) and the
 * segments add up to the customer's movement in the total:
 * - the customer is classified on its whole MRR (S = Σ s, E = Σ e): new or reactivated when
 *   S = 0 < E (every segment's e is new / reactivation MRR), churned when S > 0 = E;
 * - a retained customer (S, E > 0) whose MRR shifts between segments *moves* min(gains, losses)
 *   from the segments that lost MRR to those that gained it; the rest is the customer's
 *   expansion (E > S) in the gaining segments or contraction (E < S) in the losing ones. A plan
 *   change 149 → 499 is 149 moved out of the old plan and into the new one, plus 350 expansion
 *   in the new plan; 499 → 149 is 149 moved and 350 contraction in the old plan. With several
 *   gaining (losing) segments, moves fill them in `compareSegments` order.
 * Counts: a segment counts the customer as moved in (out) when its MRR there goes from 0 to
 * positive (positive to 0) while the customer stays active. Counts add up over segments when a
 * customer is in one segment at a time (a customer in two at once is counted in both).
 * `first`: the customer's first day of activity ever falls in this period. revenueSqlPipeline
 * states the same rule in SQL.
 */
export function allocateSegmentMoves(parts: readonly SegmentBalance[], first: boolean): SegmentMoves[] {
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const S = r6(parts.reduce((t, p) => t + p.s, 0)), E = r6(parts.reduce((t, p) => t + p.e, 0));
  const sorted = [...parts].sort((a, b) => compareSegments(a.seg, b.seg));
  let gains = 0, losses = 0;
  for (const p of sorted) { if (p.e > p.s) gains += p.e - p.s; else losses += p.s - p.e; }
  let movable = r6(Math.min(gains, losses));
  return sorted.map((p) => {
    const m: SegmentMoves = {
      seg: p.seg, newV: 0, reactV: 0, expV: 0, contrV: 0, churnV: 0, inV: 0, outV: 0,
      newN: 0, reactN: 0, expN: 0, contrN: 0, churnN: 0, inN: 0, outN: 0,
    };
    if (S === 0 && E > 0) {
      if (p.e > 0) { if (first) { m.newN = 1; m.newV = p.e; } else { m.reactN = 1; m.reactV = p.e; } }
    } else if (S > 0 && E === 0) {
      if (p.s > 0) { m.churnN = 1; m.churnV = p.s; }
    } else if (S > 0 && E > 0) {
      if (p.e > p.s) {
        const gain = r6(p.e - p.s);
        m.inV = E >= S ? Math.min(gain, movable) : gain;
        if (E >= S) movable = r6(movable - m.inV);
        m.expV = r6(gain - m.inV);
      } else if (p.e < p.s) {
        const loss = r6(p.s - p.e);
        m.outV = E < S ? Math.min(loss, movable) : loss;
        if (E < S) movable = r6(movable - m.outV);
        m.contrV = r6(loss - m.outV);
      }
      m.inN = p.s === 0 && p.e > 0 ? 1 : 0;
      m.outN = p.s > 0 && p.e === 0 ? 1 : 0;
      m.expN = m.expV > 0 ? 1 : 0;
      m.contrN = m.contrV > 0 ? 1 : 0;
    }
    return m;
  });
}

/** Events (+mrr at start, −mrr at end) of the source, as a SELECT of (seg, cust, day, v, cv). */
function eventsSql(source: RevenueSource, segCol: string, limit: number, monthTable: string): string {
  if (source === 'subscriptions') {
    const valid = 'customer_id IS NOT NULL AND mrr IS NOT NULL AND mrr <> 0 AND start_date IS NOT NULL'
      + ' AND (end_date IS NULL OR end_date > start_date)';
    const cv = (sign: string) => `CASE WHEN term_months >= 12 THEN ${sign}mrr ELSE 0 END`;
    return `SELECT ${segCol} AS seg, customer_id AS cust, start_date AS day, mrr AS v, ${cv('')} AS cv
  FROM n_subscriptions WHERE ${valid} AND start_date < ${limit}
UNION ALL
SELECT ${segCol}, customer_id, end_date, -mrr, ${cv('-')}
  FROM n_subscriptions WHERE ${valid} AND end_date IS NOT NULL AND end_date < ${limit}`;
  }
  const valid = 's.customer_id IS NOT NULL AND s.mrr IS NOT NULL AND s.mrr <> 0';
  return `SELECT ${segCol === 'NULL' ? 'NULL' : 's._seg'} AS seg, s.customer_id AS cust, m.mstart AS day, s.mrr AS v, 0 AS cv
  FROM n_mrr_snapshots s JOIN ${monthTable} m ON m.day = s.month WHERE ${valid} AND m.mstart < ${limit}
UNION ALL
SELECT ${segCol === 'NULL' ? 'NULL' : 's._seg'}, s.customer_id, m.mend, -s.mrr, 0
  FROM n_mrr_snapshots s JOIN ${monthTable} m ON m.day = s.month WHERE ${valid} AND m.mend < ${limit}`;
}

/** Temp table day → Gregorian month bounds over the snapshot months' range. */
export function writeSnapshotMonthTable(db: Database, name: string): void {
  db.run(`DROP TABLE IF EXISTS ${name}; CREATE TEMP TABLE ${name} (day INTEGER PRIMARY KEY, mstart INTEGER, mend INTEGER);`);
  const { rows } = queryRows(db, 'SELECT MIN(month), MAX(month) FROM n_mrr_snapshots');
  const lo = rows[0]?.[0], hi = rows[0]?.[1];
  if (typeof lo !== 'number' || typeof hi !== 'number') return;
  const stmt = db.prepare(`INSERT INTO ${name} VALUES (?, ?, ?)`);
  try {
    db.run('BEGIN');
    for (let d = lo; d <= hi;) {
      const b = gregorianMonthBounds(d);
      for (; d < b.end && d <= hi; d++) stmt.run([d, b.start, b.end]);
    }
    db.run('COMMIT');
  } finally {
    stmt.free();
  }
}

export interface RevenueSqlNames { days: string; months: string; ev: string; bal: string }

/**
 * The set-based SQL definition of the movement aggregates (portable: window functions, CASE,
 * COALESCE; dialect functions via `least`). Shown with every revenue metric; the tests execute
 * it (test/unit/revenue-sql-runner.ts) and check it against the fold and a day-by-day reference.
 */
export function revenueSqlPipeline(
  source: RevenueSource, periods: readonly Period[], bySeg: boolean, asOfEnd: number,
  least: (a: string, b: string) => string, names: RevenueSqlNames,
) {
  const { days, months, ev, bal } = names;
  const n = periods.length;
  // Nothing after the as-of date counts: the current period's balance is the one on the as-of date.
  const limit = Math.min(periods[n - 1]!.end, asOfEnd);
  const segCol = bySeg ? '_seg' : 'NULL';
  // 1. Events summed per customer and day.
  const evSql = `CREATE TEMP TABLE ${ev} AS
SELECT seg, cust, day, SUM(v) AS dv, SUM(cv) AS dcv
FROM (
${eventsSql(source, segCol, limit, months)}
) x GROUP BY seg, cust, day`;
  // 2. Segment × customer × period rows where something happened: e = the segment's MRR of the
  //    customer at period end (running sum, rounded so float residues of +x−x are 0; negative
  //    balances count as 0), s = previous e; first_idx = period of the customer's first day with
  //    MRR > 0 in any segment, first_seg = the segment it began in (the first in segment order
  //    when several began that day).
  const segOrder = (col: string) => `CASE WHEN ${col} IS NULL THEN 0 ELSE 1 END, ${col}`;
  const balSql = `CREATE TEMP TABLE ${bal} AS
WITH fd AS (
  SELECT seg, cust, MIN(day) AS first_day FROM (
    SELECT seg, cust, day, ROUND(SUM(dv) OVER (PARTITION BY seg, cust ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 6) AS bal
    FROM ${ev}
  ) d WHERE bal > 0 GROUP BY seg, cust
), fp AS (
  SELECT cust, first_day, seg AS first_seg FROM (
    SELECT cust, seg, first_day, ROW_NUMBER() OVER (PARTITION BY cust ORDER BY first_day, ${segOrder('seg')}) AS rn FROM fd
  ) q WHERE rn = 1
), g AS (
  SELECT ev.seg, ev.cust, COALESCE(k.idx, -1) AS idx, SUM(ev.dv) AS dv, SUM(ev.dcv) AS dcv
  FROM ${ev} ev LEFT JOIN ${days} k ON k.day = ev.day
  GROUP BY ev.seg, ev.cust, COALESCE(k.idx, -1)
), r AS (
  SELECT seg, cust, idx, dcv,
    ROUND(SUM(dv) OVER (PARTITION BY seg, cust ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 6) AS running
  FROM g
), c AS (
  SELECT seg, cust, idx, dcv, CASE WHEN running > 0 THEN running ELSE 0 END AS e FROM r
)
SELECT c.seg, c.cust, c.idx, c.dcv, c.e,
  COALESCE(LAG(c.e) OVER (PARTITION BY c.seg, c.cust ORDER BY c.idx), 0) AS s,
  CASE WHEN fp.first_day IS NULL THEN -2 ELSE COALESCE(f.idx, -1) END AS first_idx, fp.first_seg
FROM c LEFT JOIN fp ON fp.cust = c.cust
  LEFT JOIN ${days} f ON f.day = fp.first_day`;
  // 3. Movements per period (allocateSegmentMoves): the customer is classified on its MRR over all
  //    segments (cs at the start, ce at the end: running sums of the segments' changes): new
  //    (cs = 0 < ce, first activity in this period), reactivation (cs = 0 < ce, active before),
  //    churn (cs > 0 = ce); a retained customer moves min(gains, losses) between its segments, in
  //    segment order, and the rest is expansion where it gained or contraction where it lost.
  const mv = 'CASE WHEN gains < losses THEN gains ELSE losses END';
  const fill = (amount: string, before: string) =>
    `CASE WHEN ${amount} < ROUND(${mv} - ${before}, 6) THEN ${amount} WHEN ${mv} - ${before} > 0 THEN ROUND(${mv} - ${before}, 6) ELSE 0 END`;
  const aggSql = `WITH t AS (
  SELECT cust, idx, SUM(e - s) AS d FROM ${bal} GROUP BY cust, idx
), tc AS (
  SELECT cust, idx, d, SUM(d) OVER (PARTITION BY cust ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ce FROM t
), m AS (
  SELECT b.seg, b.cust, b.idx, b.dcv, b.e, b.s, b.first_idx, b.first_seg,
    ROUND(tc.ce - tc.d, 6) AS cs, ROUND(tc.ce, 6) AS ce,
    CASE WHEN b.e > b.s THEN ROUND(b.e - b.s, 6) ELSE 0 END AS gain,
    CASE WHEN b.s > b.e THEN ROUND(b.s - b.e, 6) ELSE 0 END AS loss
  FROM ${bal} b JOIN tc ON tc.cust = b.cust AND tc.idx = b.idx
), w AS (
  SELECT seg, cust, idx, dcv, e, s, first_idx, first_seg, cs, ce, gain, loss,
    ROUND(SUM(gain) OVER (PARTITION BY cust, idx), 6) AS gains, ROUND(SUM(loss) OVER (PARTITION BY cust, idx), 6) AS losses,
    COALESCE(SUM(gain) OVER (PARTITION BY cust, idx ORDER BY ${segOrder('seg')} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS gain_before,
    COALESCE(SUM(loss) OVER (PARTITION BY cust, idx ORDER BY ${segOrder('seg')} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS loss_before
  FROM m
), v AS (
  SELECT seg, idx, dcv, e, s, first_idx, first_seg, cs, ce,
    CASE WHEN cs > 0 AND ce > 0 AND gain > 0 THEN (CASE WHEN ce >= cs THEN ${fill('gain', 'gain_before')} ELSE gain END) ELSE 0 END AS in_v,
    CASE WHEN cs > 0 AND ce > 0 AND loss > 0 THEN (CASE WHEN ce < cs THEN ${fill('loss', 'loss_before')} ELSE loss END) ELSE 0 END AS out_v,
    CASE WHEN cs > 0 AND ce > 0 THEN gain ELSE 0 END AS gain_r, CASE WHEN cs > 0 AND ce > 0 THEN loss ELSE 0 END AS loss_r
  FROM w
), x AS (
  SELECT seg, idx, dcv, e, s, first_idx, first_seg, cs, ce, in_v, out_v,
    ROUND(gain_r - in_v, 6) AS exp_v, ROUND(loss_r - out_v, 6) AS contr_v,
    CASE WHEN cs = 0 AND ce > 0 AND e > 0 AND first_idx = idx THEN 1 ELSE 0 END AS is_new
  FROM v
)
SELECT seg, idx,
  SUM(e) AS e_sum, SUM(CASE WHEN e > 0 THEN 1 ELSE 0 END) AS e_pos, SUM(dcv) AS dcv,
  SUM(is_new + CASE WHEN first_idx = idx AND ce = 0 AND (seg = first_seg OR (seg IS NULL AND first_seg IS NULL)) THEN 1 ELSE 0 END) AS first_n,
  SUM(is_new) AS new_n,
  SUM(CASE WHEN is_new = 1 THEN e ELSE 0 END) AS new_v,
  SUM(CASE WHEN cs = 0 AND ce > 0 AND e > 0 AND first_idx <> idx THEN 1 ELSE 0 END) AS react_n,
  SUM(CASE WHEN cs = 0 AND ce > 0 AND e > 0 AND first_idx <> idx THEN e ELSE 0 END) AS react_v,
  SUM(CASE WHEN exp_v > 0 THEN 1 ELSE 0 END) AS exp_n, SUM(exp_v) AS exp_v,
  SUM(CASE WHEN contr_v > 0 THEN 1 ELSE 0 END) AS contr_n, SUM(contr_v) AS contr_v,
  SUM(CASE WHEN cs > 0 AND ce = 0 AND s > 0 THEN 1 ELSE 0 END) AS churn_n,
  SUM(CASE WHEN cs > 0 AND ce = 0 AND s > 0 THEN s ELSE 0 END) AS churn_v,
  SUM(CASE WHEN cs > 0 AND ce > 0 AND s = 0 AND e > 0 THEN 1 ELSE 0 END) AS in_n, SUM(in_v) AS in_v,
  SUM(CASE WHEN cs > 0 AND ce > 0 AND s > 0 AND e = 0 THEN 1 ELSE 0 END) AS out_n, SUM(out_v) AS out_v
FROM x GROUP BY seg, idx`;
  // 4. Cohort deltas: per first-activity period and period, the change in active customers and MRR.
  const cohortSql = `SELECT seg, first_idx, idx,
  SUM((CASE WHEN e > 0 THEN 1 ELSE 0 END) - (CASE WHEN s > 0 THEN 1 ELSE 0 END)) AS dl, SUM(e - s) AS dr
FROM ${bal} WHERE first_idx >= 0 AND idx >= first_idx GROUP BY seg, first_idx, idx`;
  // 5. Tenure at day level: running balance per customer and event day; segments [day, next day)
  //    with a positive balance are days active. An activity end = a row whose balance drops to 0.
  const T = asOfEnd;
  const tenureRowsSql = `WITH r AS (
  SELECT seg, cust, day, ROUND(SUM(dv) OVER (PARTITION BY seg, cust ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 6) AS bal,
    LEAD(day) OVER (PARTITION BY seg, cust ORDER BY day) AS nxt
  FROM ${ev}
), a AS (
  SELECT seg, cust, day, bal, nxt,
    LAG(bal) OVER (PARTITION BY seg, cust ORDER BY day) AS prev_bal,
    COALESCE(SUM(CASE WHEN bal > 0 THEN nxt - day ELSE 0 END) OVER (PARTITION BY seg, cust ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS days_before
  FROM r
)`;
  const tenureEndedSql = `${tenureRowsSql}
SELECT a.seg, k.idx, COUNT(*) AS n, AVG(a.days_before) AS mean_days
FROM a JOIN ${days} k ON k.day = a.day
WHERE a.bal <= 0 AND a.prev_bal > 0
GROUP BY a.seg, k.idx`;
  const tenureNowSql = `${tenureRowsSql}, cu AS (
  SELECT seg, cust,
    SUM(CASE WHEN bal > 0 AND day < ${T} THEN ${least(`COALESCE(nxt, ${T})`, String(T))} - day ELSE 0 END) AS days_active,
    MAX(CASE WHEN day < ${T} AND (nxt IS NULL OR nxt >= ${T}) THEN bal END) AS bal_now
  FROM a GROUP BY seg, cust
)
SELECT seg, COUNT(*) AS all_n, AVG(days_active) AS all_days,
  SUM(CASE WHEN COALESCE(bal_now, 0) <= 0 THEN 1 ELSE 0 END) AS churned_n,
  AVG(CASE WHEN COALESCE(bal_now, 0) <= 0 THEN days_active END) AS churned_days
FROM cu WHERE days_active > 0 GROUP BY seg`;

  const display = [
    `-- ${days}(day, idx) maps every day of the analysis periods to its period index (as tmp_periods)`
      + (source === 'mrr_snapshots' ? `; ${months}(day, mstart, mend) maps a snapshot month to its Gregorian month` : ''),
    `${evSql};`, `${balSql};`, `-- movements per period\n${aggSql};`, `-- cohorts\n${cohortSql};`,
    `-- tenure (activity ends per period)\n${tenureEndedSql};`, `-- tenure as of the as-of date\n${tenureNowSql};`,
  ].join('\n\n');
  return { evSql, balSql, aggSql, cohortSql, tenureEndedSql, tenureNowSql, display };
}

export type CustomerSelector =
  | 'active_end' | 'active_start' | 'new' | 'reactivated' | 'churned' | 'expansion' | 'contraction'
  | 'moved' | 'moved_in' | 'moved_out' | 'retained' | 'joined_left' | 'churned_inclusive' | 'first_in_period';

/**
 * Customer states for one period: cust, s / e (MRR in the context's segment at start − 1 / end − 1),
 * s_all / e_all (MRR over all segments: a customer is new, reactivated or churned by those, as in
 * allocateSegmentMoves), before (active before start), starts_in (first paid row inside the period).
 */
function customerStatesSql(ctx: MetricContext, source: RevenueSource, p: Period): string {
  const ts = p.start - 1, te = Math.min(p.end - 1, ctx.asOfDay);
  const inSeg = ctx.segFilter();
  if (source === 'subscriptions') {
    const valid = 'customer_id IS NOT NULL AND mrr IS NOT NULL AND start_date IS NOT NULL AND (end_date IS NULL OR end_date > start_date)';
    const on = (t: number) => `start_date <= ${t} AND (end_date IS NULL OR end_date > ${t})`;
    return `SELECT customer_id AS cust,
    ROUND(COALESCE(SUM(CASE WHEN ${inSeg} AND ${on(ts)} THEN mrr END), 0), 6) AS s,
    ROUND(COALESCE(SUM(CASE WHEN ${inSeg} AND ${on(te)} THEN mrr END), 0), 6) AS e,
    ROUND(COALESCE(SUM(CASE WHEN ${on(ts)} THEN mrr END), 0), 6) AS s_all,
    ROUND(COALESCE(SUM(CASE WHEN ${on(te)} THEN mrr END), 0), 6) AS e_all,
    MAX(CASE WHEN mrr > 0 AND start_date < ${p.start} THEN 1 ELSE 0 END) AS before,
    MAX(CASE WHEN mrr > 0 AND start_date >= ${p.start} AND start_date <= ${te} THEN 1 ELSE 0 END) AS starts_in
  FROM n_subscriptions WHERE ${valid} GROUP BY customer_id`;
  }
  const ms = gregorianMonthBounds(ts), me = gregorianMonthBounds(te), first = gregorianMonthBounds(p.start);
  const valid = 'customer_id IS NOT NULL AND mrr IS NOT NULL AND month IS NOT NULL';
  const inS = `month >= ${ms.start} AND month < ${ms.end}`, inE = `month >= ${me.start} AND month < ${me.end}`;
  return `SELECT customer_id AS cust,
    ROUND(COALESCE(SUM(CASE WHEN ${inSeg} AND ${inS} THEN mrr END), 0), 6) AS s,
    ROUND(COALESCE(SUM(CASE WHEN ${inSeg} AND ${inE} THEN mrr END), 0), 6) AS e,
    ROUND(COALESCE(SUM(CASE WHEN ${inS} THEN mrr END), 0), 6) AS s_all,
    ROUND(COALESCE(SUM(CASE WHEN ${inE} THEN mrr END), 0), 6) AS e_all,
    MAX(CASE WHEN mrr > 0 AND month < ${first.start >= p.start ? first.start : first.end} THEN 1 ELSE 0 END) AS before,
    MAX(CASE WHEN mrr > 0 AND month >= ${first.start >= p.start ? first.start : first.end} AND month < ${me.end} THEN 1 ELSE 0 END) AS starts_in
  FROM n_mrr_snapshots WHERE ${valid} GROUP BY customer_id`;
}

/**
 * Which customers are behind a movement. In the total s = s_all and e = e_all. In a segment the
 * customer's class comes from its whole MRR (S, E); expansion (contraction) lists customers who
 * grew (shrank) overall and gained (lost) MRR in the segment; moved in (out) those who gained
 * (lost) more in the segment than their net change.
 */
function selectorCondition(sel: CustomerSelector): string {
  const pos = (x: string) => `CASE WHEN ${x} > 0 THEN ${x} ELSE 0 END`;
  const s = pos('s'), e = pos('e'), S = pos('s_all'), E = pos('e_all');
  const kept = `${S} > 0 AND ${E} > 0`;
  switch (sel) {
    case 'active_end': return `${e} > 0`;
    case 'active_start': return `${s} > 0`;
    case 'new': return `${S} = 0 AND ${E} > 0 AND ${e} > 0 AND before = 0`;
    case 'reactivated': return `${S} = 0 AND ${E} > 0 AND ${e} > 0 AND before = 1`;
    case 'churned': return `${S} > 0 AND ${E} = 0 AND ${s} > 0`;
    case 'expansion': return `${kept} AND ${E} > ${S} AND ${e} > ${s}`;
    case 'contraction': return `${kept} AND ${E} < ${S} AND ${e} < ${s}`;
    case 'moved_in': return `${kept} AND ${e} > ${s} AND ${E} - ${S} < ${e} - ${s}`;
    case 'moved_out': return `${kept} AND ${s} > ${e} AND ${S} - ${E} < ${s} - ${e}`;
    case 'moved': return `${s} <> ${e}`;
    case 'retained': return `${s} > 0 AND ${e} > 0`;
    case 'joined_left': return `before = 0 AND starts_in = 1 AND ${E} = 0`;
    case 'churned_inclusive': return `(${S} > 0 AND ${E} = 0 AND ${s} > 0) OR (before = 0 AND starts_in = 1 AND ${E} = 0)`;
    case 'first_in_period': return `before = 0 AND starts_in = 1`;
  }
}

/** Source rows of the selected customers behind a value of one period. */
export function revenueDrillSql(ctx: MetricContext, source: RevenueSource, p: Period, sel: CustomerSelector): string {
  const states = customerStatesSql(ctx, source, p);
  const table = source === 'subscriptions' ? 'n_subscriptions' : 'n_mrr_snapshots';
  // Balances (active at the end) show the rows paying on the last day; movements show every row
  // of the customer overlapping the period and its starting day.
  const te = Math.min(p.end - 1, ctx.asOfDay), ts = sel === 'active_end' ? te : p.start - 1;
  const overlap = source === 'subscriptions'
    ? `start_date <= ${te} AND (end_date IS NULL OR end_date > ${ts})`
    : `month >= ${gregorianMonthBounds(ts).start} AND month < ${gregorianMonthBounds(te).end}`;
  return `WITH c AS (
  ${states}
)
SELECT _src, _row FROM ${table}
WHERE ${ctx.segFilter()} AND ${overlap}
  AND customer_id IN (SELECT cust FROM c WHERE ${selectorCondition(sel)})
ORDER BY _src, _row`;
}
