// Value, cost and unit economics (METRICS.md §4.2): CLV in five variants, CAC, LTV:CAC, CAC
// payback, CRC and revenue per customer. Reads the revenue movement aggregates (ARPA, churn, new
// and active customers), the transaction aggregates and the `costs` table.
import { bench } from '../benchmarks';
import { queryRows } from '../../store/database';
import { paramNumber, paramString } from '../params';
import { fixedFormula, formulaOf, msg, noteOutput } from '../formula';
import type { TextMessage } from '../../../shared/types';
import type { Period } from '../../../shared/calendar/periods';
import type { DrillSql, FamilyModule, InputAlternative, MetricContext, MetricOutput, Params } from '../types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import { contextDayIndex, monthsInPeriod, normKindSql, num, ratio, series } from './money-common';
import { revenueDrillSql, revenueSource } from './money-revenue-base';
import { monthlyChurn, revenueView, type RevenueView } from './revenue';
import { lifespanMonths, purchaseFrequency, returnsNote } from './purchases';
import { transactionAggregates, transactionDrillSql, transactionReturnSql, type TransactionAggregates } from './money-transactions';

type ClvVariant = 'arpa_churn' | 'margin' | 'margin_duration' | 'purchase' | 'net_of_cac';
const CLV_VARIANTS: ClvVariant[] = ['arpa_churn', 'margin', 'margin_duration', 'purchase', 'net_of_cac'];

const clvVariant = (p: Params): ClvVariant => {
  const v = paramString(p, 'clv.variant') as ClvVariant;
  return CLV_VARIANTS.includes(v) ? v : 'arpa_churn';
};

const REVENUE_INPUTS: InputAlternative[] = [
  { dataset: 'subscriptions', fields: ['customer_id', 'mrr', 'start_date'] },
  { dataset: 'mrr_snapshots', fields: ['customer_id', 'month', 'mrr'] },
];
const TX_INPUTS: InputAlternative[] = [{ dataset: 'transactions', fields: ['customer_id', 'date', 'amount'] }];
const COST_INPUTS: InputAlternative[] = [{ dataset: 'costs', fields: ['period', 'category', 'amount'] }];

export const VALUE_METRICS: Array<MetricRecord<ValueReads>> = [
  {
    id: 'clv', label: 'Customer lifetime value', family: 'value', unit: 'currency',
    inputs: [...REVENUE_INPUTS, ...TX_INPUTS],
    params: ['clv.variant', 'gross_margin', 'lifespan', 'cac', 'churn.variant'],
    variant: clvVariant,
    ...formulaOf((p) => msg(`formula.clv.${clvVariant(p)}`)),
    compute: (ctx, f) => { const c = f.clv(); return c ? clvOutput(ctx, f.inputs(), c) : null; },
    drill: (ctx, p) => customersDrill(ctx, p),
  },
  {
    id: 'cac', better: 'lower', label: 'Customer acquisition cost', family: 'value', unit: 'currency',
    inputs: [...COST_INPUTS, ...REVENUE_INPUTS, ...TX_INPUTS], params: ['cac'],
    variant: (p) => (paramNumber(p, 'cac') != null ? 'parameter' : 'costs'),
    ...formulaOf((p) => msg(`formula.cac.${paramNumber(p, 'cac') != null ? 'parameter' : 'costs'}`)),
    compute: (ctx, f) => withCac(ctx, f.inputs(), (x) => cacOutput(ctx, x)),
    drill: (ctx, p) => {
      if (paramNumber(ctx.params, 'cac') != null) return null;
      return ctx.has('costs', 'period', 'amount') ? costsDrill(ctx, p, 'acquisition') : null;
    },
  },
  {
    id: 'ltv_cac_ratio', label: 'LTV : CAC', family: 'value', unit: 'ratio',
    inputs: [...REVENUE_INPUTS, ...TX_INPUTS], params: ['clv.variant', 'cac'],
    benchmark: bench('ltv_cac', 'Persian guide', { good: { min: 3 }, bad: { max: 2 } }),
    ...formulaOf((p) => msg('formula.ltv_cac_ratio', { variant: clvVariant(p) })),
    compute: (ctx, f) => withCac(ctx, f.inputs(), (x) => ltvCacOutput(ctx, x, f.clv()!)),
    drill: (ctx, p) => customersDrill(ctx, p),
  },
  {
    id: 'cac_payback_months', better: 'lower', label: 'CAC payback', family: 'value', unit: 'months',
    inputs: [...REVENUE_INPUTS, ...TX_INPUTS], params: ['cac', 'gross_margin'],
    ...fixedFormula('cac_payback_months'),
    compute: (ctx, f) => withCac(ctx, f.inputs(), (x) => cacPaybackOutput(ctx, x)),
    drill: (ctx, p) => customersDrill(ctx, p),
  },
  {
    id: 'crc', better: 'lower', label: 'Customer retention cost', family: 'value', unit: 'currency', inputs: COST_INPUTS,
    ...fixedFormula('crc'),
    compute: (ctx, f) => crcOutput(ctx, f.inputs()),
    drill: (ctx, p) => costsDrill(ctx, p, 'retention'),
  },
  {
    id: 'revenue_per_customer', label: 'Revenue per customer', family: 'value', unit: 'currency', inputs: TX_INPUTS,
    ...fixedFormula('revenue_per_customer'),
    compute: (ctx, f) => revenuePerCustomer(ctx, f.inputs()),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, p.start, p.end) }),
  },
];

