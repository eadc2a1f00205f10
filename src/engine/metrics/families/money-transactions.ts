// Per-period aggregates of `transactions` shared by the purchases and value families
// (METRICS.md §4.2–4.3): revenue net of returns, orders, purchasing customers, typed sales
// (upsell, cross-sell, add-on), cumulative lifespan and repeat buyers.
//
// Returns: a row is a return when its type is `refund` or its amount is negative (cancelled
// invoices such as online-retail "C…" lines with negative quantities); returns reduce revenue by
// their absolute amount and are not purchases (not counted as orders or purchasing customers).
// Orders are distinct order_id values when that field is mapped, otherwise rows.
import { literal, queryRows } from '../../store/database';
import type { MetricContext } from '../types';
import { PerDatabaseCache, contextDayIndex, normKindSql, num, periodsSignature, tableFingerprint } from './money-common';

export interface TransactionAggregates {
  revenue: number[];
  grossSales: number[];
  returns: number[];
  returnRows: number[];
  orders: number[];
  customers: number[];
  upsellN: number[];
  crossSellN: number[];
  expansionRevenue: number[];
  /** First-time buyers per period (first purchase ever). */
  firstBuyers: number[];
  /** Customers with ≥ 2 purchases (orders) inside the period. */
  repeatCustomers: number[];
  /** Cumulative to the period end: customers with ≥ 1 and ≥ 2 purchases (orders). */
  buyersToDate: number[];
  repeatBuyersToDate: number[];
  /** Cumulative to the period end: mean (last purchase − first purchase) in days over buyers. */
  meanLifespanDays: Array<number | null>;
  /** Whole range up to the last period: orders, purchasing customers, revenue. */
  totals: { orders: number; customers: number; revenue: number; returnRows: number; rows: number };
  sql: string;
}

const cache = new PerDatabaseCache<TransactionAggregates>('transactions', 8);

export function hasTransactions(ctx: MetricContext): boolean {
  return ctx.has('transactions', 'customer_id', 'date', 'amount');
}

/** SQL predicate: the row is a return (type refund or negative amount). */
function isReturn(ctx: MetricContext, alias: string): string {
  const typed = ctx.has('transactions', 'type') ? `${normKindSql(`${alias}.type`)} = 'refund' OR ` : '';
  // CASE so that a NULL type is "not a return" rather than NULL.
  return `(CASE WHEN ${typed}${alias}.amount < 0 THEN 1 ELSE 0 END = 1)`;
}

export function transactionAggregates(ctx: MetricContext): TransactionAggregates | null {
  if (!hasTransactions(ctx) || ctx.periods.length === 0) return null;
  const key = [tableFingerprint(ctx.db, 'n_transactions', ['amount', 'date'], ['customer_id', 'order_id', 'type']),
    periodsSignature(ctx.periods), ctx.asOfDay, ctx.segmentValue ?? '\u0000total', ctx.has('transactions', 'order_id'), ctx.has('transactions', 'type')].join('#');
  const hit = cache.get(ctx.db, key);
  if (hit) return hit;
  const built = build(ctx);
  cache.set(ctx.db, key, built);
  return built;
}

