// Segment views of MRR and customer counts reconcile (METRICS.md §4.1, issue 9): a customer is
// new, reactivated or churned by its MRR over all segments, and a plan change moves its MRR
// between segments. Two identities, per segment and period:
//   opening + new + reactivation + expansion − contraction − churn + moved in − moved out = closing
//   (MRR, and customers with new / reactivated / churned / moved counts),
// and over the segments every movement adds up to the total (moves net to zero).
// Checked on the sample by hand, and on generated histories with plan changes against a small
// reference written here from the rule (one plan at a time per customer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/engine/api';
import { revenueFamily } from '../../src/engine/metrics/families/revenue';
import { foldRevenueBase } from '../../src/engine/metrics/families/money-revenue-fold';
import { sqlite } from '../../src/engine/metrics/dialect';
import { dayFromIso, type Period } from '../../src/shared/calendar/periods';
import type { MetricResult } from '../../src/shared/types';
import { setup, valuesOf, type Sub } from './money-reference';
import { runRevenueSql } from './revenue-sql-runner';

const SAMPLE = path.resolve(__dirname, '../../resources/sample');

const MRR_MOVES = ['mrr_new', 'mrr_reactivation', 'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'mrr_moved_in', 'mrr_moved_out'] as const;
const COUNT_MOVES = ['new_customers', 'reactivated_customers', 'churned_customers', 'moved_in_customers', 'moved_out_customers'] as const;

describe('segment views reconcile: the sample by plan', () => {
  it('December 2024 (as of 18 Dec) by plan, computed by hand from subscriptions.csv', async () => {
    const engine = await Engine.create();
    const f = 'subscriptions.csv';
    await engine.openFile({ source: path.join(SAMPLE, f), bytes: new Uint8Array(readFileSync(path.join(SAMPLE, f))) });
    await engine.autoMap();
    const r = await engine.computeMetrics({ segment: 'plan' });
    expect(r.asOf).toBe('2024-12-18');
    const by = (id: string) => {
      const m = r.metrics.find((x) => x.id === id)!;
      expect(m.period).toBe('2024-12');
      return { total: m.value, ...Object.fromEntries(m.segments.map((s) => [s.segment, s.value])) };
    };
    // Rows changing in December (balance on 30 Nov vs on 18 Dec; end dates exclusive):
    //   C0047 Growth 149 → Scale 499 on 18 Dec: 149 moved Growth → Scale, +350 expansion in Scale
    //   C0202 Growth 149 → Starter 49 on 1 Dec: 49 moved Growth → Starter, −100 contraction in Growth
    //   new: C0126 Starter 49, C0210 Starter 49, C0238 Growth 149
    //   churned: C0118, C0129, C0226 Starter 49 each; C0138 Growth 149
    //   C0041 (ends 20 Dec) and C0160 (ends 19 Dec) are still paying on the 18th.
    expect(by('mrr_new')).toEqual({ total: 247, Starter: 98, Growth: 149, Scale: 0 });
    expect(by('new_customers')).toEqual({ total: 3, Starter: 2, Growth: 1, Scale: 0 });
    expect(by('mrr_expansion')).toEqual({ total: 350, Starter: 0, Growth: 0, Scale: 350 });
    expect(by('mrr_contraction')).toEqual({ total: 100, Starter: 0, Growth: 100, Scale: 0 });
    expect(by('mrr_churn')).toEqual({ total: 296, Starter: 147, Growth: 149, Scale: 0 });
    expect(by('churned_customers')).toEqual({ total: 4, Starter: 3, Growth: 1, Scale: 0 });
    expect(by('mrr_moved_in')).toEqual({ total: 0, Starter: 49, Growth: 0, Scale: 149 });
    expect(by('mrr_moved_out')).toEqual({ total: 0, Starter: 0, Growth: 198, Scale: 0 });
    expect(by('moved_in_customers')).toEqual({ total: 0, Starter: 1, Growth: 0, Scale: 1 });
    expect(by('moved_out_customers')).toEqual({ total: 0, Starter: 0, Growth: 2, Scale: 0 });
    // Starter 98 + 49 − 147 = 0; Growth 149 − 100 − 149 − 198 = −298; Scale 350 + 149 = 499.
    expect(by('net_new_mrr')).toEqual({ total: 201, Starter: 0, Growth: -298, Scale: 499 });
    // The rows behind the moves: the customer's rows in that plan overlapping December.
    const custs = async (metric: string, segment: string) => {
      const page = await engine.drillDown({ metric, period: '2024-12', segment, options: { segment: 'plan' } }, { offset: 0, limit: 100 });
      const c = page.columns.indexOf('customer_id');
      return [...new Set(page.rows.map((row) => row[c]))].sort();
    };
    expect(await custs('mrr_moved_in', 'Scale')).toEqual(['C0047']);
    expect(await custs('mrr_moved_in', 'Starter')).toEqual(['C0202']);
    expect(await custs('moved_out_customers', 'Growth')).toEqual(['C0047', 'C0202']);
    expect(await custs('mrr_expansion', 'Scale')).toEqual(['C0047']);
    expect(await custs('mrr_contraction', 'Growth')).toEqual(['C0202']);
    expect(await custs('new_customers', 'Starter')).toEqual(['C0126', 'C0210']);
    expect(await custs('churned_customers', 'Growth')).toEqual(['C0138']);
    // Every period and segment of the sample: both identities.
    const get = (id: string) => r.metrics.find((x) => x.id === id)!;
    checkIdentities(get);
  });
});

/** Both identities on engine results (every period, every segment, MRR and customer counts). */
function checkIdentities(get: (id: string) => MetricResult) {
  const mrr = get('mrr');
  const segs = mrr.segments.map((s) => s.segment);
  expect(segs.length).toBeGreaterThan(1);
  const val = (id: string, seg: string | null, i: number) => {
    const m = get(id);
    const pts = seg === null ? m.series : m.segments.find((s) => s.segment === seg)?.series ?? [];
    return pts[i]?.value ?? 0;
  };
  mrr.series.forEach((p, i) => {
    if (i === 0) return;
    for (const seg of [null, ...segs]) {
      const [n, re, ex, co, ch, mi, mo] = MRR_MOVES.map((id) => val(id, seg, i));
      expect(val('mrr', seg, i - 1) + n! + re! + ex! - co! - ch! + mi! - mo!, `${p.period} ${seg} MRR`).toBeCloseTo(val('mrr', seg, i), 6);
      const [cn, cr, cc, ci, cout] = COUNT_MOVES.map((id) => val(id, seg, i));
      expect(val('active_customers', seg, i - 1) + cn! + cr! - cc! + ci! - cout!, `${p.period} ${seg} customers`).toBe(val('active_customers', seg, i));
    }
    for (const id of ['mrr', 'active_customers', ...MRR_MOVES, ...COUNT_MOVES, 'net_new_mrr']) {
      const sum = segs.reduce((a, seg) => a + val(id, seg, i), 0);
      const total = id === 'mrr_moved_in' || id === 'mrr_moved_out' ? segs.reduce((a, seg) => a + val(id === 'mrr_moved_in' ? 'mrr_moved_out' : 'mrr_moved_in', seg, i), 0)
        : id === 'moved_in_customers' || id === 'moved_out_customers' ? segs.reduce((a, seg) => a + val(id === 'moved_in_customers' ? 'moved_out_customers' : 'moved_in_customers', seg, i), 0)
          : val(id, null, i);
      expect(sum, `${p.period} Σ ${id}`).toBeCloseTo(total, 6);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Generated histories: customers with chains of subscriptions, each on one plan; a link either
// follows the previous one on its end day (a plan or price change) or after a gap (churn, then
// reactivation). So a customer is on one plan at a time.

const BASE = dayFromIso('2023-01-01')!;
const AS_OF = BASE + 700;
const PLANS = ['Basic', 'Pro', 'Team'] as const;

const linkArb = fc.record({
  plan: fc.constantFrom(...PLANS),
  mrr: fc.constantFrom(29, 49, 99, 149.5, 499),
  length: fc.integer({ min: 1, max: 400 }),
  gap: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 120 })),
});
const customerArb = fc.record({ start: fc.integer({ min: -200, max: 650 }), links: fc.array(linkArb, { minLength: 1, maxLength: 4 }), open: fc.boolean() });

function toSubs(customers: Array<{ start: number; links: Array<{ plan: string; mrr: number; length: number; gap: number }>; open: boolean }>): Sub[] {
  const subs: Sub[] = [];
  customers.forEach((c, ci) => {
    let day = BASE + c.start;
    c.links.forEach((l, li) => {
      day += li === 0 ? 0 : l.gap;
      const last = li === c.links.length - 1;
      const end = last && c.open ? null : day + l.length;
      subs.push({ customer_id: `c${ci}`, mrr: l.mrr, start_date: day, end_date: end, _seg: l.plan });
      if (end !== null) day = end;
    });
  });
  return subs;
}

interface RefMoves { newN: number; newV: number; reactN: number; reactV: number; expN: number; expV: number;
  contrN: number; contrV: number; churnN: number; churnV: number; inN: number; inV: number; outN: number; outV: number;
  mrr: number; active: number }

/**
 * The rule for one-plan-at-a-time customers, per period and plan, from the rows directly: the
 * customer's (plan, MRR) on the day before the period and on its last day (or the as-of date);
 * a plan change moves min(before, after) and the rest is expansion in the new plan or contraction
 * in the old one.
 */
function referenceBySegment(subs: Sub[], periods: readonly Period[], asOf: number): Map<string | null, RefMoves[]> {
  const byCust = new Map<string, Sub[]>();
  for (const s of subs) byCust.set(s.customer_id, [...(byCust.get(s.customer_id) ?? []), s]);
  const out = new Map<string | null, RefMoves[]>();
  const zero = (): RefMoves => ({ newN: 0, newV: 0, reactN: 0, reactV: 0, expN: 0, expV: 0, contrN: 0, contrV: 0, churnN: 0, churnV: 0, inN: 0, inV: 0, outN: 0, outV: 0, mrr: 0, active: 0 });
  const row = (seg: string | null, i: number) => {
    if (!out.has(seg)) out.set(seg, periods.map(zero));
    return out.get(seg)![i]!;
  };
  const at = (rows: Sub[], t: number): { plan: string | null; mrr: number } => {
    const on = rows.filter((s) => s.start_date <= t && (s.end_date == null || s.end_date > t));
    return on.length === 0 ? { plan: null, mrr: 0 } : { plan: on[0]!._seg!, mrr: on[0]!.mrr };
  };
  for (const rows of byCust.values()) {
    const firstDay = Math.min(...rows.map((s) => s.start_date));
    periods.forEach((p, i) => {
      const a = at(rows, p.start - 1), b = at(rows, Math.min(p.end - 1, asOf));
      if (b.plan !== null) { row(b.plan, i).mrr += b.mrr; row(b.plan, i).active++; row(null, i).mrr += b.mrr; row(null, i).active++; }
      const apply = (seg: string | null, m: Partial<RefMoves>) => {
        const r = row(seg, i);
        for (const [k, v] of Object.entries(m) as Array<[keyof RefMoves, number]>) r[k] += v;
      };
      if (a.mrr === 0 && b.mrr > 0) {
        const m = firstDay >= p.start ? { newN: 1, newV: b.mrr } : { reactN: 1, reactV: b.mrr };
        apply(b.plan, m); apply(null, m);
      } else if (a.mrr > 0 && b.mrr === 0) {
        apply(a.plan, { churnN: 1, churnV: a.mrr }); apply(null, { churnN: 1, churnV: a.mrr });
      } else if (a.mrr > 0 && b.mrr > 0) {
        const change = b.mrr > a.mrr ? { expN: 1, expV: b.mrr - a.mrr } : b.mrr < a.mrr ? { contrN: 1, contrV: a.mrr - b.mrr } : {};
        apply(null, change);
        if (a.plan === b.plan) apply(a.plan, change);
        else {
          const moved = Math.min(a.mrr, b.mrr);
          apply(a.plan, { outN: 1, outV: moved, ...(b.mrr < a.mrr ? change : {}) });
          apply(b.plan, { inN: 1, inV: moved, ...(b.mrr > a.mrr ? change : {}) });
        }
      }
    });
  }
  return out;
}

describe('segment views reconcile: generated histories with plan changes', () => {
  it('fold, shown SQL and the reference agree per plan; both identities hold (seeded, 2 500 customers a run)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(customerArb, { minLength: 2500, maxLength: 2500 }), async (customers) => {
      const subs = toSubs(customers);
      const { db, ctx, withCtx } = await setup({ subscriptions: subs }, {
        fromDay: BASE, asOfDay: AS_OF, period: 'month', mapped: { subscriptions: ['customer_id', 'mrr', 'start_date', 'end_date'] },
      });
      const periods = ctx.periods;
      const ref = referenceBySegment(subs, periods, ctx.asOfDay);
      const ids: Record<string, keyof RefMoves> = {
        mrr: 'mrr', active_customers: 'active', new_customers: 'newN', mrr_new: 'newV', reactivated_customers: 'reactN', mrr_reactivation: 'reactV',
        mrr_expansion: 'expV', mrr_contraction: 'contrV', churned_customers: 'churnN', mrr_churn: 'churnV',
        moved_in_customers: 'inN', mrr_moved_in: 'inV', moved_out_customers: 'outN', mrr_moved_out: 'outV',
      };
      const results = new Map<string | null, ReturnType<typeof revenueFamily.compute>>();
      for (const seg of [null, ...PLANS]) {
        const out = revenueFamily.compute(withCtx({ segmentValue: seg }));
        results.set(seg, out);
        const r = ref.get(seg)!;
        for (const [id, k] of Object.entries(ids)) {
          valuesOf(out.get(id)).forEach((v, i) => expect(v, `${seg} ${id}[${i}]`).toBeCloseTo(r[i]![k], 6));
        }
        // Identity per segment, on the engine's own waterfall table.
        for (const row of out.get('net_new_mrr')!.table!.rows as Array<[string, ...number[]]>) {
          const [, start, nw, re, ex, co, ch, mi, mo, net, end] = row;
          expect(start + nw + re + ex + co + ch + mi + mo).toBeCloseTo(end, 6);
          expect(end - start).toBeCloseTo(net, 6);
        }
      }
      // Sums over plans equal the total; moves net to zero.
      for (const id of Object.keys(ids)) {
        const t = valuesOf(results.get(null)!.get(id));
        t.forEach((v, i) => {
          const sum = PLANS.reduce((a, s) => a + (valuesOf(results.get(s)!.get(id))[i] ?? 0), 0);
          if (id === 'mrr_moved_in' || id === 'moved_in_customers') {
            const other = id === 'mrr_moved_in' ? 'mrr_moved_out' : 'moved_out_customers';
            expect(sum).toBeCloseTo(PLANS.reduce((a, s) => a + (valuesOf(results.get(s)!.get(other))[i] ?? 0), 0), 6);
          } else if (id !== 'mrr_moved_out' && id !== 'moved_out_customers') {
            expect(sum, `Σ ${id}[${i}]`).toBeCloseTo(v ?? 0, 6);
          }
        });
      }
      // There were plan changes to reconcile.
      expect(PLANS.reduce((a, s) => a + valuesOf(results.get(s)!.get('moved_in_customers')).reduce<number>((x, y) => x + (y ?? 0), 0), 0)).toBeGreaterThan(100);
      // The SQL shown to users gives the same aggregates as the fold, per plan.
      const asOfEnd = ctx.asOfDay + 1;
      const viaSql = runRevenueSql(db, 'subscriptions', periods, true, asOfEnd, sqlite.least);
      const viaFold = foldRevenueBase(db, 'subscriptions', periods, true, asOfEnd, sqlite.least);
      for (const [seg, a] of viaSql.bySegment) {
        const b = viaFold.bySegment.get(seg)!;
        for (const k of ['newN', 'newV', 'reactN', 'reactV', 'expN', 'expV', 'contrN', 'contrV', 'churnN', 'churnV', 'inN', 'inV', 'outN', 'outV', 'firstN', 'startMrr', 'endMrr', 'startActive', 'endActive'] as const) {
          b[k].forEach((v, i) => expect(v, `${seg} ${k}[${i}]`).toBeCloseTo(a[k][i]!, 6));
        }
      }
      db.close();
    }), { seed: 20240901, numRuns: 3, endOnFailure: true });
  }, 120_000);
});