interface Costs { acquisition: number[]; retention: number[]; hasAcquisitionRows: boolean; kindMapped: boolean; sql: string }

function costsByPeriod(ctx: MetricContext): Costs | null {
  if (!ctx.has('costs', 'period', 'amount')) return null;
  const days = contextDayIndex(ctx);
  const kindMapped = ctx.has('costs', 'kind');
  const kind = kindMapped ? normKindSql('c.kind') : 'NULL';
  const sql = `SELECT k.idx,
  SUM(CASE WHEN ${kind} = 'acquisition' THEN c.amount ELSE 0 END) AS acquisition,
  SUM(CASE WHEN ${kindMapped ? `${kind} = 'retention'` : '1=1'} THEN c.amount ELSE 0 END) AS retention,
  SUM(CASE WHEN ${kind} = 'acquisition' THEN 1 ELSE 0 END) AS acquisition_rows
FROM n_costs c JOIN ${days} k ON k.day = c.period
WHERE c.amount IS NOT NULL AND ${ctx.segFilter('c')}
GROUP BY k.idx`;
  const n = ctx.periods.length;
  const acquisition = new Array<number>(n).fill(0), retention = new Array<number>(n).fill(0);
  let acqRows = 0;
  for (const r of queryRows(ctx.db, sql).rows) {
    const i = num(r[0]);
    acquisition[i] = num(r[1]); retention[i] = num(r[2]); acqRows += num(r[3]);
  }
  return { acquisition, retention, hasAcquisitionRows: acqRows > 0, kindMapped, sql };
}

function meanTermMonths(ctx: MetricContext): number | null {
  if (!ctx.has('subscriptions', 'term_months')) return null;
  const r = queryRows(ctx.db, `SELECT AVG(term_months) FROM n_subscriptions WHERE term_months > 0 AND ${ctx.segFilter()}`).rows[0];
  return r && typeof r[0] === 'number' ? r[0] : null;
}

interface Inputs {
  n: number;
  rev: RevenueView | null;
  tx: TransactionAggregates | null;
  costs: Costs | null;
  months: number[];
  /** Monthly revenue per customer: ARPA (subscriptions) or transaction revenue per buyer per month. */
  arpa: Array<number | null>;
  monthlyChurn: Array<number | null>;
  newCustomers: number[] | null;
  activeCustomers: number[] | null;
  cac: Array<number | null>;
  cacSource: 'parameter' | 'costs' | null;
  sql: string[];
}

