import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { usageFamily } from '../../src/engine/metrics/families/usage';
import { queryAll } from '../../src/engine/store/database';
import { messageText } from '../../src/shared/i18n/messages';
import { buildDb, contextOn, day, ts, type Fixture, type Rows } from './metrics-service-fixtures';

const run = async (rows: Rows, extra: Partial<Fixture> = {}) => {
  const f: Fixture = { tables: { usage_events: rows }, from: '2024-06-01', asOf: '2024-06-30', ...extra };
  const db = await buildDb(f.tables);
  const ctx = contextOn(db, f);
  return { db, ctx, out: usageFamily.compute(ctx) };
};

/** Brute force reference: per day, distinct users with an event in the w days ending on it; mean over [from, to). */
function referenceActive(events: Array<{ user: string; day: number }>, w: number, from: number, to: number): number | null {
  if (to <= from) return null;
  let sum = 0;
  for (let d = from; d < to; d++) {
    sum += new Set(events.filter((e) => e.day <= d && e.day > d - w).map((e) => e.user)).size;
  }
  return sum / (to - from);
}

describe('usage: active users', () => {
  it('dau / wau / mau are means over the days of the period, from the first event to the as-of date', async () => {
    const ev = (user: string, iso: string) => ({ user_id: user, timestamp: ts(`${iso} 10:00`) });
    const rows = [ev('u1', '2024-06-01'), ev('u1', '2024-06-02'), ev('u1', '2024-06-03'), ev('u2', '2024-06-05'),
      ev('u3', '2024-06-01'), ev('u3', '2024-06-09'), ev('u3', '2024-06-09')];
    const { out } = await run(rows, { asOf: '2024-06-10' });
    // by hand: DAU per day 2,1,1,0,1,0,0,0,1,0 → 0.6
    expect(out.get('dau')!.value).toBeCloseTo(0.6, 12);
    // WAU per day: d1 2, d2 2, d3 2, d4 2, d5 3, d6 3, d7 3, d8 2 (u1 last on 3rd: 3..9), d9 3, d10 2
    expect(out.get('wau')!.value).toBeCloseTo(2.4, 12);
    expect(out.get('mau')!.value).toBeCloseTo((2 + 2 + 2 + 2 + 3 * 6) / 10, 12);
    expect(out.get('stickiness')!.value).toBeCloseTo(0.6 / 2.6, 12);
    expect(out.get('dau')!.stats).toMatchObject({ days_averaged: 10, on_as_of_date: 0 });
    expect(out.get('mau')!.stats).toMatchObject({ on_as_of_date: 3 });
  });

  it('property: matches a brute-force daily count for random events over weekly periods', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ user: fc.constantFrom('a', 'b', 'c', 'd'), d: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 25 }),
      async (items) => {
        const start = day('2024-05-01');
        const rows = items.map((x) => ({ user_id: x.user, timestamp: (start + x.d) * 86400 + 100 }));
        const { ctx, out } = await run(rows, { from: '2024-05-01', asOf: '2024-06-05', period: 'week' });
        const events = items.map((x) => ({ user: x.user, day: start + x.d }));
        const first = Math.min(...events.map((e) => e.day));
        for (const [id, w] of [['dau', 1], ['wau', 7], ['mau', 30]] as const) {
          const series = out.get(id)!.series;
          ctx.periods.forEach((p, i) => {
            const ref = referenceActive(events, w, Math.max(p.start, first), Math.min(p.end, ctx.asOfDay + 1));
            if (ref === null) expect(series[i]!.value).toBeNull();
            else expect(series[i]!.value).toBeCloseTo(ref, 9);
          });
        }
      }), { numRuns: 25 });
  });
});

