// Purchases, non-subscription (METRICS.md §4.3), from `transactions`: average purchase value,
// purchase frequency, customer lifespan, repurchase rate, upsell / cross-sell counts and
// expansion revenue. Aggregates come from money-transactions.ts (returns handled there).
import { queryRows } from '../../store/database';
import { paramNumber, paramString } from '../params';
import { fixedFormula, formulaOf, msg, noteOutput } from '../formula';
import type { FamilyModule, InputAlternative, MetricContext, MetricOutput } from '../types';
import type { TextMessage } from '../../../shared/types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import { DAYS_PER_MONTH, monthsInPeriod, num, ratio, series } from './money-common';
import {
  transactionAggregates, transactionDrillSql, transactionKindSql, transactionReturnSql, type TransactionAggregates,
} from './money-transactions';

const TX: InputAlternative[] = [{ dataset: 'transactions', fields: ['customer_id', 'date', 'amount'] }];
const TX_TYPED: InputAlternative[] = [{ dataset: 'transactions', fields: ['customer_id', 'date', 'amount', 'type'] }];

type Def = Omit<MetricRecord<PurchaseReads>, 'family' | 'formula' | 'formulaMessage' | 'inputs'> & { inputs?: InputAlternative[] };
const def = (d: Def): MetricRecord<PurchaseReads> => {
  const { inputs, ...rest } = d;
  return { ...rest, family: 'purchases', inputs: inputs ?? TX, ...fixedFormula(d.id) };
};

const UPSELL = ['upsell'];
const CROSS_SELL = ['cross_sell', 'crosssell'];
const EXPANSION = ['upsell', 'cross_sell', 'crosssell', 'add_on', 'addon'];

export const PURCHASE_METRICS: Array<MetricRecord<PurchaseReads>> = [
  def({ id: 'avg_purchase_value', label: 'Average purchase value', unit: 'currency',
    compute: (ctx, f) => withAggregates(f, (a) => avgPurchaseValue(ctx, a)),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, p.start, p.end) }) }),
  def({ id: 'purchase_frequency', label: 'Purchase frequency', unit: 'count',
    compute: (ctx, f) => withAggregates(f, (a) => purchaseOutput(ctx, a, purchaseFrequency(ctx, a), {
      stats: { purchases: a.orders[cur(ctx)]!, customers: a.customers[cur(ctx)]!, months_in_period: monthsInPeriod(ctx.period, ctx.current) },
    })),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, p.start, p.end) }) }),
  {
    id: 'avg_customer_lifespan', label: 'Average customer lifespan', family: 'purchases', unit: 'months', inputs: TX,
    params: ['lifespan'],
    variant: (p) => (paramNumber(p, 'lifespan') != null ? 'parameter' : 'measured'),
    ...formulaOf((p) => msg(`formula.avg_customer_lifespan.${paramNumber(p, 'lifespan') != null ? 'parameter' : 'measured'}`)),
    compute: (ctx, f) => withAggregates(f, (a) => avgCustomerLifespan(ctx, a)),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, ctx.periods[0]!.start, p.end, `NOT ${transactionReturnSql(ctx)}`) }),
  },
  {
    id: 'repurchase_rate', label: 'Repurchase rate', family: 'purchases', unit: 'ratio', inputs: TX, params: ['business_model'],
    ...fixedFormula('repurchase_rate'),
    compute: (ctx, f) => withAggregates(f, (a) => repurchaseRate(ctx, a)),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, p.start, p.end, `NOT ${transactionReturnSql(ctx)}`) }),
  },
  def({ id: 'upsell_frequency', label: 'Upsell frequency', unit: 'count', inputs: TX_TYPED,
    compute: (ctx, f) => withAggregates(f, (a) => purchaseOutput(ctx, a, a.upsellN, { table: perAgentTable(ctx, UPSELL) })),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, p.start, p.end, transactionKindSql(ctx, UPSELL)) }) }),
  def({ id: 'cross_sell_frequency', label: 'Cross-sell frequency', unit: 'count', inputs: TX_TYPED,
    compute: (ctx, f) => withAggregates(f, (a) => purchaseOutput(ctx, a, a.crossSellN, { table: perAgentTable(ctx, CROSS_SELL) })),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, p.start, p.end, transactionKindSql(ctx, CROSS_SELL)) }) }),
  def({ id: 'expansion_revenue', accrues: true, label: 'Expansion revenue', unit: 'currency', inputs: TX_TYPED,
    compute: (ctx, f) => withAggregates(f, (a) => purchaseOutput(ctx, a, a.expansionRevenue)),
    drill: (ctx, p) => ({ sql: transactionDrillSql(ctx, p.start, p.end, transactionKindSql(ctx, EXPANSION)) }) }),
];

