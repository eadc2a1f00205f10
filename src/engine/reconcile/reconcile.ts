// Reconciliation of two exports of one dataset (issue 11): customers of the left and the right
// table are matched (id, normalised id, e-mail, name, manual), and per customer and month the
// difference between the two sides gets exactly one category. Amounts are summed in integer
// micro-units so the bridge adds up to R − L exactly, not merely within floating-point noise.
// Pure: the caller reads the normalized tables and passes plain records.

import { RECONCILE_CATEGORIES, type ManualMatchSpec, type MatchRule, type ReconcileCategory, type ReconcileDataset } from '../../shared/api';
import { MessageError } from '../messageError';
import type { TextMessage } from '../../shared/types';

export type { MatchRule, ReconcileDataset };
export const CATEGORIES = RECONCILE_CATEGORIES;
export type Category = ReconcileCategory;
const CATEGORY_INDEX = Object.fromEntries(CATEGORIES.map((c, i) => [c, i])) as Record<Category, number>;

/** One source row, dates as day numbers (days since 1970-01-01). */
export interface ReconcileRecord {
  /** 1-based row of the source table (for drill-down and the workbook's row references). */
  row: number;
  customerId: string;
  email?: string | null;
  name?: string | null;
  /** subscriptions: start and end (exclusive; null = open); mrr_snapshots: month; transactions: date. */
  start?: number | null;
  end?: number | null;
  date?: number | null;
  /** MRR (subscriptions, snapshots) or amount (transactions). */
  value: number;
}

export interface ReconcileSide { dataset: ReconcileDataset; records: readonly ReconcileRecord[] }

export type ManualMatch = ManualMatchSpec;

export interface ReconcileParams {
  tolerance: number;
  timingDays: number;
  nameThreshold: number;
}

export interface CustomerPair {
  leftId: string | null;
  rightId: string | null;
  match: MatchRule | null;
  confidence: number | null;
  /** Other customers of the right side that the left one also matched (many-to-one; not summed). */
  alsoMatches: string[];
  leftRows: number[];
  rightRows: number[];
}

export interface BridgeRow { category: Category; customers: number; leftMrr: number; rightMrr: number; difference: number }

export interface CustomerLine {
  pair: number;
  leftId: string | null;
  rightId: string | null;
  match: MatchRule | null;
  confidence: number | null;
  category: Category;
  leftMrr: number;
  rightMrr: number;
  difference: number;
}

export interface PeriodReconciliation {
  /** ISO date of the month's first day, e.g. 2024-03-01. */
  period: string;
  leftMrr: number;
  rightMrr: number;
  difference: number;
  bridge: BridgeRow[];
  customers: CustomerLine[];
}

export interface Reconciliation {
  /** ISO date the reconciliation is read at (the given one, else the latest date of the two sides). */
  asOfDate: string;
  pairs: CustomerPair[];
  asOf: PeriodReconciliation;
  series: PeriodReconciliation[];
  /** What the reader should know (reconcile.issue.*): manual matches that could not be applied, many-to-one matches. */
  issues: TextMessage[];
}

const MICRO = 1e6;
const FUZZY_BUCKET = 200;
const toMicro = (x: number): number => Math.round(x * MICRO);
const fromMicro = (m: number): number => m / MICRO;

// --- customer keys -------------------------------------------------------------------------------

