import { describe, expect, it } from 'vitest';
import { valueFamily } from '../../src/engine/metrics/families/value';
import { dayFromIso } from '../../src/shared/calendar/periods';
import { queryAll } from '../../src/engine/store/database';
import { setup, valuesOf, type Sub } from './money-reference';

const D = (iso: string) => dayFromIso(iso)!;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const last = (o: { series: Array<{ value: number | null }> } | undefined) => o?.series.at(-1)?.value;

// 100 customers paying 100 a month from January; 5 of them leave in February; 25 new in February.
// February: ARPA = 100, monthly churn = 5 / 100 = 0.05.
const JAN = D('2024-01-01'), FEB = D('2024-02-01');
const subs: Sub[] = [
  ...range(100).map((i) => ({ customer_id: `c${i}`, mrr: 100, start_date: JAN, end_date: i < 5 ? FEB + 10 : null, term_months: 24 })),
  ...range(25).map((i) => ({ customer_id: `n${i}`, mrr: 100, start_date: FEB + 3, term_months: 24 })),
];
const window = { fromDay: JAN, asOfDay: D('2024-02-28') };

describe('value family: CLV variants (METRICS.md §5)', () => {
  it('arpa_churn: ARPA 100, monthly churn 0.05 → 2 000', async () => {
    const { ctx } = await setup({ subscriptions: subs }, window);
    const out = valueFamily.compute(ctx).get('clv')!;
    expect(last(out)).toBeCloseTo(2000, 9);
    expect(out.stats).toMatchObject({ variant: 'arpa_churn', arpa: 100, monthly_churn: 0.05 });
    // January: no one left → churn 0 → CLV undefined (null), never Infinity.
    expect(valuesOf(out)[0]).toBeNull();
  });

  it('margin: ARPA × margin ÷ churn', async () => {
    const { ctx } = await setup({ subscriptions: subs }, { ...window, params: { 'clv.variant': 'margin', gross_margin: 0.8 } });
    expect(last(valueFamily.compute(ctx).get('clv'))).toBeCloseTo(1600, 9);
  });

  it('margin_duration: ARPA 100, margin 0.8, 24 months → 1 920 (from term_months and from the lifespan parameter)', async () => {
    const { ctx } = await setup({ subscriptions: subs }, { ...window, params: { 'clv.variant': 'margin_duration', gross_margin: 0.8 } });
    const out = valueFamily.compute(ctx).get('clv')!;
    expect(last(out)).toBeCloseTo(1920, 9);
    expect(out.stats).toMatchObject({ duration_months: 24, duration_source: 'term_months' });
    const noTerm = subs.map(({ term_months: _t, ...s }) => s);
    const { ctx: c2 } = await setup({ subscriptions: noTerm }, { ...window, params: { 'clv.variant': 'margin_duration', gross_margin: 0.8, lifespan: 24 } });
    expect(last(valueFamily.compute(c2).get('clv'))).toBeCloseTo(1920, 9);
  });

  it('purchase: 50 × 3 purchases a month × 24 months → 3 600; 100 × 1 × 5 years → 6 000', async () => {
    const june = D('2024-06-01');
    const tx = range(10).flatMap((c) => range(3).map((k) => ({ customer_id: `p${c}`, date: june + c + k * 7, amount: 50, order_id: `o${c}-${k}` })));
    const { ctx } = await setup({ transactions: tx }, { fromDay: june, asOfDay: D('2024-06-30'), params: { 'clv.variant': 'purchase', lifespan: 24 } });
    const out = valueFamily.compute(ctx).get('clv')!;
    expect(last(out)).toBeCloseTo(3600, 9);
    expect(out.stats).toMatchObject({ avg_purchase_value: 50, purchases_per_month: 3, lifespan_months: 24 });
    const tx2 = range(7).map((c) => ({ customer_id: `q${c}`, date: june + c, amount: 100 }));
    const { ctx: c2 } = await setup({ transactions: tx2 }, { fromDay: june, asOfDay: D('2024-06-30'), params: { 'clv.variant': 'purchase', lifespan: 60 } });
    expect(last(valueFamily.compute(c2).get('clv'))).toBeCloseTo(6000, 9);
  });

  it('purchase variant on a quarter: purchases per month = quarter purchases ÷ buyers ÷ 3', async () => {
    const q = D('2024-04-01');
    const tx = range(4).flatMap((c) => range(6).map((k) => ({ customer_id: `p${c}`, date: q + k * 14, amount: 20 })));
    const { ctx } = await setup({ transactions: tx }, { fromDay: q, asOfDay: D('2024-06-30'), period: 'quarter', params: { 'clv.variant': 'purchase', lifespan: 12 } });
    expect(last(valueFamily.compute(ctx).get('clv'))).toBeCloseTo(20 * 2 * 12, 9);
  });

  it('arpa_churn without subscriptions is not applicable and says why', async () => {
    const { ctx } = await setup({ transactions: [{ customer_id: 'a', date: D('2024-01-02'), amount: 10 }] }, { fromDay: D('2024-01-01'), asOfDay: D('2024-01-31') });
    const out = valueFamily.compute(ctx).get('clv')!;
    expect(out.status).toBe('not_applicable');
    expect(out.value).toBeNull();
    expect(out.notes!.join(' ')).toMatch(/purchase/);
    // The purchase inputs are still given.
    expect(out.stats).toMatchObject({ avg_purchase_value: 10, purchases_per_month: 1 });
  });
});

