// Recurring revenue (METRICS.md §4.1): MRR, ARR, ARPA, customer counts, MRR movements and the
// waterfall, churn / retention / NRR / GRR, quick ratio, renewals, trial conversion, cohort
// retention and tenure. Every number derives from the cached movement aggregates of
// money-revenue-base.ts, plus small queries for renewals and trials.
import { annualChurnBenchmark, bench, periodChurnBenchmark } from '../benchmarks';
import { queryRows } from '../../store/database';
import { listPeriods, type Period } from '../../../shared/calendar/periods';
import { paramString } from '../params';
import { fixedFormula, formulaOf, msg, noteOutput } from '../formula';
import type { TextMessage } from '../../../shared/types';
import type { DrillSql, FamilyModule, InputAlternative, MetricContext, MetricOutput, Params } from '../types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import {
  DAYS_PER_MONTH, byIndex, clean, contextDayIndex, monthsInPeriod, ratio, series,
} from './money-common';
import {
  aggregatesFor, revenueDrillSql, revenueSource, type CustomerSelector, type RevenueAggregates,
  type RevenueBase, type RevenueSource,
} from './money-revenue-base';
import { revenueBase } from './money-revenue-fold';

const MRR_INPUTS: InputAlternative[] = [
  { dataset: 'subscriptions', fields: ['customer_id', 'mrr', 'start_date'] },
  { dataset: 'mrr_snapshots', fields: ['customer_id', 'month', 'mrr'] },
];

/** A revenue metric: its formula is formula.<id>, or formula.<id>.<variant> when `formulaVariant` picks one. */
type Def = Omit<MetricRecord<RevenueReads>, 'family' | 'inputs' | 'formula' | 'formulaMessage'> & {
  inputs?: InputAlternative[]; formulaVariant?: (p: Params) => string;
};

function def(d: Def): MetricRecord<RevenueReads> {
  const { formulaVariant, inputs, ...rest } = d;
  return {
    ...rest,
    family: 'revenue',
    inputs: inputs ?? MRR_INPUTS,
    ...(formulaVariant ? formulaOf((p) => msg(`formula.${d.id}.${formulaVariant(p)}`)) : fixedFormula(d.id)),
  };
}

const churnVariant = (p: Params) => (paramString(p, 'churn.variant') === 'inclusive' ? 'inclusive' : 'cohort');
const annualizeVariant = (p: Params) => (paramString(p, 'churn.annualize') === 'linear' ? 'linear' : 'compound');
const arrVariant = (p: Params) => (paramString(p, 'arr.variant') === 'contracted' ? 'contracted' : 'run_rate');

