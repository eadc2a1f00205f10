// Measures behind the customer health score (METRICS.md §4.7), per reference date and customer.
// A reference date `t` is an exclusive day number (the day after the period's last day, or after the
// as-of date); tmp_health_refs(idx, t, now_day, then_day) holds one row per scored period, so each
// measure is one grouped query over all periods at once. Data rows drive the joins (CROSS JOIN keeps
// them the outer loop in SQLite) and find their reference dates through the index on refs(t), so a
// row costs the few periods it matters to, not all of them.
import type { DatasetId } from '../../../shared/types';
import { queryAll, queryRows, ident, type SqlValue } from '../../store/database';
import { listTables } from '../../store/catalog';
import { nt } from '../context';
import { dayFromYmd, ymdFromDay } from '../periods';
import type { MetricContext } from '../types';
import { SECONDS_PER_DAY, num } from './support-common';
import { resolutionOf } from './support-tickets';
import { npsScale, observedRange, satisfactionScale, surveyKindSql, validScoreSql } from './surveys-scores';

export interface HealthRef { idx: number; t: number }

/** Per period index, per customer: the measure. */
export type Measures = Map<number, Map<string, number>>;

export interface MeasureResult { values: Measures; sql: string; notes: string[] }

export const DAYS_PER_MONTH = 365.25 / 12;

/** Customer ids as text; spreadsheet integers stored as REAL (1001.0) read as "1001". */
export function customerKey(v: SqlValue): string | null {
  if (v == null) return null;
  if (typeof v === 'number') return String(v); // a REAL 1001.0 reads back as 1001 and prints "1001"
  const s = String(v).trim();
  return s === '' ? null : s.replace(/^(-?\d+)\.0+$/, '$1');
}

function collect(rows: Array<Record<string, SqlValue>>, col = 'x'): Measures {
  const out: Measures = new Map();
  for (const r of rows) {
    const k = customerKey(r.cust ?? null);
    const x = num(r[col]);
    if (k == null || x == null) continue;
    const idx = Number(r.idx);
    if (!out.has(idx)) out.set(idx, new Map());
    const m = out.get(idx)!;
    m.set(k, (m.get(k) ?? 0) + x);
  }
  return out;
}

/** Same Gregorian day of the month `months` earlier (clamped to the month's last day). */
export function monthsBefore(day: number, months: number): number {
  const { y, m, d } = ymdFromDay(day);
  const total = y * 12 + (m - 1) - months;
  const ty = Math.floor(total / 12), tm = (total % 12) + 1;
  const last = ymdFromDay(dayFromYmd(ty, tm + 1, 1) - 1).d;
  return dayFromYmd(ty, tm, Math.min(d, last));
}

/** Gregorian month [start, end) containing a day. */
function monthOf(day: number): { start: number; end: number } {
  const { y, m } = ymdFromDay(day);
  return { start: dayFromYmd(y, m, 1), end: dayFromYmd(y, m + 1, 1) };
}

/** (Re)writes tmp_health_refs for the reference dates. */
export function writeRefs(ctx: MetricContext, refs: HealthRef[]): void {
  ctx.db.run(`DROP TABLE IF EXISTS tmp_health_refs; CREATE TEMP TABLE tmp_health_refs
    (idx INTEGER PRIMARY KEY, t INTEGER, now_day INTEGER, then_day INTEGER, now_ms INTEGER, now_me INTEGER, then_ms INTEGER, then_me INTEGER);`);
  const stmt = ctx.db.prepare('INSERT INTO tmp_health_refs VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  try {
    for (const r of refs) {
      const now = r.t - 1, then = monthsBefore(now, 3);
      const nm = monthOf(now), tm = monthOf(then);
      stmt.run([r.idx, r.t, now, then, nm.start, nm.end, tm.start, tm.end]);
    }
  } finally {
    stmt.free();
  }
  ctx.db.run('CREATE INDEX tmp_health_refs_t ON tmp_health_refs (t)');
}

const hasSubscriptions = (ctx: MetricContext) => ctx.has('subscriptions', 'customer_id', 'start_date') && (ctx.has('subscriptions', 'mrr') || ctx.has('subscriptions', 'amount'));
const hasSnapshots = (ctx: MetricContext) => ctx.has('mrr_snapshots', 'customer_id', 'month', 'mrr');

