import { describe, expect, it } from 'vitest';
import { runHealth } from '../../src/engine/metrics/families/health';
import { buildDb, contextOn, day, type Fixture, type Rows } from './metrics-service-fixtures';

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
});
