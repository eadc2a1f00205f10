// Value, cost and unit economics (METRICS.md §4.2): CLV in five variants, CAC, LTV:CAC, CAC
// payback, CRC and revenue per customer. Reads the revenue movement aggregates (ARPA, churn, new
// and active customers), the transaction aggregates and the `costs` table.
import { bench } from '../benchmarks';
import { queryRows } from '../../store/database';
import { paramNumber, paramString } from '../params';
import { fixedFormula, formulaOf, msg, noteOutput } from '../formula';
import type { TextMessage } from '../../../shared/types';
import type { Period } from '../../../shared/calendar/periods';
import type { FamilyModule, InputAlternative, MetricContext, MetricDef, MetricOutput, Params } from '../types';
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

export const VALUE_METRICS: MetricDef[] = [
  {
    id: 'clv', label: 'Customer lifetime value', family: 'value', unit: 'currency',
    inputs: [...REVENUE_INPUTS, ...TX_INPUTS],
    params: ['clv.variant', 'gross_margin', 'lifespan', 'cac', 'churn.variant'],
    variant: clvVariant,
    ...formulaOf((p) => msg(`formula.clv.${clvVariant(p)}`)),
  },
  {
    id: 'cac', better: 'lower', label: 'Customer acquisition cost', family: 'value', unit: 'currency',
    inputs: [...COST_INPUTS, ...REVENUE_INPUTS, ...TX_INPUTS], params: ['cac'],
    variant: (p) => (paramNumber(p, 'cac') != null ? 'parameter' : 'costs'),
    ...formulaOf((p) => msg(`formula.cac.${paramNumber(p, 'cac') != null ? 'parameter' : 'costs'}`)),
  },
  {
    id: 'ltv_cac_ratio', label: 'LTV : CAC', family: 'value', unit: 'ratio',
    inputs: [...REVENUE_INPUTS, ...TX_INPUTS], params: ['clv.variant', 'cac'],
    benchmark: bench('ltv_cac', 'Persian guide', { good: { min: 3 }, bad: { max: 2 } }),
    ...formulaOf((p) => msg('formula.ltv_cac_ratio', { variant: clvVariant(p) })),
  },
  {
    id: 'cac_payback_months', better: 'lower', label: 'CAC payback', family: 'value', unit: 'months',
    inputs: [...REVENUE_INPUTS, ...TX_INPUTS], params: ['cac', 'gross_margin'],
    ...fixedFormula('cac_payback_months'),
  },
  {
    id: 'crc', better: 'lower', label: 'Customer retention cost', family: 'value', unit: 'currency', inputs: COST_INPUTS,
    ...fixedFormula('crc'),
  },
  {
    id: 'revenue_per_customer', label: 'Revenue per customer', family: 'value', unit: 'currency', inputs: TX_INPUTS,
    ...fixedFormula('revenue_per_customer'),
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

function clvSeries(ctx: MetricContext, x: Inputs, variant: ClvVariant): { values: Array<number | null>; notes: Array<string | TextMessage>; stats: Record<string, number | null | string> } {
  const g = paramNumber(ctx.params, 'gross_margin') ?? 1;
  const lifespanParam = paramNumber(ctx.params, 'lifespan');
  const last = x.n - 1;
  const notes: Array<string | TextMessage> = [];
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
      const source = lifespanParam != null ? 'lifespan parameter' : meanTermMonths(ctx) != null ? 'mean term_months' : 'mean tenure of churned customers';
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

function computeValue(ctx: MetricContext): Map<string, MetricOutput> {
  const out = new Map<string, MetricOutput>();
  const x = gatherInputs(ctx);
  const last = x.n - 1;
  const sql = x.sql.join('\n\n');
  const variant = clvVariant(ctx.params);
  const needsRevenue = variant === 'arpa_churn' || variant === 'margin';
  if (x.rev || x.tx) {
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
    out.set('clv', {
      series: series(ctx, clv.values), sql, stats: clv.stats, ...noteOutput(msg('note.variant', { variant }), ...clv.notes),
      ...(inapplicable ? { status: 'not_applicable' as const, value: null } : {}),
    });
    const clvValues = inapplicable ? clv.values.map(() => null) : clv.values;
    const cacNote = noteOutput(...(x.cacSource == null ? [msg('note.cacNeedsCosts')] : []));
    if (x.cacSource == null) {
      // Inputs are mapped (a customer source) but neither acquisition costs nor the cac parameter
      // is there: not applicable, and the note says what to add.
      const missing: MetricOutput = { series: series(ctx, new Array(x.n).fill(null)), value: null, status: 'not_applicable', sql, ...cacNote };
      out.set('cac', missing);
      out.set('ltv_cac_ratio', { ...missing });
      out.set('cac_payback_months', { ...missing });
    } else {
      out.set('cac', {
        series: series(ctx, x.cac), sql,
        stats: x.cacSource === 'costs'
          ? { acquisition_costs: x.costs!.acquisition[last]!, new_customers: x.newCustomers?.[last] ?? null }
          : { parameter: x.cac[last] ?? null },
        ...noteOutput(msg(x.cacSource === 'parameter' ? 'note.cacFromParameter' : 'note.cacFromCosts')),
      });
      out.set('ltv_cac_ratio', {
        series: series(ctx, clvValues.map((c, i) => ratio(c, x.cac[i]))), sql,
        stats: { clv: clvValues[last] ?? null, cac: x.cac[last] ?? null },
        ...noteOutput(msg('note.clvVariant', { variant })),
      });
      const g = paramNumber(ctx.params, 'gross_margin') ?? 1;
      out.set('cac_payback_months', {
        series: series(ctx, x.cac.map((c, i) => ratio(c, x.arpa[i] == null ? null : x.arpa[i]! * g))), sql,
        stats: { cac: x.cac[last] ?? null, arpa: x.arpa[last] ?? null, gross_margin: g },
      });
    }
  }
  if (x.costs) {
    const active = x.activeCustomers;
    const crc = x.costs.retention.map((c, i) => (active ? ratio(c, active[i]) : null));
    const notes: string[] = [];
    if (!x.costs.kindMapped) notes.push('Cost kind is not mapped: every cost row is taken as a retention cost.');
    if (!active) notes.push('Active customers need subscriptions, MRR snapshots or transactions.');
    const i = last;
    const monthlyCrc = crc[i] == null ? null : crc[i]! / x.months[i]!;
    if (monthlyCrc != null && x.arpa[i] != null && monthlyCrc > x.arpa[i]!) {
      notes.push(`Alert: monthly retention cost per customer (${monthlyCrc.toFixed(2)}) exceeds ARPA (${x.arpa[i]!.toFixed(2)}) — you are losing money on retention.`);
    }
    out.set('crc', {
      series: series(ctx, crc), sql: [x.costs.sql, ...x.sql].join('\n\n'), notes,
      stats: { retention_costs: x.costs.retention[i]!, active_customers: active?.[i] ?? null, arpa: x.arpa[i] ?? null, monthly_crc: monthlyCrc },
      ...(active ? {} : { status: 'missing_inputs' as const, value: null }),
    });
  }
  if (x.tx) {
    const tx = x.tx;
    out.set('revenue_per_customer', {
      series: series(ctx, tx.revenue.map((r, i) => ratio(r, tx.customers[i]))), sql: tx.sql,
      stats: { revenue: tx.revenue[last]!, customers: tx.customers[last]! }, notes: returnsNote(tx),
    });
  }
  return out;
}

function drillValue(ctx: MetricContext, id: string, p: Period) {
  const source = revenueSource(ctx);
  switch (id) {
    case 'crc':
    case 'cac': {
      if (id === 'cac' && paramNumber(ctx.params, 'cac') != null) return null;
      if (!ctx.has('costs', 'period', 'amount')) return null;
      const kind = ctx.has('costs', 'kind') ? normKindSql('kind') : null;
      const cond = id === 'cac' ? (kind ? `${kind} = 'acquisition'` : '0=1') : (kind ? `${kind} = 'retention'` : '1=1');
      return { sql: `SELECT _src, _row FROM n_costs WHERE period >= ${p.start} AND period < ${p.end} AND ${cond} AND ${ctx.segFilter()} ORDER BY _src, _row` };
    }
    case 'revenue_per_customer':
      return ctx.has('transactions', 'customer_id', 'date', 'amount') ? { sql: transactionDrillSql(ctx, p.start, p.end) } : null;
    case 'clv': case 'ltv_cac_ratio': case 'cac_payback_months': {
      if (clvVariant(ctx.params) === 'purchase' || !source) {
        return ctx.has('transactions', 'customer_id', 'date', 'amount')
          ? { sql: transactionDrillSql(ctx, ctx.periods[0]!.start, p.end, `NOT ${transactionReturnSql(ctx)}`) } : null;
      }
      return { sql: revenueDrillSql(ctx, source, p, 'active_end') };
    }
    default: return null;
  }
}

export const valueFamily: FamilyModule = {
  family: 'value',
  metrics: VALUE_METRICS,
  compute: computeValue,
  drill: drillValue,
};