/** Customer key, date column (day number) of each customer-keyed dataset. */
export const CUSTOMER_DATASETS: Partial<Record<DatasetId, { key: (ctx: MetricContext) => string | null; day: string }>> = {
  subscriptions: { key: (c) => (c.has('subscriptions', 'customer_id') ? 'd.customer_id' : null), day: 'd.start_date' },
  mrr_snapshots: { key: (c) => (c.has('mrr_snapshots', 'customer_id') ? 'd.customer_id' : null), day: 'd.month' },
  transactions: { key: (c) => (c.has('transactions', 'customer_id') ? 'd.customer_id' : null), day: 'd.date' },
  tickets: { key: (c) => (c.has('tickets', 'customer_id') ? 'd.customer_id' : null), day: 'd.created_at_day' },
  survey_responses: { key: (c) => (c.has('survey_responses', 'customer_id') ? 'd.customer_id' : null), day: 'd.responded_at_day' },
  usage_events: { key: (c) => (c.has('usage_events', 'account_id') ? 'COALESCE(d.account_id, d.user_id)' : c.has('usage_events', 'user_id') ? 'd.user_id' : null), day: 'd.timestamp_day' },
  trials: { key: (c) => (c.has('trials', 'customer_id') ? 'd.customer_id' : null), day: 'd.trial_start' },
  renewals: { key: (c) => (c.has('renewals', 'customer_id') ? 'd.customer_id' : null), day: 'd.due_date' },
};

export interface Universe { members: Map<number, Set<string>>; sql: string; basis: string; drill: (t: number) => string }

/**
 * Customers scored at each reference date: those paying then (subscriptions or MRR snapshots), else
 * every customer seen in a customer-keyed dataset before it. The segment restricts this set only;
 * components read all rows of the customers in it.
 */
export function universe(ctx: MetricContext): Universe {
  let sql: string;
  let basis: string;
  let drill: (t: number) => string;
  if (hasSubscriptions(ctx)) {
    // active on the day before t: start_date < t ≤ end_date (end exclusive)
    const active = (t: string) => `${t} > d.start_date AND (d.end_date IS NULL OR ${t} <= d.end_date) AND d.mrr > 0`;
    sql = `SELECT DISTINCT r.idx AS idx, d.customer_id AS cust FROM ${nt('subscriptions')} d CROSS JOIN tmp_health_refs r WHERE ${active('r.t')} AND ${ctx.segFilter('d')}`;
    basis = 'customers with MRR > 0 on the reference date (subscriptions)';
    drill = (t) => `SELECT d._src AS _src, d._row AS _row FROM ${nt('subscriptions')} d WHERE ${ctx.segFilter('d')} AND ${active(String(t))}`;
  } else if (hasSnapshots(ctx)) {
    sql = `SELECT DISTINCT r.idx AS idx, d.customer_id AS cust FROM tmp_health_refs r JOIN ${nt('mrr_snapshots')} d
  ON d.month >= r.now_ms AND d.month < r.now_me AND d.mrr > 0 WHERE ${ctx.segFilter('d')}`;
    basis = 'customers with MRR > 0 in the month of the reference date (MRR snapshots)';
    drill = (t) => {
      const m = monthOf(t - 1);
      return `SELECT d._src AS _src, d._row AS _row FROM ${nt('mrr_snapshots')} d WHERE ${ctx.segFilter('d')} AND d.month >= ${m.start} AND d.month < ${m.end} AND d.mrr > 0`;
    };
  } else {
    const parts: string[] = [];
    const drills: Array<(t: number) => string> = [];
    for (const [ds, def] of Object.entries(CUSTOMER_DATASETS) as Array<[DatasetId, NonNullable<(typeof CUSTOMER_DATASETS)[DatasetId]>]>) {
      const key = def.key(ctx);
      if (!key || !ctx.has(ds)) continue;
      parts.push(`SELECT ${key} AS cust, MIN(${def.day}) AS first FROM ${nt(ds)} d WHERE ${ctx.segFilter('d')} GROUP BY ${key}`);
      drills.push((t) => `SELECT d._src AS _src, d._row AS _row FROM ${nt(ds)} d WHERE ${ctx.segFilter('d')} AND ${key} IS NOT NULL AND ${def.day} < ${t}`);
    }
    sql = parts.length
      ? `SELECT DISTINCT r.idx AS idx, u.cust AS cust FROM (${parts.join('\nUNION ALL\n')}) u CROSS JOIN tmp_health_refs r WHERE r.t > u.first`
      : 'SELECT NULL AS idx, NULL AS cust WHERE 1 = 0';
    basis = 'customers seen in any customer-keyed table before the reference date';
    drill = (t) => drills.map((d) => d(t)).join('\nUNION ALL\n') || 'SELECT NULL AS _src, NULL AS _row WHERE 1 = 0';
  }
  const members = new Map<number, Set<string>>();
  for (const r of queryAll(ctx.db, sql)) {
    const k = customerKey(r.cust ?? null);
    if (k == null) continue;
    const i = Number(r.idx);
    if (!members.has(i)) members.set(i, new Set());
    members.get(i)!.add(k);
  }
  return { members, sql, basis, drill };
}