/** Prefixes billing and CRM systems put before the same number: cus_123, CUST-123, acct 123. */
const ID_PREFIX = /^(?:cus|cust|customer|client|acct|account|acc|id|c)[\s_\-.:#/]+/;

export function normalizeId(id: string): string {
  let t = id.normalize('NFKC').trim().toLowerCase();
  t = t.replace(ID_PREFIX, '');
  return t.replace(/[\s_\-.:#/]+/g, '');
}

export const normalizeEmail = (e: string): string => e.normalize('NFKC').trim().toLowerCase();

/** Legal-form words that differ between systems without naming another customer. */
const NAME_NOISE = /\b(?:inc|ltd|llc|gmbh|corp|co|plc|sa|bv|limited|company)\b/g;

export function normalizeName(n: string): string {
  return n.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(NAME_NOISE, ' ').replace(/\s+/g, ' ').trim();
}

/** Sørensen–Dice coefficient of the two strings' letter pairs (1 = same pairs). */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const pairs = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) { const p = a.slice(i, i + 2); pairs.set(p, (pairs.get(p) ?? 0) + 1); }
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const p = b.slice(i, i + 2);
    const n = pairs.get(p) ?? 0;
    if (n > 0) { common++; pairs.set(p, n - 1); }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}

// Customers are numbered per side (order of first appearance) and what is kept per customer lives
// in arrays indexed by that number: with an object and a rows array per customer and Maps/Sets
// keyed by id strings, garbage collection was ~30 % of a 200,000-customer run.
interface Customers {
  records: readonly ReconcileRecord[];
  ids: string[];
  index: Map<string, number>;
  /** The first non-blank e-mail and name of the customer's rows, as given; normalised on first use. */
  rawEmail: Array<string | null>;
  rawName: Array<string | null>;
  /** Customer c's records are records[recs[k]] for k in [first[c], first[c + 1]), in source order. */
  first: Int32Array;
  recs: Int32Array;
  // Normalising every name up front cost a tenth of a 200,000-customer run; most customers are tied
  // by id before e-mail or name is asked for, so keys are computed only for those still open.
  emailKey: Array<string | null | undefined>;
  nameKey: Array<string | null | undefined>;
}

function customersOf(side: ReconcileSide): Customers {
  const records = side.records;
  const index = new Map<string, number>();
  const ids: string[] = [];
  const rawEmail: Array<string | null> = [];
  const rawName: Array<string | null> = [];
  const owner = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const id = r.customerId.trim();
    let c = index.get(id);
    if (c === undefined) { c = ids.length; index.set(id, c); ids.push(id); rawEmail.push(null); rawName.push(null); }
    if (rawEmail[c] === null && r.email && r.email.trim()) rawEmail[c] = r.email;
    if (rawName[c] === null && r.name && r.name.trim()) rawName[c] = r.name;
    owner[i] = c;
  }
  const n = ids.length;
  const first = new Int32Array(n + 1);
  for (let i = 0; i < records.length; i++) first[owner[i]! + 1]!++;
  for (let c = 0; c < n; c++) first[c + 1]! += first[c]!;
  const next = first.slice(0, n);
  const recs = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) recs[next[owner[i]!]!++] = i;
  return { records, ids, index, rawEmail, rawName, first, recs, emailKey: new Array(n), nameKey: new Array(n) };
}

function emailOf(s: Customers, c: number): string | null {
  let k = s.emailKey[c];
  if (k === undefined) { const raw = s.rawEmail[c]; k = raw ? normalizeEmail(raw) || null : null; s.emailKey[c] = k; }
  return k;
}
function nameOf(s: Customers, c: number): string | null {
  let k = s.nameKey[c];
  if (k === undefined) { const raw = s.rawName[c]; k = raw ? normalizeName(raw) || null : null; s.nameKey[c] = k; }
  return k;
}

/** Who is tied to whom: per left customer the right one (−1 = none), the rule and its confidence. */
interface Matches {
  rightOf: Int32Array;
  rule: Array<MatchRule | null>;
  confidence: Float64Array;
  /** Per left customer, other right customers it also matched (many-to-one; not summed). */
  also: Map<number, number[]>;
  takenRight: Uint8Array;
  issues: TextMessage[];
}

/**
 * Pairs every left customer with at most one right customer, rule by rule; a right customer that
 * a left one also matches once it is taken is listed in `also` and stays on its own.
 */
