// Measures behind the customer health score (METRICS.md §4.7), per reference date and customer.
// A reference date `t` is an exclusive day number (the day after the period's last day, or after the
// as-of date). Reference dates ascend, so every data row matters to a contiguous run of them (a
// subscription is active from the first reference after its start to the last one before its end;
// a ticket counts for the references in the 90 days after it): each measure reads its rows once,
// turns each into a range of reference positions, and a sweep over the references keeps per-customer
// sums in arrays indexed by a dense customer id. Nothing is joined against every reference date, and
// no (period, customer) rows are materialised. Custom components aggregating over a window keep one
// grouped SQL query against tmp_health_refs(idx, t, …).
import type { DatasetId, MessageValue, TextMessage } from '../../../shared/types';
import { queryAll, queryRows, ident, type Database, type SqlValue } from '../../store/database';
import { listTables } from '../../store/catalog';
import { nt } from '../context';
import { dayFromYmd, ymdFromDay } from '../../../shared/calendar/periods';
import { msg } from '../formula';
import { normalizedTable } from '../../mapping/datasets';
import { codeOfRow, segmentCodes, type SegmentCodes } from './segment-codes';
import type { MetricContext } from '../types';
import { SECONDS_PER_DAY, num } from './support-common';
import { resolutionOf } from './support-tickets';
import { npsScale, observedRange, satisfactionScale, surveyKindSql, validScoreSql } from './surveys-scores';

export interface HealthRef { idx: number; t: number }

/** Per period index, per customer: the measure. */
export type Measures = Map<number, Map<string, number>>;

/**
 * A measure's values at reference position k (0, 1, … in order; positions may be skipped), indexed
 * by customer id; NaN where the customer has no value. The array is reused between calls.
 */
export type Sweep = (k: number) => Float64Array;

export interface MeasureResult { sweep: Sweep; sql: string; notes: TextMessage[] }

/** Customer keys ↔ dense ids: the positions of the per-customer arrays the sweeps keep. */
export class CustomerIds {
  private byKey = new Map<string, number>();
  private keyList: string[] = [];
  /** The keys by id (read only: ids are given by add). */
  get keys(): readonly string[] { return this.keyList; }
  /** The registrations are another instance's (shareFrom): copied before the first new key. */
  private shared = false;
  add(key: string): number {
    let i = this.byKey.get(key);
    if (i === undefined) {
      if (this.shared) { this.byKey = new Map(this.byKey); this.keyList = [...this.keyList]; this.shared = false; }
      i = this.keyList.length; this.byKey.set(key, i); this.keyList.push(key);
    }
    return i;
  }
  /** A copy (the same ids) that later additions to this instance do not change. */
  copy(): CustomerIds {
    const c = new CustomerIds();
    c.shareFrom(this);
    this.shared = true;
    return c;
  }
  /**
   * Takes `other`'s registrations (this must be empty; the ids are then the same), sharing its
   * map until either adds a key: a memoized read's 10⁵ customers are not copied per run.
   */
  shareFrom(other: CustomerIds): void {
    if (this.keyList.length > 0) throw new Error('CustomerIds.shareFrom: not empty');
    this.byKey = other.byKey;
    this.keyList = other.keyList;
    this.shared = true;
    other.shared = true;
  }
  get(key: string): number | undefined { return this.byKey.get(key); }
  get size(): number { return this.keys.length; }
}

/**
 * What the measures work on. The universe registers every customer that can be scored; measures
 * only look ids up (rows of other customers are never scored, so they are skipped).
 */
export interface HealthInput {
  ctx: MetricContext;
  /** Reference dates in ascending t. */
  refs: HealthRef[];
  ids: CustomerIds;
  /** Subscription rows, read once and shared by the universe, the revenue trend and the tenure. */
  subscriptions: () => SubscriptionRows;
}

/** The health score's tenure months use the Julian mean month (365.25 / 12 = 30.4375 days), not
 * money-common's Gregorian DAYS_PER_MONTH (30.436875): test/unit/metrics-health.test.ts computes its
 * expected scores with 365.25 / 12 to 9 decimals, so moving to the one constant needs that test's
 * expectation changed first. Named apart so no reader takes it for the shared constant. */
const HEALTH_TENURE_DAYS_PER_MONTH = 365.25 / 12;

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

/** Steps through a query's rows as arrays (no object per row: the big reads are 10⁵–10⁶ rows). */
function eachRow(db: Database, sql: string, fn: (row: SqlValue[]) => void): void {
  const stmt = db.prepare(sql);
  try {
    while (stmt.step()) fn(stmt.get());
  } finally {
    stmt.free();
  }
}

