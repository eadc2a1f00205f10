import { describe, expect, it } from 'vitest';
import { healthFamily, healthScoresByCustomer, scaleComponent } from '../../src/engine/metrics/families/health';
import { queryAll } from '../../src/engine/store/database';
import { messageText } from '../../src/shared/i18n/messages';
import { buildDb, contextOn, day, ts, type Fixture, type Rows } from './metrics-service-fixtures';

const MONTH = 365.25 / 12;
const run = async (tables: Fixture['tables'], extra: Partial<Fixture> = {}) => {
  const f: Fixture = { tables, from: '2024-03-01', asOf: '2024-06-30', ...extra };
  const db = await buildDb(tables);
  const ctx = contextOn(db, f);
  return { db, ctx, out: healthFamily.compute(ctx) };
};

const events = (user: string, n: number, iso: string): Rows => Array.from({ length: n }, (_, i) => ({ user_id: user, account_id: user, timestamp: ts(iso) + i * 60 }));

describe('health score', () => {
  const T = day('2024-07-01'); // reference date: the day after the as-of date
  const tables: Fixture['tables'] = {
    subscriptions: [
      { customer_id: 'A', mrr: 100, start_date: day('2021-01-01') },
      { customer_id: 'A', mrr: 50, start_date: day('2024-05-01') },
      { customer_id: 'B', mrr: 200, start_date: day('2024-01-01') },
      { customer_id: 'C', mrr: 80, start_date: day('2024-05-15') },
      { customer_id: 'D', mrr: 90, start_date: day('2023-01-01'), end_date: day('2024-06-01') },
    ],
    usage_events: [...events('A', 25, '2024-06-20'), ...events('B', 10, '2024-06-10'), ...events('C', 3, '2024-05-01')],
    survey_responses: [
      { customer_id: 'A', score: 3, survey: 'NPS', responded_at: ts('2024-02-01') },
      { customer_id: 'A', score: 10, survey: 'NPS', responded_at: ts('2024-06-01') },
      { customer_id: 'B', score: 4, survey: 'CSAT', responded_at: ts('2024-06-03') },
    ],
    tickets: [
      { ticket_id: 'b1', customer_id: 'B', created_at: ts('2024-06-01'), resolved_at: ts('2024-06-02') },
      { ticket_id: 'b2', customer_id: 'B', created_at: ts('2024-06-20'), resolved_at: null },
      { ticket_id: 'b0', customer_id: 'B', created_at: ts('2023-06-20'), resolved_at: ts('2023-06-21') },
      ...Array.from({ length: 6 }, (_, i) => ({ ticket_id: `c${i}`, customer_id: 'C', created_at: ts('2024-06-05'), resolved_at: ts('2024-06-06') })),
    ],
  };
  // By hand (weights 30/25/15/20/10; thresholds usage 0→20, sentiment 6→9, support 5→0, trend −0.1→0.1, tenure 0→24):
  const tenureB = (100 * ((T - day('2024-01-01')) / MONTH)) / 24;
  const tenureC = (100 * ((T - day('2024-05-15')) / MONTH)) / 24;
  const scoreA = 100;
  // B: usage 10 → 50; CSAT 4 on 1–5 → 7.5 on 0–10 → 50; support 2 recent + 1 open = 3 → 40; trend 0 → 50
  const scoreB = (30 * 50 + 25 * 50 + 15 * 40 + 20 * 50 + 10 * tenureB) / 100;
  // C: usage 0 → 0 (events are 2 months old); no survey; 6 tickets → 0; no MRR 3 months ago → no trend
  const scoreC = (30 * 0 + 15 * 0 + 10 * tenureC) / (30 + 15 + 10);

  it('scores each paying customer, bands them and averages', async () => {
    const { out } = await run(tables);
    const h = out.get('health_score')!;
    const rows = Object.fromEntries(h.table!.rows.map((r) => [r[0], r]));
    expect(Object.keys(rows).sort()).toEqual(['A', 'B', 'C']); // D churned before the reference date
    expect(rows.A![1]).toBeCloseTo(scoreA, 9);
    expect(rows.B![1]).toBeCloseTo(scoreB, 9);
    expect(rows.C![1]).toBeCloseTo(scoreC, 9);
    expect([rows.A![2], rows.B![2], rows.C![2]]).toEqual(['green', 'yellow', 'red']);
    expect(h.value).toBeCloseTo((scoreA + scoreB + scoreC) / 3, 9);
    expect(h.stats).toMatchObject({ red: 1, yellow: 1, green: 1, customers: 3 });
    const cols = h.table!.columns;
    expect(cols.slice(0, 3)).toEqual(['customer_id', 'score', 'band']);
    expect(rows.B![cols.indexOf('support_measure')]).toBe(3);
    expect(rows.B![cols.indexOf('sentiment')]).toBeCloseTo(50, 9);
    expect(rows.C![cols.indexOf('revenue_trend')]).toBeNull();
  });

  it('healthScoresByCustomer gives the grid column', async () => {
    const { ctx } = await run(tables);
    const m = healthScoresByCustomer(ctx);
    expect(m.get('B')!.score).toBeCloseTo(scoreB, 9);
    expect(m.get('A')!.band).toBe('green');
    expect(m.has('D')).toBe(false);
  });

  it('drops components whose inputs are missing, renormalises and says so', async () => {
    const { out } = await run({ subscriptions: tables.subscriptions });
    const h = out.get('health_score')!;
    const rows = Object.fromEntries(h.table!.rows.map((r) => [r[0], r[1]]));
    // A: trend +0.5 → 100, tenure ≥ 24 → 100. B: trend 0 → 50, tenure as above.
    expect(rows.A).toBeCloseTo(100, 9);
    expect(rows.B).toBeCloseTo((20 * 50 + 10 * tenureB) / 30, 9);
    expect(h.notes!.join(' ')).toMatch(/dropped for missing inputs: usage .*sentiment .*support/);
    expect(h.notes!.join(' ')).toMatch(/renormalised over revenue_trend 66.7 %, tenure 33.3 %/);
  });

  it('notes are messages (note.health.*): components and inputs as values, lists and percentages in the reader\'s language', async () => {
    const { out } = await run({ subscriptions: tables.subscriptions });
    const h = out.get('health_score')!;
    const byKey = new Map(h.noteMessages!.map((m) => [m!.key, m!]));
    expect([...byKey.keys()]).toEqual(['note.health.customersScored', 'note.health.revenueTrendNoBase', 'note.health.dropped']);
    const scored = byKey.get('note.health.customersScored')!;
    expect(scored.values).toEqual({ basis: { key: 'note.health.universe.subscriptions' } });
    expect(h.notes![0]).toBe('Customers scored: customers with MRR > 0 on the reference date (subscriptions).');
    expect(messageText(scored, 'zh-Hant')).toBe('納入評分的客戶：參考日期當天 MRR > 0 的客戶（訂閱）。');
    const dropped = byKey.get('note.health.dropped')!;
    expect(h.notes![2]).toBe('Components dropped for missing inputs: usage (needs usage_events (account_id or user_id, timestamp)); '
      + 'sentiment (needs survey_responses with customer_id); support (needs tickets with customer_id). '
      + 'Weights renormalised over revenue_trend 66.7 %, tenure 33.3 %.');
    const zh = messageText(dropped, 'zh-Hant');
    expect(zh).toMatch(/^因缺少輸入而略去的組成項目：usage（需要 usage_events（account_id 或 user_id、timestamp））；sentiment（需要 survey_responses（含 customer_id））；support（需要 tickets（含 customer_id））。/);
    expect(zh).toMatch(/權重依下列組成項目重新正規化：revenue_trend 66\.7%、tenure 33\.3%。$/);
    const fa = messageText(dropped, 'fa');
    expect(fa).toContain('\u2068usage\u2069 (نیازمند \u2068usage_events\u2069 (\u2068account_id\u2069 یا \u2068user_id\u2069، timestamp))؛ ');
    expect(fa).toContain('\u2068revenue_trend\u2069 \u2068۶۶٫۷\u2069٪، \u2068tenure\u2069 \u2068۳۳٫۳\u2069٪.');
    // Malformed custom components: reported with their index, also in Persian digits.
    const { out: bad } = await run({ subscriptions: tables.subscriptions }, { params: { 'health.components': [{ id: 'x' }] } });
    const ignored = bad.get('health_score')!.noteMessages![0]!;
    expect(ignored).toEqual({ key: 'note.health.componentIgnored', values: { index: 0 } });
    expect(messageText(ignored, 'fa')).toMatch(/^\u2068health\.components\u2069\[\u2068۰\u2069\] نادیده گرفته شد/);
  });

  it('history per period; weights, thresholds and bands are parameters', async () => {
    const subs = [{ customer_id: 'X', mrr: 10, start_date: day('2024-01-01') }];
    const { out } = await run({ subscriptions: subs }, {
      from: '2024-01-01', asOf: '2024-03-31',
      params: { 'health.weights': { revenue_trend: 0 }, 'health.thresholds': { tenure: { bad: 0, good: 12 } }, 'health.bands': { red: 10, green: 90 } },
    });
    const h = out.get('health_score')!;
    const expected = [31, 60, 91].map((days) => (100 * (days / MONTH)) / 12);
    h.series.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i]!, 9));
    expect(h.table!.rows[0]![2]).toBe('yellow');
  });

  it('user-defined components from a dataset field and from an imported table column', async () => {
    const subs = [
      { customer_id: '1001', mrr: 10, start_date: day('2024-01-01') },
      { customer_id: '1002', mrr: 10, start_date: day('2024-01-01') },
    ];
    const db = await buildDb({ subscriptions: subs, tickets: [
      { ticket_id: 't1', customer_id: '1001', created_at: ts('2024-06-01'), handle_time: 100 },
      { ticket_id: 't2', customer_id: '1001', created_at: ts('2024-06-02'), handle_time: 300 },
    ] });
    // an imported table as the import pipeline stores it: __row, typed c<i> columns
    db.run('CREATE TABLE crm (__row INTEGER PRIMARY KEY, c0 REAL, c0_raw TEXT, c1 REAL, c1_raw TEXT)');
    db.run('INSERT INTO crm VALUES (2, 1001, NULL, 5, NULL), (3, 1002, NULL, 10, NULL)');
    const params = {
      'health.weights': { usage: 0, sentiment: 0, support: 0, revenue_trend: 0, tenure: 0 },
      'health.components': [
        { id: 'effort', weight: 1, bad: 400, good: 0, aggregate: 'mean', dataset: 'tickets', field: 'handle_time', window_days: 90 },
        { id: 'logins', weight: 3, bad: 0, good: 10, table: 'crm', column: 'c1', customer: 'c0' },
        { id: 'broken', weight: 1 },
      ],
    };
    const ctx = contextOn(db, { tables: { subscriptions: subs, tickets: [{ ticket_id: 'x', customer_id: 'x', created_at: 0, handle_time: 0 }] }, from: '2024-05-01', asOf: '2024-06-30', params });
    const h = healthFamily.compute(ctx).get('health_score')!;
    const rows = Object.fromEntries(h.table!.rows.map((r) => [r[0], r[1]]));
    // 1001: effort mean 200 → 50; logins 5 → 50 → 50. 1002: no tickets (effort unknown); logins 10 → 100.
    expect(rows['1001']).toBeCloseTo(50, 9);
    expect(rows['1002']).toBeCloseTo(100, 9);
    expect(h.notes!.join(' ')).toMatch(/health.components\[2\] ignored/);
  });

  it('a custom "latest" component takes each customer\'s last value before the reference date, within its window', async () => {
    const subs = [{ customer_id: 'A', mrr: 10, start_date: day('2024-01-01') }, { customer_id: 'B', mrr: 10, start_date: day('2024-01-01') }];
    const tickets = [
      { ticket_id: '1', customer_id: 'A', created_at: ts('2024-05-02'), csat: 2 },
      { ticket_id: '2', customer_id: 'A', created_at: ts('2024-06-20'), csat: 5 },
      { ticket_id: '3', customer_id: 'B', created_at: ts('2024-01-05'), csat: 5 }, // outside the 60-day window
      { ticket_id: '4', customer_id: 'B', created_at: ts('2024-06-05'), csat: 4 },
      { ticket_id: '5', customer_id: 'B', created_at: ts('2024-07-05'), csat: 1 }, // after the as-of date
    ];
    const { out } = await run({ subscriptions: subs, tickets }, {
      from: '2024-05-01', asOf: '2024-06-30',
      params: {
        'health.weights': { usage: 0, sentiment: 0, support: 0, revenue_trend: 0, tenure: 0 },
        'health.components': [{ id: 'last_csat', weight: 1, bad: 1, good: 5, aggregate: 'latest', dataset: 'tickets', field: 'csat', window_days: 60 }],
      },
    });
    const h = out.get('health_score')!;
    const rows = Object.fromEntries(h.table!.rows.map((r) => [r[0], r[1]]));
    expect(rows).toEqual({ A: 100, B: 75 });
    // end of May: A's last is 2 → 25; B has nothing within 60 days → no score
    expect(h.series[0]!.value).toBe(25);
  });

  it('scaleComponent clamps and handles fewer-is-better; drill lists the scored customers\' rows', async () => {
    expect(scaleComponent(15, 0, 20)).toBe(75);
    expect(scaleComponent(40, 0, 20)).toBe(100);
    expect(scaleComponent(2, 5, 0)).toBe(60);
    expect(scaleComponent(9, 5, 0)).toBe(0);
    const { ctx, db } = await run(tables);
    const rows = queryAll(db, healthFamily.drill(ctx, 'health_score', ctx.current)!.sql).map((r) => r._row);
    expect(rows).toEqual([1, 2, 3, 4]);
  });
});