/** The reads purchase metrics share: the transaction aggregates, made on first use. */
interface PurchaseReads { aggregates: () => TransactionAggregates | null }

function purchaseReads(ctx: MetricContext): PurchaseReads {
  return { aggregates: lazy(() => transactionAggregates(ctx)) };
}

/** A metric's output from the aggregates; null when there are none (no transaction rows to read). */
function withAggregates(f: PurchaseReads, make: (a: TransactionAggregates) => MetricOutput): MetricOutput | null {
  const a = f.aggregates();
  return a ? make(a) : null;
}

/** Index of the current (last) period. */
const cur = (ctx: MetricContext): number => ctx.periods.length - 1;

/** A purchase metric's output: its series over the aggregates' SQL, with the returns note and any notes of its own. */
function purchaseOutput(ctx: MetricContext, a: TransactionAggregates, values: Array<number | null>,
  extra: Omit<Partial<MetricOutput>, 'notes' | 'noteMessages'> & { notes?: TextMessage[] } = {}): MetricOutput {
  const { notes = [], ...rest } = extra;
  return { series: series(ctx, values), sql: a.sql, ...rest, ...noteOutput(...returnsNote(a), ...notes) };
}

function avgPurchaseValue(ctx: MetricContext, a: TransactionAggregates): MetricOutput {
  const n = ctx.periods.length;
  return purchaseOutput(ctx, a, a.grossSales.map((g, i) => ratio(g, a.orders[i])), {
    stats: { revenue: a.revenue[n - 1]!, gross_sales: a.grossSales[n - 1]!, returns: a.returns[n - 1]!, orders: a.orders[n - 1]! },
  });
}

function avgCustomerLifespan(ctx: MetricContext, a: TransactionAggregates): MetricOutput {
  const n = ctx.periods.length;
  const fixed = paramNumber(ctx.params, 'lifespan');
  const measured = a.meanLifespanDays.map((d) => (d == null ? null : d / DAYS_PER_MONTH));
  return purchaseOutput(ctx, a, lifespanMonths(ctx, a), {
    stats: { measured_months: measured[n - 1] ?? null, customers: a.buyersToDate[n - 1]! },
    notes: fixed == null ? [] : [measured[n - 1] == null ? msg('note.purchases.lifespanParameterUnmeasured', { n: fixed })
      : msg('note.purchases.lifespanParameter', { n: fixed, measured: { number: measured[n - 1]!, fractionDigits: 2 } })],
  });
}

function repurchaseRate(ctx: MetricContext, a: TransactionAggregates): MetricOutput {
  const n = ctx.periods.length;
  const repurchase = a.customers.map((c, i) => ratio(a.repeatCustomers[i], c));
  const toDate = ratio(a.repeatBuyersToDate[n - 1], a.buyersToDate[n - 1]);
  if (paramString(ctx.params, 'business_model') === 'subscription') {
    return {
      series: series(ctx, repurchase.map(() => null)), value: null, status: 'not_applicable', sql: a.sql,
      ...noteOutput(msg('note.repurchaseOneOff')),
      stats: { would_be: repurchase[n - 1] ?? null },
    };
  }
  return purchaseOutput(ctx, a, repurchase, {
    stats: {
      customers: a.customers[n - 1]!, repeat_customers: a.repeatCustomers[n - 1]!,
      customers_to_date: a.buyersToDate[n - 1]!, repeat_customers_to_date: a.repeatBuyersToDate[n - 1]!, rate_to_date: toDate,
    },
  });
}

/** The note on return rows (type refund or negative amount), when there are any. */
export function returnsNote(a: TransactionAggregates): TextMessage[] {
  if (a.totals.returnRows === 0) return [];
  return [msg('note.purchases.returnRows', { n: a.totals.returnRows })];
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
  if (!ctx.has('transactions', 'agent')) return undefined;
  const p = ctx.current;
  const sql = `SELECT COALESCE(t.agent, '(none)') AS agent, COUNT(*) AS n FROM n_transactions t
WHERE t.date >= ${p.start} AND t.date < ${p.end} AND ${transactionKindSql(ctx, kinds)} AND ${ctx.segFilter('t')}
GROUP BY COALESCE(t.agent, '(none)') ORDER BY n DESC, agent`;
  return { columns: ['agent', 'count'], rows: queryRows(ctx.db, sql).rows.map((r) => [String(r[0]), num(r[1])]) };
}

export const purchasesFamily: FamilyModule = defineFamily('purchases', PURCHASE_METRICS, purchaseReads);
