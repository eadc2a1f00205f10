// The revenue fold reads every customer's MRR change points once per data version and re-buckets
// them per period list (money-revenue-timeline.ts): a context whose periods, calendar or as-of date
// change after others were computed gets exactly what a fresh fold of its periods gives, and a
// change of the data (a remapped segment) is not answered from the old change points.
import { describe, expect, it } from 'vitest';
import { foldRevenueBase, revenueBase } from '../../src/engine/metrics/families/money-revenue-fold';
import { sqlite } from '../../src/engine/metrics/dialect';
import { dayFromIso } from '../../src/shared/calendar/periods';
import type { MetricContext } from '../../src/engine/metrics/types';
import { setup, type Sub } from './money-reference';

const D = (iso: string) => dayFromIso(iso)!;

/** Plan changes, reactivations, annual terms, a discount line, rows before the first period. */
function history(): Sub[] {
  const subs: Sub[] = [];
  for (let c = 0; c < 40; c++) {
    const start = D('2023-10-01') + ((c * 37) % 300);
    const plan = ['basic', 'pro', 'team'][c % 3]!;
    const mrr = [49.99, 149, 499][c % 3]!;
    const end = c % 4 === 0 ? start + 120 + (c % 7) : null;
    subs.push({ customer_id: `c${c}`, mrr, start_date: start, end_date: end, term_months: c % 5 === 0 ? 12 : 1, _seg: plan });
    if (c % 6 === 1) subs.push({ customer_id: `c${c}`, mrr: 0.1 * c, start_date: start + 200, term_months: 12, _seg: ['basic', 'pro', 'team'][(c + 1) % 3]! });
    if (c % 4 === 0) subs.push({ customer_id: `c${c}`, mrr, start_date: start + 250, _seg: plan });
    if (c % 9 === 2) subs.push({ customer_id: `c${c}`, mrr: -5, start_date: start, end_date: start + 60, _seg: plan });
  }
  return subs;
}

const fresh = (ctx: MetricContext) => foldRevenueBase(ctx.db, 'subscriptions', ctx.periods, ctx.segmentValue !== null,
  Math.min(ctx.asOfDay + 1, ctx.periods[ctx.periods.length - 1]!.end), sqlite.least);

describe('revenue fold: change points cached, re-bucketed per period list', () => {
  it('gives every control what a fresh fold gives', async () => {
    const { withCtx } = await setup({ subscriptions: history() }, { fromDay: D('2024-01-01'), asOfDay: D('2024-11-20') });
    const controls: Array<Parameters<typeof withCtx>[0]> = [
      {}, { period: 'quarter' }, { period: 'week' }, { calendar: 'persian' }, { calendar: 'buddhist', period: 'quarter' },
      { asOfDay: D('2024-10-06') }, { segmentValue: 'pro' }, { segmentValue: 'team', period: 'quarter' }, { period: 'day', asOfDay: D('2024-03-03') }, {},
    ];
    for (const c of controls) {
      const ctx = withCtx(c);
      expect(revenueBase(ctx), JSON.stringify(c)).toStrictEqual(fresh(ctx));
    }
  });

  it('reads the change points again when the data changes', async () => {
    const { db, withCtx } = await setup({ subscriptions: history() }, { fromDay: D('2024-01-01'), asOfDay: D('2024-11-20') });
    const before = revenueBase(withCtx({ segmentValue: 'pro' }))!;
    db.run(`UPDATE n_subscriptions SET _seg = CASE WHEN _seg = 'pro' THEN 'basic' ELSE 'pro' END`);
    const ctx = withCtx({ segmentValue: 'pro', period: 'quarter' });
    const after = revenueBase(ctx)!;
    expect(after).toStrictEqual(fresh(ctx));
    expect(revenueBase(withCtx({ segmentValue: 'pro' }))!.bySegment.get('pro')).not.toStrictEqual(before.bySegment.get('pro'));
  });
});
