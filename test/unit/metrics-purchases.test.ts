import { describe, expect, it } from 'vitest';
import { purchasesFamily } from '../../src/engine/metrics/families/purchases';
import { dayFromIso } from '../../src/shared/calendar/periods';
import { queryAll } from '../../src/engine/store/database';
import { setup, valuesOf } from './money-reference';
import { datasetPath, hasDatasets } from '../realDatasets';

const D = (iso: string) => dayFromIso(iso)!;

interface Tx { customer_id: string; date: number; amount: number; order_id?: string; type?: string; agent?: string; _seg?: string }

// Three months of order lines: several lines per order, a cancelled invoice (negative line),
// a typed refund, upsells / cross-sells / add-ons by agents.
const tx: Tx[] = [
  { customer_id: 'a', date: D('2024-01-03'), amount: 10, order_id: '1001', type: 'one_off', agent: 'Sara' },
  { customer_id: 'a', date: D('2024-01-03'), amount: 15, order_id: '1001', type: 'one_off', agent: 'Sara' },
  { customer_id: 'b', date: D('2024-01-10'), amount: 40, order_id: '1002', type: 'one_off' },
  { customer_id: 'b', date: D('2024-01-12'), amount: -15, order_id: 'C1002', type: 'one_off' },
  { customer_id: 'a', date: D('2024-02-07'), amount: 30, order_id: '1003', type: 'upsell', agent: 'Sara' },
  { customer_id: 'c', date: D('2024-02-09'), amount: 20, order_id: '1004', type: 'Cross-sell', agent: 'Niran' },
  { customer_id: 'c', date: D('2024-02-09'), amount: 5, order_id: '1004', type: 'add-on', agent: 'Niran' },
  { customer_id: 'c', date: D('2024-02-20'), amount: 8, order_id: 'R1', type: 'refund' },
  { customer_id: 'b', date: D('2024-03-01'), amount: 60, order_id: '1005', type: 'cross_sell', agent: 'Sara' },
  { customer_id: 'd', date: D('2024-03-15'), amount: 12, order_id: '1006', type: 'upsell', agent: 'Niran' },
  { customer_id: 'd', date: D('2024-03-16'), amount: 12, order_id: '1007', type: 'upsell', agent: 'Sara' },
  { customer_id: 'a', date: D('2024-03-31'), amount: 7, order_id: '1008', type: 'one_off' },
];
const MONTHS = [D('2024-01-01'), D('2024-02-01'), D('2024-03-01'), D('2024-04-01')];

/** Reference, straight from the definitions, per month. */
function reference(rows: Tx[]) {
  const isReturn = (t: Tx) => t.amount < 0 || t.type === 'refund';
  return MONTHS.slice(0, 3).map((start, m) => {
    const end = MONTHS[m + 1]!;
    const inMonth = rows.filter((t) => t.date >= start && t.date < end);
    const purchases = inMonth.filter((t) => !isReturn(t));
    const purchaseValue = purchases.reduce((s, t) => s + t.amount, 0);
    const orders = new Set(purchases.map((t) => t.order_id)).size;
    const buyers = new Set(purchases.map((t) => t.customer_id)).size;
    const toDate = rows.filter((t) => t.date < end && !isReturn(t));
    const byCust = new Map<string, { first: number; last: number; orders: Set<string> }>();
    for (const t of toDate) {
      const c = byCust.get(t.customer_id) ?? { first: Infinity, last: -Infinity, orders: new Set<string>() };
      c.first = Math.min(c.first, t.date); c.last = Math.max(c.last, t.date); c.orders.add(t.order_id!);
      byCust.set(t.customer_id, c);
    }
    const custs = [...byCust.values()];
    const lifespanMonths = custs.reduce((s, c) => s + (c.last - c.first), 0) / custs.length / 30.436875;
    const ordersInMonth = new Map<string, Set<string>>();
    for (const t of purchases) ordersInMonth.set(t.customer_id, (ordersInMonth.get(t.customer_id) ?? new Set()).add(t.order_id!));
    const repurchase = [...ordersInMonth.values()].filter((o) => o.size >= 2).length / ordersInMonth.size;
    const kind = (t: Tx) => t.type?.toLowerCase().replace('-', '_');
    return {
      apv: purchaseValue / orders, frequency: orders / buyers, lifespanMonths, repurchase,
      upsell: inMonth.filter((t) => kind(t) === 'upsell').length,
      crossSell: inMonth.filter((t) => kind(t) === 'cross_sell').length,
      expansion: inMonth.filter((t) => ['upsell', 'cross_sell', 'add_on'].includes(kind(t) ?? '')).reduce((s, t) => s + t.amount, 0),
    };
  });
}