/** usage: events in the 30 days before the reference date, per account. */
export function usageMeasure(ctx: MetricContext): MeasureResult | null {
  const key = CUSTOMER_DATASETS.usage_events!.key(ctx);
  if (!key) return null;
  const sql = `SELECT r.idx AS idx, ${key} AS cust, COUNT(*) AS x FROM ${nt('usage_events')} d CROSS JOIN tmp_health_refs r
  WHERE r.t > d.timestamp_day AND r.t <= d.timestamp_day + 30 GROUP BY r.idx, ${key}`;
  const notes = ctx.has('usage_events', 'account_id') ? [] : ['Usage: account_id not mapped; user_id is taken as the customer.'];
  return { values: collect(queryAll(ctx.db, sql)), sql, notes };
}

/** sentiment: latest valid NPS (0–10) or CSAT (mapped onto 0–10) score before the reference date. */
export function sentimentMeasure(ctx: MetricContext): MeasureResult | null {
  if (!ctx.has('survey_responses', 'customer_id', 'score', 'responded_at')) return null;
  const kinds = surveyKindSql(ctx, 's');
  const nps = npsScale(ctx);
  const csat = satisfactionScale(ctx, 'csat', observedRange(ctx, kinds.expr, 'csat', 's')).scale;
  const x = `CASE WHEN ${kinds.expr} = 'nps' THEN s.score ELSE 10.0 * (s.score - ${csat.min}) / ${csat.max - csat.min} END`;
  // Each response is the customer's latest for the reference dates after its day and up to the day
  // of their next response: one window pass, then a range join (no per-reference re-sorting).
  const sql = `WITH k AS (
  SELECT s.customer_id AS cust, s.responded_at AS at, s.responded_at_day AS day, ${x} AS x FROM ${nt('survey_responses')} s
  WHERE s.customer_id IS NOT NULL AND ((${kinds.expr} = 'nps' AND ${validScoreSql('s.score', nps)}) OR (${kinds.expr} = 'csat' AND ${validScoreSql('s.score', csat)}))
), v AS (
  SELECT cust, day, x, LEAD(day) OVER (PARTITION BY cust ORDER BY at, x) AS next_day FROM k
)
SELECT r.idx AS idx, v.cust AS cust, v.x AS x
FROM v CROSS JOIN tmp_health_refs r WHERE r.t > v.day AND (v.next_day IS NULL OR r.t <= v.next_day)`;
  return { values: collect(queryAll(ctx.db, sql)), sql, notes: kinds.notes };
}

/** support: tickets created in the 90 days before the reference date + tickets open at it. */
export function supportMeasure(ctx: MetricContext): MeasureResult | null {
  if (!ctx.has('tickets', 'ticket_id', 'created_at', 'customer_id')) return null;
  const res = resolutionOf(ctx);
  const notes: string[] = [];
  if (res?.source === 'status') notes.push('Support: open tickets from the status column (today\'s status, also for past periods).');
  else if (!res) notes.push('Support: neither resolved_at nor status mapped; only tickets of the last 90 days count.');
  // A ticket counts for the references within 90 days after its creation, and again for those at
  // which it is still open.
  const open = res?.source === 'resolved_at' ? `t.resolved_at IS NULL OR r.t <= t.resolved_at / ${SECONDS_PER_DAY}.0`
    : res ? `NOT (${res.cond})` : '0 = 1';
  const sql = `SELECT r.idx AS idx, t.customer_id AS cust,
  SUM(CASE WHEN r.t <= t.created_at_day + 90 THEN 1 ELSE 0 END) + SUM(CASE WHEN ${open} THEN 1 ELSE 0 END) AS x
FROM ${nt('tickets')} t CROSS JOIN tmp_health_refs r
WHERE t.customer_id IS NOT NULL AND r.t > t.created_at_day AND (r.t <= t.created_at_day + 90 OR ${open})
GROUP BY r.idx, t.customer_id`;
  return { values: collect(queryAll(ctx.db, sql)), sql, notes };
}

