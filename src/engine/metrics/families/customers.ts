// Customer snapshots (issue 9 item 4): one row per customer as CRM exports write it (the IBM telco
// export: tenure in months, monthly charges, contract, Churn Yes/No). Churn, retention, active
// customers, MRR, ARPA, average tenure and CLV at the snapshot date — the customers.snapshot_date
// parameter, by default the day the file was last modified (else the as-of date), stated beside
// every number. Segments (contract, payment method…) come from the segment column
// like every other family.
import { dayFromIso, isoFromDay } from '../../../shared/calendar/periods';
import { paramString } from '../params';
import { fixedFormula, msg, noteOutput } from '../formula';
import type { TextMessage } from '../../../shared/types';
import { queryAll } from '../../store/database';
import { normalizedTable } from '../../mapping/datasets';
import type { DrillSql, FamilyModule, InputAlternative, MetricContext, MetricOutput } from '../types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import { DAYS_PER_MONTH } from './money-common';
import { periodChurnBenchmark } from '../benchmarks';
import { num } from './support-common';

const T = normalizedTable('customers');
const ID = 'customer_id';
const STATUS: InputAlternative[] = [
  { dataset: 'customers', fields: [ID, 'churned'] },
  { dataset: 'customers', fields: [ID, 'cancel_date'] },
];
const withAll = (...more: string[]): InputAlternative[] => STATUS.map((a) => ({ ...a, fields: [...a.fields, ...more] }));


type Def = Omit<MetricRecord<CustomerReads>, 'family' | 'formula' | 'formulaMessage' | 'drill'> & {
  /** The rows behind the value: which snapshot rows count (a condition on k.churned). */
  rows: string;
};
const def = ({ rows, ...d }: Def): MetricRecord<CustomerReads> => ({
  ...d, family: 'customers', params: ['customers.snapshot_date', ...(d.params ?? [])], ...fixedFormula(d.id),
  drill: (ctx) => snapshotDrill(ctx, rows),
});

/** The snapshot date and where it comes from: the parameter, the file's date, or the as-of date. */
export function snapshotDate(ctx: MetricContext): { day: number; source: 'parameter' | 'file' | 'as_of' } {
  const set = paramString(ctx.params, 'customers.snapshot_date');
  const fromParam = set ? dayFromIso(set) : null;
  if (fromParam !== null) return { day: fromParam, source: 'parameter' };
  const file = ctx.fileDay('customers');
  if (file !== null) return { day: file, source: 'file' };
  return { day: ctx.asOfDay, source: 'as_of' };
}

const ACTIVE = 'k.churned = 0';
const KNOWN = 'k.churned IS NOT NULL';

export const CUSTOMER_METRICS: Array<MetricRecord<CustomerReads>> = [
  def({ id: 'snapshot_customers', label: 'Customers in the snapshot', unit: 'count', inputs: STATUS, rows: KNOWN,
    compute: (ctx, f) => snapshotOutput(ctx, f.read(), f.read().s.customers) }),
  def({ id: 'snapshot_active_customers', label: 'Active customers (snapshot)', unit: 'count', inputs: STATUS, rows: ACTIVE,
    compute: (ctx, f) => snapshotOutput(ctx, f.read(), f.read().s.active) }),
  def({ id: 'snapshot_churn_rate', better: 'lower', label: 'Churn rate (snapshot)', unit: 'ratio', inputs: STATUS, rows: 'k.churned = 1',
    // The churn flag is read as "left within the last month": compared with the monthly band.
    benchmark: (p) => periodChurnBenchmark(p, 1),
    compute: (ctx, f) => snapshotOutput(ctx, f.read(), f.read().churnRate) }),
  def({ id: 'snapshot_retention_rate', label: 'Retention rate (snapshot)', unit: 'ratio', inputs: STATUS, rows: KNOWN,
    compute: (ctx, f) => { const r = f.read(); return snapshotOutput(ctx, r, ratio(r.s.active, r.s.customers)); } }),
  def({ id: 'snapshot_mrr', label: 'MRR (snapshot)', unit: 'currency', inputs: withAll('monthly_amount'), rows: ACTIVE,
    compute: (ctx, f) => snapshotOutput(ctx, f.read(), f.read().s.mrr ?? 0) }),
  def({ id: 'snapshot_arpa', label: 'ARPA (snapshot)', unit: 'currency', inputs: withAll('monthly_amount'), rows: ACTIVE,
    compute: (ctx, f) => snapshotOutput(ctx, f.read(), f.read().arpa) }),
  def({ id: 'snapshot_avg_tenure', label: 'Average tenure (snapshot)', unit: 'months',
    inputs: [...withAll('tenure'), ...withAll('signup_date')], defaultStat: 'all_mean', rows: KNOWN,
    compute: (ctx, f) => {
      const r = f.read(), t = r.s.tenure;
      return snapshotOutput(ctx, r, t.all, { all_mean: t.all, active_mean: t.active, churned_mean: t.churned });
    } }),
  def({ id: 'snapshot_clv', label: 'CLV (snapshot)', unit: 'currency', inputs: [{ dataset: 'customers', fields: [ID, 'churned', 'monthly_amount'] }],
    rows: KNOWN,
    compute: (ctx, f) => {
      const r = f.read();
      return snapshotOutput(ctx, r, r.arpa != null && r.churnRate ? r.arpa / r.churnRate : null, { arpa: r.arpa, churn_rate: r.churnRate });
    } }),
];

interface Snapshot {
  customers: number; active: number; churned: number; unknown: number; notYet: number;
  mrr: number | null; activeWithAmount: number; tenure: { all: number | null; active: number | null; churned: number | null };
}