describe('health score history against a brute-force reference', () => {
  // Small random workspace; every reference date recomputed from scratch by scanning all rows.
  function workspace(seed: number) {
    let s = seed;
    const rnd = () => ((s = (s * 48271) % 2147483647) / 2147483647);
    const int = (n: number) => Math.floor(rnd() * n);
    const from = day('2023-06-01'), span = 480;
    const custs = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const pick = () => custs[int(custs.length)]!;
    const subscriptions = Array.from({ length: 14 }, () => {
      const start = from + int(span);
      return { customer_id: pick(), mrr: int(4) === 0 ? 0 : 10 + int(90), start_date: start, end_date: int(2) ? start + 20 + int(200) : null, _seg: int(2) ? 'EU' : 'US' };
    });
    const tickets = Array.from({ length: 30 }, (_, i) => {
      const created = (from + int(span)) * 86400 + int(86400);
      return { ticket_id: `t${i}`, customer_id: pick(), created_at: created, resolved_at: int(4) ? created + int(40 * 86400) : null };
    });
    const survey_responses = Array.from({ length: 20 }, () => ({ customer_id: pick(), score: int(11), survey: 'NPS', responded_at: (from + int(span)) * 86400 + int(86400) }));
    const usage_events = Array.from({ length: 120 }, () => {
      const c = pick();
      return { user_id: `${c}-u`, account_id: c, timestamp: (from + int(span)) * 86400 + int(86400) };
    });
    return { subscriptions, tickets, survey_responses, usage_events };
  }

  /** Same day of the month three months earlier, clamped to that month's last day (by calendar arithmetic on Date). */
  const threeMonthsBefore = (d: number) => {
    const dt = new Date(d * 86400000);
    const y = dt.getUTCFullYear(), m = dt.getUTCMonth() - 3;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Math.floor(Date.UTC(y, m, Math.min(dt.getUTCDate(), last)) / 86400000);
  };
  const scale = (x: number, bad: number, good: number) => 100 * Math.min(1, Math.max(0, (x - bad) / (good - bad)));

  function referenceMean(w: ReturnType<typeof workspace>, t: number, segment: string | null): number | null {
    const members = new Set(w.subscriptions.filter((r) => r.mrr > 0 && t > r.start_date && (r.end_date == null || t <= r.end_date)
      && (segment == null || r._seg === segment)).map((r) => r.customer_id));
    const scores: number[] = [];
    for (const c of members) {
      const subs = w.subscriptions.filter((r) => r.customer_id === c);
      const mrrAt = (d: number) => subs.filter((r) => r.start_date <= d && (r.end_date == null || r.end_date > d)).reduce((a, r) => a + r.mrr, 0);
      const now = mrrAt(t - 1), then = mrrAt(threeMonthsBefore(t - 1));
      const usage = w.usage_events.filter((e) => e.account_id === c && Math.floor(e.timestamp / 86400) < t && Math.floor(e.timestamp / 86400) >= t - 30).length;
      const answers = w.survey_responses.filter((r) => r.customer_id === c && Math.floor(r.responded_at / 86400) < t).sort((a, b) => a.responded_at - b.responded_at || a.score - b.score);
      const tk = w.tickets.filter((k) => k.customer_id === c && Math.floor(k.created_at / 86400) < t);
      const support = tk.filter((k) => t <= Math.floor(k.created_at / 86400) + 90).length + tk.filter((k) => k.resolved_at == null || t <= k.resolved_at / 86400).length;
      const first = Math.min(...subs.map((r) => r.start_date));
      const parts: Array<[number, number]> = [[30, scale(usage, 0, 20)], [15, scale(support, 5, 0)], [10, scale((t - first) / MONTH, 0, 24)]];
      if (answers.length) parts.push([25, scale(answers[answers.length - 1]!.score, 6, 9)]);
      if (then > 0) parts.push([20, scale(now / then - 1, -0.1, 0.1)]);
      scores.push(parts.reduce((a, [wt, x]) => a + wt * x, 0) / parts.reduce((a, [wt]) => a + wt, 0));
    }
    return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  }

  it.each([1, 7, 42, 1234])('monthly means match the reference (seed %i), also for a segment', async (seed) => {
    const w = workspace(seed);
    // With memos (as the engine runs it: every segment scored in one run, the subscription read and
    // each row's segment kept apart) and without (the run of one segment).
    const memo = new Map<string, unknown>(), dataMemo = new Map<string, unknown>();
    for (const memos of [null, { memo, dataMemo }]) {
      for (const segment of [null, 'EU', 'US']) {
        const db = await buildDb(w);
        const ctx = { ...contextOn(db, { tables: w, from: '2023-06-01', asOf: '2024-09-15', segmentValue: segment }), ...memos };
        const series = healthFamily.compute(ctx).get('health_score')!.series;
        ctx.periods.forEach((p, i) => {
          const expected = referenceMean(w, Math.min(p.end, day('2024-09-16')), segment);
          if (expected == null) expect(series[i]!.value).toBeNull();
          else expect(series[i]!.value).toBeCloseTo(expected, 9);
        });
      }
    }
  });
});