function gatherInputs(ctx: MetricContext): Inputs {
  const n = ctx.periods.length;
  const rev = revenueView(ctx);
  const tx = transactionAggregates(ctx);
  const costs = costsByPeriod(ctx);
  const months = ctx.periods.map((p) => monthsInPeriod(ctx.period, p));
  const arpa = rev
    ? rev.agg.endMrr.map((m, i) => ratio(m, rev.agg.endActive[i]))
    : tx ? tx.revenue.map((r, i) => { const v = ratio(r, tx.customers[i]); return v == null ? null : v / months[i]!; })
      : new Array<number | null>(n).fill(null);
  const churnVariant = paramString(ctx.params, 'churn.variant');
  const mChurn = rev
    ? rev.agg.startActive.map((s, i) => monthlyChurn(ratio(rev.agg.churnN[i]! + (churnVariant === 'inclusive' ? rev.agg.joinedLeftN[i]! : 0), s), months[i]!))
    : new Array<number | null>(n).fill(null);
  const newCustomers = rev ? rev.agg.newN : tx ? tx.firstBuyers : null;
  const activeCustomers = rev ? rev.agg.endActive : tx ? tx.customers : null;
  const fixedCac = paramNumber(ctx.params, 'cac');
  let cac: Array<number | null> = new Array<number | null>(n).fill(null);
  let cacSource: Inputs['cacSource'] = null;
  if (fixedCac != null) { cac = cac.map(() => fixedCac); cacSource = 'parameter'; }
  else if (costs?.hasAcquisitionRows && newCustomers) {
    cac = costs.acquisition.map((c, i) => ratio(c, newCustomers[i])); cacSource = 'costs';
  }
  const sql = [rev?.base.sql, tx?.sql, costs?.sql].filter((s): s is string => !!s);
  return { n, rev, tx, costs, months, arpa, monthlyChurn: mChurn, newCustomers, activeCustomers, cac, cacSource, sql };
}

function clvSeries(ctx: MetricContext, x: Inputs, variant: ClvVariant): { values: Array<number | null>; notes: TextMessage[]; stats: Record<string, number | null | string> } {
  const g = paramNumber(ctx.params, 'gross_margin') ?? 1;
  const lifespanParam = paramNumber(ctx.params, 'lifespan');
  const last = x.n - 1;
  const notes: TextMessage[] = [];
  const stats: Record<string, number | null | string> = { variant, gross_margin: g };
  let values: Array<number | null>;
  switch (variant) {
    case 'arpa_churn': case 'margin': {
      const m = variant === 'margin' ? g : 1;
      values = x.arpa.map((a, i) => { const v = ratio(a, x.monthlyChurn[i]); return v == null ? null : v * m; });
      stats.arpa = x.arpa[last] ?? null; stats.monthly_churn = x.monthlyChurn[last] ?? null;
      if (!x.rev) notes.push(msg('note.clvNeedsRevenue'));
      break;
    }
    case 'margin_duration': {
      const duration = lifespanParam ?? meanTermMonths(ctx) ?? x.rev?.agg.tenure.churnedMeanMonths ?? null;
      // A code (statValue.duration_source.*): the renderer names it in the UI language.
      const source = lifespanParam != null ? 'lifespan_param' : meanTermMonths(ctx) != null ? 'term_months' : 'churned_tenure';
      values = x.arpa.map((a) => (a == null || duration == null ? null : a * g * duration));
      stats.arpa = x.arpa[last] ?? null; stats.duration_months = duration; stats.duration_source = source;
      break;
    }
    case 'purchase': {
      if (!x.tx) {
        values = new Array<number | null>(x.n).fill(null);
        notes.push(msg('note.clvPurchaseNeedsTransactions'));
        break;
      }
      const tx = x.tx;
      const apv = tx.grossSales.map((g, i) => ratio(g, tx.orders[i]));
      const freq = purchaseFrequency(ctx, tx);
      const life = lifespanMonths(ctx, tx);
      values = apv.map((a, i) => (a == null || freq[i] == null || life[i] == null ? null : a * freq[i]! * life[i]!));
      stats.avg_purchase_value = apv[last] ?? null; stats.purchases_per_month = freq[last] ?? null; stats.lifespan_months = life[last] ?? null;
      notes.push(...returnsNote(tx));
      break;
    }
    case 'net_of_cac': {
      const lifeYears = x.arpa.map((_, i) => {
        if (lifespanParam != null) return lifespanParam / 12;
        if (x.rev) { const m = x.monthlyChurn[i]; return m ? 1 / m / 12 : null; }
        if (x.tx) { const l = lifespanMonths(ctx, x.tx)[i]; return l == null ? null : l / 12; }
        return null;
      });
      values = x.arpa.map((a, i) => (a == null || lifeYears[i] == null || x.cac[i] == null ? null : a * 12 * lifeYears[i]! - x.cac[i]!));
      stats.annual_revenue_per_customer = x.arpa[last] == null ? null : x.arpa[last]! * 12;
      stats.lifespan_years = lifeYears[last] ?? null; stats.cac = x.cac[last] ?? null;
      if (x.cacSource == null) notes.push(msg('note.clvNeedsCac'));
      break;
    }
  }
  return { values, notes, stats };
}