/** MRR now and 3 months before, per customer (subscriptions or snapshots). */
function mrrNowThen(ctx: MetricContext): { now: Measures; then: Measures; sql: string } | null {
  let sql: string;
  if (hasSubscriptions(ctx)) {
    const at = (day: string) => `d.start_date <= ${day} AND (d.end_date IS NULL OR d.end_date > ${day})`;
    sql = `SELECT r.idx AS idx, d.customer_id AS cust,
  SUM(CASE WHEN ${at('r.now_day')} THEN d.mrr ELSE 0 END) AS now_mrr,
  SUM(CASE WHEN ${at('r.then_day')} THEN d.mrr ELSE 0 END) AS then_mrr
FROM tmp_health_refs r JOIN ${nt('subscriptions')} d ON d.start_date <= r.now_day
GROUP BY r.idx, d.customer_id`;
  } else if (hasSnapshots(ctx)) {
    sql = `SELECT r.idx AS idx, d.customer_id AS cust,
  SUM(CASE WHEN d.month >= r.now_ms AND d.month < r.now_me THEN d.mrr ELSE 0 END) AS now_mrr,
  SUM(CASE WHEN d.month >= r.then_ms AND d.month < r.then_me THEN d.mrr ELSE 0 END) AS then_mrr
FROM tmp_health_refs r JOIN ${nt('mrr_snapshots')} d ON d.month < r.now_me
GROUP BY r.idx, d.customer_id`;
  } else return null;
  const rows = queryAll(ctx.db, sql);
  return { now: collect(rows, 'now_mrr'), then: collect(rows, 'then_mrr'), sql };
}

/** revenue trend: MRR now ÷ MRR three months earlier − 1 (undefined when there was none then). */
export function revenueTrendMeasure(ctx: MetricContext): MeasureResult | null {
  const m = mrrNowThen(ctx);
  if (!m) return null;
  const values: Measures = new Map();
  for (const [idx, now] of m.now) {
    const out = new Map<string, number>();
    for (const [cust, nowMrr] of now) {
      const thenMrr = m.then.get(idx)?.get(cust) ?? 0;
      if (thenMrr > 0) out.set(cust, nowMrr / thenMrr - 1);
    }
    values.set(idx, out);
  }
  return { values, sql: m.sql, notes: ['Revenue trend: customers without MRR three months earlier have no trend yet (component left out of their score).'] };
}

/** tenure: months from the first subscription start / snapshot / purchase to the reference date. */
export function tenureMeasure(ctx: MetricContext): MeasureResult | null {
  let src: string;
  if (hasSubscriptions(ctx)) src = `SELECT customer_id AS cust, start_date AS day FROM ${nt('subscriptions')}`;
  else if (hasSnapshots(ctx)) src = `SELECT customer_id AS cust, month AS day FROM ${nt('mrr_snapshots')} WHERE mrr > 0`;
  else if (ctx.has('transactions', 'customer_id', 'date')) src = `SELECT customer_id AS cust, date AS day FROM ${nt('transactions')}`;
  else return null;
  const sql = `WITH f AS (SELECT cust, MIN(day) AS first FROM (${src}) s GROUP BY cust)
SELECT r.idx AS idx, f.cust AS cust, (r.t - f.first) / ${DAYS_PER_MONTH} AS x
FROM f CROSS JOIN tmp_health_refs r WHERE r.t > f.first`;
  return { values: collect(queryAll(ctx.db, sql)), sql, notes: [] };
}

export interface CustomComponent {
  id: string;
  label?: string;
  weight: number;
  bad: number;
  good: number;
  aggregate?: 'latest' | 'sum' | 'mean' | 'min' | 'max' | 'count';
  dataset?: DatasetId;
  field?: string;
  window_days?: number;
  table?: string;
  column?: string;
  customer?: string;
}