describe('health score from MRR snapshots', () => {
  it('scores customers with MRR in the month of the reference date; trend against the month three months before', async () => {
    const snap = (c: string, iso: string, mrr: number) => ({ customer_id: c, month: day(iso), mrr });
    const mrr_snapshots = [
      snap('A', '2024-03-01', 100), snap('A', '2024-06-01', 150),
      snap('B', '2024-03-01', 200), snap('B', '2024-06-01', 100),
      snap('C', '2024-06-01', 50), snap('D', '2024-05-01', 80),
    ];
    const { out } = await run({ mrr_snapshots }, { from: '2024-05-01', asOf: '2024-06-30' });
    const h = out.get('health_score')!;
    const rows = Object.fromEntries(h.table!.rows.map((r) => [r[0], r[1]]));
    const T = day('2024-07-01');
    const tenure = (first: string) => Math.min(100, (100 * ((T - day(first)) / MONTH)) / 24);
    // June: A trend +0.5 → 100, B −0.5 → 0, C no MRR in March → tenure only; D has no June snapshot.
    expect(Object.keys(rows).sort()).toEqual(['A', 'B', 'C']);
    expect(rows.A).toBeCloseTo((20 * 100 + 10 * tenure('2024-03-01')) / 30, 9);
    expect(rows.B).toBeCloseTo((20 * 0 + 10 * tenure('2024-03-01')) / 30, 9);
    expect(rows.C).toBeCloseTo(tenure('2024-06-01'), 9);
    // May (reference June 1st): only D, without a trend (no February snapshot).
    expect(h.series[0]!.value).toBeCloseTo((100 * (31 / MONTH)) / 24, 9);
  });
});
