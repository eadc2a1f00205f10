import { describe, expect, it } from 'vitest';
import { annualizeChurn, monthlyChurn, revenueFamily } from '../../src/engine/metrics/families/revenue';
import { dayFromIso, dayFromCalendarYmd } from '../../src/shared/calendar/periods';
import { queryAll } from '../../src/engine/store/database';
import { runRevenueSql } from './revenue-sql-runner';
import { foldRevenueBase } from '../../src/engine/metrics/families/money-revenue-fold';
import { sqlite } from '../../src/engine/metrics/dialect';
import type { MetricContext } from '../../src/engine/metrics/types';
import { referenceMovements, setup, valuesOf, type Sub } from './money-reference';

const D = (iso: string) => dayFromIso(iso)!;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('revenue family: movements against a day-by-day reference', () => {
  // A small history with every movement kind: new, expansion (overlapping subscription),
  // contraction (plan swap), churn, reactivation, join-and-leave inside a month, a zero-length
  // row, a negative discount line, and history before the first period.
  const subs: Sub[] = [
    { customer_id: 'a', mrr: 100, start_date: D('2023-12-10') },
    { customer_id: 'a', mrr: 50, start_date: D('2024-02-15'), end_date: D('2024-04-01') },
    { customer_id: 'b', mrr: 200, start_date: D('2024-01-05'), end_date: D('2024-03-10') },
    { customer_id: 'b', mrr: 120, start_date: D('2024-03-10') },
    { customer_id: 'c', mrr: 80, start_date: D('2024-01-20'), end_date: D('2024-02-29') },
    { customer_id: 'c', mrr: 90, start_date: D('2024-04-03') },
    { customer_id: 'd', mrr: 60, start_date: D('2024-02-03'), end_date: D('2024-02-20') },
    { customer_id: 'e', mrr: 40, start_date: D('2024-03-01'), end_date: D('2024-03-01') },
    { customer_id: 'f', mrr: 300, start_date: D('2024-01-01'), end_date: D('2024-03-31') },
    { customer_id: 'f', mrr: -30, start_date: D('2024-01-01'), end_date: D('2024-02-01') },
    { customer_id: 'g', mrr: 10.1, start_date: D('2024-01-31'), end_date: D('2024-02-01') },
    { customer_id: 'g', mrr: 20.2, start_date: D('2024-02-01') },
  ];

  it('matches the reference in every month, and the identity holds', async () => {
    const { ctx } = await setup({ subscriptions: subs }, { fromDay: D('2024-01-01'), asOfDay: D('2024-04-15') });
    expect(ctx.periods.map((p) => p.key)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    const out = revenueFamily.compute(ctx);
    const ref = referenceMovements(subs, ctx.periods, ctx.asOfDay);
    const close = (id: string, exp: number[]) => {
      const got = valuesOf(out.get(id));
      expect(got.length).toBe(exp.length);
      got.forEach((v, i) => expect(v, `${id}[${i}]`).toBeCloseTo(exp[i]!, 6));
    };
    close('mrr', ref.map((r) => r.endMrr));
    close('active_customers', ref.map((r) => r.endActive));
    close('new_customers', ref.map((r) => r.newN));
    close('reactivated_customers', ref.map((r) => r.reactN));
    close('churned_customers', ref.map((r) => r.churnN));
    close('mrr_new', ref.map((r) => r.newV));
    close('mrr_expansion', ref.map((r) => r.expV));
    close('mrr_contraction', ref.map((r) => r.contrV));
    close('mrr_churn', ref.map((r) => r.churnV));
    close('mrr_reactivation', ref.map((r) => r.reactV));
    close('net_new_mrr', ref.map((r) => r.endMrr - r.startMrr));
    // Hand check of a few: January: a (100, from Dec), b 200, c 80, f 270, g 10.1 → end 660.1 (g on 31 Jan).
    expect(valuesOf(out.get('mrr'))[0]).toBeCloseTo(100 + 200 + 80 + 270 + 10.1, 6);
    // February end (29th): a 150, b 200, c 0 (ended 29 Feb, exclusive), d gone, f 300, g 20.2.
    expect(valuesOf(out.get('mrr'))[1]).toBeCloseTo(150 + 200 + 300 + 20.2, 6);
    // March: b contracts 200 → 120, f ends on 31 Mar (exclusive → churned at the 31st).
    expect(valuesOf(out.get('mrr_contraction'))[2]).toBeCloseTo(80, 6);
    expect(valuesOf(out.get('churned_customers'))[2]).toBe(1);
    // April: c comes back → reactivation 90; a's add-on ended 1 Apr → contraction 50.
    expect(valuesOf(out.get('mrr_reactivation'))[3]).toBe(90);
    expect(valuesOf(out.get('reactivated_customers'))[3]).toBe(1);
    // Identity in every period.
    const wf = out.get('net_new_mrr')!.table!;
    for (const row of wf.rows) {
      const [, start, nw, re, ex, co, ch, movedIn, movedOut, net, end] = row as [string, ...number[]];
      expect(Math.abs(movedIn!) + Math.abs(movedOut!)).toBe(0);
      expect(start + nw + re + ex + co + ch).toBeCloseTo(end, 6);
      expect(end - start).toBeCloseTo(net, 6);
    }
    // Inclusive churn adds d (joined 3 Feb, left 20 Feb) in February.
    const refInclusive = ref.map((r) => (r.startActive ? (r.churnN + r.joinedLeft) / r.startActive : null));
    const { ctx: incl } = await setup({ subscriptions: subs }, {
      fromDay: D('2024-01-01'), asOfDay: D('2024-04-15'), params: { 'churn.variant': 'inclusive' },
    });
    const inclOut = valuesOf(revenueFamily.compute(incl).get('customer_churn_rate'));
    inclOut.forEach((v, i) => (refInclusive[i] == null ? expect(v).toBeNull() : expect(v).toBeCloseTo(refInclusive[i]!, 9)));
    expect(ref[1]!.joinedLeft).toBe(1);
  });

  it('the set-based SQL definition and the fold give the same aggregates (total and per segment)', async () => {
    const segSubs = subs.map((x, i) => ({ ...x, _seg: i % 3 === 0 ? 'north' : 'south' }));
    const { ctx, db } = await setup({ subscriptions: segSubs }, { fromDay: D('2024-01-01'), asOfDay: D('2024-04-15') });
    for (const bySeg of [false, true]) {
      const asOfEnd = ctx.asOfDay + 1;
      const viaSql = runRevenueSql(db, 'subscriptions', ctx.periods, bySeg, asOfEnd, sqlite.least);
      const viaFold = foldRevenueBase(db, 'subscriptions', ctx.periods, bySeg, asOfEnd, sqlite.least);
      expect([...viaFold.bySegment.keys()].sort()).toEqual([...viaSql.bySegment.keys()].sort());
      for (const [seg, a] of viaSql.bySegment) {
        const b = viaFold.bySegment.get(seg)!;
        for (const k of Object.keys(a) as Array<keyof typeof a>) {
          if (k === 'cohortDeltas') {
            const flat = (m: typeof a.cohortDeltas) => [...m].flatMap(([c, row]) => [...row].filter(([, d]) => d[0] !== 0 || Math.abs(d[1]) > 1e-9).map(([i, d]) => `${c}:${i}:${d[0]}:${d[1].toFixed(6)}`)).sort();
            expect(flat(b.cohortDeltas), `${String(seg)} cohorts`).toEqual(flat(a.cohortDeltas));
          } else if (k === 'tenure') {
            expect(b.tenure.allCount).toBe(a.tenure.allCount);
            expect(b.tenure.churnedCount).toBe(a.tenure.churnedCount);
            expect(b.tenure.allMeanMonths).toBeCloseTo(a.tenure.allMeanMonths!, 9);
            expect(b.tenure.churnedMeanMonths ?? -1).toBeCloseTo(a.tenure.churnedMeanMonths ?? -1, 9);
            expect(b.tenure.endedN).toEqual(a.tenure.endedN);
            b.tenure.endedMeanMonths.forEach((v, i) => expect(v ?? -1).toBeCloseTo(a.tenure.endedMeanMonths[i] ?? -1, 9));
          } else {
            (b[k] as number[]).forEach((v, i) => expect(v, `${String(seg)} ${k}[${i}]`).toBeCloseTo((a[k] as number[])[i]!, 6));
          }
        }
      }
    }
  });

  it('snapshots: the set-based SQL and the fold agree', async () => {
    const snaps = [
      { customer_id: 'a', month: D('2023-12-01'), mrr: 100 }, { customer_id: 'a', month: D('2024-01-01'), mrr: 100 },
      { customer_id: 'a', month: D('2024-03-10'), mrr: 150 }, { customer_id: 'b', month: D('2024-02-01'), mrr: 50 },
      { customer_id: 'b', month: D('2024-02-01'), mrr: 25 }, { customer_id: 'c', month: D('2024-01-01'), mrr: 40 },
      { customer_id: 'c', month: D('2024-02-01'), mrr: 30 }, { customer_id: 'c', month: D('2024-04-01'), mrr: 30 },
    ];
    const { ctx, db } = await setup({ mrr_snapshots: snaps }, { fromDay: D('2024-01-01'), asOfDay: D('2024-04-20') });
    const viaSql = runRevenueSql(db, 'mrr_snapshots', ctx.periods, false, ctx.asOfDay + 1, sqlite.least).bySegment.get(null)!;
    const viaFold = foldRevenueBase(db, 'mrr_snapshots', ctx.periods, false, ctx.asOfDay + 1, sqlite.least).bySegment.get(null)!;
    for (const k of ['startMrr', 'endMrr', 'newV', 'reactV', 'expV', 'contrV', 'churnV', 'endActive', 'firstN'] as const) {
      expect(viaFold[k], k).toEqual(viaSql[k]);
    }
    // Duplicate snapshots of a customer-month are summed (b: 75 in February); a has none in February.
    expect(viaFold.endMrr).toEqual([140, 105, 150, 30]);
    expect(viaFold.tenure).toEqual(viaSql.tenure);
  });

  it('drill-down returns the rows of the customers behind a movement', async () => {
    const { ctx, db } = await setup({ subscriptions: subs }, { fromDay: D('2024-01-01'), asOfDay: D('2024-04-15') });
    const april = ctx.periods[3]!;
    const rows = queryAll(db, revenueFamily.drill(ctx, 'reactivated_customers', april)!.sql);
    expect(rows.map((r) => r._row)).toEqual([6]); // c's second subscription (c's first one ended in February)
    const march = ctx.periods[2]!;
    const churned = queryAll(db, revenueFamily.drill(ctx, 'churned_customers', march)!.sql).map((r) => r._row);
    expect(churned).toEqual([9]); // f's main row (the discount ended in January)
    const active = queryAll(db, revenueFamily.drill(ctx, 'mrr', april)!.sql).map((r) => r._row);
    expect(active).toEqual([1, 4, 6, 12]);
  });
});

describe('revenue family: worked examples of METRICS.md §5', () => {
  it('customer churn: 1000 at the start of Mehr, 64 lost → 0.064 (Persian calendar)', async () => {
    const mehr1 = dayFromCalendarYmd(1403, 7, 1, 'persian');
    const aban1 = dayFromCalendarYmd(1403, 8, 1, 'persian');
    const subs: Sub[] = range(1000).map((i) => ({
      customer_id: `c${i}`, mrr: 10, start_date: mehr1 - 40, end_date: i < 64 ? mehr1 + 1 + (i % 28) : null,
    }));
    const { ctx } = await setup({ subscriptions: subs }, { fromDay: mehr1 - 40, asOfDay: aban1 - 1, calendar: 'persian' });
    expect(ctx.current.key).toBe('1403-07');
    expect(ctx.current.start).toBe(mehr1);
    expect(ctx.current.end).toBe(aban1);
    const out = revenueFamily.compute(ctx);
    expect(out.get('customer_churn_rate')!.series.at(-1)!.value).toBeCloseTo(0.064, 12);
    expect(out.get('customer_retention_rate')!.series.at(-1)!.value).toBeCloseTo(0.936, 12);
  });

  it('customer churn: 1000 at 1 Jan, 300 lost by 31 Dec, one-year period → 0.30', async () => {
    const subs: Sub[] = range(1000).map((i) => ({
      customer_id: `c${i}`, mrr: 20, start_date: D('2023-06-01'), end_date: i < 300 ? D('2024-01-01') + i : null,
    }));
    const { ctx } = await setup({ subscriptions: subs }, { fromDay: D('2023-06-01'), asOfDay: D('2024-12-31'), period: 'year' });
    const out = revenueFamily.compute(ctx);
    expect(ctx.current.key).toBe('2024');
    expect(out.get('customer_churn_rate')!.series.at(-1)!.value).toBeCloseTo(0.3, 12);
    // A year's rate is already annual, in both annualization modes.
    expect(out.get('customer_churn_rate_annualized')!.series.at(-1)!.value).toBeCloseTo(0.3, 12);
  });

  it('mrr: 1000 active customers × 750 per month → 750 000', async () => {
    const subs: Sub[] = range(1000).map((i) => ({
      customer_id: `c${i}`, mrr: i % 2 === 0 ? 500 : 1000, start_date: D('2024-05-01') + (i % 20),
    }));
    const { ctx } = await setup({ subscriptions: subs }, { fromDay: D('2024-05-01'), asOfDay: D('2024-06-10') });
    const out = revenueFamily.compute(ctx);
    expect(out.get('mrr')!.series.at(-1)!.value).toBe(750_000);
    expect(out.get('arpa')!.series.at(-1)!.value).toBe(750);
    expect(out.get('active_customers')!.series.at(-1)!.value).toBe(1000);
    expect(out.get('arr')!.series.at(-1)!.value).toBe(9_000_000);
  });

  it('annualized linear: monthly 0.4167 % → 5 % per year', async () => {
    // 2400 customers at the start of the month, 10 lost: 10 / 2400 = 0.41667 %.
    const subs: Sub[] = range(2400).map((i) => ({
      customer_id: `c${i}`, mrr: 5, start_date: D('2024-01-01'), end_date: i < 10 ? D('2024-03-05') : null,
    }));
    const { ctx } = await setup({ subscriptions: subs }, {
      fromDay: D('2024-01-01'), asOfDay: D('2024-03-20'), params: { 'churn.annualize': 'linear' },
    });
    const out = revenueFamily.compute(ctx);
    expect(out.get('customer_churn_rate')!.series.at(-1)!.value).toBeCloseTo(0.0041667, 6);
    expect(out.get('customer_churn_rate_annualized')!.series.at(-1)!.value).toBeCloseTo(0.05, 12);
    const { ctx: compound } = await setup({ subscriptions: subs }, { fromDay: D('2024-01-01'), asOfDay: D('2024-03-20') });
    const m = 10 / 2400;
    expect(revenueFamily.compute(compound).get('customer_churn_rate_annualized')!.series.at(-1)!.value)
      .toBeCloseTo(1 - Math.pow(1 - m, 12), 12);
  });

  it('nrr: start 100 000, expansion 10 000, contraction 3 000, churn 5 000 → 1.02', async () => {
    const start = D('2024-01-01'), mid = D('2024-02-14');
    const subs: Sub[] = [
      { customer_id: 'grow', mrr: 20_000, start_date: start },
      { customer_id: 'grow', mrr: 10_000, start_date: mid },
      { customer_id: 'shrink', mrr: 13_000, start_date: start, end_date: mid },
      { customer_id: 'shrink', mrr: 10_000, start_date: mid },
      { customer_id: 'leave', mrr: 5_000, start_date: start, end_date: mid },
      ...range(62).map((i) => ({ customer_id: `steady${i}`, mrr: 1_000, start_date: start })),
    ];
    const { ctx } = await setup({ subscriptions: subs }, { fromDay: start, asOfDay: D('2024-02-20') });
    const out = revenueFamily.compute(ctx);
    const last = (id: string) => out.get(id)!.series.at(-1)!.value;
    expect(last('nrr')).toBeCloseTo(1.02, 12);
    expect(last('grr')).toBeCloseTo(0.92, 12);
    expect(last('net_revenue_churn')).toBeCloseTo(-0.02, 12);
    expect(last('gross_revenue_churn')).toBeCloseTo(0.08, 12);
    expect(last('expansion_rate')).toBeCloseTo(0.1, 12);
    expect(last('quick_ratio')).toBeCloseTo(10_000 / 8_000, 12);
    expect(last('mrr')).toBe(102_000);
  });

  it('inclusive churn: start 1000, 64 lost, 25 joined of whom 10 left → 0.074 (cohort 0.064)', async () => {
    const m = D('2024-03-01');
    const subs: Sub[] = [
      ...range(1000).map((i) => ({ customer_id: `old${i}`, mrr: 9, start_date: D('2024-01-15'), end_date: i < 64 ? m + 3 + (i % 20) : null })),
      ...range(25).map((i) => ({ customer_id: `new${i}`, mrr: 9, start_date: m + 2, end_date: i < 10 ? m + 20 : null })),
    ];
    const base = { fromDay: D('2024-01-15'), asOfDay: D('2024-03-25') };
    const { ctx: cohort, withCtx } = await setup({ subscriptions: subs }, base);
    expect(revenueFamily.compute(cohort).get('customer_churn_rate')!.series.at(-1)!.value).toBeCloseTo(0.064, 12);
    const inclusive = withCtx({ params: { 'churn.variant': 'inclusive' } });
    const out = revenueFamily.compute(inclusive);
    expect(out.get('customer_churn_rate')!.series.at(-1)!.value).toBeCloseTo(0.074, 12);
    expect(out.get('new_customers')!.series.at(-1)!.value).toBe(15);
    expect(out.get('customer_churn_rate')!.stats).toMatchObject({ churned: 64, joined_and_left: 10, active_at_start: 1000 });
  });

  it('renewal rate: 75 due, 24 renewed → 0.32 (renewals table)', async () => {
    const renewals = range(75).map((i) => ({
      customer_id: `c${i}`, due_date: D('2024-06-01') + (i % 30), renewed: i < 24 ? 1 : 0,
    }));
    renewals.push({ customer_id: 'x', due_date: D('2024-05-20'), renewed: 1 }); // previous month
    const { ctx } = await setup({ renewals }, { fromDay: D('2024-05-01'), asOfDay: D('2024-06-30') });
    const out = revenueFamily.compute(ctx).get('renewal_rate')!;
    expect(valuesOf(out)).toEqual([1, 0.32]);
    expect(out.stats).toMatchObject({ due: 75, renewed: 24 });
  });

  it('trial conversion: 200 trials, 30 converted → 0.15 (trials table and subscriptions)', async () => {
    const trials = range(200).map((i) => ({
      customer_id: `t${i}`, trial_start: D('2024-04-02') + (i % 25), converted_at: i < 30 ? D('2024-05-10') : null,
    }));
    const { ctx } = await setup({ trials }, { fromDay: D('2024-04-01'), asOfDay: D('2024-05-20') });
    // April's cohort: 30 / 200 (converted in May, counted in the April cohort); May: no trials.
    expect(valuesOf(revenueFamily.compute(ctx).get('trial_conversion_rate'))).toEqual([0.15, null]);
    const subs: Sub[] = range(200).map((i) => ({
      customer_id: `t${i}`, mrr: 30, start_date: D('2024-04-02'), trial_start: D('2024-04-02'), trial_end: D('2024-04-16'),
      end_date: i < 30 ? null : D('2024-04-16'),
    }));
    const { ctx: c2 } = await setup({ subscriptions: subs }, { fromDay: D('2024-04-01'), asOfDay: D('2024-04-30') });
    expect(valuesOf(revenueFamily.compute(c2).get('trial_conversion_rate'))).toEqual([0.15]);
  });
});

describe('revenue family: cohorts, tenure, ARR variants, renewals from terms, snapshots', () => {
  const cohortSubs: Sub[] = [
    { customer_id: 'x', mrr: 100, start_date: D('2024-01-05') },
    { customer_id: 'y', mrr: 50, start_date: D('2024-01-20'), end_date: D('2024-03-10') },
    { customer_id: 'z', mrr: 30, start_date: D('2024-01-25'), end_date: D('2024-01-28') },
    { customer_id: 'w', mrr: 200, start_date: D('2024-02-02') },
    { customer_id: 'w', mrr: 100, start_date: D('2024-03-15') },
  ];
  const win = { fromDay: D('2024-01-01'), asOfDay: D('2024-04-30') };

  it('the current period is measured on the as-of date: later cancellations do not count yet', async () => {
    const subs: Sub[] = [
      { customer_id: 'a', mrr: 10, start_date: D('2024-05-01'), end_date: D('2024-06-20') },
      { customer_id: 'b', mrr: 20, start_date: D('2024-05-01'), end_date: D('2024-06-05') },
      { customer_id: 'c', mrr: 30, start_date: D('2024-06-25') },
    ];
    const { ctx, db } = await setup({ subscriptions: subs }, { fromDay: D('2024-05-01'), asOfDay: D('2024-06-10') });
    const out = revenueFamily.compute(ctx);
    expect(valuesOf(out.get('mrr'))).toEqual([30, 10]);
    expect(valuesOf(out.get('churned_customers'))).toEqual([0, 1]);
    expect(valuesOf(out.get('new_customers'))).toEqual([2, 0]);
    expect(queryAll(db, revenueFamily.drill(ctx, 'churned_customers', ctx.current)!.sql).map((r) => r._row)).toEqual([2]);
    expect(queryAll(db, revenueFamily.drill(ctx, 'mrr', ctx.current)!.sql).map((r) => r._row)).toEqual([1]);
  });

  it('cohort retention matrix, logo and revenue, by hand', async () => {
    const { ctx } = await setup({ subscriptions: cohortSubs }, win);
    const out = revenueFamily.compute(ctx).get('cohort_retention')!;
    expect(out.table!.columns).toEqual(['cohort', 'basis', 'size', 'k0', 'k1', 'k2', 'k3']);
    const rows = out.table!.rows;
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['2024-01', 'logo', 3], ['2024-01', 'revenue', 150], ['2024-02', 'logo', 1], ['2024-02', 'revenue', 200]]);
    const near = (got: unknown[], exp: Array<number | null>) => exp.forEach((e, i) => (e == null ? expect(got[i]).toBeNull() : expect(got[i]).toBeCloseTo(e, 12)));
    near(rows[0]!.slice(3), [2 / 3, 2 / 3, 1 / 3, 1 / 3]);
    near(rows[1]!.slice(3), [1, 1, 2 / 3, 2 / 3]);
    near(rows[2]!.slice(3), [1, 1, 1, null]);
    near(rows[3]!.slice(3), [1, 1.5, 1.5, null]);
    expect(out.value).toBeCloseTo(0.75, 12); // (2 + 1) retained one month later of (3 + 1)
    near(valuesOf(out), [2 / 3, 1, null, null]);
    // Quarterly analysis: the matrix stays monthly.
    const { ctx: q } = await setup({ subscriptions: cohortSubs }, { ...win, period: 'quarter' });
    const qOut = revenueFamily.compute(q).get('cohort_retention')!;
    expect(qOut.table!.rows).toEqual(rows);
  });

  it('tenure: mean months active of churned customers and of all, as of the as-of date', async () => {
    const { ctx } = await setup({ subscriptions: cohortSubs }, win);
    const out = revenueFamily.compute(ctx).get('tenure_months')!;
    const T = D('2024-05-01');
    const y = D('2024-03-10') - D('2024-01-20'), z = 3, x = T - D('2024-01-05'), w = T - D('2024-02-02');
    const M = 30.436875;
    expect(out.value).toBeCloseTo((y + z) / 2 / M, 12);
    expect(out.stats).toMatchObject({ churned_count: 2, all_count: 4 });
    expect(out.stats!.all_mean as number).toBeCloseTo((x + y + z + w) / 4 / M, 12);
    const s = valuesOf(out);
    expect(s[0]).toBeCloseTo(z / M, 12);
    expect(s[1]).toBeNull();
    expect(s[2]).toBeCloseTo(y / M, 12);
  });

  it('arr: run rate vs contracted (terms ≥ 12 months)', async () => {
    const subs: Sub[] = [
      { customer_id: 'a', mrr: 100, start_date: D('2024-01-01'), term_months: 12 },
      { customer_id: 'b', mrr: 50, start_date: D('2024-01-01'), term_months: 1 },
      { customer_id: 'c', mrr: 10, start_date: D('2024-01-01'), term_months: 24, end_date: D('2024-01-20') },
    ];
    const { withCtx } = await setup({ subscriptions: subs }, { fromDay: D('2024-01-01'), asOfDay: D('2024-01-31') });
    expect(valuesOf(revenueFamily.compute(withCtx({})).get('arr'))).toEqual([1800]);
    const contracted = revenueFamily.compute(withCtx({ params: { 'arr.variant': 'contracted' } })).get('arr')!;
    expect(valuesOf(contracted)).toEqual([1200]);
    expect(revenueFamily.metrics.find((m) => m.id === 'arr')!.variant!({ 'arr.variant': 'contracted' })).toBe('contracted');
  });

  it('renewal rate from subscription terms: due on start + k × term, renewed when still paying', async () => {
    const subs: Sub[] = [
      { customer_id: 'a', mrr: 10, start_date: D('2023-03-15'), term_months: 12 },
      { customer_id: 'b', mrr: 10, start_date: D('2023-03-20'), term_months: 12, end_date: D('2024-03-20') },
      { customer_id: 'c', mrr: 10, start_date: D('2023-01-31'), term_months: 1, end_date: D('2024-03-05') },
      { customer_id: 'd', mrr: 10, start_date: D('2023-03-10'), term_months: 12, end_date: D('2024-03-10') },
      { customer_id: 'd', mrr: 12, start_date: D('2024-03-10'), term_months: 12 },
    ];
    const { ctx, db } = await setup({ subscriptions: subs }, { fromDay: D('2024-02-01'), asOfDay: D('2024-03-31') });
    const out = revenueFamily.compute(ctx).get('renewal_rate')!;
    // February: c's term ending 29 Feb (31 Jan + 13 months, clamped) → renewed. March: a (15th) renewed,
    // b (20th) ended, c (31st) ended on the 5th, d (10th) renewed with a new row → 2 of 4.
    expect(valuesOf(out)).toEqual([1, 0.5]);
    expect(out.stats).toMatchObject({ due: 4, renewed: 2 });
    const rows = queryAll(db, revenueFamily.drill(ctx, 'renewal_rate', ctx.current)!.sql).map((r) => r._row);
    expect(rows).toEqual([1, 2, 3, 4]);
  });

  it('mrr_snapshots: a customer\'s MRR in a month is its snapshot (0 when absent)', async () => {
    const snaps = [
      { customer_id: 'a', month: D('2024-01-01'), mrr: 100 },
      { customer_id: 'a', month: D('2024-02-15'), mrr: 100 },
      { customer_id: 'a', month: D('2024-04-01'), mrr: 120 },
      { customer_id: 'b', month: D('2024-02-01'), mrr: 50 },
      { customer_id: 'b', month: D('2024-03-01'), mrr: 80 },
    ];
    const { ctx, db } = await setup({ mrr_snapshots: snaps }, { fromDay: D('2024-01-01'), asOfDay: D('2024-04-30') });
    const out = revenueFamily.compute(ctx);
    expect(valuesOf(out.get('mrr'))).toEqual([100, 150, 80, 120]);
    expect(valuesOf(out.get('mrr_new'))).toEqual([100, 50, 0, 0]);
    expect(valuesOf(out.get('mrr_churn'))).toEqual([0, 0, 100, 80]);
    expect(valuesOf(out.get('mrr_expansion'))).toEqual([0, 0, 30, 0]);
    expect(valuesOf(out.get('mrr_reactivation'))).toEqual([0, 0, 0, 120]);
    const reactivated = queryAll(db, revenueFamily.drill(ctx, 'reactivated_customers', ctx.current)!.sql).map((r) => r._row);
    expect(reactivated).toEqual([3]);
    const arr = revenueFamily.compute(buildContracted(ctx)).get('arr')!;
    expect(arr.status).toBe('not_applicable');
  });
});

