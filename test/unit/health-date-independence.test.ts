import { describe, expect, it } from 'vitest';
import { runHealth } from '../../src/engine/metrics/families/health';
import { buildDb, contextOn, day, type Fixture, type Rows } from './metrics-service-fixtures';
import { queryAll } from '../../src/engine/store/database';
import type { MetricContext } from '../../src/engine/metrics/types';

// A customer's health at a reference date must not depend on the other dates scored with it
// (float MRR sums added up afresh per date): the precondition for caching scores per date.
function history(seed: number): Rows {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows: Rows = [];
  for (let c = 0; c < 150; c++) {
    let d = day('2022-01-01') + Math.floor(rnd() * 600);
    const n = 1 + Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) {
      const len = 20 + Math.floor(rnd() * 300);
      const mrr = Math.round((10 + rnd() * 990) * 1000) / 1000 + rnd() / 7; // plan changes, odd cents
      const open = i === n - 1 && rnd() < 0.5;
      rows.push({ customer_id: `c${c}`, mrr, start_date: d, ...(open ? {} : { end_date: d + len }) });
      // overlaps (upgrades), gaps (churn, then reactivation)
      d += rnd() < 0.3 ? Math.floor(len / 2) : len + (rnd() < 0.4 ? Math.floor(rnd() * 200) : 0);
    }
  }
  return rows;
}

describe('health scores per reference date', () => {
  it('a list of dates scores each date as it alone or another list containing it does (exactly)', async () => {
    for (const seed of [1, 7, 42]) {
      const tables: Fixture['tables'] = { subscriptions: history(seed) };
      const db = await buildDb(tables);
      const ctx = contextOn(db, { tables, from: '2022-01-01', asOf: '2024-12-31' });
      const ts = Array.from({ length: 36 }, (_, i) => day('2022-02-01') + Math.round(i * 30.4 * 1.0) + (i % 3));
      const all = runHealth(ctx, ts.map((t, idx) => ({ idx, t })), new Set(ts.map((_, i) => i)));
      const sub = [3, 10, 11, 20, 35];
      const some = runHealth(ctx, sub.map((i) => ({ idx: i, t: ts[i]! })), new Set(sub));
      for (const i of sub) {
        const alone = runHealth(ctx, [{ idx: i, t: ts[i]! }], new Set([i]));
        expect(alone.means.get(i)).toBe(all.means.get(i));
        expect(some.means.get(i)).toBe(all.means.get(i));
        expect(alone.customers.get(i)).toStrictEqual(all.customers.get(i));
        expect(some.customers.get(i)).toStrictEqual(all.customers.get(i));
        expect(all.customers.get(i)!.length).toBeGreaterThan(0);
      }
    }
  });

  it('with ctx.memo, scores only the dates not seen before and answers as a run without it', async () => {
    const tables: Fixture['tables'] = { subscriptions: history(5) };
    const db = await buildDb(tables);
    const plain = contextOn(db, { tables, from: '2022-01-01', asOf: '2024-12-31' });
    const ctx: MetricContext = { ...plain, memo: new Map() };
    const ts = Array.from({ length: 36 }, (_, i) => day('2022-02-01') + 30 * i + (i % 4));
    // The dates a run scored are those it wrote to tmp_health_refs (none: the table is not made).
    const scoredDates = () => (queryAll(db, "SELECT name FROM sqlite_temp_master WHERE name = 'tmp_health_refs'").length
      ? Number(queryAll(db, 'SELECT COUNT(*) AS n FROM tmp_health_refs')[0]!.n) : 0);
    const check = (c: MetricContext, refs: Array<{ idx: number; t: number }>, keep: Set<number>, scored: number) => {
      db.run('DROP TABLE IF EXISTS tmp_health_refs');
      const got = runHealth(c, refs, keep);
      expect(scoredDates(), JSON.stringify(refs)).toBe(scored);
      const want = runHealth({ ...c, memo: undefined }, refs, keep);
      expect(got.means).toStrictEqual(want.means);
      expect(got.customers).toStrictEqual(want.customers);
      expect(got.notes).toStrictEqual(want.notes);
      expect(got.sql).toBe(want.sql);
      return got;
    };
    const first = check(ctx, ts.map((t, idx) => ({ idx, t })), new Set([35]), 36);
    expect(first.customers.get(35)!.length).toBeGreaterThan(0);
    // Other indexes for known dates (a quarter's ends are month ends), two new dates.
    const second = [2, 5, 8, 11].map((i, idx) => ({ idx, t: ts[i]! })).concat([{ idx: 4, t: ts[11]! + 10 }, { idx: 5, t: ts[35]! + 3 }]);
    check(ctx, second, new Set([3]), 3); // the two new dates, and ts[11] again for its customer rows
    check(ctx, second, new Set([3, 5]), 1); // all seen; the last one again for its customer rows
    check(ctx, ts.slice(10, 20).map((t, i) => ({ idx: 100 + i, t })), new Set(), 0); // nothing new
    // More dates with rows than are kept (2): all answered, then the oldest rows scored again.
    const six = new Set([20, 21, 22, 23, 24, 25]);
    check(ctx, ts.map((t, idx) => ({ idx, t })), six, 6);
    check(ctx, ts.map((t, idx) => ({ idx, t })), new Set([20]), 1);
    check(ctx, ts.map((t, idx) => ({ idx, t })), new Set([25]), 0);
    // Other weights: every date is scored again.
    const weighted: MetricContext = { ...ctx, params: { ...ctx.params, 'health.weights': { tenure: 0, revenue_trend: 40 } } };
    check(weighted, ts.slice(0, 12).map((t, idx) => ({ idx, t })), new Set([11]), 12);
    check(ctx, ts.map((t, idx) => ({ idx, t })), new Set([25]), 0); // the first weights' scores are still cached
  });
});
