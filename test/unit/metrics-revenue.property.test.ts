// Properties of the revenue family on random subscription histories (fast-check):
// - the engine matches the day-by-day reference (money-reference.ts) in every period;
// - the MRR movement identity start + new + reactivation + expansion − contraction − churn = end
//   holds in every period, and each period starts where the previous one ended;
// - cohort churn rate + retention rate = 1 in every period with customers at the start (exact:
//   end = start + new + reactivated − churned, so (end − new − reactivated) ÷ start = 1 − churned ÷ start);
//   both are null when no customer was active at the start;
// - with a segment that is a customer attribute (every row of a customer has the same _seg), MRR,
//   counts and every movement sum over the segments add up to the total; with a segment that varies
//   between a customer's rows, MRR and every MRR movement still do (a customer moving from plan A
//   to plan B is classified on its whole MRR, and moves between segments net to zero), provided no
//   customer's MRR inside a segment is negative (a discount line alone in its segment counts as 0
//   there, but offsets the customer's MRR in the total), so those histories use positive lines.
//   Customer counts add up only when a customer is in one segment at a time
//   (revenue-segment-moves.test.ts checks that case, and the rule, on plan changes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revenueFamily } from '../../src/engine/metrics/families/revenue';
import { dayFromIso } from '../../src/shared/calendar/periods';
import type { PeriodKind } from '../../src/shared/types';
import { referenceMovements, setup, valuesOf, type Sub } from './money-reference';

const BASE = dayFromIso('2024-01-01')!;
const AS_OF = BASE + 150;

const subArb = fc.record({
  cust: fc.integer({ min: 0, max: 7 }),
  mrr: fc.constantFrom(10, 25.5, 100, 0.1, -5),
  start: fc.integer({ min: -40, max: 150 }),
  length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  rowSeg: fc.constantFrom('p', 'q'),
});

const historyArb = fc.record({
  subs: fc.array(subArb, { minLength: 0, maxLength: 16 }),
  period: fc.constantFrom<PeriodKind>('month', 'week', 'month'),
  persian: fc.boolean(),
});

function toSubs(h: { subs: Array<{ cust: number; mrr: number; start: number; length: number | null; rowSeg: string }> }, segOf: 'customer' | 'row'): Sub[] {
  return h.subs.map((s) => ({
    customer_id: `c${s.cust}`, mrr: s.mrr, start_date: BASE + s.start,
    end_date: s.length == null ? null : BASE + s.start + s.length,
    _seg: segOf === 'customer' ? (s.cust % 3 === 0 ? 'A' : 'B') : s.rowSeg,
  }));
}

const MOVEMENT_IDS = ['mrr', 'active_customers', 'new_customers', 'reactivated_customers', 'churned_customers',
  'mrr_new', 'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'mrr_reactivation', 'net_new_mrr'];

describe('revenue family properties', () => {
  it('matches the reference, keeps the movement identity, churn + retention = 1', async () => {
    await fc.assert(fc.asyncProperty(historyArb, async (h) => {
      const subs = toSubs(h, 'customer');
      const { ctx } = await setup({ subscriptions: subs }, {
        fromDay: BASE, asOfDay: AS_OF, period: h.period, calendar: h.persian && h.period === 'month' ? 'persian' : 'gregorian',
        mapped: { subscriptions: ['customer_id', 'mrr', 'start_date', 'end_date'] },
      });
      const out = revenueFamily.compute(ctx);
      const ref = referenceMovements(subs, ctx.periods, ctx.asOfDay);
      const close = (id: string, exp: number[]) => valuesOf(out.get(id)).forEach((v, i) => expect(v, `${id}[${i}]`).toBeCloseTo(exp[i]!, 6));
      close('mrr', ref.map((r) => r.endMrr));
      close('active_customers', ref.map((r) => r.endActive));
      close('new_customers', ref.map((r) => r.newN));
      close('reactivated_customers', ref.map((r) => r.reactN));
      close('churned_customers', ref.map((r) => r.churnN));
      close('mrr_expansion', ref.map((r) => r.expV));
      close('mrr_contraction', ref.map((r) => r.contrV));
      close('mrr_churn', ref.map((r) => r.churnV));
      close('mrr_new', ref.map((r) => r.newV));
      close('mrr_reactivation', ref.map((r) => r.reactV));
      const rows = out.get('net_new_mrr')!.table!.rows as Array<[string, ...number[]]>;
      rows.forEach(([, start, nw, re, ex, co, ch, movedIn, movedOut, , end], i) => {
        expect(Math.abs(movedIn) + Math.abs(movedOut)).toBe(0);
        expect(start + nw + re + ex + co + ch).toBeCloseTo(end, 6);
        expect(start).toBeCloseTo(ref[i]!.startMrr, 6);
        if (i > 0) expect(start).toBeCloseTo(rows[i - 1]![10], 9);
      });
      const churn = valuesOf(out.get('customer_churn_rate')), retention = valuesOf(out.get('customer_retention_rate'));
      churn.forEach((c, i) => {
        if (ref[i]!.startActive === 0) {
          expect(c).toBeNull();
          expect(retention[i]).toBeNull();
        } else {
          expect(c! + retention[i]!).toBeCloseTo(1, 12);
        }
      });
    }), { numRuns: 40 });
  });

  it('additive metrics over segments sum to the total', async () => {
    await fc.assert(fc.asyncProperty(historyArb, fc.constantFrom<'customer' | 'row'>('customer', 'row'), async (h, segOf) => {
      const subs = toSubs(h, segOf).map((s) => (segOf === 'row' ? { ...s, mrr: Math.abs(s.mrr) } : s));
      const { withCtx } = await setup({ subscriptions: subs }, {
        fromDay: BASE, asOfDay: AS_OF, period: h.period, mapped: { subscriptions: ['customer_id', 'mrr', 'start_date', 'end_date'] },
      });
      const total = revenueFamily.compute(withCtx({ segmentValue: null }));
      const segs = [...new Set(subs.map((s) => s._seg!))];
      const parts = segs.map((s) => revenueFamily.compute(withCtx({ segmentValue: s })));
      const ids = segOf === 'customer' ? MOVEMENT_IDS : MOVEMENT_IDS.filter((id) => id.startsWith('mrr') || id === 'net_new_mrr');
      for (const id of ids) {
        const t = valuesOf(total.get(id));
        const sum = t.map((_, i) => parts.reduce((s, p) => s + (valuesOf(p.get(id))[i] ?? 0), 0));
        sum.forEach((v, i) => expect(v, `${id}[${i}] (${segOf})`).toBeCloseTo(t[i] ?? 0, 6));
      }
      const moved = (id: string) => parts.reduce((s, p) => s + valuesOf(p.get(id)).reduce<number>((a, v) => a + (v ?? 0), 0), 0);
      expect(moved('mrr_moved_in')).toBeCloseTo(moved('mrr_moved_out'), 6);
      if (segOf === 'row') {
        // Active customers add up only when no customer is in two segments at once.
        const t = valuesOf(total.get('active_customers'));
        const sum = t.map((_, i) => parts.reduce((s, p) => s + (valuesOf(p.get('active_customers'))[i] ?? 0), 0));
        sum.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(t[i] ?? 0));
      }
    }), { numRuns: 30 });
  });
});
