// A segment change regroups the total's revenue change points by each row's segment
// (segmentTimeline, money-revenue-timeline.ts) instead of scanning every row again with _seg. The
// regrouped timeline must be the scanned one: the same groups, segments, events and order (segment
// ids aside), hence bit-identical aggregates. Checked on generated histories with what makes it
// hard: a customer in several segments, rows without a segment, events on the same day, rows the
// scan skips (zero MRR, an end before the start) and rowids with gaps (deleted rows).
import { describe, expect, it } from 'vitest';
import { readRevenueTimeline, segmentTimeline, bucketRevenueTimeline, type RevenueTimeline } from '../../src/engine/metrics/families/money-revenue-timeline';
import { readSegmentCodes } from '../../src/engine/metrics/families/segment-codes';
import { foldRevenueBase, revenueBase } from '../../src/engine/metrics/families/money-revenue-fold';
import { sqlite } from '../../src/engine/metrics/dialect';
import { dayFromIso } from '../../src/shared/calendar/periods';
import { seededRandom } from '../../bench/seeded-random';
import { setup, type Sub } from './money-reference';

const D = (iso: string) => dayFromIso(iso)!;

function history(seed: number, customers: number): Sub[] {
  const rnd = seededRandom(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const subs: Sub[] = [];
  for (let c = 0; c < customers; c++) {
    const rows = 1 + Math.floor(rnd() * 4);
    let day = D('2023-06-01') + Math.floor(rnd() * 500);
    for (let r = 0; r < rows; r++) {
      const start = rnd() < 0.3 ? day : day + Math.floor(rnd() * 90);
      const end = rnd() < 0.5 ? null : rnd() < 0.1 ? start - 3 : start + Math.floor(rnd() * 200);
      subs.push({
        customer_id: `c${c}`, mrr: pick([0, 19.99, 49, 149.5, -10, 0.3]), start_date: start, end_date: end,
        term_months: pick([1, 12, null]), _seg: pick(['basic', 'pro', 'team', null, 'Pro ']),
      });
      day = start;
    }
  }
  return subs;
}

/** The timeline with each group's segment by value instead of id. */
const byValue = (tl: RevenueTimeline) => ({
  custGroups: [...tl.custGroups], groupSeg: [...tl.groupSeg].map((s) => tl.segValues[s]), groupEvents: [...tl.groupEvents],
  evDay: [...tl.evDay], evV: [...tl.evV], evContracted: [...tl.evContracted],
});

describe('revenue: the segments\' change points regrouped from the total\'s', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`equal a scan with _seg (history ${seed})`, async () => {
      const { db, withCtx } = await setup({ subscriptions: history(seed, 300) }, { fromDay: D('2023-06-01'), asOfDay: D('2024-12-20') });
      // Gaps in the rowids, as after a deletion.
      db.run('DELETE FROM n_subscriptions WHERE rowid % 7 = 3');
      const scanned = readRevenueTimeline(db, 'subscriptions', true);
      const regrouped = segmentTimeline(readRevenueTimeline(db, 'subscriptions', false), readSegmentCodes(db, 'n_subscriptions'));
      expect(byValue(regrouped)).toStrictEqual(byValue(scanned));
      expect(regrouped.evDay.constructor).toBe(scanned.evDay.constructor);
      for (const c of [{}, { period: 'quarter' as const }, { calendar: 'persian' as const }, { asOfDay: D('2024-05-09') }]) {
        const ctx = withCtx(c);
        const asOfEnd = Math.min(ctx.asOfDay + 1, ctx.periods[ctx.periods.length - 1]!.end);
        expect(bucketRevenueTimeline(regrouped, ctx.periods, asOfEnd)).toStrictEqual(bucketRevenueTimeline(scanned, ctx.periods, asOfEnd));
        // Through the cached entry point too (a context with a memo, as the engine gives).
        const memo = new Map<string, unknown>();
        for (const seg of ['pro', 'team', null]) {
          const withMemo = { ...withCtx({ ...c, segmentValue: seg ?? 'basic' }), memo };
          const direct = foldRevenueBase(db, 'subscriptions', withMemo.periods, true, asOfEnd, sqlite.least);
          expect(revenueBase(withMemo)!.bySegment).toStrictEqual(direct.bySegment);
        }
      }
    });
  }
});