describe('purchases family', () => {
  it('matches the reference per month (orders = distinct order_id, returns reduce revenue)', async () => {
    const { ctx } = await setup({ transactions: tx }, { fromDay: D('2024-01-01'), asOfDay: D('2024-03-31'), params: { business_model: 'one_off' } });
    const out = purchasesFamily.compute(ctx);
    const ref = reference(tx);
    const check = (id: string, exp: number[]) => valuesOf(out.get(id)).forEach((v, i) => expect(v, `${id}[${i}]`).toBeCloseTo(exp[i]!, 9));
    check('avg_purchase_value', ref.map((r) => r.apv));
    check('purchase_frequency', ref.map((r) => r.frequency));
    check('avg_customer_lifespan', ref.map((r) => r.lifespanMonths));
    check('repurchase_rate', ref.map((r) => r.repurchase));
    check('upsell_frequency', ref.map((r) => r.upsell));
    check('cross_sell_frequency', ref.map((r) => r.crossSell));
    check('expansion_revenue', ref.map((r) => r.expansion));
    // By hand, January: purchases 10 + 15 (order 1001) and 40 (1002) → 65 ÷ 2; the −15 line is a return.
    expect(valuesOf(out.get('avg_purchase_value'))[0]).toBe(32.5);
    // March: b, d and a buy; only d places 2 orders → 1 of 3. To date: a, b, d of a, b, c, d → 3 of 4.
    expect(valuesOf(out.get('repurchase_rate'))[2]).toBeCloseTo(1 / 3, 12);
    expect(out.get('repurchase_rate')!.stats!.rate_to_date).toBe(0.75);
    expect(out.get('avg_purchase_value')!.notes!.join(' ')).toMatch(/2 return rows \(type refund/);
    // Upsells per agent in the current period (March): Niran 1, Sara 1.
    expect(out.get('upsell_frequency')!.table!.rows).toEqual([['Niran', 1], ['Sara', 1]]);
    expect(out.get('cross_sell_frequency')!.table!.rows).toEqual([['Sara', 1]]);
  });

  it('orders are rows when order_id is not mapped', async () => {
    const noOrder = tx.map(({ order_id: _o, ...t }) => t);
    const { ctx } = await setup({ transactions: noOrder }, { fromDay: D('2024-01-01'), asOfDay: D('2024-03-31') });
    const out = purchasesFamily.compute(ctx);
    // January: 3 purchase rows (the negative line is a return) worth 65.
    expect(valuesOf(out.get('avg_purchase_value'))[0]).toBeCloseTo(65 / 3, 12);
  });

  it('repurchase rate is not applicable for a subscription business, and says so', async () => {
    const { ctx } = await setup({ transactions: tx }, { fromDay: D('2024-01-01'), asOfDay: D('2024-03-31') });
    const out = purchasesFamily.compute(ctx).get('repurchase_rate')!;
    expect(out.status).toBe('not_applicable');
    expect(out.value).toBeNull();
    expect(out.notes!.join(' ')).toMatch(/business_model = one_off/);
  });

  it('the lifespan parameter overrides the measured lifespan', async () => {
    const { ctx } = await setup({ transactions: tx }, { fromDay: D('2024-01-01'), asOfDay: D('2024-03-31'), params: { lifespan: 18 } });
    const out = purchasesFamily.compute(ctx).get('avg_customer_lifespan')!;
    expect(valuesOf(out)).toEqual([18, 18, 18]);
    expect(out.stats!.measured_months).toBeCloseTo(reference(tx)[2]!.lifespanMonths, 9);
  });

  it('segments: additive counts over segments sum to the total', async () => {
    const segd = tx.map((t, i) => ({ ...t, _seg: i % 2 ? 'x' : 'y' }));
    const { withCtx } = await setup({ transactions: segd }, { fromDay: D('2024-01-01'), asOfDay: D('2024-03-31') });
    const total = purchasesFamily.compute(withCtx({}));
    const parts = ['x', 'y'].map((s) => purchasesFamily.compute(withCtx({ segmentValue: s })));
    for (const id of ['upsell_frequency', 'cross_sell_frequency', 'expansion_revenue']) {
      const sum = valuesOf(parts[0]!.get(id)).map((v, i) => v! + valuesOf(parts[1]!.get(id))[i]!);
      expect(sum, id).toEqual(valuesOf(total.get(id)));
    }
  });

  it('drill-down lists the upsell rows of a period', async () => {
    const { ctx, db } = await setup({ transactions: tx }, { fromDay: D('2024-01-01'), asOfDay: D('2024-03-31') });
    const rows = queryAll(db, purchasesFamily.drill(ctx, 'upsell_frequency', ctx.current)!.sql);
    expect(rows.map((r) => r._row)).toEqual([10, 11]);
  });
});

describe.runIf(hasDatasets('metrics-purchases', 'cdnow-sample.txt'))('purchases family on the real CDNOW sample (transactions without order ids)', () => {
  it('average purchase value, frequency, lifespan, repurchase rate and purchase CLV match a reference', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(datasetPath('cdnow-sample.txt'), 'utf8');
    const rows = text.split('\n').filter((l) => l.trim()).map((l, i) => {
      const [, cust, ymd, , amount] = l.trim().split(/\s+/);
      return { customer_id: cust!, date: D(`${ymd!.slice(0, 4)}-${ymd!.slice(4, 6)}-${ymd!.slice(6, 8)}`), amount: Number(amount), _row: i + 1 };
    });
    const from = Math.min(...rows.map((r) => r.date)), to = Math.max(...rows.map((r) => r.date));
    const { ctx } = await setup({ transactions: rows }, {
      fromDay: from, asOfDay: to, period: 'quarter', params: { business_model: 'one_off', 'clv.variant': 'purchase' },
    });
    const out = purchasesFamily.compute(ctx);
    const n = ctx.periods.length;
    for (let i = 0; i < n; i++) {
      const p = ctx.periods[i]!;
      const inP = rows.filter((r) => r.date >= p.start && r.date < p.end);
      const buys = inP.filter((r) => r.amount >= 0);
      const value = buys.reduce((s, r) => s + r.amount, 0);
      const buyers = new Set(buys.map((r) => r.customer_id)).size;
      expect(valuesOf(out.get('avg_purchase_value'))[i]).toBeCloseTo(value / buys.length, 9);
      expect(valuesOf(out.get('purchase_frequency'))[i]).toBeCloseTo(buys.length / buyers / 3, 9);
      const toDate = rows.filter((r) => r.date < p.end && r.amount >= 0);
      const span = new Map<string, { lo: number; hi: number; n: number }>();
      for (const r of toDate) {
        const s = span.get(r.customer_id) ?? { lo: Infinity, hi: -Infinity, n: 0 };
        s.lo = Math.min(s.lo, r.date); s.hi = Math.max(s.hi, r.date); s.n++;
        span.set(r.customer_id, s);
      }
      const all = [...span.values()];
      expect(valuesOf(out.get('avg_customer_lifespan'))[i]).toBeCloseTo(all.reduce((s, x) => s + x.hi - x.lo, 0) / all.length / 30.436875, 9);
      const perBuyer = new Map<string, number>();
      for (const r of buys) perBuyer.set(r.customer_id, (perBuyer.get(r.customer_id) ?? 0) + 1);
      expect(valuesOf(out.get('repurchase_rate'))[i]).toBeCloseTo([...perBuyer.values()].filter((k) => k >= 2).length / perBuyer.size, 12);
    }
    expect(out.get('repurchase_rate')!.status).toBeUndefined();
    const { valueFamily } = await import('../../src/engine/metrics/families/value');
    const clv = valueFamily.compute(ctx).get('clv')!;
    const s = clv.stats!;
    expect(clv.series.at(-1)!.value).toBeCloseTo((s.avg_purchase_value as number) * (s.purchases_per_month as number) * (s.lifespan_months as number), 9);
  });
});