/** The reads value metrics share, each made once on first use. */
interface ValueReads {
  /** Revenue view, transaction aggregates, costs and the per-period inputs derived from them. */
  inputs: () => Inputs;
  /** The CLV of the chosen variant (with the purchase-based inputs); null without a customer source. */
  clv: () => Clv | null;
}

function valueReads(ctx: MetricContext): ValueReads {
  const inputs = lazy(() => gatherInputs(ctx));
  const clv = lazy(() => clvOf(ctx, inputs()));
  return { inputs, clv };
}

interface Clv {
  values: Array<number | null>;
  notes: TextMessage[];
  stats: Record<string, number | null | string>;
  /** The variant needs a source that is not mapped (revenue for arpa_churn / margin, transactions for purchase). */
  inapplicable: boolean;
  /** The CLV other metrics divide by: all null when inapplicable. */
  usable: Array<number | null>;
}

function clvOf(ctx: MetricContext, x: Inputs): Clv | null {
  if (!x.rev && !x.tx) return null;
  const last = x.n - 1;
  const variant = clvVariant(ctx.params);
  const needsRevenue = variant === 'arpa_churn' || variant === 'margin';
  const clv = clvSeries(ctx, x, variant);
  if (x.tx && variant !== 'purchase') {
    // The purchase-based inputs are shown whatever the variant, so transaction data always
    // yields its CLV inputs (average purchase value, purchases per month, lifespan).
    const p = clvSeries(ctx, x, 'purchase');
    Object.assign(clv.stats, {
      avg_purchase_value: p.stats.avg_purchase_value ?? null, purchases_per_month: p.stats.purchases_per_month ?? null,
      lifespan_months: p.stats.lifespan_months ?? null, purchase_clv: p.values[last] ?? null,
    });
  }
  const inapplicable = (needsRevenue && !x.rev) || (variant === 'purchase' && !x.tx);
  return { ...clv, inapplicable, usable: inapplicable ? clv.values.map(() => null) : clv.values };
}

function clvOutput(ctx: MetricContext, x: Inputs, clv: Clv): MetricOutput {
  return {
    series: series(ctx, clv.values), sql: x.sql.join('\n\n'), stats: clv.stats,
    ...noteOutput(msg('note.variant', { variant: clvVariant(ctx.params) }), ...clv.notes),
    ...(clv.inapplicable ? { status: 'not_applicable' as const, value: null } : {}),
  };
}

/**
 * A CAC-based output: null without a customer source (subscriptions, MRR snapshots or
 * transactions); not applicable, with a note saying what to add, when neither acquisition costs
 * nor the cac parameter is there.
 */
function withCac(ctx: MetricContext, x: Inputs, make: (x: Inputs) => MetricOutput): MetricOutput | null {
  if (!x.rev && !x.tx) return null;
  if (x.cacSource == null) {
    return {
      series: series(ctx, new Array(x.n).fill(null)), value: null, status: 'not_applicable', sql: x.sql.join('\n\n'),
      ...noteOutput(msg('note.cacNeedsCosts')),
    };
  }
  return make(x);
}

function cacOutput(ctx: MetricContext, x: Inputs): MetricOutput {
  const last = x.n - 1;
  return {
    series: series(ctx, x.cac), sql: x.sql.join('\n\n'),
    stats: x.cacSource === 'costs'
      ? { acquisition_costs: x.costs!.acquisition[last]!, new_customers: x.newCustomers?.[last] ?? null }
      : { parameter: x.cac[last] ?? null },
    ...noteOutput(msg(x.cacSource === 'parameter' ? 'note.cacFromParameter' : 'note.cacFromCosts')),
  };
}
function ltvCacOutput(ctx: MetricContext, x: Inputs, clv: Clv): MetricOutput {
  const last = x.n - 1;
  return {
    series: series(ctx, clv.usable.map((c, i) => ratio(c, x.cac[i]))), sql: x.sql.join('\n\n'),
    stats: { clv: clv.usable[last] ?? null, cac: x.cac[last] ?? null },
    ...noteOutput(msg('note.clvVariant', { variant: clvVariant(ctx.params) })),
  };
}