/** Position of the first reference date with t > x (refs.length when none); x may be fractional. */
function firstRefAfter(ts: Float64Array, x: number): number {
  let lo = 0, hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! > x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Position of the first reference whose value (ascending) is ≥ x. */
function firstRefAtLeast(vs: Float64Array, x: number): number {
  let lo = 0, hi = vs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vs[mid]! >= x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

const refTs = (refs: HealthRef[]) => Float64Array.from(refs, (r) => r.t);

/**
 * Weighted entries, each holding for a customer over the reference positions [from, to). The sweep
 * keeps per customer the sum of the weights and the count of the entries holding at position k.
 */
class RangeEntries {
  private n = 0;
  private cust = new Int32Array(1024);
  private from = new Int32Array(1024);
  private to = new Int32Array(1024);
  private w = new Float64Array(1024);
  constructor(private readonly positions: number) {}

  add(cust: number, from: number, to: number, w: number): void {
    if (from >= to || from >= this.positions) return;
    if (this.n === this.cust.length) this.grow();
    const i = this.n++;
    this.cust[i] = cust; this.from[i] = from; this.to[i] = to; this.w[i] = w;
  }

  /** Typed arrays doubled as needed: a million entries without a million-element JS array each. */
  private grow(): void {
    const cap = this.n * 2;
    const more = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => { const b = make(cap); b.set(a); return b; };
    this.cust = more(this.cust, (n) => new Int32Array(n));
    this.from = more(this.from, (n) => new Int32Array(n));
    this.to = more(this.to, (n) => new Int32Array(n));
    this.w = more(this.w, (n) => new Float64Array(n));
  }

  /** Entries grouped by position (counting sort): offsets[k] … offsets[k + 1] in items. */
  private byPosition(pos: Int32Array): { offsets: Int32Array; items: Int32Array } {
    const K = this.positions, n = this.n;
    const offsets = new Int32Array(K + 1);
    for (let i = 0; i < n; i++) if (pos[i]! < K) offsets[pos[i]! + 1]!++;
    for (let k = 0; k < K; k++) offsets[k + 1]! += offsets[k]!;
    const fill = offsets.slice(0, K);
    const items = new Int32Array(offsets[K]!);
    for (let i = 0; i < n; i++) if (pos[i]! < K) items[fill[pos[i]!]!++] = i;
    return { offsets, items };
  }

  /**
   * Sweep over positions 0, 1, …: per customer the count of the entries holding and the sum of their
   * weights — NaN where none holds, so `sum` is a measure's values as they are (no copy per position).
   * A customer's sum at position k is added up afresh over the entries holding at k, in the order
   * they were added (from the first one, not from 0): the entries holding are those whose rows hold
   * at the reference date itself, so the value depends on that date alone, never on which other
   * dates the list holds nor on the path the sweep took (no float running sums: per-date caching).
   */
  sweep(customers: number): (k: number) => { sum: Float64Array; count: Int32Array } {
    const starts = this.byPosition(this.from), ends = this.byPosition(this.to);
    const sum = new Float64Array(customers).fill(NaN), count = new Int32Array(customers);
    const cust = this.cust, w = this.w, from = this.from, to = this.to, n = this.n;
    // Each customer's entries in the order added (counting sort by customer).
    const byCust = new Int32Array(customers + 1);
    for (let i = 0; i < n; i++) byCust[cust[i]! + 1]!++;
    for (let c = 0; c < customers; c++) byCust[c + 1]! += byCust[c]!;
    const fill = byCust.slice(0, customers);
    const ofCust = new Int32Array(n);
    for (let i = 0; i < n; i++) ofCust[fill[cust[i]!]!++] = i;
    const touched = new Uint8Array(customers), touchedList = new Int32Array(customers);
    let next = 0;
    const state = { sum, count };
    return (k) => {
      let t = 0;
      for (; next <= k; next++) {
        for (let j = ends.offsets[next]!; j < ends.offsets[next + 1]!; j++) {
          const c = cust[ends.items[j]!]!;
          count[c]!--;
          if (!touched[c]) { touched[c] = 1; touchedList[t++] = c; }
        }
        for (let j = starts.offsets[next]!; j < starts.offsets[next + 1]!; j++) {
          const c = cust[starts.items[j]!]!;
          count[c]!++;
          if (!touched[c]) { touched[c] = 1; touchedList[t++] = c; }
        }
      }
      for (let q = 0; q < t; q++) {
        const c = touchedList[q]!;
        touched[c] = 0;
        let acc = NaN, any = false;
        if (count[c]! > 0) {
          for (let j = byCust[c]!; j < byCust[c + 1]!; j++) {
            const i = ofCust[j]!;
            if (from[i]! <= k && k < to[i]!) {
              if (any) acc += w[i]!; else { acc = w[i]!; any = true; }
            }
          }
        }
        sum[c] = acc;
      }
      return state;
    };
  }
}

/** Sweep giving each customer's summed weight where an entry holds, NaN elsewhere. */
function sumSweep(entries: RangeEntries, customers: number): Sweep {
  const state = entries.sweep(customers);
  return (k) => state(k).sum;
}

/** Sweep over values given per period index (custom components computed in SQL). */
function sweepOfMeasures(values: Measures, input: HealthInput): Sweep {
  const out = new Float64Array(input.ids.size);
  return (k) => {
    out.fill(NaN);
    for (const [key, x] of values.get(input.refs[k]!.idx) ?? []) {
      const c = input.ids.get(key);
      if (c !== undefined) out[c] = x;
    }
    return out;
  };
}

const subscriptionsSql = (ctx: MetricContext) => `SELECT d.customer_id, d.start_date, d.end_date, d.mrr, CASE WHEN ${ctx.segFilter('d')} THEN 1 ELSE 0 END AS in_segment
FROM ${nt('subscriptions')} d WHERE d.customer_id IS NOT NULL AND d.start_date IS NOT NULL`;

/** The read behind subscriptionsSql, with each row's segment value (_seg) instead of the flag. */
const subscriptionsReadSql = () => `SELECT d.customer_id, d.start_date, d.end_date, d.mrr, d.rowid
FROM ${nt('subscriptions')} d WHERE d.customer_id IS NOT NULL AND d.start_date IS NOT NULL`;

export interface SubscriptionRows {
  cust: Int32Array;
  start: Float64Array;
  /** Infinity when open-ended. */
  end: Float64Array;
  /** NaN when missing. */
  mrr: Float64Array;
  /** 1 when the row is in the segment computed. */
  inSegment: Uint8Array;
  sql: string;
  /** The rows' flags for another segment value (null: the total), as inSegment is for ctx's. */
  flagsFor: (segmentValue: string | null) => Uint8Array;
  /** Every segment value the rows hold (the total's rows split by _seg). */
  segmentValues: () => string[];
}

/** Subscription rows as read, without their segments: shared through ctx.dataMemo by every compute of the same data. */
interface SubscriptionRead {
  cust: Int32Array; start: Float64Array; end: Float64Array; mrr: Float64Array;
  /** Per row: its rowid in n_subscriptions (segment-codes.ts gives its segment). */
  rowid: Int32Array;
  /** The customers registered by the read, in order (their ids are the positions); never added to. */
  registered: CustomerIds;
}

const MEMO_SUBSCRIPTIONS = 'health.subscriptions';
const MEMO_SUBSCRIPTION_SEGMENTS = 'health.subscriptionSegments';

function readSubscriptionRows(ctx: MetricContext, ids: CustomerIds): SubscriptionRead {
  const sql = subscriptionsReadSql();
  // Sized by a count first: typed arrays filled in place (a million rows, no intermediate arrays).
  const rows = Number(queryAll(ctx.db, `SELECT COUNT(*) AS n FROM (${sql}) s`)[0]?.n ?? 0);
  const cust = new Int32Array(rows), start = new Float64Array(rows), end = new Float64Array(rows), mrr = new Float64Array(rows);
  const rowid = new Int32Array(rows);
  // Raw ids repeat (a customer's several subscriptions): their canonical key is looked up once each.
  const byRaw = new Map<SqlValue, number>();
  let n = 0;
  eachRow(ctx.db, sql, (r) => {
    const raw = r[0] ?? null, s = num(r[1]);
    if (raw == null || s == null || n >= rows) return;
    let c = byRaw.get(raw);
    if (c === undefined) {
      const k = customerKey(raw);
      if (k == null) return;
      byRaw.set(raw, (c = ids.add(k)));
    }
    cust[n] = c; start[n] = s; end[n] = num(r[2]) ?? Infinity; mrr[n] = num(r[3]) ?? NaN; rowid[n] = Number(r[4]);
    n++;
  });
  return {
    cust: cust.subarray(0, n), start: start.subarray(0, n), end: end.subarray(0, n), mrr: mrr.subarray(0, n), rowid: rowid.subarray(0, n),
    registered: ids.copy(),
  };
}

/** Each read row's segment (a code of `codes`), and the segment values the rows have, in read order. */
interface SubscriptionSegments { codes: SegmentCodes; seg: Int32Array; values: string[] }

function subscriptionSegments(ctx: MetricContext, read: SubscriptionRead): SubscriptionSegments {
  const hit = ctx.memo?.get(MEMO_SUBSCRIPTION_SEGMENTS) as { read: SubscriptionRead; segments: SubscriptionSegments } | undefined;
  if (hit?.read === read) return hit.segments;
  const codes = segmentCodes(ctx.db, normalizedTable('subscriptions'), ctx.memo);
  const seg = new Int32Array(read.rowid.length);
  const seen = new Uint8Array(codes.values.length);
  const values: string[] = [];
  for (let i = 0; i < seg.length; i++) {
    const code = (seg[i] = codeOfRow(codes, read.rowid[i]!));
    if (code >= 0 && !seen[code]) {
      seen[code] = 1;
      const v = codes.values[code];
      if (v != null) values.push(v);
    }
  }
  const segments = { codes, seg, values };
  ctx.memo?.set(MEMO_SUBSCRIPTION_SEGMENTS, { read, segments });
  return segments;
}

/**
 * Every subscription row with a customer and a start, customers registered in `ids`. The read is
 * the same for the total and every segment column, period, calendar and as-of date: with
 * ctx.dataMemo it is done once per data version, and only the segment flags are derived per compute.
 */
export function readSubscriptions(ctx: MetricContext, ids: CustomerIds): SubscriptionRows {
  let read: SubscriptionRead;
  const cached = ids.size === 0 ? (ctx.dataMemo?.get(MEMO_SUBSCRIPTIONS) as SubscriptionRead | undefined) : undefined;
  if (cached) {
    // The same registration order as the read that made it: the same ids.
    ids.shareFrom(cached.registered);
    read = cached;
  } else {
    const fresh = ids.size === 0;
    read = readSubscriptionRows(ctx, ids);
    if (fresh && ctx.dataMemo) ctx.dataMemo.set(MEMO_SUBSCRIPTIONS, read);
  }
  const flagsFor = (value: string | null): Uint8Array => {
    const flags = new Uint8Array(read.cust.length);
    if (value === null) flags.fill(1);
    else {
      const { codes, seg } = subscriptionSegments(ctx, read);
      const code = codes.values.indexOf(value);
      if (code >= 0) for (let i = 0; i < flags.length; i++) flags[i] = seg[i] === code ? 1 : 0;
    }
    return flags;
  };
  return {
    cust: read.cust, start: read.start, end: read.end, mrr: read.mrr, inSegment: flagsFor(ctx.segmentValue), sql: subscriptionsSql(ctx),
    flagsFor, segmentValues: () => [...subscriptionSegments(ctx, read).values],
  };
}

export interface Universe {
  /** Membership per customer id at reference position k (positions in order): non-zero for members. */
  members: (k: number) => ArrayLike<number>;
  sql: string;
  /** Who is scored, as a note (note.health.universe.*). */
  basis: TextMessage;
  drill: (t: number) => string;
}

/**
 * Customers scored at each reference date: those paying then (subscriptions or MRR snapshots), else
 * every customer seen in a customer-keyed dataset before it. The segment restricts this set only;
 * components read all rows of the customers in it. Registers every customer that can be scored.
 */
export function universe(input: HealthInput): Universe {
  const { ctx, refs, ids } = input;
  const K = refs.length, ts = refTs(refs);
  const { sql, basis, drill } = universeSql(ctx);
  if (hasSubscriptions(ctx)) {
    // active on the day before t: start_date < t ≤ end_date (end exclusive), MRR > 0
    const subs = input.subscriptions();
    return { members: subscriptionMembers(subs, subs.inSegment, refs, ids.size), sql: subs.sql, basis, drill };
  }
  if (hasSnapshots(ctx)) {
    const byIdx = new Map<number, number[]>();
    for (const r of queryAll(ctx.db, sql)) {
      const k = customerKey(r.cust ?? null);
      if (k == null) continue;
      const i = Number(r.idx);
      if (!byIdx.has(i)) byIdx.set(i, []);
      byIdx.get(i)!.push(ids.add(k));
    }
    return {
      members: (k) => {
        const out = new Uint8Array(ids.size);
        for (const c of byIdx.get(refs[k]!.idx) ?? []) out[c] = 1;
        return out;
      },
      sql, basis, drill,
    };
  }
  // first day per customer over the customer-keyed datasets: a member from the reference after it
  const first: number[] = [];
  eachRow(ctx.db, sql, (r) => {
    const k = customerKey(r[0] ?? null), f = num(r[1]);
    if (k == null || f == null) return;
    const c = ids.add(k);
    first[c] = Math.min(first[c] ?? Infinity, f);
  });
  const from = Int32Array.from({ length: ids.size }, (_, c) => (first[c] === undefined ? K : firstRefAfter(ts, first[c]!)));
  const out = new Uint8Array(ids.size);
  return {
    members: (k) => {
      for (let c = 0; c < out.length; c++) out[c] = from[c]! <= k ? 1 : 0;
      return out;
    },
    sql, basis, drill,
  };
}

/** True when the customers scored are the paying subscribers (the same ids for every segment). */
export const subscriptionUniverse = hasSubscriptions;

/**
 * Membership of the subscription universe for the rows flagged in `inSegment`: active on the day
 * before t (start_date < t ≤ end_date, end exclusive) with MRR > 0. Positions are asked in order.
 */
export function subscriptionMembers(subs: SubscriptionRows, inSegment: Uint8Array, refs: HealthRef[], customers: number): (k: number) => ArrayLike<number> {
  const ts = refTs(refs);
  const entries = new RangeEntries(refs.length);
  for (let i = 0; i < subs.cust.length; i++) {
    if (!(subs.mrr[i]! > 0) || !inSegment[i]) continue;
    entries.add(subs.cust[i]!, firstRefAfter(ts, subs.start[i]!), firstRefAfter(ts, subs.end[i]!), 1);
  }
  const state = entries.sweep(customers);
  return (k) => state(k).count;
}

/** The universe's read query (shown to the user) and drill-down, by the datasets mapped. */
function universeSql(ctx: MetricContext): Pick<Universe, 'sql' | 'basis' | 'drill'> {
  if (hasSubscriptions(ctx)) {
    const active = (t: string) => `${t} > d.start_date AND (d.end_date IS NULL OR ${t} <= d.end_date) AND d.mrr > 0`;
    return {
      sql: `-- active at t (start_date < t ≤ end_date, mrr > 0, in the segment), from:\n${subscriptionsSql(ctx)}`,
      basis: msg('note.health.universe.subscriptions'),
      drill: (t) => `SELECT d._src AS _src, d._row AS _row FROM ${nt('subscriptions')} d WHERE ${ctx.segFilter('d')} AND ${active(String(t))}`,
    };
  }
  if (hasSnapshots(ctx)) {
    return {
      sql: `SELECT DISTINCT r.idx AS idx, d.customer_id AS cust FROM tmp_health_refs r JOIN ${nt('mrr_snapshots')} d
  ON d.month >= r.now_ms AND d.month < r.now_me AND d.mrr > 0 WHERE ${ctx.segFilter('d')}`,
      basis: msg('note.health.universe.snapshots'),
      drill: (t) => {
        const m = monthOf(t - 1);
        return `SELECT d._src AS _src, d._row AS _row FROM ${nt('mrr_snapshots')} d WHERE ${ctx.segFilter('d')} AND d.month >= ${m.start} AND d.month < ${m.end} AND d.mrr > 0`;
      },
    };
  }
  const parts: string[] = [];
  const drills: Array<(t: number) => string> = [];
  for (const [ds, def] of Object.entries(CUSTOMER_DATASETS) as Array<[DatasetId, NonNullable<(typeof CUSTOMER_DATASETS)[DatasetId]>]>) {
    const key = def.key(ctx);
    if (!key || !ctx.has(ds)) continue;
    parts.push(`SELECT ${key} AS cust, MIN(${def.day}) AS first FROM ${nt(ds)} d WHERE ${ctx.segFilter('d')} GROUP BY ${key}`);
    drills.push((t) => `SELECT d._src AS _src, d._row AS _row FROM ${nt(ds)} d WHERE ${ctx.segFilter('d')} AND ${key} IS NOT NULL AND ${def.day} < ${t}`);
  }
  return {
    sql: parts.length ? parts.join('\nUNION ALL\n') : 'SELECT NULL AS cust, NULL AS first WHERE 1 = 0',
    basis: msg('note.health.universe.seen'),
    drill: (t) => drills.map((d) => d(t)).join('\nUNION ALL\n') || 'SELECT NULL AS _src, NULL AS _row WHERE 1 = 0',
  };
}

/** The universe's read query (as the universe reports it) and drill-down for ctx's segment. */
export function universeSqlFor(ctx: MetricContext): { sql: string; drill: (t: number) => string } {
  const u = universeSql(ctx);
  return { sql: hasSubscriptions(ctx) ? subscriptionsSql(ctx) : u.sql, drill: u.drill };
}

/** Drill-down SQL of the customers scored at reference date t (no measure is computed). */
export function universeDrill(ctx: MetricContext, t: number): string {
  return universeSql(ctx).drill(t);
}

/** usage: events in the 30 days before the reference date, per account (one ranged query per reference). */
export function usageMeasure(input: HealthInput): MeasureResult | null {
  const { ctx, refs, ids } = input;
  const key = CUSTOMER_DATASETS.usage_events!.key(ctx);
  if (!key) return null;
  const sql = `SELECT ${key} AS cust, COUNT(*) AS x FROM ${nt('usage_events')} d
WHERE d.timestamp_day >= :t - 30 AND d.timestamp_day < :t GROUP BY ${key}`;
  const notes = ctx.has('usage_events', 'account_id') ? [] : [msg('note.health.usageUserAsCustomer')];
  const out = new Float64Array(ids.size);
  const sweep: Sweep = (k) => {
    out.fill(NaN);
    const stmt = ctx.db.prepare(sql);
    try {
      stmt.bind({ ':t': refs[k]!.t });
      while (stmt.step()) {
        const r = stmt.get();
        const c = ids.get(customerKey(r[0] ?? null) ?? ''), x = num(r[1]);
        if (c !== undefined && x != null) out[c] = (Number.isNaN(out[c]!) ? 0 : out[c]!) + x;
      }
    } finally {
      stmt.free();
    }
    return out;
  };
  return { sweep, sql: sql.replace(/:t/g, 'r.t'), notes };
}

/** sentiment: latest valid NPS (0–10) or CSAT (mapped onto 0–10) score before the reference date. */
export function sentimentMeasure(input: HealthInput): MeasureResult | null {
  const { ctx, refs, ids } = input;
  if (!ctx.has('survey_responses', 'customer_id', 'score', 'responded_at')) return null;
  const kinds = surveyKindSql(ctx, 's');
  const nps = npsScale(ctx);
  const csat = satisfactionScale(ctx, 'csat', observedRange(ctx, kinds.expr, 'csat', 's')).scale;
  const x = `CASE WHEN ${kinds.expr} = 'nps' THEN s.score ELSE 10.0 * (s.score - ${csat.min}) / ${csat.max - csat.min} END`;
  // Each response is the customer's latest for the reference dates after its day and up to the day
  // of their next response: one window pass, each response then holds over a run of references.
  const sql = `WITH k AS (
  SELECT s.customer_id AS cust, s.responded_at AS at_time, s.responded_at_day AS day, ${x} AS x FROM ${nt('survey_responses')} s
  WHERE s.customer_id IS NOT NULL AND ((${kinds.expr} = 'nps' AND ${validScoreSql('s.score', nps)}) OR (${kinds.expr} = 'csat' AND ${validScoreSql('s.score', csat)}))
)
SELECT cust, day, LEAD(day) OVER (PARTITION BY cust ORDER BY at_time, x) AS next_day, x FROM k`;
  return { sweep: latestSweep(ctx.db, sql, refs, ids, null), sql, notes: kinds.notes };
}

/**
 * Rows (cust, day, next_day, x) each holding for the references after `day` up to `next_day` (and
 * within `windowDays` after `day` when given): the sum of the holding rows per customer.
 */
function latestSweep(db: Database, sql: string, refs: HealthRef[], ids: CustomerIds, windowDays: number | null): Sweep {
  const ts = refTs(refs);
  const entries = new RangeEntries(refs.length);
  eachRow(db, sql, (r) => {
    const c = ids.get(customerKey(r[0] ?? null) ?? ''), day = num(r[1]), x = num(r[3]);
    if (c === undefined || day == null || x == null) return;
    const next = r[2] == null ? Infinity : num(r[2]);
    if (next == null) return;
    let to = firstRefAfter(ts, next);
    if (windowDays != null) to = Math.min(to, firstRefAfter(ts, day + windowDays));
    entries.add(c, firstRefAfter(ts, day), to, x);
  });
  return sumSweep(entries, ids.size);
}

/** support: tickets created in the 90 days before the reference date + tickets open at it. */
export function supportMeasure(input: HealthInput): MeasureResult | null {
  const { ctx, refs, ids } = input;
  if (!ctx.has('tickets', 'ticket_id', 'created_at', 'customer_id')) return null;
  const res = resolutionOf(ctx);
  const notes: TextMessage[] = [];
  if (res?.source === 'status') notes.push(msg('note.health.supportOpenFromStatus'));
  else if (!res) notes.push(msg('note.health.supportNoResolution'));
  // A ticket counts for the references within 90 days after its creation, and again for those at
  // which it is still open: open until resolved_at (t ≤ resolved_at in days), or for good per status.
  const open = res?.source === 'resolved_at' ? 't.resolved_at'
    : res ? `CASE WHEN NOT (${res.cond}) THEN 1 ELSE 0 END` : '0';
  const sql = `SELECT t.customer_id AS cust, t.created_at_day AS day, ${open} AS open FROM ${nt('tickets')} t
WHERE t.customer_id IS NOT NULL AND t.created_at_day IS NOT NULL`;
  const ts = refTs(refs), K = refs.length;
  const entries = new RangeEntries(K);
  eachRow(ctx.db, sql, (r) => {
    const c = ids.get(customerKey(r[0] ?? null) ?? ''), day = num(r[1]);
    if (c === undefined || day == null) return;
    const from = firstRefAfter(ts, day);
    entries.add(c, from, firstRefAfter(ts, day + 90), 1);
    if (res?.source === 'resolved_at') {
      const resolved = num(r[2]);
      entries.add(c, from, resolved == null ? K : firstRefAfter(ts, resolved / SECONDS_PER_DAY), 1);
    } else if (num(r[2]) === 1) entries.add(c, from, K, 1);
  });
  return { sweep: sumSweep(entries, ids.size), sql, notes };
}

/** revenue trend: MRR now ÷ MRR three months earlier − 1 (undefined when there was none then). */
export function revenueTrendMeasure(input: HealthInput): MeasureResult | null {
  const { ctx, refs, ids } = input;
  const notes = [msg('note.health.revenueTrendNoBase')];
  const out = new Float64Array(ids.size);
  if (hasSubscriptions(ctx)) {
    // MRR on a day = Σ mrr of the rows with start_date ≤ day < end_date; "now" is the day before t,
    // "then" three months before it (ascending with t, so each row holds over a run of references).
    const subs = input.subscriptions();
    const ts = refTs(refs);
    const thenDays = Float64Array.from(refs, (r) => monthsBefore(r.t - 1, 3));
    const now = new RangeEntries(refs.length), then = new RangeEntries(refs.length);
    for (let i = 0; i < subs.cust.length; i++) {
      const m = subs.mrr[i]!;
      if (Number.isNaN(m)) continue;
      const c = subs.cust[i]!, s = subs.start[i]!, e = subs.end[i]!;
      now.add(c, firstRefAfter(ts, s), firstRefAfter(ts, e), m);
      then.add(c, firstRefAtLeast(thenDays, s), firstRefAtLeast(thenDays, e), m);
    }
    const nowState = now.sweep(ids.size), thenState = then.sweep(ids.size);
    const sweep: Sweep = (k) => {
      const n = nowState(k), t = thenState(k);
      for (let c = 0; c < out.length; c++) {
        const then = t.sum[c]!, now = n.sum[c]!;
        out[c] = then > 0 ? (now === now ? now : 0) / then - 1 : NaN; // NaN sums: no row holds
      }
      return out;
    };
    const sql = `-- MRR at the day before each reference date (now) and three months earlier (then), per customer, from:\n${subs.sql}`;
    return { sweep, sql, notes };
  }
  if (!hasSnapshots(ctx)) return null;
  // Only the snapshots of the two months matter; each branch is a ranged read on the month index.
  const sql = `SELECT idx, cust, SUM(now_mrr) AS now_mrr, SUM(then_mrr) AS then_mrr FROM (
  SELECT r.idx AS idx, d.customer_id AS cust, d.mrr AS now_mrr, 0 AS then_mrr
  FROM tmp_health_refs r JOIN ${nt('mrr_snapshots')} d ON d.month >= r.now_ms AND d.month < r.now_me
  UNION ALL
  SELECT r.idx, d.customer_id, 0, d.mrr FROM tmp_health_refs r JOIN ${nt('mrr_snapshots')} d ON d.month >= r.then_ms AND d.month < r.then_me
) m GROUP BY idx, cust`;
  const rows = queryAll(ctx.db, sql);
  const nowM = collect(rows, 'now_mrr'), thenM = collect(rows, 'then_mrr');
  const values: Measures = new Map();
  for (const [idx, nowByCust] of nowM) {
    const m = new Map<string, number>();
    for (const [cust, nowMrr] of nowByCust) {
      const thenMrr = thenM.get(idx)?.get(cust) ?? 0;
      if (thenMrr > 0) m.set(cust, nowMrr / thenMrr - 1);
    }
    values.set(idx, m);
  }
  return { sweep: sweepOfMeasures(values, input), sql, notes };
}

/** tenure: months from the first subscription start / snapshot / purchase to the reference date. */
export function tenureMeasure(input: HealthInput): MeasureResult | null {
  const { ctx, refs, ids } = input;
  const first = new Float64Array(ids.size).fill(Infinity);
  let sql: string;
  if (hasSubscriptions(ctx)) {
    const subs = input.subscriptions();
    for (let i = 0; i < subs.cust.length; i++) first[subs.cust[i]!] = Math.min(first[subs.cust[i]!]!, subs.start[i]!);
    sql = `-- first start_date per customer, from:\n${subs.sql}`;
  } else {
    let src: string;
    if (hasSnapshots(ctx)) src = `SELECT customer_id AS cust, month AS day FROM ${nt('mrr_snapshots')} WHERE mrr > 0`;
    else if (ctx.has('transactions', 'customer_id', 'date')) src = `SELECT customer_id AS cust, date AS day FROM ${nt('transactions')}`;
    else return null;
    sql = `SELECT cust, MIN(day) AS first FROM (${src}) s GROUP BY cust`;
    eachRow(ctx.db, sql, (r) => {
      const c = ids.get(customerKey(r[0] ?? null) ?? ''), f = num(r[1]);
      if (c !== undefined && f != null) first[c] = Math.min(first[c]!, f);
    });
  }
  const out = new Float64Array(ids.size);
  const sweep: Sweep = (k) => {
    const t = refs[k]!.t;
    for (let c = 0; c < out.length; c++) out[c] = t > first[c]! ? (t - first[c]!) / HEALTH_TENURE_DAYS_PER_MONTH : NaN;
    return out;
  };
  return { sweep, sql: `${sql};\n-- tenure = (t − first) ÷ ${HEALTH_TENURE_DAYS_PER_MONTH} months`, notes: [] };
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
export function parseCustomComponents(v: unknown): { components: CustomComponent[]; problems: TextMessage[] } {
  const components: CustomComponent[] = [];
  const problems: TextMessage[] = [];
  if (v == null) return { components, problems };
  if (!Array.isArray(v)) return { components, problems: [msg('note.health.componentsNotArray')] };
  v.forEach((c: unknown, i) => {
    const o = (c ?? {}) as Record<string, unknown>;
    const id = typeof o.id === 'string' && o.id ? o.id : null;
    const nums = ['weight', 'bad', 'good'].every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]));
    const source = (typeof o.dataset === 'string' && typeof o.field === 'string') || (typeof o.table === 'string' && typeof o.column === 'string' && typeof o.customer === 'string');
    if (!id || !nums || !source || o.bad === o.good) {
      problems.push(msg('note.health.componentIgnored', { index: i }));
      return;
    }
    components.push(o as unknown as CustomComponent);
  });
  return { components, problems };
}