function matchCustomers(left: Customers, right: Customers, manual: readonly ManualMatch[], nameThreshold: number): Matches {
  const issues: TextMessage[] = [];
  const nL = left.ids.length;
  const nR = right.ids.length;
  const rightOf = new Int32Array(nL).fill(-1);
  const rule: Array<MatchRule | null> = new Array<MatchRule | null>(nL).fill(null);
  const confidence = new Float64Array(nL);
  const takenRight = new Uint8Array(nR);
  const unmatchable = new Uint8Array(nL);
  const also = new Map<number, number[]>();
  const pair = (l: number, r: number, match: MatchRule, conf: number) => {
    rightOf[l] = r; rule[l] = match; confidence[l] = conf; takenRight[r] = 1;
  };
  for (const m of manual) {
    const l = left.index.get(m.leftId);
    if (l === undefined) { issues.push({ key: 'reconcile.issue.manualLeftMissing', values: { customer: m.leftId } }); continue; }
    if (m.rightId === null) { unmatchable[l] = 1; continue; }
    const r = right.index.get(m.rightId);
    if (r === undefined) { issues.push({ key: 'reconcile.issue.manualRightMissing', values: { customer: m.rightId } }); continue; }
    if (takenRight[r] || rightOf[l]! >= 0) { issues.push({ key: 'reconcile.issue.manualTaken', values: { left: m.leftId, right: m.rightId } }); continue; }
    pair(l, r, 'manual', 1);
  }
  // The customers still open on each side, narrowed after every rule (each rule walks only what
  // the earlier ones left, not the whole export again).
  let openLeft: number[] = [];
  for (let l = 0; l < nL; l++) if (rightOf[l]! < 0 && !unmatchable[l]) openLeft.push(l);
  let openRight: number[] = [];
  for (let r = 0; r < nR; r++) if (!takenRight[r]) openRight.push(r);
  const narrow = () => {
    openLeft = openLeft.filter((l) => rightOf[l]! < 0);
    openRight = openRight.filter((r) => !takenRight[r]);
  };
  const byRule = (leftKey: (c: number) => string | null, rightKey: (c: number) => string | null, match: MatchRule, conf: number) => {
    const idx = new Map<string, number[]>();
    for (const r of openRight) {
      const k = rightKey(r);
      if (k) { const list = idx.get(k); if (list) list.push(r); else idx.set(k, [r]); }
    }
    for (const l of openLeft) {
      const k = leftKey(l);
      if (!k) continue;
      const cands = idx.get(k);
      if (!cands) continue;
      const free = cands.filter((r) => !takenRight[r]);
      if (free.length === 0) continue;
      pair(l, free[0]!, match, conf);
      if (free.length > 1) also.set(l, [...(also.get(l) ?? []), ...free.slice(1)]);
    }
    narrow();
  };
  // Exact ids need no index: the right side is keyed by id already.
  for (const l of openLeft) {
    const r = right.index.get(left.ids[l]!);
    if (r !== undefined && !takenRight[r]) pair(l, r, 'id', 1);
  }
  narrow();
  const normalizedIdOf = (s: Customers) => (c: number) => normalizeId(s.ids[c]!) || null;
  byRule(normalizedIdOf(left), normalizedIdOf(right), 'normalized_id', 0.95);
  byRule((c) => emailOf(left, c), (c) => emailOf(right, c), 'email', 0.9);
  byRule((c) => nameOf(left, c), (c) => nameOf(right, c), 'name', 0.85);
  // Fuzzy names: candidates share a word with the left name, and words shared by more than
  // FUZZY_BUCKET names ("company", "trading") are not used to find candidates — this keeps the
  // search near-linear on large exports; a typo in one word still leaves the other words.
  const byWord = new Map<string, number[]>();
  for (const r of openRight) {
    const rn = nameOf(right, r);
    if (!rn) continue;
    for (const w of new Set(rn.split(' '))) {
      if (w.length < 2) continue;
      const list = byWord.get(w); if (list) list.push(r); else byWord.set(w, [r]);
    }
  }
  // seenBy[r] = 1 + the left customer whose candidates already include r.
  const seenBy = new Int32Array(nR);
  for (const l of openLeft) {
    const ln = nameOf(left, l);
    if (!ln) continue;
    let best = -1;
    let bestScore = nameThreshold;
    for (const w of new Set(ln.split(' '))) {
      const list = byWord.get(w);
      if (!list || list.length > FUZZY_BUCKET) continue;
      for (const r of list) {
        if (takenRight[r] || seenBy[r] === l + 1) continue;
        seenBy[r] = l + 1;
        const s = nameSimilarity(ln, nameOf(right, r)!);
        if (s > bestScore || (s === bestScore && best < 0)) { best = r; bestScore = s; }
      }
    }
    if (best >= 0) pair(l, best, 'name', Math.round(bestScore * 0.85 * 1000) / 1000);
  }
  for (const [l, rs] of also) issues.push({
    key: 'reconcile.issue.alsoMatches', values: { left: left.ids[l]!, right: rs.map((r) => right.ids[r]!).join(', ') },
  });
  return { rightOf, rule, confidence, also, takenRight, issues };
}

// --- periods -------------------------------------------------------------------------------------

const DAY_MS = 86400000;
const monthStart = (y: number, m: number): number => Date.UTC(y, m, 1) / DAY_MS;
const isoOfDay = (d: number): string => new Date(d * DAY_MS).toISOString().slice(0, 10);
export const dayOfIso = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

interface Month { start: number; end: number; iso: string }

function monthsBetween(first: number, last: number): Month[] {
  const a = new Date(first * DAY_MS);
  const b = new Date(last * DAY_MS);
  const out: Month[] = [];
  for (let y = a.getUTCFullYear(), m = a.getUTCMonth(); y < b.getUTCFullYear() || (y === b.getUTCFullYear() && m <= b.getUTCMonth()); m === 11 ? (y++, m = 0) : m++) {
    const start = monthStart(y, m);
    out.push({ start, end: monthStart(y, m + 1) - 1, iso: isoOfDay(start) });
  }
  return out;
}