export const REVENUE_METRICS: Array<MetricRecord<RevenueReads>> = [
  def({ id: 'mrr', label: 'MRR', unit: 'currency',
    compute: movement((a) => a.endMrr, 'mrr = starting MRR + Σ movements, per period', () => noteOutput(msg('note.mrrMeasured'))),
    drill: customers('active_end') }),
  def({ id: 'arr', label: 'ARR', unit: 'currency', params: ['arr.variant'], variant: arrVariant,
    inputs: [...MRR_INPUTS],
    formulaVariant: arrVariant,
    compute: (ctx, f) => withView(f, (v) => arr(ctx, v)),
    drill: customers('active_end') }),
  def({ id: 'arpa', label: 'ARPA', unit: 'currency',
    compute: movement((a) => a.endMrr.map((v, i) => ratio(v, a.endActive[i])), 'arpa = mrr ÷ active customers'),
    drill: customers('active_end') }),
  def({ id: 'active_customers', label: 'Active customers', unit: 'count',
    compute: movement((a) => a.endActive, 'active customers = active at start + new + reactivated − churned + moved in − moved out'),
    drill: customers('active_end') }),
  def({ id: 'new_customers', accrues: true, label: 'New customers', unit: 'count',
    compute: movement((a) => a.newN, 'count of movement rows classified new'), drill: customers('new') }),
  def({ id: 'reactivated_customers', accrues: true, label: 'Reactivated customers', unit: 'count',
    compute: movement((a) => a.reactN, 'count of movement rows classified reactivation'), drill: customers('reactivated') }),
  def({ id: 'churned_customers', accrues: true, better: 'lower', label: 'Churned customers', unit: 'count',
    compute: movement((a) => a.churnN, 'count of movement rows classified churn'), drill: customers('churned') }),
  def({ id: 'mrr_new', accrues: true, label: 'New MRR', unit: 'currency',
    compute: movement((a) => a.newV, 'Σ e of new customers'), drill: customers('new') }),
  def({ id: 'mrr_expansion', accrues: true, label: 'Expansion MRR', unit: 'currency',
    compute: movement((a) => a.expV, 'Σ (e − s) of expansion'), drill: customers('expansion') }),
  def({ id: 'mrr_contraction', accrues: true, better: 'lower', label: 'Contraction MRR', unit: 'currency',
    compute: movement((a) => a.contrV, 'Σ (s − e) of contraction'), drill: customers('contraction') }),
  def({ id: 'mrr_churn', accrues: true, better: 'lower', label: 'Churned MRR', unit: 'currency',
    compute: movement((a) => a.churnV, 'Σ s of churn'), drill: customers('churned') }),
  def({ id: 'mrr_reactivation', accrues: true, label: 'Reactivation MRR', unit: 'currency',
    compute: movement((a) => a.reactV, 'Σ e of reactivations'), drill: customers('reactivated') }),
  def({ id: 'mrr_moved_in', accrues: true, better: 'neither', label: 'MRR moved in', unit: 'currency',
    compute: movement((a) => a.inV, 'Σ moved in (segment views)'), drill: customers('moved_in') }),
  def({ id: 'mrr_moved_out', accrues: true, better: 'neither', label: 'MRR moved out', unit: 'currency',
    compute: movement((a) => a.outV, 'Σ moved out (segment views)'), drill: customers('moved_out') }),
  def({ id: 'moved_in_customers', accrues: true, better: 'neither', label: 'Customers moved in', unit: 'count',
    compute: movement((a) => a.inN, 'count of segment rows 0 → > 0 of customers still active'), drill: customers('moved_in') }),
  def({ id: 'moved_out_customers', accrues: true, better: 'neither', label: 'Customers moved out', unit: 'count',
    compute: movement((a) => a.outN, 'count of segment rows > 0 → 0 of customers still active'), drill: customers('moved_out') }),
  def({ id: 'net_new_mrr', accrues: true, label: 'Net new MRR', unit: 'currency',
    compute: (ctx, f) => withView(f, (v) => netNewMrr(ctx, v)), drill: customers('moved') }),
  def({ id: 'customer_churn_rate', accrues: true, better: 'lower', label: 'Customer churn rate', unit: 'ratio', params: ['churn.variant'],
    variant: churnVariant, benchmark: periodChurnBenchmark, formulaVariant: churnVariant,
    compute: movement((a, ctx) => churnRates(a, ctx.params),
      (ctx) => (churnVariant(ctx.params) === 'inclusive' ? '(churned + joined-and-left) ÷ active at start' : 'churned ÷ active at start'),
      (ctx, a) => {
        const n = ctx.periods.length;
        return { stats: { churned: a.churnN[n - 1] ?? 0, joined_and_left: a.joinedLeftN[n - 1] ?? 0, active_at_start: a.startActive[n - 1] ?? 0 } };
      }),
    drill: churnedDrill }),
  def({ id: 'customer_churn_rate_annualized', better: 'lower', label: 'Customer churn rate (annualized)', unit: 'ratio',
    params: ['churn.variant', 'churn.annualize'], variant: annualizeVariant,
    benchmark: annualChurnBenchmark,
    formulaVariant: annualizeVariant,
    compute: (ctx, f) => withView(f, (v) => annualizedChurn(ctx, v)),
    drill: churnedDrill }),
  def({ id: 'customer_retention_rate', label: 'Customer retention rate', unit: 'ratio',
    compute: movement((a) => a.endActive.map((e, i) => ratio(e - a.newN[i]! - a.reactN[i]! - a.inN[i]!, a.startActive[i])),
      '(active at end − new − reactivated − moved in) ÷ active at start'),
    drill: customers('retained') }),
  def({ id: 'gross_revenue_churn', accrues: true, better: 'lower', label: 'Gross revenue churn', unit: 'ratio',
    compute: movement((a) => a.startMrr.map((s, i) => ratio(a.churnV[i]! + a.contrV[i]!, s)), '(churn + contraction) ÷ starting MRR'),
    drill: customers('active_start') }),
  def({ id: 'net_revenue_churn', better: 'lower', label: 'Net revenue churn', unit: 'ratio',
    compute: movement((a) => a.startMrr.map((s, i) => ratio(a.churnV[i]! + a.contrV[i]! - a.expV[i]!, s)),
      '(churn + contraction − expansion) ÷ starting MRR'),
    drill: customers('active_start') }),
  def({ id: 'nrr', label: 'Net revenue retention', unit: 'ratio',
    benchmark: bench('nrr', 'reference guides', { good: { min: 1 } }),
    compute: movement((a) => a.startMrr.map((s, i) => ratio(s - a.contrV[i]! - a.churnV[i]! + a.expV[i]!, s)),
      '(starting MRR − contraction − churn + expansion) ÷ starting MRR'),
    drill: customers('active_start') }),
  def({ id: 'grr', label: 'Gross revenue retention', unit: 'ratio',
    compute: movement((a) => a.startMrr.map((s, i) => ratio(s - a.contrV[i]! - a.churnV[i]!, s)), '(starting MRR − contraction − churn) ÷ starting MRR'),
    drill: customers('active_start') }),
  def({ id: 'quick_ratio', label: 'SaaS quick ratio', unit: 'ratio',
    compute: movement((a) => a.newV.map((v, i) => ratio(v + a.reactV[i]! + a.expV[i]!, a.churnV[i]! + a.contrV[i]!)),
      '(new + reactivation + expansion) ÷ (churn + contraction)'),
    drill: customers('moved') }),
  def({ id: 'expansion_rate', label: 'Expansion rate', unit: 'ratio',
    compute: movement((a) => a.startMrr.map((s, i) => ratio(a.expV[i]!, s)), 'expansion ÷ starting MRR'),
    drill: customers('expansion') }),
  def({ id: 'renewal_rate', label: 'Renewal rate', unit: 'ratio',
    inputs: [
      { dataset: 'renewals', fields: ['customer_id', 'due_date'] },
      { dataset: 'subscriptions', fields: ['customer_id', 'start_date', 'term_months'] },
    ],
    benchmark: bench('renewal', 'guides\' worked example', { bad: { max: 0.32 } }),
    compute: (ctx) => renewalRate(ctx),
    drill: (ctx, period) => renewalDrill(ctx, period) }),
  def({ id: 'trial_conversion_rate', label: 'Trial conversion rate', unit: 'ratio',
    inputs: [
      { dataset: 'trials', fields: ['customer_id', 'trial_start'] },
      { dataset: 'subscriptions', fields: ['customer_id', 'trial_start'] },
    ],
    compute: (ctx) => trialConversion(ctx),
    drill: (ctx, period) => trialDrill(ctx, period) }),
  def({ id: 'cohort_retention', label: 'Cohort retention', unit: 'ratio', kind: 'table', defaultStat: 'logo_k1',
    compute: (ctx, f) => { const v = f.view(); return v ? cohortRetention(ctx, v) : null; },
    drill: customers('first_in_period') }),
  def({ id: 'tenure_months', label: 'Tenure', unit: 'months', defaultStat: 'churned_mean',
    compute: (ctx, f) => withView(f, (v) => tenure(ctx, v)),
    drill: customers('churned') }),
];

