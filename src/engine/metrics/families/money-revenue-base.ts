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
    churnN: z(), churnV: z(), firstN: z(), joinedLeftN: z(), contractedMrr: z(), cohortDeltas: new Map(),
    tenure: {
      allCount: 0, allMeanMonths: null, churnedCount: 0, churnedMeanMonths: null,
      endedN: z(), endedMeanMonths: new Array<number | null>(n).fill(null),
    },
  };
}

/**
 * Balances follow from the movements: end = start + new + reactivation + expansion − contraction
 * − churn, from the balance before the first period (`init`); `contractedDelta` per period.
 */
export function finishBalances(
  a: RevenueAggregates, init: { mrr: number; active: number; contracted: number }, contractedDelta: number[],
): void {
  // Sums of many float amounts are rounded to 1e-6 so 90 032 745.31 does not show as …30999996;
  // the identity then holds on the rounded values.
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  for (const arr of [a.newV, a.reactV, a.expV, a.contrV, a.churnV]) arr.forEach((v, i) => { arr[i] = r6(v); });
  let mrr = r6(init.mrr), active = init.active, contracted = init.contracted;
  for (let i = 0; i < a.startMrr.length; i++) {
    a.startMrr[i] = mrr;
    a.startActive[i] = active;
    mrr = r6(mrr + a.newV[i]! + a.reactV[i]! + a.expV[i]! - a.contrV[i]! - a.churnV[i]!);
    active += a.newN[i]! + a.reactN[i]! - a.churnN[i]!;
    contracted += contractedDelta[i]!;
    a.endMrr[i] = mrr;
    a.endActive[i] = active;
    a.contractedMrr[i] = Math.max(0, Math.round(contracted * 1e6) / 1e6);
    a.joinedLeftN[i] = a.firstN[i]! - a.newN[i]!;
  }
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
  // 2. Customer × period rows where something happened: e = MRR at period end (running sum,
  //    rounded so float residues of +x−x are 0; negative balances count as 0), s = previous e;
  //    first_idx = period of the customer's first day with MRR > 0.
  const sameSeg = (a: string, b: string) => `(${a}.seg = ${b}.seg OR (${a}.seg IS NULL AND ${b}.seg IS NULL))`;
  const balSql = `CREATE TEMP TABLE ${bal} AS
WITH fp AS (
  SELECT seg, cust, MIN(day) AS first_day FROM (
    SELECT seg, cust, day, ROUND(SUM(dv) OVER (PARTITION BY seg, cust ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 6) AS bal
    FROM ${ev}
  ) d WHERE bal > 0 GROUP BY seg, cust
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
  CASE WHEN fp.first_day IS NULL THEN -2 ELSE COALESCE(f.idx, -1) END AS first_idx
FROM c LEFT JOIN fp ON fp.cust = c.cust AND ${sameSeg('fp', 'c')}
  LEFT JOIN ${days} f ON f.day = fp.first_day`;
  // 3. Movements per period: new (s = 0 < e, first activity in this period), reactivation
  //    (s = 0 < e, active before), churn (s > 0 = e), expansion, contraction.
  const aggSql = `SELECT seg, idx,
  SUM(e) AS e_sum, SUM(CASE WHEN e > 0 THEN 1 ELSE 0 END) AS e_pos, SUM(dcv) AS dcv,
  SUM(CASE WHEN first_idx = idx THEN 1 ELSE 0 END) AS first_n,
  SUM(CASE WHEN s = 0 AND e > 0 AND first_idx = idx THEN 1 ELSE 0 END) AS new_n,
  SUM(CASE WHEN s = 0 AND e > 0 AND first_idx = idx THEN e ELSE 0 END) AS new_v,
  SUM(CASE WHEN s = 0 AND e > 0 AND first_idx <> idx THEN 1 ELSE 0 END) AS react_n,
  SUM(CASE WHEN s = 0 AND e > 0 AND first_idx <> idx THEN e ELSE 0 END) AS react_v,
  SUM(CASE WHEN s > 0 AND e > s THEN 1 ELSE 0 END) AS exp_n,
  SUM(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END) AS exp_v,
  SUM(CASE WHEN e > 0 AND e < s THEN 1 ELSE 0 END) AS contr_n,
  SUM(CASE WHEN e > 0 AND e < s THEN s - e ELSE 0 END) AS contr_v,
  SUM(CASE WHEN s > 0 AND e = 0 THEN 1 ELSE 0 END) AS churn_n,
  SUM(CASE WHEN s > 0 AND e = 0 THEN s ELSE 0 END) AS churn_v
FROM ${bal} GROUP BY seg, idx`;
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
  | 'moved' | 'retained' | 'joined_left' | 'churned_inclusive' | 'first_in_period';

/** Customer states for one period: cust, s (MRR at start − 1), e (MRR at end − 1), before (active before start). */
function customerStatesSql(ctx: MetricContext, source: RevenueSource, p: Period): string {
  const ts = p.start - 1, te = Math.min(p.end - 1, ctx.asOfDay);
  if (source === 'subscriptions') {
    const valid = `customer_id IS NOT NULL AND mrr IS NOT NULL AND start_date IS NOT NULL AND (end_date IS NULL OR end_date > start_date) AND ${ctx.segFilter()}`;
    const on = (t: number) => `start_date <= ${t} AND (end_date IS NULL OR end_date > ${t})`;
    return `SELECT customer_id AS cust,
    ROUND(COALESCE(SUM(CASE WHEN ${on(ts)} THEN mrr END), 0), 6) AS s,
    ROUND(COALESCE(SUM(CASE WHEN ${on(te)} THEN mrr END), 0), 6) AS e,
    MAX(CASE WHEN mrr > 0 AND start_date < ${p.start} THEN 1 ELSE 0 END) AS before,
    MAX(CASE WHEN mrr > 0 AND start_date >= ${p.start} AND start_date <= ${te} THEN 1 ELSE 0 END) AS starts_in
  FROM n_subscriptions WHERE ${valid} GROUP BY customer_id`;
  }
  const ms = gregorianMonthBounds(ts), me = gregorianMonthBounds(te), first = gregorianMonthBounds(p.start);
  const valid = `customer_id IS NOT NULL AND mrr IS NOT NULL AND month IS NOT NULL AND ${ctx.segFilter()}`;
  return `SELECT customer_id AS cust,
    ROUND(COALESCE(SUM(CASE WHEN month >= ${ms.start} AND month < ${ms.end} THEN mrr END), 0), 6) AS s,
    ROUND(COALESCE(SUM(CASE WHEN month >= ${me.start} AND month < ${me.end} THEN mrr END), 0), 6) AS e,
    MAX(CASE WHEN mrr > 0 AND month < ${first.start >= p.start ? first.start : first.end} THEN 1 ELSE 0 END) AS before,
    MAX(CASE WHEN mrr > 0 AND month >= ${first.start >= p.start ? first.start : first.end} AND month < ${me.end} THEN 1 ELSE 0 END) AS starts_in
  FROM n_mrr_snapshots WHERE ${valid} GROUP BY customer_id`;
}

function selectorCondition(sel: CustomerSelector): string {
  const S = 'CASE WHEN s > 0 THEN s ELSE 0 END', E = 'CASE WHEN e > 0 THEN e ELSE 0 END';
  switch (sel) {
    case 'active_end': return `${E} > 0`;
    case 'active_start': return `${S} > 0`;
    case 'new': return `${S} = 0 AND ${E} > 0 AND before = 0`;
    case 'reactivated': return `${S} = 0 AND ${E} > 0 AND before = 1`;
    case 'churned': return `${S} > 0 AND ${E} = 0`;
    case 'expansion': return `${S} > 0 AND ${E} > ${S}`;
    case 'contraction': return `${E} > 0 AND ${E} < ${S}`;
    case 'moved': return `${S} <> ${E}`;
    case 'retained': return `${S} > 0 AND ${E} > 0`;
    case 'joined_left': return `before = 0 AND starts_in = 1 AND ${E} = 0`;
    case 'churned_inclusive': return `(${S} > 0 AND ${E} = 0) OR (before = 0 AND starts_in = 1 AND ${E} = 0)`;
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