/** Whether the side has MRR (or activity) within `days` of the month end (or of the month). */
function activeNear(dataset: ReconcileDataset, s: Customers, c: number, mo: Month, days: number): boolean {
  for (let k = s.first[c]!; k < s.first[c + 1]!; k++) {
    const r = s.records[s.recs[k]!]!;
    if (r.value <= 0) continue;
    if (dataset === 'subscriptions') {
      if (r.start != null && r.start <= mo.end + days && (r.end == null || r.end > mo.end - days)) return true;
    } else if (dataset === 'mrr_snapshots') {
      if (r.start == null) continue;
      const d = new Date(r.start * DAY_MS);
      const snapEnd = monthStart(d.getUTCFullYear(), d.getUTCMonth() + 1) - 1;
      if (Math.abs(snapEnd - mo.end) <= days) return true;
    } else if (r.date != null && r.date >= mo.start - days && r.date <= mo.end + days) return true;
  }
  return false;
}

const INTERVAL_RATIOS = [12, 6, 3];

/** The category of one customer in one month (micro-units in, one of CATEGORIES out). */
export function categorize(
  l: number, r: number, paired: boolean, nearLeft: () => boolean, nearRight: () => boolean, toleranceMicro: number,
): Category {
  if (Math.abs(r - l) <= toleranceMicro) return 'matched';
  if (l > 0 && r > 0) {
    const ratio = Math.max(l, r) / Math.min(l, r);
    if (INTERVAL_RATIOS.some((k) => Math.abs(ratio - k) <= 0.01 * k)) return 'interval';
    return 'amount';
  }
  if (l > 0 && r === 0) return paired && nearRight() ? 'timing' : 'only_left';
  if (r > 0 && l === 0) return paired && nearLeft() ? 'timing' : 'only_right';
  // Negative balances or credits: a difference with no better name.
  return 'amount';
}