// ---------------------------------------------------------------------------------------------

function churnRates(a: RevenueAggregates, p: Params): Array<number | null> {
  const inclusive = churnVariant(p) === 'inclusive';
  return a.startActive.map((s, i) => ratio(a.churnN[i]! + (inclusive ? a.joinedLeftN[i]! : 0), s));
}

/** Period churn rate → annual rate, using the period's length in months. */
export function annualizeChurn(rate: number | null, months: number, mode: 'compound' | 'linear'): number | null {
  if (rate == null || months <= 0) return null;
  const k = 12 / months;
  if (mode === 'linear') return rate * k;
  if (k === 1) return rate;
  if (rate >= 1) return 1;
  return 1 - Math.pow(1 - rate, k);
}

/** Period churn rate → monthly rate (compound), for CLV. */
export function monthlyChurn(rate: number | null, months: number): number | null {
  if (rate == null || months <= 0) return null;
  if (months === 1) return rate;
  if (rate >= 1) return 1;
  return 1 - Math.pow(1 - rate, 1 / months);
}

export interface RevenueView {
  base: RevenueBase;
  agg: RevenueAggregates;
  source: RevenueSource;
}

/** The movement aggregates of the context's segment, or null when no MRR source is mapped. */
export function revenueView(ctx: MetricContext): RevenueView | null {
  const base = revenueBase(ctx);
  if (!base) return null;
  return { base, agg: aggregatesFor(ctx, base, ctx.periods.length), source: base.source };
}