describe('usage: accounts, usage rate, time, features', () => {
  const ev = (user: string, account: string | null, iso: string, feature: string | null = null) =>
    ({ user_id: user, account_id: account, timestamp: ts(`${iso} 09:00`), feature });
  const rows = [
    ev('a1', 'A', '2024-06-02', 'x'), ev('a2', 'A', '2024-06-04', 'y'), ev('a1', 'A', '2024-06-11'), ev('a1', 'A', '2024-06-18'), ev('a1', 'A', '2024-06-25'),
    ev('b1', 'B', '2024-06-01', 'x'), ev('b1', 'B', '2024-06-04'), ev('b1', 'B', '2024-06-11'), ev('b1', 'B', '2024-06-18'),
    ev('c1', null, '2024-06-30'),
  ];

  it('active_accounts counts accounts, a user without an account counts as one', async () => {
    const { out } = await run(rows);
    expect(out.get('active_accounts')!.value).toBe(3);
    expect(out.get('active_accounts')!.stats).toMatchObject({ users: 4 });
  });

  it('product_usage_rate: accounts active in every ISO week of June (5 clipped weeks) ÷ active accounts', async () => {
    const { out, ctx, db } = await run(rows);
    const r = out.get('product_usage_rate')!;
    expect(r.stats).toMatchObject({ intervals: 5, every_interval: 1, active: 3 });
    expect(r.value).toBeCloseTo(1 / 3, 12);
    const { out: monthly } = await run(rows, { params: { 'usage.ideal': 'monthly' } });
    expect(monthly.get('product_usage_rate')!.value).toBe(1);
    const { out: daily } = await run([ev('a', 'A', '2024-06-01'), ev('a', 'A', '2024-06-02'), ev('b', 'B', '2024-06-01')], { asOf: '2024-06-02', params: { 'usage.ideal': 'daily' } });
    expect(daily.get('product_usage_rate')!.value).toBe(0.5);
    expect(queryAll(db, usageFamily.drill(ctx, 'product_usage_rate', ctx.current)!.sql)).toHaveLength(rows.length);
  });

  it('time_on_platform from duration or session_end, three statistics', async () => {
    const t0 = ts('2024-06-10 09:00');
    const sessions = [
      { user_id: 'A', timestamp: t0, duration: 10 }, { user_id: 'A', timestamp: t0 + 100, duration: 20 },
      { user_id: 'B', timestamp: t0, session_end: t0 + 30 },
      { user_id: 'C', timestamp: t0, session_end: t0 - 5 }, { user_id: 'C', timestamp: t0 },
    ];
    const { out } = await run(sessions);
    const t = out.get('time_on_platform')!;
    expect(t.value).toBeCloseTo(22.5, 12); // (15 + 30) / 2
    expect(t.stats).toMatchObject({ session_per_user: 22.5, total_per_user: 30, mean_session: 20, users: 2, sessions: 3 });
    expect(t.notes!.join(' ')).toMatch(/1 event without a duration or session end is not a session/);
    expect(t.notes!.join(' ')).toMatch(/1 session ending before it starts excluded: test: \d/);
    const [without, negative] = t.noteMessages!;
    expect(without).toEqual({ key: 'note.usage.withoutDuration', values: { n: 1 } });
    expect(negative!.key).toBe('note.usage.negativeSessions');
    expect(messageText(without!, 'fa')).toBe('\u2068۱\u2069 رویداد بدون مدت یا پایان نشست، نشست به شمار نمی‌آید و کنار گذاشته شد.');
    expect(messageText(without!, 'zh-Hant')).toBe('1 個沒有持續時間或工作階段結束時間的事件不算工作階段，已略去。');
    expect(messageText(negative!, 'zh-Hans')).toMatch(/^已排除 1 个结束早于开始的会话：test: \d+。$/);
    const { out: tot } = await run(sessions, { params: { 'usage.time_on_platform': 'total_per_user' } });
    expect(tot.get('time_on_platform')!.value).toBe(30);
  });

  it('feature_adoption: share of active accounts using each feature', async () => {
    const { out } = await run(rows);
    const f = out.get('feature_adoption')!;
    expect(f.table!.rows).toEqual([['x', 2, 2 / 3], ['y', 1, 1 / 3]]);
    expect(f.value).toBeCloseTo(0.5, 12);
  });
});