describe('value family: CAC, LTV:CAC, payback, CRC, revenue per customer', () => {
  const costs = [
    { period: FEB + 1, category: 'ads', amount: 4000, kind: 'Acquisition' },
    { period: FEB + 20, category: 'events', amount: 1000, kind: 'acquisition' },
    { period: FEB + 2, category: 'staff', amount: 6000, kind: 'retention' },
    { period: JAN + 2, category: 'ads', amount: 999, kind: 'acquisition' },
  ];

  it('CAC = acquisition costs ÷ new customers; LTV:CAC; payback; net_of_cac', async () => {
    const { ctx } = await setup({ subscriptions: subs, costs }, window);
    const out = valueFamily.compute(ctx);
    // February: 5000 ÷ 25 new customers = 200.
    expect(last(out.get('cac'))).toBe(200);
    // January: 999 ÷ 100 new customers.
    expect(valuesOf(out.get('cac'))[0]).toBeCloseTo(9.99, 9);
    expect(last(out.get('ltv_cac_ratio'))).toBeCloseTo(2000 / 200, 9);
    expect(last(out.get('cac_payback_months'))).toBeCloseTo(200 / 100, 9);
    const { ctx: n } = await setup({ subscriptions: subs, costs }, { ...window, params: { 'clv.variant': 'net_of_cac', lifespan: 24 } });
    // 100 × 12 × 2 years − 200.
    expect(last(valueFamily.compute(n).get('clv'))).toBeCloseTo(2200, 9);
  });

  it('the cac parameter overrides; without costs or parameter CAC is not applicable and says what to add', async () => {
    const { ctx } = await setup({ subscriptions: subs }, { ...window, params: { cac: 500, gross_margin: 0.5 } });
    const out = valueFamily.compute(ctx);
    expect(last(out.get('cac'))).toBe(500);
    expect(last(out.get('cac_payback_months'))).toBeCloseTo(500 / (100 * 0.5), 9);
    const { ctx: none } = await setup({ subscriptions: subs }, window);
    const cac = valueFamily.compute(none).get('cac')!;
    expect(cac.status).toBe('not_applicable');
    expect(cac.notes!.join(' ')).toMatch(/acquisition.*cac parameter/);
  });

  it('crc: 50 000 + 10 000 + 5 000 + 3 000 + 2 000 for 1 000 customers → 70, with the ARPA alert', async () => {
    const m = D('2024-03-01');
    const many: Sub[] = range(1000).map((i) => ({ customer_id: `k${i}`, mrr: 50, start_date: m - 40 }));
    const rc = [50_000, 10_000, 5_000, 3_000, 2_000].map((amount, i) => ({
      period: m + i, category: ['staff', 'tools', 'customer marketing', 'training', 'loyalty'][i], amount, kind: 'retention',
    }));
    rc.push({ period: m + 3, category: 'ads', amount: 12_345, kind: 'acquisition' });
    const { ctx, db } = await setup({ subscriptions: many, costs: rc }, { fromDay: m - 40, asOfDay: m + 20 });
    const out = valueFamily.compute(ctx).get('crc')!;
    expect(last(out)).toBe(70);
    expect(out.notes!.join(' ')).toMatch(/Alert: monthly retention cost per customer \(70\.00\) exceeds ARPA \(50\.00\)/);
    const rows = queryAll(db, valueFamily.drill(ctx, 'crc', ctx.current)!.sql);
    expect(rows.map((r) => r._row)).toEqual([1, 2, 3, 4, 5]);
  });

  it('revenue per customer: net of returns ÷ buyers', async () => {
    const d = D('2024-05-01');
    const tx = [
      { customer_id: 'a', date: d, amount: 100 },
      { customer_id: 'a', date: d + 3, amount: 50 },
      { customer_id: 'b', date: d + 4, amount: 30 },
      { customer_id: 'b', date: d + 5, amount: -30 },
      { customer_id: 'c', date: d + 6, amount: 20, type: 'Refund' },
    ];
    const { ctx } = await setup({ transactions: tx }, { fromDay: d, asOfDay: d + 20 });
    const out = valueFamily.compute(ctx).get('revenue_per_customer')!;
    // (100 + 50 + 30 − 30 − 20) ÷ 2 buyers (c only returned).
    expect(last(out)).toBe(65);
    expect(out.notes!.join(' ')).toMatch(/2 return row/);
  });
});