function movementSql(base: RevenueBase, extra: string): string {
  return `${base.sql}\n\n-- ${extra}`;
}

/** The reads revenue metrics share: the movement aggregates, made on first use. */
interface RevenueReads {
  /** The movement aggregates of the context's segment; null when no MRR source is mapped. */
  view: () => RevenueView | null;
}

function revenueReads(ctx: MetricContext): RevenueReads {
  return { view: lazy(() => revenueView(ctx)) };
}

/** A metric's output from the movement aggregates; null when there are none. */
function withView(f: RevenueReads, make: (view: RevenueView) => MetricOutput): MetricOutput | null {
  const v = f.view();
  return v ? make(v) : null;
}

/** A movement metric's output: its series, and the movement base's SQL with how the metric derives from it. */
function movementOutput(ctx: MetricContext, base: RevenueBase, values: Array<number | null>, how: string, extra: Partial<MetricOutput> = {}): MetricOutput {
  return { series: series(ctx, values), sql: movementSql(base, how), ...extra };
}

/** The compute of a metric read straight from the movement aggregates. */
function movement(
  values: (a: RevenueAggregates, ctx: MetricContext) => Array<number | null>,
  how: string | ((ctx: MetricContext) => string),
  extra?: (ctx: MetricContext, a: RevenueAggregates) => Partial<MetricOutput>,
): MetricRecord<RevenueReads>['compute'] {
  return (ctx, f) => withView(f, (v) =>
    movementOutput(ctx, v.base, values(v.agg, ctx), typeof how === 'string' ? how : how(ctx), extra ? extra(ctx, v.agg) : {}));
}

function arr(ctx: MetricContext, view: RevenueView): MetricOutput {
  const { agg: a, base } = view;
  const arrContracted = arrVariant(ctx.params) === 'contracted';
  if (arrContracted && (view.source !== 'subscriptions' || !ctx.has('subscriptions', 'term_months'))) {
    return {
      series: series(ctx, new Array(ctx.periods.length).fill(null)), value: null, status: 'not_applicable', sql: base.sql,
      ...noteOutput(msg('note.arrContractedNeedsTerms')),
    };
  }
  return movementOutput(ctx, base, (arrContracted ? a.contractedMrr : a.endMrr).map((v) => v * 12),
    arrContracted ? 'arr = 12 × Σ MRR of subscriptions with term_months ≥ 12 active on the last day' : 'arr = 12 × mrr',
    noteOutput(msg(arrContracted ? 'note.arrContracted' : 'note.arrRunRate')));
}