function cacPaybackOutput(ctx: MetricContext, x: Inputs): MetricOutput {
  const last = x.n - 1;
  const g = paramNumber(ctx.params, 'gross_margin') ?? 1;
  return {
    series: series(ctx, x.cac.map((c, i) => ratio(c, x.arpa[i] == null ? null : x.arpa[i]! * g))), sql: x.sql.join('\n\n'),
    stats: { cac: x.cac[last] ?? null, arpa: x.arpa[last] ?? null, gross_margin: g },
  };
}

function crcOutput(ctx: MetricContext, x: Inputs): MetricOutput | null {
  if (!x.costs) return null;
  const active = x.activeCustomers;
  const crc = x.costs.retention.map((c, i) => (active ? ratio(c, active[i]) : null));
  const notes: TextMessage[] = [];
  if (!x.costs.kindMapped) notes.push(msg('note.value.costKindNotMapped'));
  if (!active) notes.push(msg('note.value.activeCustomersNeeded'));
  const i = x.n - 1;
  const monthlyCrc = crc[i] == null ? null : crc[i]! / x.months[i]!;
  if (monthlyCrc != null && x.arpa[i] != null && monthlyCrc > x.arpa[i]!) {
    notes.push(msg('note.value.crcAboveArpa', { crc: { number: monthlyCrc, fractionDigits: 2 }, arpa: { number: x.arpa[i]!, fractionDigits: 2 } }));
  }
  return {
    series: series(ctx, crc), sql: [x.costs.sql, ...x.sql].join('\n\n'), ...noteOutput(...notes),
    stats: { retention_costs: x.costs.retention[i]!, active_customers: active?.[i] ?? null, arpa: x.arpa[i] ?? null, monthly_crc: monthlyCrc },
    ...(active ? {} : { status: 'missing_inputs' as const, value: null }),
  };
}

function revenuePerCustomer(ctx: MetricContext, x: Inputs): MetricOutput | null {
  const tx = x.tx;
  if (!tx) return null;
  const last = x.n - 1;
  return {
    series: series(ctx, tx.revenue.map((r, i) => ratio(r, tx.customers[i]))), sql: tx.sql,
    stats: { revenue: tx.revenue[last]!, customers: tx.customers[last]! }, ...noteOutput(...returnsNote(tx)),
  };
}

/** Rows behind a cost metric: the cost rows of one kind in the period (every row when the kind is not mapped, for retention). */
function costsDrill(ctx: MetricContext, p: Period, kindOf: 'acquisition' | 'retention'): DrillSql {
  const kind = ctx.has('costs', 'kind') ? normKindSql('kind') : null;
  const cond = kindOf === 'acquisition' ? (kind ? `${kind} = 'acquisition'` : '0=1') : (kind ? `${kind} = 'retention'` : '1=1');
  return { sql: `SELECT _src, _row FROM n_costs WHERE period >= ${p.start} AND period < ${p.end} AND ${cond} AND ${ctx.segFilter()} ORDER BY _src, _row` };
}

/** Rows behind CLV, LTV : CAC and CAC payback: the customers active at the period's end, or their purchases. */
function customersDrill(ctx: MetricContext, p: Period): DrillSql | null {
  const source = revenueSource(ctx);
  if (clvVariant(ctx.params) === 'purchase' || !source) {
    return ctx.has('transactions', 'customer_id', 'date', 'amount')
      ? { sql: transactionDrillSql(ctx, ctx.periods[0]!.start, p.end, `NOT ${transactionReturnSql(ctx)}`) } : null;
  }
  return { sql: revenueDrillSql(ctx, source, p, 'active_end') };
}

export const valueFamily: FamilyModule = defineFamily('value', VALUE_METRICS, valueReads);