describe('usage: per-period counts against a brute-force reference', () => {
  it('active accounts, product usage rate, time on platform (three statistics) and feature adoption over monthly periods, with missing ids, durations and features', async () => {
    let s = 7;
    const rnd = () => ((s = (s * 48271) % 2147483647) / 2147483647);
    const int = (n: number) => Math.floor(rnd() * n);
    const rows = Array.from({ length: 400 }, () => {
      const at = ts('2024-01-01') + int(110) * 86400 + int(86400);
      const dur = int(5) === 0 ? null : int(8) === 0 ? -int(50) : int(900);
      return {
        user_id: int(15) === 0 ? null : `u${int(12)}`, account_id: int(3) === 0 ? null : `a${int(4)}`, timestamp: at,
        duration: dur, session_end: dur == null && int(2) ? at + int(300) : null, feature: int(3) === 0 ? null : `f${int(3)}`,
      };
    });
    const asOf = '2024-04-10';
    for (const stat of ['session_per_user', 'total_per_user', 'session'] as const) {
      const { ctx, out } = await run(rows, { from: '2024-01-01', asOf, params: { 'usage.time_on_platform': stat } });
      ctx.periods.forEach((p, i) => {
        const inP = rows.filter((r) => { const d = Math.floor(r.timestamp / 86400); return d >= p.start && d < Math.min(p.end, day(asOf) + 1); });
        const accs = (list: typeof rows) => new Set(list.map((r) => r.account_id ?? r.user_id).filter((a) => a != null)).size;
        expect(out.get('active_accounts')!.series[i]!.value).toBe(accs(inP));
        // sessions: duration, else session_end − timestamp; negative ones excluded; users without an id grouped together
        const perUser = new Map<string | null, number[]>();
        for (const r of inP) {
          const d = r.duration ?? (r.session_end == null ? null : r.session_end - r.timestamp);
          if (d == null || d < 0) continue;
          perUser.set(r.user_id, [...(perUser.get(r.user_id) ?? []), d]);
        }
        const lists = [...perUser.values()];
        const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
        const expected = !lists.length ? null
          : stat === 'session_per_user' ? sum(lists.map((l) => sum(l) / l.length)) / lists.length
          : stat === 'total_per_user' ? sum(lists.map(sum)) / lists.length
          : sum(lists.map(sum)) / sum(lists.map((l) => l.length));
        const got = out.get('time_on_platform')!.series[i]!.value;
        if (expected == null) expect(got).toBeNull(); else expect(got).toBeCloseTo(expected, 9);
        const features = [...new Set(inP.map((r) => r.feature).filter((f) => f != null))];
        const shares = features.map((f) => accs(inP.filter((r) => r.feature === f)) / accs(inP));
        const adoption = out.get('feature_adoption')!.series[i]!.value;
        if (!shares.length) expect(adoption).toBeNull(); else expect(adoption).toBeCloseTo(sum(shares) / shares.length, 12);
        // product usage rate (weekly): ISO weeks met by the period's days from the first event to the as-of date
        const firstDay = Math.min(...rows.map((r) => Math.floor(r.timestamp / 86400)));
        const monday = (d: number) => d - ((d + 3) % 7);
        const weeks = new Set<number>();
        for (let d = Math.max(p.start, firstDay); d < Math.min(p.end, day(asOf) + 1); d++) weeks.add(monday(d));
        const byAccount = new Map<string | null, Set<number>>();
        for (const r of inP) {
          const a = r.account_id ?? r.user_id;
          byAccount.set(a, (byAccount.get(a) ?? new Set()).add(monday(Math.floor(r.timestamp / 86400))));
        }
        const every = [...byAccount.values()].filter((w) => w.size === weeks.size).length;
        expect(out.get('product_usage_rate')!.series[i]!.value).toBe(byAccount.size ? every / byAccount.size : null);
      });
    }
  });
});