function netNewMrr(ctx: MetricContext, view: RevenueView): MetricOutput {
  const { agg: a, base } = view;
  const net = a.newV.map((v, i) => v + a.reactV[i]! + a.expV[i]! - a.contrV[i]! - a.churnV[i]! + a.inV[i]! - a.outV[i]!);
  const segmented = ctx.segmentValue !== null;
  return movementOutput(ctx, base, net, 'net new = new + reactivation + expansion − contraction − churn + moved in − moved out', {
    table: {
      columns: ['period', 'starting_mrr', 'new', 'reactivation', 'expansion', 'contraction', 'churn', 'moved_in', 'moved_out', 'net_new', 'ending_mrr'],
      rows: ctx.periods.map((p, i) => [p.key, a.startMrr[i]!, a.newV[i]!, a.reactV[i]!, a.expV[i]!, -a.contrV[i]!, -a.churnV[i]!, a.inV[i]!, -a.outV[i]!, net[i]!, a.endMrr[i]!]),
    },
    ...noteOutput(msg('note.revenue.waterfall'), ...(segmented ? [msg('note.revenue.segmentView')] : [])),
  });
}

function annualizedChurn(ctx: MetricContext, view: RevenueView): MetricOutput {
  const churn = churnRates(view.agg, ctx.params);
  const mode = annualizeVariant(ctx.params);
  return movementOutput(ctx, view.base,
    churn.map((r, i) => annualizeChurn(r, monthsInPeriod(ctx.period, ctx.periods[i]!), mode)),
    `annualized (${mode}) from the ${churnVariant(ctx.params)} churn rate`,
    noteOutput(ctx.period === 'week' || ctx.period === 'day'
      ? msg(`note.revenue.annualized.${ctx.period}.${mode}`, { days: { number: DAYS_PER_MONTH, fractionDigits: 2 } })
      : msg(`note.revenue.annualized.${ctx.period}.${mode}`)));
}

function tenure(ctx: MetricContext, view: RevenueView): MetricOutput {
  const t = view.agg.tenure;
  return movementOutput(ctx, view.base, t.endedMeanMonths, 'tenure: days with MRR > 0 ÷ 30.44', {
    value: t.churnedMeanMonths,
    stats: {
      churned_mean: clean(t.churnedMeanMonths), churned_count: t.churnedCount,
      all_mean: clean(t.allMeanMonths), all_count: t.allCount,
    },
    ...noteOutput(msg('note.revenue.tenure')),
  });
}

// ---------------------------------------------------------------------------------------------
// Cohort retention (months of the analysis calendar, whatever the period kind).

function monthPeriods(ctx: MetricContext): Period[] {
  if (ctx.period === 'month') return ctx.periods;
  return listPeriods('month', ctx.calendar, ctx.periods[0]!.start, ctx.asOfDay);
}