function buildContracted(ctx: MetricContext): MetricContext {
  return { ...ctx, params: { ...ctx.params, 'arr.variant': 'contracted' } };
}

describe('revenue family: period conversions and drills', () => {
  it('annualizes weekly, quarterly and yearly rates by their length in months', () => {
    const weekMonths = 7 / 30.436875;
    expect(annualizeChurn(0.01, weekMonths, 'linear')).toBeCloseTo(0.01 * 12 / weekMonths, 12);
    expect(annualizeChurn(0.01, weekMonths, 'compound')).toBeCloseTo(1 - Math.pow(0.99, 12 / weekMonths), 12);
    expect(annualizeChurn(0.1, 3, 'compound')).toBeCloseTo(1 - Math.pow(0.9, 4), 12);
    expect(annualizeChurn(0.1, 3, 'linear')).toBeCloseTo(0.4, 12);
    expect(annualizeChurn(0.3, 12, 'compound')).toBe(0.3);
    expect(annualizeChurn(null, 1, 'compound')).toBeNull();
    expect(monthlyChurn(1 - Math.pow(0.95, 3), 3)).toBeCloseTo(0.05, 12);
  });

  it('drills: inclusive churn adds the customers who joined and left; cohorts list the cohort', async () => {
    const m = D('2024-03-01');
    const subs: Sub[] = [
      { customer_id: 'old', mrr: 9, start_date: D('2024-02-01'), end_date: m + 5 },
      { customer_id: 'stay', mrr: 9, start_date: D('2024-02-01') },
      { customer_id: 'brief', mrr: 9, start_date: m + 2, end_date: m + 9 },
      { customer_id: 'fresh', mrr: 9, start_date: m + 3 },
    ];
    const { db, withCtx } = await setup({ subscriptions: subs }, { fromDay: D('2024-02-01'), asOfDay: m + 20 });
    const cohortCtx = withCtx({});
    const rowsOf = (ctx: MetricContext, id: string) => queryAll(db, revenueFamily.drill(ctx, id, ctx.current)!.sql).map((r) => r._row);
    expect(rowsOf(cohortCtx, 'customer_churn_rate')).toEqual([1]);
    expect(rowsOf(withCtx({ params: { 'churn.variant': 'inclusive' } }), 'customer_churn_rate')).toEqual([1, 3]);
    expect(rowsOf(cohortCtx, 'cohort_retention')).toEqual([3, 4]);
    expect(rowsOf(cohortCtx, 'new_customers')).toEqual([4]);
    expect(rowsOf(cohortCtx, 'nrr')).toEqual([1, 2]);
  });
});