export function reconcile(
  left: ReconcileSide, right: ReconcileSide, opts: { asOf?: string | null; params: ReconcileParams; manual?: readonly ManualMatch[] },
): Reconciliation {
  if (left.dataset !== right.dataset) throw new MessageError('reconcile.error.differentDatasets', { left: { key: `dataset.${left.dataset}` }, right: { key: `dataset.${right.dataset}` } }, 'reconcile');
  const dataset = left.dataset;
  const L = customersOf(left);
  const R = customersOf(right);
  const mt = matchCustomers(L, R, opts.manual ?? [], opts.params.nameThreshold);
  // Pairs: every left customer in order, then the right ones nobody took (−1 = no customer).
  const nL = L.ids.length;
  let P = nL;
  for (let r = 0; r < R.ids.length; r++) if (!mt.takenRight[r]) P++;
  const pairL = new Int32Array(P);
  const pairR = new Int32Array(P);
  for (let l = 0; l < nL; l++) { pairL[l] = l; pairR[l] = mt.rightOf[l]!; }
  for (let r = 0, i = nL; r < R.ids.length; r++) if (!mt.takenRight[r]) { pairL[i] = -1; pairR[i++] = r; }
  const rowsOf = (s: Customers, c: number): number[] => {
    const out: number[] = [];
    if (c >= 0) for (let k = s.first[c]!; k < s.first[c + 1]!; k++) out.push(s.records[s.recs[k]!]!.row);
    return out;
  };
  const pairs: CustomerPair[] = new Array<CustomerPair>(P);
  for (let i = 0; i < P; i++) {
    const l = pairL[i]!;
    const r = pairR[i]!;
    const also = l >= 0 ? mt.also.get(l) : undefined;
    pairs[i] = {
      leftId: l >= 0 ? L.ids[l]! : null, rightId: r >= 0 ? R.ids[r]! : null,
      match: l >= 0 ? mt.rule[l]! : null, confidence: l >= 0 && r >= 0 ? mt.confidence[l]! : null,
      alsoMatches: also ? also.map((x) => R.ids[x]!) : [], leftRows: rowsOf(L, l), rightRows: rowsOf(R, r),
    };
  }

  let first = Infinity;
  let last = -Infinity;
  for (const side of [left, right]) {
    for (const r of side.records) {
      const d = dataset === 'transactions' ? r.date : r.start;
      if (d == null || !Number.isFinite(d)) continue;
      if (d < first) first = d;
      if (d > last) last = d;
    }
  }
  const asOfDay = opts.asOf ? dayOfIso(opts.asOf) : Number.isFinite(last) ? last : Math.floor(Date.now() / DAY_MS);
  if (!Number.isFinite(first)) first = asOfDay;
  const months = monthsBetween(Math.min(first, asOfDay), asOfDay);
  const tol = toMicro(opts.params.tolerance);
  const days = opts.params.timingDays;

  // Per pair and month, each side's amount (micro-units), filled row by row: a subscription adds
  // its MRR to the run of months whose end it spans, a snapshot or transaction to its own month.
  const M = months.length;
  const monthOf = (day: number): number => {
    let lo = 0; let hi = M - 1;
    if (day < months[0]!.start || day > months[M - 1]!.end) return -1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (months[mid]!.end < day) lo = mid + 1; else hi = mid; }
    return lo;
  };
  /** First month whose end is ≥ day (M when none). */
  const firstEndingOnOrAfter = (day: number): number => {
    let lo = 0; let hi = M;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (months[mid]!.end < day) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const fill = (s: Customers, c: number, out: Float64Array, base: number) => {
    for (let k = s.first[c]!; k < s.first[c + 1]!; k++) {
      const r = s.records[s.recs[k]!]!;
      const v = toMicro(r.value);
      if (dataset === 'subscriptions') {
        if (r.start == null) continue;
        const a = firstEndingOnOrAfter(r.start);
        // Active at a month end e when end > e, i.e. months ending before `end`.
        const b = r.end == null ? M : firstEndingOnOrAfter(r.end);
        for (let m = a; m < b; m++) out[base + m]! += v;
      } else {
        const day = dataset === 'mrr_snapshots' ? r.start : r.date;
        if (day == null) continue;
        const m = monthOf(day);
        if (m >= 0) out[base + m]! += v;
      }
    }
  };
  // Pair by pair (not month by month over every pair): two month buffers are reused, so memory
  // stays O(months) and the sums run over contiguous memory — the month-major loop over two
  // pairs × months arrays was the largest share of a 200,000-customer run after GC.
  const C = CATEGORIES.length;
  const n = new Float64Array(M * C);
  const sl = new Float64Array(M * C);
  const sr = new Float64Array(M * C);
  const lbuf = new Float64Array(M);
  const rbuf = new Float64Array(M);
  const lines: CustomerLine[] = [];
  const yes = () => true;
  const no = () => false;
  for (let i = 0; i < P; i++) {
    const l = pairL[i]!;
    const r = pairR[i]!;
    lbuf.fill(0); rbuf.fill(0);
    if (l >= 0) fill(L, l, lbuf, 0);
    if (r >= 0) fill(R, r, rbuf, 0);
    const paired = l >= 0 && r >= 0;
    for (let mi = 0; mi < M; mi++) {
      const lv = lbuf[mi]!;
      const rv = rbuf[mi]!;
      if (lv === 0 && rv === 0) continue;
      const mo = months[mi]!;
      // Whether the zero side has MRR near the period end is asked only when one side is zero.
      const nearL = paired && lv === 0 && rv > 0 && activeNear(dataset, L, l, mo, days) ? yes : no;
      const nearR = paired && rv === 0 && lv > 0 && activeNear(dataset, R, r, mo, days) ? yes : no;
      const cat = categorize(lv, rv, paired, nearL, nearR, tol);
      const k = mi * C + CATEGORY_INDEX[cat];
      n[k]!++; sl[k]! += lv; sr[k]! += rv;
      if (mi === M - 1) {
        const p = pairs[i]!;
        lines.push({ pair: i, leftId: p.leftId, rightId: p.rightId, match: p.match, confidence: p.confidence, category: cat,
          leftMrr: fromMicro(lv), rightMrr: fromMicro(rv), difference: fromMicro(rv - lv) });
      }
    }
  }
  const series: PeriodReconciliation[] = months.map((mo, mi) => {
    let tl = 0; let tr = 0;
    const bridge = CATEGORIES.map((c, j) => {
      const k = mi * C + j;
      tl += sl[k]!; tr += sr[k]!;
      return { category: c, customers: n[k]!, leftMrr: fromMicro(sl[k]!), rightMrr: fromMicro(sr[k]!), difference: fromMicro(sr[k]! - sl[k]!) };
    });
    return { period: mo.iso, leftMrr: fromMicro(tl), rightMrr: fromMicro(tr), difference: fromMicro(tr - tl), bridge, customers: mi === M - 1 ? lines : [] };
  });
  const asOf = series[series.length - 1]!;
  return { asOfDate: new Date(asOfDay * DAY_MS).toISOString().slice(0, 10), pairs, asOf, series, issues: mt.issues };
}
