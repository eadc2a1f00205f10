// Purchases, non-subscription (METRICS.md §4.3), from `transactions`: average purchase value,
// purchase frequency, customer lifespan, repurchase rate, upsell / cross-sell counts and
// expansion revenue. Aggregates come from money-transactions.ts (returns handled there).
import { queryRows } from '../../store/database';
import { paramNumber, paramString } from '../params';
import { fixedFormula, formulaOf, msg, noteOutput } from '../formula';
import type { Period } from '../../../shared/calendar/periods';
import type { FamilyModule, InputAlternative, MetricContext, MetricDef, MetricOutput } from '../types';
import { DAYS_PER_MONTH, monthsInPeriod, num, ratio, series } from './money-common';
import {
  transactionAggregates, transactionDrillSql, transactionKindSql, transactionReturnSql, type TransactionAggregates,
} from './money-transactions';

const TX: InputAlternative[] = [{ dataset: 'transactions', fields: ['customer_id', 'date', 'amount'] }];
const TX_TYPED: InputAlternative[] = [{ dataset: 'transactions', fields: ['customer_id', 'date', 'amount', 'type'] }];

const def = (d: Omit<MetricDef, 'family' | 'formula' | 'formulaMessage' | 'inputs'> & { inputs?: InputAlternative[] }): MetricDef => {
  const { inputs, ...rest } = d;
  return { ...rest, family: 'purchases', inputs: inputs ?? TX, ...fixedFormula(d.id) };
};

export const PURCHASE_METRICS: MetricDef[] = [
  def({ id: 'avg_purchase_value', label: 'Average purchase value', unit: 'currency' }),
  def({ id: 'purchase_frequency', label: 'Purchase frequency', unit: 'count' }),
  {
    id: 'avg_customer_lifespan', label: 'Average customer lifespan', family: 'purchases', unit: 'months', inputs: TX,
    params: ['lifespan'],
    variant: (p) => (paramNumber(p, 'lifespan') != null ? 'parameter' : 'measured'),
    ...formulaOf((p) => msg(`formula.avg_customer_lifespan.${paramNumber(p, 'lifespan') != null ? 'parameter' : 'measured'}`)),
  },
  {
    id: 'repurchase_rate', label: 'Repurchase rate', family: 'purchases', unit: 'ratio', inputs: TX, params: ['business_model'],
    ...fixedFormula('repurchase_rate'),
  },
  def({ id: 'upsell_frequency', label: 'Upsell frequency', unit: 'count', inputs: TX_TYPED }),
  def({ id: 'cross_sell_frequency', label: 'Cross-sell frequency', unit: 'count', inputs: TX_TYPED }),
  def({ id: 'expansion_revenue', accrues: true, label: 'Expansion revenue', unit: 'currency', inputs: TX_TYPED }),
];

export function returnsNote(a: TransactionAggregates): string[] {
  if (a.totals.returnRows === 0) return [];
  return [`${a.totals.returnRows} return row(s) (type refund or negative amount, e.g. cancelled invoices) are counted as returns: they are not purchases (left out of purchase values and counts) and reduce revenue (revenue per customer).`];
}

/** Purchase frequency per month in each period. */
export function purchaseFrequency(ctx: MetricContext, a: TransactionAggregates): Array<number | null> {
  return a.orders.map((o, i) => {
    const f = ratio(o, a.customers[i]);
    return f == null ? null : f / monthsInPeriod(ctx.period, ctx.periods[i]!);
  });
}

/** Lifespan in months per period: the parameter when set, else measured. */
export function lifespanMonths(ctx: MetricContext, a: TransactionAggregates): Array<number | null> {
  const fixed = paramNumber(ctx.params, 'lifespan');
  if (fixed != null) return a.meanLifespanDays.map(() => fixed);
  return a.meanLifespanDays.map((d) => (d == null ? null : d / DAYS_PER_MONTH));
}

function perAgentTable(ctx: MetricContext, kinds: string[]): MetricOutput['table'] | undefined {
  if (!ctx.has('transactions', 'agent') || !ctx.has('transactions', 'type')) return undefined;
  const p = ctx.current;
  const sql = `SELECT COALESCE(t.agent, '(none)') AS agent, COUNT(*) AS n FROM n_transactions t
WHERE t.date >= ${p.start} AND t.date < ${p.end} AND ${transactionKindSql(ctx, kinds)} AND ${ctx.segFilter('t')}
GROUP BY COALESCE(t.agent, '(none)') ORDER BY n DESC, agent`;
  return { columns: ['agent', 'count'], rows: queryRows(ctx.db, sql).rows.map((r) => [String(r[0]), num(r[1])]) };
}