function cohortRetention(ctx: MetricContext, view: RevenueView): MetricOutput | null {
  const months = monthPeriods(ctx);
  const base = ctx.period === 'month' ? view.base : revenueBase(ctx, months);
  if (!base) return null;
  const a = ctx.period === 'month' ? view.agg : aggregatesFor(ctx, base, months.length);
  const m = months.length;
  const K = m - 1;
  const rows: Array<Array<string | number | null>> = [];
  const logoAt: Array<Array<number | null>> = [], revAt: Array<Array<number | null>> = [];
  for (let c = 0; c < m; c++) {
    const size = a.firstN[c] ?? 0;
    const deltas = a.cohortDeltas.get(c);
    const logo: Array<number | null> = [], rev: Array<number | null> = [];
    let active = 0, mrr = 0, startMrr = 0;
    for (let k = 0; k <= K; k++) {
      if (c + k >= m) { logo.push(null); rev.push(null); continue; }
      const d = deltas?.get(c + k);
      if (d) { active += d[0]; mrr += d[1]; }
      if (k === 0) startMrr = mrr;
      logo.push(ratio(active, size));
      rev.push(ratio(Math.round(mrr * 1e6) / 1e6, startMrr));
    }
    logoAt.push(logo); revAt.push(rev);
    if (size > 0) {
      rows.push([months[c]!.key, 'logo', size, ...logo]);
      rows.push([months[c]!.key, 'revenue', Math.round(startMrr * 1e6) / 1e6, ...rev]);
    }
  }
  const weighted = (k: number, basis: 'logo' | 'revenue'): number | null => {
    let num = 0, den = 0;
    for (let c = 0; c + k < m; c++) {
      const w = basis === 'logo' ? (a.firstN[c] ?? 0) : (revBase(a, c));
      const v = (basis === 'logo' ? logoAt : revAt)[c]![k];
      if (w > 0 && v != null) { num += v * w; den += w; }
    }
    return ratio(num, den);
  };
  const stats: Record<string, number | null> = { cohorts: rows.length / 2 };
  for (const k of [1, 3, 6, 12]) {
    stats[`logo_k${k}`] = weighted(k, 'logo');
    stats[`revenue_k${k}`] = weighted(k, 'revenue');
  }
  const seriesValues = ctx.period === 'month' ? logoAt.map((l) => l[1] ?? null) : new Array(ctx.periods.length).fill(null);
  return {
    series: series(ctx, seriesValues),
    value: stats.logo_k1 ?? null,
    stats,
    table: { columns: ['cohort', 'basis', 'size', ...Array.from({ length: K + 1 }, (_, k) => `k${k}`)], rows },
    ...noteOutput(
      msg('note.revenue.cohortDefinition'),
      msg(ctx.period === 'month' ? 'note.revenue.cohortSeriesMonthly' : 'note.revenue.cohortSeriesOtherPeriods'),
      ...(a.firstN.some((x) => x > 0) ? [] : [msg('note.revenue.cohortNoneStarted')]),
    ),
    sql: `${base.sql}\n\n-- matrix: cumulative sums of the cohort deltas over k`,
  };
}

function revBase(a: RevenueAggregates, c: number): number {
  const d = a.cohortDeltas.get(c)?.get(c);
  return d ? d[1] : 0;
}

// ---------------------------------------------------------------------------------------------
// Renewals and trials (small tables; computed directly).

/**
 * Term ends of subscriptions (start + k × term_months, k ≥ 1) in [from, to): a term k + 1 exists
 * when the subscription was still running when term k ended. Recursion starts near `from` so
 * old subscriptions do not enumerate their whole past.
 */
function subscriptionTermsSql(ctx: MetricContext, from: number, to: number): string {
  const add = ctx.dialect.addMonths;
  const kmin = `CASE WHEN s.start_date >= ${from} THEN 1 ELSE ${ctx.dialect.greatest('1', ctx.dialect.intDiv(`${from} - s.start_date`, 'CAST(s.term_months AS INTEGER) * 31'))} END`;
  return `WITH RECURSIVE terms(src, row_no, cust, start_day, term, end_day, k, due_day) AS (
  SELECT s._src, s._row, s.customer_id, s.start_date, CAST(s.term_months AS INTEGER), s.end_date, ${kmin},
    ${add('s.start_date', `${kmin} * CAST(s.term_months AS INTEGER)`)}
  FROM n_subscriptions s
  WHERE s.customer_id IS NOT NULL AND s.start_date IS NOT NULL AND s.term_months >= 1 AND s.mrr > 0
    AND s.start_date < ${to} AND (s.end_date IS NULL OR s.end_date > s.start_date) AND ${ctx.segFilter('s')}
    AND (s.end_date IS NULL OR ${add('s.start_date', `(${kmin} - 1) * CAST(s.term_months AS INTEGER)`)} < s.end_date)
  UNION ALL
  SELECT src, row_no, cust, start_day, term, end_day, k + 1, ${add('start_day', '(k + 1) * term')}
  FROM terms WHERE due_day < ${to} AND (end_day IS NULL OR due_day < end_day)
), due_terms AS (SELECT * FROM terms WHERE due_day >= ${from} AND due_day < ${to})`;
}