/** Reads the health.components parameter; malformed entries are reported, not guessed. */
export function parseCustomComponents(v: unknown): { components: CustomComponent[]; problems: string[] } {
  const components: CustomComponent[] = [];
  const problems: string[] = [];
  if (v == null) return { components, problems };
  if (!Array.isArray(v)) return { components, problems: ['health.components must be a JSON array.'] };
  v.forEach((c: unknown, i) => {
    const o = (c ?? {}) as Record<string, unknown>;
    const id = typeof o.id === 'string' && o.id ? o.id : null;
    const nums = ['weight', 'bad', 'good'].every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]));
    const source = (typeof o.dataset === 'string' && typeof o.field === 'string') || (typeof o.table === 'string' && typeof o.column === 'string' && typeof o.customer === 'string');
    if (!id || !nums || !source || o.bad === o.good) {
      problems.push(`health.components[${i}] ignored: needs id, weight, bad ≠ good, and dataset + field or table + column + customer.`);
      return;
    }
    components.push(o as unknown as CustomComponent);
  });
  return { components, problems };
}

const AGG_SQL: Record<string, string> = { sum: 'SUM', mean: 'AVG', min: 'MIN', max: 'MAX', count: 'COUNT' };

/** A user-defined component's measure. */
export function customMeasure(ctx: MetricContext, c: CustomComponent): MeasureResult | { missing: string } {
  const agg = c.aggregate ?? 'latest';
  if (c.dataset) {
    const def = CUSTOMER_DATASETS[c.dataset];
    const key = def?.key(ctx);
    if (!def || !key || !ctx.has(c.dataset, c.field!)) return { missing: `${c.dataset}.${c.field}` };
    const col = `d.${ident(c.field!)}`;
    const window = c.window_days ? ` AND r.t <= ${def.day} + ${Number(c.window_days)}` : '';
    // 'latest': each row holds until the customer's next row (LEAD), as for the sentiment measure.
    const sql = agg === 'latest'
      ? `WITH v AS (SELECT ${key} AS cust, ${def.day} AS day, ${col} AS x, LEAD(${def.day}) OVER (PARTITION BY ${key} ORDER BY ${def.day}, d._row) AS next_day
  FROM ${nt(c.dataset)} d WHERE ${col} IS NOT NULL)
SELECT r.idx AS idx, v.cust AS cust, v.x AS x FROM v CROSS JOIN tmp_health_refs r
WHERE r.t > v.day AND (v.next_day IS NULL OR r.t <= v.next_day)${window.replace(def.day, 'v.day')}`
      : `SELECT r.idx AS idx, ${key} AS cust, ${AGG_SQL[agg] ?? 'AVG'}(${col}) AS x FROM ${nt(c.dataset)} d CROSS JOIN tmp_health_refs r
WHERE ${col} IS NOT NULL AND r.t > ${def.day}${window} GROUP BY r.idx, ${key}`;
    return { values: collect(queryAll(ctx.db, sql)), sql, notes: [] };
  }
  // An imported table: headers resolve through the table catalog; SQL column names work as they are.
  const info = listTables(ctx.db).find((t) => t.name === c.table);
  const physical = (() => {
    try { return queryRows(ctx.db, `SELECT * FROM ${ident(c.table!)} LIMIT 0`).columns; } catch { return null; }
  })();
  if (!physical) return { missing: `table ${c.table}` };
  const resolve = (name: string) => info?.columns.find((col) => col.name === name)?.sqlName ?? (physical.includes(name) ? name : null);
  const valueCol = resolve(c.column!), custCol = resolve(c.customer!);
  if (!valueCol || !custCol) return { missing: `${c.table}: ${!valueCol ? c.column : c.customer}` };
  const order = physical.includes('__row') ? '__row' : 'rowid';
  const sql = agg === 'latest'
    ? `SELECT ${ident(custCol)} AS cust, ${ident(valueCol)} AS x FROM ${ident(c.table!)} WHERE ${ident(valueCol)} IS NOT NULL ORDER BY ${order}`
    : `SELECT ${ident(custCol)} AS cust, ${AGG_SQL[agg] ?? 'AVG'}(${ident(valueCol)}) AS x FROM ${ident(c.table!)} WHERE ${ident(valueCol)} IS NOT NULL GROUP BY ${ident(custCol)}`;
  const perCustomer = new Map<string, number>();
  for (const r of queryAll(ctx.db, sql)) {
    const k = customerKey(r.cust ?? null), x = num(r.x);
    if (k != null && x != null) perCustomer.set(k, x); // 'latest': the last row wins
  }
  const refs = queryAll(ctx.db, 'SELECT idx FROM tmp_health_refs').map((r) => Number(r.idx));
  return {
    values: new Map(refs.map((i) => [i, perCustomer])), sql,
    notes: [`Component ${c.label ?? c.id}: table ${c.table} has no dates, so the same value is used for every period.`],
  };
}