const AGG_SQL: Record<string, string> = { sum: 'SUM', mean: 'AVG', min: 'MIN', max: 'MAX', count: 'COUNT' };

/**
 * A user-defined component's measure, or what it misses: an input id (dataset.field, table: column)
 * or a message (a table not imported).
 */
export function customMeasure(input: HealthInput, c: CustomComponent): MeasureResult | { missing: MessageValue } {
  const { ctx, ids } = input;
  const agg = c.aggregate ?? 'latest';
  if (c.dataset) {
    const def = CUSTOMER_DATASETS[c.dataset];
    const key = def?.key(ctx);
    if (!def || !key || !ctx.has(c.dataset, c.field!)) return { missing: `${c.dataset}.${c.field}` };
    const col = `d.${ident(c.field!)}`;
    if (agg === 'latest') {
      // Each row holds until the customer's next row (LEAD), as for the sentiment measure.
      const sql = `SELECT ${key} AS cust, ${def.day} AS day, LEAD(${def.day}) OVER (PARTITION BY ${key} ORDER BY ${def.day}, d._row) AS next_day, ${col} AS x
FROM ${nt(c.dataset)} d WHERE ${col} IS NOT NULL`;
      const windowDays = c.window_days ? Number(c.window_days) : null;
      return { sweep: latestSweep(ctx.db, sql, input.refs, ids, windowDays), sql, notes: [] };
    }
    const window = c.window_days ? ` AND r.t <= ${def.day} + ${Number(c.window_days)}` : '';
    const sql = `SELECT r.idx AS idx, ${key} AS cust, ${AGG_SQL[agg] ?? 'AVG'}(${col}) AS x FROM ${nt(c.dataset)} d CROSS JOIN tmp_health_refs r
WHERE ${col} IS NOT NULL AND r.t > ${def.day}${window} GROUP BY r.idx, ${key}`;
    return { sweep: sweepOfMeasures(collect(queryAll(ctx.db, sql)), input), sql, notes: [] };
  }
  // An imported table: headers resolve through the table catalog; SQL column names work as they are.
  const info = listTables(ctx.db).find((t) => t.name === c.table);
  const physical = (() => {
    try { return queryRows(ctx.db, `SELECT * FROM ${ident(c.table!)} LIMIT 0`).columns; } catch { return null; }
  })();
  if (!physical) return { missing: msg('note.health.missingTable', { table: c.table ?? '' }) };
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
  const out = new Float64Array(ids.size).fill(NaN);
  for (const [k, x] of perCustomer) {
    const id = ids.get(k);
    if (id !== undefined) out[id] = x;
  }
  return {
    sweep: () => out, sql,
    notes: [msg('note.health.customNoDates', { component: c.label ?? c.id, table: c.table ?? '' })],
  };
}