function renewalSql(ctx: MetricContext): { sql: string; note: TextMessage } | null {
  const days = contextDayIndex(ctx);
  if (ctx.has('renewals', 'customer_id', 'due_date') && (ctx.has('renewals', 'renewed') || ctx.has('renewals', 'renewed_at'))) {
    const renewed = [ctx.has('renewals', 'renewed') ? 'r.renewed = 1' : null, ctx.has('renewals', 'renewed_at') ? 'r.renewed_at IS NOT NULL' : null]
      .filter(Boolean).join(' OR ');
    return {
      sql: `SELECT k.idx, COUNT(*) AS due, SUM(CASE WHEN ${renewed} THEN 1 ELSE 0 END) AS renewed
FROM n_renewals r JOIN ${days} k ON k.day = r.due_date
WHERE r.customer_id IS NOT NULL AND ${ctx.segFilter('r')}
GROUP BY k.idx`,
      note: msg('note.revenue.renewalsTable'),
    };
  }
  if (ctx.has('subscriptions', 'customer_id', 'start_date', 'term_months')) {
    const first = ctx.periods[0]!, lastEnd = ctx.periods[ctx.periods.length - 1]!.end;
    return {
      sql: `${subscriptionTermsSql(ctx, first.start, lastEnd)}
SELECT k.idx, COUNT(*) AS due,
  SUM(CASE WHEN EXISTS (SELECT 1 FROM n_subscriptions s2 WHERE s2.customer_id = t.cust AND s2.mrr > 0
    AND s2.start_date <= t.due_day AND (s2.end_date IS NULL OR s2.end_date > t.due_day) AND ${ctx.segFilter('s2')}) THEN 1 ELSE 0 END) AS renewed
FROM due_terms t JOIN ${days} k ON k.day = t.due_day
GROUP BY k.idx`,
      note: msg('note.revenue.renewalsFromTerms'),
    };
  }
  return null;
}

function missingOutput(ctx: MetricContext, note: TextMessage): MetricOutput {
  return { series: series(ctx, new Array(ctx.periods.length).fill(null)), value: null, status: 'missing_inputs', sql: '', ...noteOutput(note) };
}

function renewalRate(ctx: MetricContext): MetricOutput {
  const q = renewalSql(ctx);
  // Neither alternative is complete: the renewals table lacks renewed / renewed_at.
  if (!q) return missingOutput(ctx, msg('note.revenue.renewalsNeedInputs'));
  const rows = queryRows(ctx.db, q.sql).rows;
  const n = ctx.periods.length;
  const due = byIndex(rows, n, 1), renewed = byIndex(rows, n, 2);
  return {
    series: series(ctx, due.map((d, i) => ratio(renewed[i], d))),
    stats: { due: due[n - 1] ?? 0, renewed: renewed[n - 1] ?? 0 },
    ...noteOutput(q.note),
    sql: q.sql,
  };
}