function computePurchases(ctx: MetricContext): Map<string, MetricOutput> {
  const out = new Map<string, MetricOutput>();
  const a = transactionAggregates(ctx);
  if (!a) return out;
  const n = ctx.periods.length;
  const notes = returnsNote(a);
  const put = (id: string, values: Array<number | null>, extra: Partial<MetricOutput> = {}) =>
    out.set(id, { series: series(ctx, values), sql: a.sql, notes, ...extra });
  put('avg_purchase_value', a.grossSales.map((g, i) => ratio(g, a.orders[i])), {
    stats: { revenue: a.revenue[n - 1]!, gross_sales: a.grossSales[n - 1]!, returns: a.returns[n - 1]!, orders: a.orders[n - 1]! },
  });
  put('purchase_frequency', purchaseFrequency(ctx, a), {
    stats: { purchases: a.orders[n - 1]!, customers: a.customers[n - 1]!, months_in_period: monthsInPeriod(ctx.period, ctx.current) },
  });
  const fixed = paramNumber(ctx.params, 'lifespan');
  const measured = a.meanLifespanDays.map((d) => (d == null ? null : d / DAYS_PER_MONTH));
  put('avg_customer_lifespan', lifespanMonths(ctx, a), {
    stats: { measured_months: measured[n - 1] ?? null, customers: a.buyersToDate[n - 1]! },
    notes: [...notes, ...(fixed != null ? [`The lifespan parameter (${fixed} months) is used; measured: ${measured[n - 1]?.toFixed(2) ?? 'n/a'} months.`] : [])],
  });
  const repurchase = a.customers.map((c, i) => ratio(a.repeatCustomers[i], c));
  const toDate = ratio(a.repeatBuyersToDate[n - 1], a.buyersToDate[n - 1]);
  if (paramString(ctx.params, 'business_model') === 'subscription') {
    out.set('repurchase_rate', {
      series: series(ctx, repurchase.map(() => null)), value: null, status: 'not_applicable', sql: a.sql,
      ...noteOutput(msg('note.repurchaseOneOff')),
      stats: { would_be: repurchase[n - 1] ?? null },
    });
  } else {
    put('repurchase_rate', repurchase, {
      stats: {
        customers: a.customers[n - 1]!, repeat_customers: a.repeatCustomers[n - 1]!,
        customers_to_date: a.buyersToDate[n - 1]!, repeat_customers_to_date: a.repeatBuyersToDate[n - 1]!, rate_to_date: toDate,
      },
    });
  }
  if (ctx.has('transactions', 'type')) {
    put('upsell_frequency', a.upsellN, { table: perAgentTable(ctx, ['upsell']) });
    put('cross_sell_frequency', a.crossSellN, { table: perAgentTable(ctx, ['cross_sell', 'crosssell']) });
    put('expansion_revenue', a.expansionRevenue);
  }
  return out;
}

function drillPurchases(ctx: MetricContext, id: string, p: Period) {
  if (!ctx.has('transactions', 'customer_id', 'date', 'amount')) return null;
  switch (id) {
    case 'avg_purchase_value': case 'purchase_frequency':
      return { sql: transactionDrillSql(ctx, p.start, p.end) };
    case 'avg_customer_lifespan':
      return { sql: transactionDrillSql(ctx, ctx.periods[0]!.start, p.end, `NOT ${transactionReturnSql(ctx)}`) };
    case 'repurchase_rate':
      return { sql: transactionDrillSql(ctx, p.start, p.end, `NOT ${transactionReturnSql(ctx)}`) };
    case 'upsell_frequency': return { sql: transactionDrillSql(ctx, p.start, p.end, transactionKindSql(ctx, ['upsell'])) };
    case 'cross_sell_frequency': return { sql: transactionDrillSql(ctx, p.start, p.end, transactionKindSql(ctx, ['cross_sell', 'crosssell'])) };
    case 'expansion_revenue':
      return { sql: transactionDrillSql(ctx, p.start, p.end, transactionKindSql(ctx, ['upsell', 'cross_sell', 'crosssell', 'add_on', 'addon'])) };
    default: return null;
  }
}

export const purchasesFamily: FamilyModule = {
  family: 'purchases',
  metrics: PURCHASE_METRICS,
  compute: computePurchases,
  drill: drillPurchases,
};