function build(ctx: MetricContext): TransactionAggregates {
  const n = ctx.periods.length;
  const days = contextDayIndex(ctx);
  // Purchases after the as-of date are left out (the current period runs up to it).
  const lastEnd = Math.min(ctx.periods[n - 1]!.end, ctx.asOfDay + 1);
  const ret = isReturn(ctx, 't');
  const kind = ctx.has('transactions', 'type') ? normKindSql('t.type') : 'NULL';
  const orderKey = ctx.has('transactions', 'order_id')
    ? `COALESCE(CAST(t.order_id AS TEXT), t._src || ':' || CAST(t._row AS TEXT))`
    : `t._src || ':' || CAST(t._row AS TEXT)`;
  const base = `FROM n_transactions t LEFT JOIN ${days} k ON k.day = t.date
WHERE t.customer_id IS NOT NULL AND t.date IS NOT NULL AND t.amount IS NOT NULL AND t.date < ${lastEnd} AND ${ctx.segFilter('t')}`;
  const periodSql = `SELECT COALESCE(k.idx, -1) AS idx,
  SUM(CASE WHEN ${ret} THEN -ABS(t.amount) ELSE t.amount END) AS revenue,
  SUM(CASE WHEN ${ret} THEN 0 ELSE t.amount END) AS gross_sales,
  SUM(CASE WHEN ${ret} THEN ABS(t.amount) ELSE 0 END) AS returns,
  SUM(CASE WHEN ${ret} THEN 1 ELSE 0 END) AS return_rows,
  COUNT(DISTINCT CASE WHEN ${ret} THEN NULL ELSE ${orderKey} END) AS orders,
  COUNT(DISTINCT CASE WHEN ${ret} THEN NULL ELSE t.customer_id END) AS customers,
  SUM(CASE WHEN ${kind} = 'upsell' THEN 1 ELSE 0 END) AS upsell_n,
  SUM(CASE WHEN ${kind} IN ('cross_sell', 'crosssell') THEN 1 ELSE 0 END) AS cross_sell_n,
  SUM(CASE WHEN ${kind} IN ('upsell', 'cross_sell', 'crosssell', 'add_on', 'addon') AND NOT ${ret} THEN t.amount ELSE 0 END) AS expansion_revenue,
  COUNT(*) AS n_rows
${base}
GROUP BY COALESCE(k.idx, -1)`;
  // Per customer and period: first/last purchase day and orders; running over periods per customer.
  const customerSql = `WITH ci AS (
  SELECT t.customer_id AS cust, COALESCE(k.idx, -1) AS idx, MIN(t.date) AS mn, MAX(t.date) AS mx,
    COUNT(DISTINCT ${orderKey}) AS orders
  ${base} AND NOT ${ret}
  GROUP BY t.customer_id, COALESCE(k.idx, -1)
), r AS (
  SELECT idx, mx, mn, orders,
    LAG(mx) OVER (PARTITION BY cust ORDER BY idx) AS prev_mx,
    SUM(orders) OVER (PARTITION BY cust ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_orders,
    SUM(orders) OVER (PARTITION BY cust ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_orders
  FROM ci
)
SELECT idx,
  SUM(CASE WHEN prev_mx IS NULL THEN 1 ELSE 0 END) AS first_buyers,
  SUM(mx - COALESCE(prev_mx, mn)) AS lifespan_growth,
  SUM(CASE WHEN cum_orders >= 2 AND COALESCE(prev_orders, 0) < 2 THEN 1 ELSE 0 END) AS became_repeat,
  SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END) AS repeat_in_period
FROM r GROUP BY idx`;
  const z = () => new Array<number>(n).fill(0);
  const a: TransactionAggregates = {
    revenue: z(), grossSales: z(), returns: z(), returnRows: z(), orders: z(), customers: z(), upsellN: z(), crossSellN: z(),
    expansionRevenue: z(), firstBuyers: z(), repeatCustomers: z(), buyersToDate: z(), repeatBuyersToDate: z(),
    meanLifespanDays: new Array<number | null>(n).fill(null),
    totals: { orders: 0, customers: 0, revenue: 0, returnRows: 0, rows: 0 },
    sql: `-- per period\n${periodSql};\n\n-- per customer, running over periods\n${customerSql};`,
  };
  for (const r of queryRows(ctx.db, periodSql).rows) {
    const i = num(r[0]);
    a.totals.revenue += num(r[1]); a.totals.returnRows += num(r[4]); a.totals.rows += num(r[10]);
    if (i < 0) continue;
    a.revenue[i] = num(r[1]); a.grossSales[i] = num(r[2]); a.returns[i] = num(r[3]); a.returnRows[i] = num(r[4]);
    a.orders[i] = num(r[5]); a.customers[i] = num(r[6]); a.upsellN[i] = num(r[7]); a.crossSellN[i] = num(r[8]);
    a.expansionRevenue[i] = num(r[9]);
  }
  let buyers = 0, repeat = 0, lifespan = 0;
  const growth = new Map<number, number[]>();
  for (const r of queryRows(ctx.db, customerSql).rows) {
    growth.set(num(r[0]), [num(r[1]), num(r[2]), num(r[3])]);
    if (num(r[0]) >= 0 && num(r[0]) < n) a.repeatCustomers[num(r[0])] = num(r[4]);
  }
  const before = growth.get(-1);
  if (before) { buyers += before[0]!; lifespan += before[1]!; repeat += before[2]!; }
  for (let i = 0; i < n; i++) {
    const g = growth.get(i);
    if (g) { a.firstBuyers[i] = g[0]!; buyers += g[0]!; lifespan += g[1]!; repeat += g[2]!; }
    a.buyersToDate[i] = buyers;
    a.repeatBuyersToDate[i] = repeat;
    a.meanLifespanDays[i] = buyers > 0 ? lifespan / buyers : null;
  }
  const totalsSql = `SELECT COUNT(DISTINCT CASE WHEN ${ret} THEN NULL ELSE ${orderKey} END), COUNT(DISTINCT CASE WHEN ${ret} THEN NULL ELSE t.customer_id END) ${base}`;
  const t = queryRows(ctx.db, totalsSql).rows[0] ?? [];
  a.totals.orders = num(t[0]); a.totals.customers = num(t[1]);
  return a;
}

/** Drill: transaction rows of the period (optionally restricted by an extra condition on alias t). */
export function transactionDrillSql(ctx: MetricContext, start: number, end: number, extra = '1=1'): string {
  return `SELECT t._src, t._row FROM n_transactions t
WHERE t.date >= ${start} AND t.date < ${end} AND ${ctx.segFilter('t')} AND (${extra})
ORDER BY t._src, t._row`;
}

export function transactionKindSql(ctx: MetricContext, kinds: string[]): string {
  if (!ctx.has('transactions', 'type')) return '0=1';
  return `${normKindSql('t.type')} IN (${kinds.map(literal).join(', ')})`;
}

export function transactionReturnSql(ctx: MetricContext): string {
  return isReturn(ctx, 't');
}