function trialSql(ctx: MetricContext): { sql: string; note: TextMessage } | null {
  const days = contextDayIndex(ctx);
  if (ctx.has('trials', 'customer_id', 'trial_start') && (ctx.has('trials', 'converted') || ctx.has('trials', 'converted_at'))) {
    const conv = [ctx.has('trials', 'converted') ? 't.converted = 1' : null, ctx.has('trials', 'converted_at') ? 't.converted_at IS NOT NULL' : null]
      .filter(Boolean).join(' OR ');
    return {
      sql: `SELECT k.idx, COUNT(*) AS started, SUM(CASE WHEN ${conv} THEN 1 ELSE 0 END) AS converted
FROM n_trials t JOIN ${days} k ON k.day = t.trial_start
WHERE t.customer_id IS NOT NULL AND ${ctx.segFilter('t')}
GROUP BY k.idx`,
      note: msg('note.revenue.trialsTable'),
    };
  }
  if (ctx.has('subscriptions', 'customer_id', 'trial_start')) {
    const paidFrom = ctx.has('subscriptions', 'trial_end') ? ctx.dialect.greatest('s.start_date', 'COALESCE(s.trial_end, s.start_date)') : 's.start_date';
    return {
      sql: `SELECT k.idx, COUNT(*) AS started,
  SUM(CASE WHEN s.mrr > 0 AND s.start_date IS NOT NULL AND (s.end_date IS NULL OR s.end_date > ${paidFrom}) THEN 1 ELSE 0 END) AS converted
FROM n_subscriptions s JOIN ${days} k ON k.day = s.trial_start
WHERE s.customer_id IS NOT NULL AND ${ctx.segFilter('s')}
GROUP BY k.idx`,
      note: msg('note.revenue.trialsFromSubscriptions'),
    };
  }
  return null;
}

function trialConversion(ctx: MetricContext): MetricOutput {
  const q = trialSql(ctx);
  // Neither alternative is complete: the trials table lacks converted / converted_at.
  if (!q) return missingOutput(ctx, msg('note.revenue.trialsNeedInputs'));
  const rows = queryRows(ctx.db, q.sql).rows;
  const n = ctx.periods.length;
  const started = byIndex(rows, n, 1), converted = byIndex(rows, n, 2);
  return {
    series: series(ctx, started.map((s, i) => ratio(converted[i], s))),
    stats: { started: started[n - 1] ?? 0, converted: converted[n - 1] ?? 0 },
    ...noteOutput(q.note),
    sql: q.sql,
  };
}

// ---------------------------------------------------------------------------------------------
// Drill-down

/** The drill of a movement metric: the customers the selector picks in the period. */
function customers(sel: CustomerSelector): NonNullable<MetricRecord<RevenueReads>['drill']> {
  return (ctx, period) => {
    const source = revenueSource(ctx);
    return source ? { sql: revenueDrillSql(ctx, source, period, sel) } : null;
  };
}

/** Churn rates: the churned customers, with those who joined and left in the period when the variant counts them. */
function churnedDrill(ctx: MetricContext, period: Period, f: RevenueReads): DrillSql | null {
  return customers(churnVariant(ctx.params) === 'inclusive' ? 'churned_inclusive' : 'churned')(ctx, period, f);
}

function renewalDrill(ctx: MetricContext, period: Period): DrillSql {
  if (ctx.has('renewals', 'customer_id', 'due_date')) {
    return { sql: `SELECT _src, _row FROM n_renewals WHERE due_date >= ${period.start} AND due_date < ${period.end} AND ${ctx.segFilter()} ORDER BY _src, _row` };
  }
  return { sql: `${subscriptionTermsSql(ctx, period.start, period.end)}
SELECT DISTINCT src AS _src, row_no AS _row FROM due_terms ORDER BY 1, 2` };
}

function trialDrill(ctx: MetricContext, period: Period): DrillSql {
  const table = ctx.has('trials', 'customer_id', 'trial_start') ? 'n_trials' : 'n_subscriptions';
  return { sql: `SELECT _src, _row FROM ${table} WHERE trial_start >= ${period.start} AND trial_start < ${period.end} AND ${ctx.segFilter()} ORDER BY _src, _row` };
}

export const revenueFamily: FamilyModule = defineFamily('revenue', REVENUE_METRICS, revenueReads);