/** Per-row status SQL: 1 churned, 0 active, NULL unknown; rows signed up after the snapshot dropped. */
function rowsSql(ctx: MetricContext): string {
  const s = snapshotDate(ctx).day;
  const churned = ctx.has('customers', 'cancel_date')
    ? (ctx.has('customers', 'churned')
      ? `CASE WHEN c.cancel_date IS NOT NULL AND c.cancel_date <= ${s} THEN 1 WHEN c.cancel_date IS NOT NULL THEN 0 ELSE c.churned END`
      : `CASE WHEN c.cancel_date IS NOT NULL AND c.cancel_date <= ${s} THEN 1 ELSE 0 END`)
    : 'c.churned';
  const tenure = ctx.has('customers', 'tenure') ? 'c.tenure'
    : ctx.has('customers', 'signup_date')
      ? `(MIN(COALESCE(c.cancel_date, ${s}), ${s}) - c.signup_date) / ${DAYS_PER_MONTH}` : 'NULL';
  const amount = ctx.has('customers', 'monthly_amount') ? 'c.monthly_amount' : 'NULL';
  const notYet = ctx.has('customers', 'signup_date') ? `CASE WHEN c.signup_date > ${s} THEN 1 ELSE 0 END` : '0';
  return `SELECT c._src AS _src, c._row AS _row, ${churned} AS churned, ${tenure} AS tenure, ${amount} AS amount, ${notYet} AS not_yet
FROM ${T} c WHERE ${ctx.segFilter('c')}`;
}

function snapshot(ctx: MetricContext): Snapshot {
  const r = queryAll(ctx.db, `WITH k AS (${rowsSql(ctx)})
SELECT SUM(not_yet = 0 AND churned IS NOT NULL) AS customers, SUM(not_yet = 0 AND churned = 0) AS active,
  SUM(not_yet = 0 AND churned = 1) AS churned, SUM(not_yet = 0 AND churned IS NULL) AS unknown, SUM(not_yet) AS not_yet,
  SUM(CASE WHEN not_yet = 0 AND churned = 0 THEN amount END) AS mrr,
  SUM(not_yet = 0 AND churned = 0 AND amount IS NOT NULL) AS active_amount,
  AVG(CASE WHEN not_yet = 0 AND churned IS NOT NULL THEN tenure END) AS t_all,
  AVG(CASE WHEN not_yet = 0 AND churned = 0 THEN tenure END) AS t_active,
  AVG(CASE WHEN not_yet = 0 AND churned = 1 THEN tenure END) AS t_churned
FROM k`)[0] ?? {};
  return {
    customers: num(r.customers) ?? 0, active: num(r.active) ?? 0, churned: num(r.churned) ?? 0,
    unknown: num(r.unknown) ?? 0, notYet: num(r.not_yet) ?? 0, mrr: num(r.mrr), activeWithAmount: num(r.active_amount) ?? 0,
    tenure: { all: num(r.t_all), active: num(r.t_active), churned: num(r.t_churned) },
  };
}

const ratio = (a: number | null, b: number | null) => (a == null || b == null || b === 0 ? null : a / b);

/** The snapshot's numbers, its rows' SQL, its date and the notes every snapshot metric carries. */
interface SnapshotRead {
  s: Snapshot; sql: string; snap: ReturnType<typeof snapshotDate>; date: string; notes: TextMessage[];
  churnRate: number | null; arpa: number | null;
}

/** The reads customer metrics share: one snapshot pass, made on first use. */
interface CustomerReads { read: () => SnapshotRead }

function customerReads(ctx: MetricContext): CustomerReads {
  return { read: lazy(() => snapshotRead(ctx)) };
}

function snapshotRead(ctx: MetricContext): SnapshotRead {
  const s = snapshot(ctx);
  const sql = rowsSql(ctx);
  const snap = snapshotDate(ctx);
  const date = isoFromDay(snap.day);
  const notes: TextMessage[] = [msg(`note.customers.snapshotDate.${snap.source}`, { date })];
  if (s.unknown) notes.push(msg('note.customers.unknownStatus', { n: s.unknown }));
  if (s.notYet) notes.push(msg('note.customers.signedUpAfter', { n: s.notYet, date }));
  return { s, sql, snap, date, notes, churnRate: ratio(s.churned, s.customers), arpa: ratio(s.mrr, s.activeWithAmount) };
}

/** A snapshot metric's output: its value in the current period only, with the snapshot's stats. */
function snapshotOutput(ctx: MetricContext, r: SnapshotRead, value: number | null, stats: Record<string, number | null | string> = {}): MetricOutput {
  const { s, snap, date } = r;
  const curIdx = ctx.periods.findIndex((p) => p.key === ctx.current.key);
  const v = value != null && Number.isFinite(value) ? value : null;
  return {
    series: ctx.periods.map((p, i) => ({ period: p.key, value: i === curIdx ? v : null })),
    value: v, status: v == null ? 'not_applicable' : 'ok', sql: r.sql, ...noteOutput(...r.notes),
    stats: { snapshot_date: date, snapshot_date_source: snap.source, customers: s.customers, active: s.active, churned: s.churned, ...stats },
  };
}

/** Rows behind a snapshot value: the same whatever the period (a snapshot has one date). */
function snapshotDrill(ctx: MetricContext, only: string): DrillSql {
  return { sql: `WITH k AS (${rowsSql(ctx)}) SELECT k._src AS _src, k._row AS _row FROM k WHERE k.not_yet = 0 AND ${only} ORDER BY k._src, k._row` };
}

export const customersFamily: FamilyModule = defineFamily('customers', CUSTOMER_METRICS, customerReads);
