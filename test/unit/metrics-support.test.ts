import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { supportFamily } from '../../src/engine/metrics/families/support';
import { canonicalChannel, frtTarget } from '../../src/engine/metrics/families/support-channels';
import { resolveParams } from '../../src/engine/metrics/params';
import { queryAll } from '../../src/engine/store/database';
import { buildDb, contextOn, makeContext, ts, type Fixture, type Rows } from './metrics-service-fixtures';

const H = 3600;
const base = { from: '2024-05-01', asOf: '2024-06-30' };
const run = async (tables: Fixture['tables'], extra: Partial<Fixture> = {}) => {
  const f: Fixture = { tables, ...base, ...extra };
  const db = await buildDb(tables);
  const ctx = contextOn(db, f);
  return { db, ctx, out: supportFamily.compute(ctx) };
};

describe('support: volumes and channels', () => {
  const tickets: Rows = [
    { ticket_id: 'm1', created_at: ts('2024-05-03 10:00'), channel: 'Email', request_type: 'billing' },
    { ticket_id: 'm2', created_at: ts('2024-05-20 10:00'), channel: 'Phone', request_type: 'bug' },
    { ticket_id: 'j1', created_at: ts('2024-06-01 00:00'), channel: 'Email', request_type: 'billing' },
    { ticket_id: 'j2', created_at: ts('2024-06-05 09:00'), channel: 'E-mail', request_type: 'bug' },
    { ticket_id: 'j3', created_at: ts('2024-06-29 23:59'), channel: 'Chat', request_type: 'billing' },
    { ticket_id: 'j4', created_at: ts('2024-06-15 12:00'), channel: 'Email', request_type: null },
  ];

  it('ticket_volume per period with channel and request-type breakdown', async () => {
    const { out } = await run({ tickets });
    const v = out.get('ticket_volume')!;
    expect(v.series).toEqual([{ period: '2024-05', value: 2 }, { period: '2024-06', value: 4 }]);
    expect(v.value).toBe(4);
    const rows = v.table!.rows.map((r) => `${r[0]}:${r[1]}=${r[2]}`);
    expect(rows).toEqual(expect.arrayContaining(['channel:Email=2', 'channel:E-mail=1', 'channel:Chat=1', 'request_type:billing=2', 'request_type:bug=1', 'request_type:(blank)=1']));
  });

  it('channel_mix: value is the share of the top channel, table lists every share', async () => {
    const { out } = await run({ tickets });
    const m = out.get('channel_mix')!;
    expect(m.value).toBe(0.5); // Email 2 of 4 in June
    expect(m.series[0]!.value).toBe(0.5); // May: Email 1, Phone 1
    expect(m.stats).toMatchObject({ top_channel: 'Email', tickets: 4, 'share.Chat': 0.25 });
  });

  it('periods cut in the Persian calendar: the month of Mehr', async () => {
    const { out } = await run({ tickets: [
      { ticket_id: 'a', created_at: ts('2024-09-21 23:00') }, // 31 Shahrivar 1403
      { ticket_id: 'b', created_at: ts('2024-09-22 00:30') }, // 1 Mehr 1403
      { ticket_id: 'c', created_at: ts('2024-10-21 12:00') }, // 30 Mehr 1403
      { ticket_id: 'd', created_at: ts('2024-10-22 12:00') }, // 1 Aban 1403
    ] }, { from: '2024-09-01', asOf: '2024-10-22', calendar: 'persian' });
    expect(out.get('ticket_volume')!.series).toEqual([{ period: '1403-06', value: 1 }, { period: '1403-07', value: 2 }, { period: '1403-08', value: 1 }]);
  });

  it('property: ticket_volume over segments sums to the total in every period', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ d: fc.integer({ min: 0, max: 90 }), seg: fc.constantFrom('x', 'y', "O'Hara") }), { maxLength: 40 }),
      async (items) => {
        const rows = items.map((x, i) => ({ ticket_id: `t${i}`, created_at: ts('2024-04-01') + x.d * 86400 + 3600, _seg: x.seg }));
        const db = await buildDb({ tickets: rows });
        const f: Fixture = { tables: { tickets: rows }, from: '2024-04-01', asOf: '2024-06-30', mapped: { tickets: ['ticket_id', 'created_at'] } };
        const total = supportFamily.compute(contextOn(db, f)).get('ticket_volume')!.series;
        const parts = ['x', 'y', "O'Hara"].map((s) => supportFamily.compute(contextOn(db, { ...f, segmentValue: s })).get('ticket_volume')!.series);
        expect(total.reduce((a, p) => a + (p.value ?? 0), 0)).toBe(items.length);
        total.forEach((pt, i) => expect(parts.reduce((a, p) => a + p[i]!.value!, 0)).toBe(pt.value));
      }), { numRuns: 15 });
  });
});

describe('support: response and resolution times', () => {
  it('first_response_time: mean and median, unanswered left out and counted', async () => {
    const c = ts('2024-06-10 08:00');
    const { out, ctx, db } = await run({
      tickets: [
        { ticket_id: 'a', created_at: c, first_response_at: c + 60 },
        { ticket_id: 'b', created_at: c, first_response_at: c + 120 },
        { ticket_id: 'c', created_at: c, first_response_at: c + 600 },
        { ticket_id: 'd', created_at: c, first_response_at: null },
        { ticket_id: 'e', created_at: c, first_response_at: c - 5 },
        { ticket_id: 'f', created_at: ts('2024-05-02'), first_response_at: ts('2024-05-02') + 10 },
      ],
    });
    const f = out.get('first_response_time')!;
    expect(f.value).toBeCloseTo(260, 10);
    expect(f.stats).toMatchObject({ mean: 260, median: 120, responded: 3, unanswered: 1, response_before_creation: 1 });
    expect(f.series[0]!.value).toBe(10);
    expect(f.notes!.join(' ')).toMatch(/1 ticket without a first response/);
    const rows = queryAll(db, supportFamily.drill(ctx, 'first_response_time', ctx.current)!.sql).map((r) => r._row);
    expect(rows).toEqual([1, 2, 3]);
  });

  it('median of an even count is the mean of the two middle values', async () => {
    const c = ts('2024-06-10 08:00');
    const { out } = await run({
      tickets: [10, 40, 20, 1000].map((s, i) => ({ ticket_id: `t${i}`, created_at: c, resolved_at: c + s })),
    });
    expect(out.get('resolution_time')!.stats).toMatchObject({ mean: 267.5, median: 30, resolved: 4 });
  });

  it('resolution_time counts tickets by the period they were resolved in', async () => {
    const { out } = await run({
      tickets: [
        { ticket_id: 'a', created_at: ts('2024-05-30 00:00'), resolved_at: ts('2024-06-02 00:00') },
        { ticket_id: 'b', created_at: ts('2024-06-10 00:00'), resolved_at: ts('2024-06-10 06:00') },
        { ticket_id: 'c', created_at: ts('2024-05-10 00:00'), resolved_at: ts('2024-05-11 00:00') },
        { ticket_id: 'd', created_at: ts('2024-06-20 00:00'), resolved_at: null },
      ],
    });
    const r = out.get('resolution_time')!;
    expect(r.value).toBeCloseTo((72 * H + 6 * H) / 2, 10);
    expect(r.series[0]!.value).toBe(24 * H);
  });

  it('handle_time only when mapped, never derived from timestamps', async () => {
    const c = ts('2024-06-10 08:00');
    const rows = [{ ticket_id: 'a', created_at: c, resolved_at: c + 500, handle_time: 300 }, { ticket_id: 'b', created_at: c, resolved_at: c + 900, handle_time: 100 }];
    const { out } = await run({ tickets: rows });
    expect(out.get('handle_time')!.value).toBe(200);
    const { out: o2 } = await run({ tickets: rows }, { mapped: { tickets: ['ticket_id', 'created_at', 'resolved_at'] } });
    expect(o2.has('handle_time')).toBe(false);
  });
});

describe('support: frt_target_met', () => {
  it('worked example: email 24 h 00 m met, 24 h 01 m missed; phone 3 min 00 s met', async () => {
    const c = ts('2024-06-10 08:00');
    const { out } = await run({
      tickets: [
        { ticket_id: 'e1', created_at: c, first_response_at: c + 24 * H, channel: 'email' },
        { ticket_id: 'e2', created_at: c, first_response_at: c + 24 * H + 60, channel: 'E-mail' },
        { ticket_id: 'p1', created_at: c, first_response_at: c + 180, channel: 'Phone' },
      ],
    });
    const m = out.get('frt_target_met')!;
    expect(m.stats).toMatchObject({ met: 2, missed: 1, pending: 0 });
    expect(m.value).toBeCloseTo(2 / 3, 12);
  });

  it('social 1 h, chat 60 s, unknown channel default; unanswered past target missed, within target pending', async () => {
    const c = ts('2024-06-10 08:00');
    const { out } = await run({
      tickets: [
        { ticket_id: 's1', created_at: c, first_response_at: c + 61 * 60, channel: 'Twitter' },
        { ticket_id: 'c1', created_at: c, first_response_at: c + 60, channel: 'Live chat' },
        { ticket_id: 'c2', created_at: c, first_response_at: c + 61, channel: 'chat' },
        { ticket_id: 'x1', created_at: c, first_response_at: c + 23 * H, channel: 'Carrier pigeon' },
        { ticket_id: 'u1', created_at: ts('2024-06-30 12:00'), first_response_at: null, channel: 'email' },
        { ticket_id: 'u2', created_at: ts('2024-06-29 12:00'), first_response_at: null, channel: 'phone' },
      ],
    });
    const m = out.get('frt_target_met')!;
    // met: c1, x1; missed: s1, c2, u2; pending: u1 (12 h of a 24 h target at the end of the as-of day)
    expect(m.stats).toMatchObject({ met: 2, missed: 3, pending: 1 });
    expect(m.value).toBeCloseTo(2 / 5, 12);
    expect(m.notes!.join(' ')).toMatch(/frt.target.default: Carrier pigeon/);
  });

  it('channel names in several languages and user targets per channel name', () => {
    expect(['E-mail', 'email', 'ایمیل', 'อีเมล', '電子郵件'].map(canonicalChannel)).toEqual(['email', 'email', 'email', 'email', 'email']);
    expect(['Web form', 'Phone', 'Chat', 'Twitter', 'Social', 'تلفن', 'โทรศัพท์', '電話'].map(canonicalChannel))
      .toEqual(['web_form', 'phone', 'chat', 'social', 'social', 'phone', 'phone', 'phone']);
    const p = resolveParams({ 'frt.target.whatsapp': 300, 'frt.target.chat': 30 });
    expect(frtTarget(p, 'WhatsApp').seconds).toBe(300);
    expect(frtTarget(p, 'Live Chat').seconds).toBe(30);
    expect(frtTarget(p, 'Web form').seconds).toBe(24 * H);
    expect(frtTarget(p, 'Pigeon')).toEqual({ seconds: 24 * H, channel: 'default' });
  });
});

describe('support: backlog', () => {
  it('worked example: age 48 h — created T − 72 h unresolved counts, T − 24 h not yet', async () => {
    const T = ts('2024-07-01 00:00'); // end of the as-of day 2024-06-30
    const { out, ctx, db } = await run({
      tickets: [
        { ticket_id: 'old', created_at: T - 72 * H, resolved_at: null },
        { ticket_id: 'young', created_at: T - 24 * H, resolved_at: null },
        { ticket_id: 'done', created_at: T - 100 * H, resolved_at: T - 1 * H },
        { ticket_id: 'ancient', created_at: ts('2024-05-01 00:00'), resolved_at: null, first_response_at: null },
        { ticket_id: 'late', created_at: ts('2024-05-10 00:00'), resolved_at: ts('2024-06-03 00:00') },
      ],
    }, { mapped: { tickets: ['ticket_id', 'created_at', 'resolved_at', 'first_response_at'] } });
    const b = out.get('backlog')!;
    expect(b.value).toBe(2); // old + ancient (never answered)
    expect(b.stats).toMatchObject({ never_answered: 2 });
    // end of May: ancient, late (resolved only in June) and nothing else
    expect(b.series[0]).toEqual({ period: '2024-05', value: 2 });
    const rows = queryAll(db, supportFamily.drill(ctx, 'backlog', ctx.current)!.sql).map((r) => r._row);
    expect(rows).toEqual([1, 4]);
  });

  it('property: backlog balances equal a brute-force count at every period end', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ c: fc.integer({ min: 0, max: 80 * 24 }), r: fc.option(fc.integer({ min: 0, max: 40 * 24 })) }), { maxLength: 30 }),
      fc.integer({ min: 1, max: 100 }),
      async (items, ageHours) => {
        const t0 = ts('2024-04-01');
        const rows = items.map((x, i) => ({ ticket_id: `t${i}`, created_at: t0 + x.c * H + 17, resolved_at: x.r == null ? null : t0 + x.c * H + 17 + x.r * H }));
        const { ctx, out } = await run({ tickets: rows }, { from: '2024-04-01', asOf: '2024-06-20', period: 'week', params: { 'backlog.age': ageHours * H }, mapped: { tickets: ['ticket_id', 'created_at', 'resolved_at'] } });
        const series = out.get('backlog')!.series;
        ctx.periods.forEach((p, i) => {
          const cut = Math.min(p.end, ctx.asOfDay + 1) * 86400;
          const ref = rows.filter((r) => r.created_at < cut - ageHours * H && (r.resolved_at == null || r.resolved_at >= cut)).length;
          expect(series[i]!.value).toBe(ref);
        });
      }), { numRuns: 30 });
  });

  it('backlog.age parameter; status-only data gives the current balance only', async () => {
    const T = ts('2024-07-01 00:00');
    const rows = [
      { ticket_id: 'a', created_at: T - 72 * H, status: 'Open' },
      { ticket_id: 'b', created_at: T - 24 * H, status: 'open' },
      { ticket_id: 'c', created_at: T - 200 * H, status: 'Closed' },
      { ticket_id: 'd', created_at: T - 30 * 24 * H, status: 'حل شده' },
    ];
    const { out } = await run({ tickets: rows }, { params: { 'backlog.age': 12 * H } });
    const b = out.get('backlog')!;
    expect(b.value).toBe(2);
    expect(b.series[0]!.value).toBeNull();
    expect(b.notes!.join(' ')).toMatch(/as-of date only/);
  });
});

describe('support: fcr, resolution, replies, reopens', () => {
  it('fcr_rate from the flag, contacts and agent replies; reopened tickets never count; both denominators', async () => {
    const c = ts('2024-06-10 08:00');
    const rows: Rows = [
      { ticket_id: '1', created_at: c, resolved_at: c + H, first_contact_resolved: 1 },
      { ticket_id: '2', created_at: c, resolved_at: c + H, first_contact_resolved: 1, reopened: 1 },
      { ticket_id: '3', created_at: c, resolved_at: c + H, first_contact_resolved: 0 },
      { ticket_id: '4', created_at: c, resolved_at: c + H, contacts: 1 },
      { ticket_id: '5', created_at: c, resolved_at: null, contacts: 1 },
      { ticket_id: '6', created_at: c, resolved_at: c + H, agent_replies: 1 },
      { ticket_id: '7', created_at: c, resolved_at: c + H, agent_replies: 3 },
      { ticket_id: '8', created_at: c, resolved_at: null },
    ];
    const { out } = await run({ tickets: rows });
    const f = out.get('fcr_rate')!;
    // FCR: 1, 4, 6. Known: 1–7 (8 has no input). Resolved among known: 1,2,3,4,6,7.
    expect(f.stats).toMatchObject({ resolved_first_contact: 3, denominator: 7, unknown: 1 });
    expect(f.value).toBeCloseTo(3 / 7, 12);
    const { out: o2 } = await run({ tickets: rows }, { params: { 'fcr.denominator': 'resolved' } });
    expect(o2.get('fcr_rate')!.value).toBeCloseTo(3 / 6, 12);
  });

  it('resolution_rate, replies_per_resolution (both / agent, daily table with events), reopen_rate', async () => {
    const rows: Rows = [
      { ticket_id: '1', created_at: ts('2024-05-28'), resolved_at: ts('2024-06-02 10:00'), agent_replies: 2, customer_replies: 1, reopened: 0 },
      { ticket_id: '2', created_at: ts('2024-06-01'), resolved_at: ts('2024-06-02 11:00'), agent_replies: 4, customer_replies: 3, reopened: 2 },
      { ticket_id: '3', created_at: ts('2024-06-03'), resolved_at: ts('2024-06-05'), agent_replies: 1, customer_replies: null, reopened: 0 },
      { ticket_id: '4', created_at: ts('2024-06-04'), resolved_at: null, agent_replies: 9 },
      { ticket_id: '5', created_at: ts('2024-06-05'), resolved_at: null },
    ];
    const events = [{ date: Math.floor(ts('2024-06-02') / 86400), label: 'Release 2.0' }];
    const { out } = await run({ tickets: rows, events });
    expect(out.get('resolution_rate')!.value).toBeCloseTo(3 / 4, 12);
    expect(out.get('resolution_rate')!.stats).toMatchObject({ received: 4, resolved: 3 });
    const r = out.get('replies_per_resolution')!;
    expect(r.value).toBeCloseTo((3 + 7 + 1) / 3, 12);
    expect(r.table!.rows).toEqual([['2024-06-02', 2, 5, 'Release 2.0'], ['2024-06-05', 1, 1, null]]);
    const { out: agentOnly } = await run({ tickets: rows, events }, { params: { 'replies.count': 'agent' } });
    expect(agentOnly.get('replies_per_resolution')!.value).toBeCloseTo((2 + 4 + 1) / 3, 12);
    expect(out.get('reopen_rate')!.value).toBeCloseTo(1 / 3, 12);
  });

  it('answered_call_rate from a bool or an answered_at time', async () => {
    const c = ts('2024-06-10 08:00');
    const { out } = await run({ calls: [
      { call_id: '1', received_at: c, answered: 1 }, { call_id: '2', received_at: c, answered: 0 },
      { call_id: '3', received_at: c, answered_at: c + 30 }, { call_id: '4', received_at: c },
    ] });
    expect(out.get('answered_call_rate')!.value).toBe(0.5);
  });
});

describe('support: average speed of answer', () => {
  const c = ts('2024-06-10 08:00');
  const may = ts('2024-05-10 08:00');

  it('is the mean and median wait of answered calls, from wait_time, answered_at − received_at as fallback', async () => {
    const { out, db, ctx } = await run({ calls: [
      { call_id: 'm1', received_at: may, answered: 1, wait_time: 100 },
      { call_id: '1', received_at: c, answered: 1, wait_time: 10 },
      { call_id: '2', received_at: c, answered: 1, wait_time: 50 },
      { call_id: '3', received_at: c, answered_at: c + 30 }, // no wait_time: 30 s from the timestamps
      { call_id: '4', received_at: c, answered: 0, wait_time: 600 }, // abandoned: not an answer
      { call_id: '5', received_at: c, answered: 1 }, // answered, wait unknown: left out, counted
      { call_id: '6', received_at: c, answered: 1, wait_time: -5 }, // impossible: excluded, counted
    ] });
    const asa = out.get('average_speed_of_answer')!;
    expect(asa.series).toEqual([{ period: '2024-05', value: 100 }, { period: '2024-06', value: 30 }]);
    expect(asa.stats).toMatchObject({ mean: 30, median: 30, answered: 5, without_wait: 1, negative_wait: 1 });
    expect(asa.notes).toEqual([
      '1 answered call without a wait time left out of the mean and median.',
      '1 answered call with a negative wait excluded (check the time columns).',
    ]);
    expect(asa.noteMessages![0]).toEqual({ key: 'note.answeredWithoutWait', values: { n: 1 } });
    const rows = queryAll(db, supportFamily.drill(ctx, 'average_speed_of_answer', ctx.current)!.sql).map((r) => r._row);
    expect(rows).toHaveLength(5); // the answered June calls, abandoned call 4 not among them
  });

  it('needs a wait time with an answered flag, or an answered_at time', async () => {
    const { out } = await run({ calls: [{ call_id: '1', received_at: c, answered: 1 }] });
    expect(out.has('average_speed_of_answer')).toBe(false);
  });
});

describe('support: agent leaderboard and category counts', () => {
  it('ranks agents by FCR, CSAT, resolved and time, and marks the bottom performers', async () => {
    const c = ts('2024-06-10 08:00');
    const t = (id: string, agent: string, fcr: number, csat: number, ht: number) =>
      ({ ticket_id: id, agent, created_at: c, resolved_at: c + H, first_contact_resolved: fcr, csat, handle_time: ht });
    const rows: Rows = [
      t('1', 'Ana', 1, 5, 100), t('2', 'Ana', 1, 5, 100), t('3', 'Ana', 1, 4, 100),
      t('4', 'Bo', 1, 5, 200), t('5', 'Bo', 0, 2, 200),
      t('6', 'Cy', 0, 1, 900), t('7', 'Cy', 0, 2, 900),
      t('8', 'Di', 1, 4, 300), t('9', 'Di', 0, 3, 300), t('10', 'Di', 1, 5, 300),
    ];
    const { out } = await run({ tickets: rows });
    const lb = out.get('agent_leaderboard')!;
    const names = lb.table!.rows.map((r) => r[1]);
    expect(names).toEqual(['Ana', 'Di', 'Bo', 'Cy']);
    const cy = lb.table!.rows[3]!;
    expect(cy.slice(2, 7)).toEqual([2, 2, 0, 0, 900]);
    expect(cy[8]).toBe(true);
    expect(lb.table!.rows.filter((r) => r[8] === true)).toHaveLength(1);
    const di = lb.table!.rows[1]!;
    expect(di[4]).toBeCloseTo(2 / 3, 12);
    expect(di[5]).toBeCloseTo(2 / 3, 12); // 4 and 5 positive on 1–5
    expect(lb.stats).toMatchObject({ agents: 4, top_performer: 'Ana', bottom_performers: 'Cy' });
  });

  it('CSAT per agent from survey responses joined by ticket or agent', async () => {
    const c = ts('2024-06-10 08:00');
    const { out } = await run({
      tickets: [
        { ticket_id: 'T1', agent: 'Ana', created_at: c, resolved_at: c + H },
        { ticket_id: 'T2', agent: 'Bo', created_at: c, resolved_at: c + H },
      ],
      survey_responses: [
        { score: 5, survey: 'csat', responded_at: c + 2 * H, ticket_id: 'T1' },
        { score: 2, survey: 'csat', responded_at: c + 2 * H, ticket_id: 'T2' },
        { score: 4, survey: 'csat', responded_at: c + 2 * H, agent: 'Bo' },
        { score: 10, survey: 'nps', responded_at: c + 2 * H, agent: 'Bo' },
      ],
    });
    const rows = out.get('agent_leaderboard')!.table!.rows;
    const byAgent = Object.fromEntries(rows.map((r) => [r[1], r[5]]));
    expect(byAgent).toEqual({ Ana: 1, Bo: 0.5 });
  });

  it('social_mentions and self_service_usage count matching channels / features; missing_inputs when nothing fits', async () => {
    const c = ts('2024-06-10 08:00');
    const { out } = await run({
      tickets: [
        { ticket_id: '1', created_at: c, channel: 'Twitter', request_type: 'outage' },
        { ticket_id: '2', created_at: c, channel: 'Facebook', request_type: 'outage' },
        { ticket_id: '3', created_at: c, channel: 'Twitter', request_type: 'outage' },
        { ticket_id: '4', created_at: c, channel: 'Email', request_type: 'billing' },
        { ticket_id: '5', created_at: c, channel: 'Help Center', request_type: 'billing' },
        { ticket_id: '6', created_at: ts('2024-05-31 23:59'), channel: 'instagram', request_type: 'praise' },
      ],
      usage_events: [
        { user_id: 'u1', timestamp: c, feature: 'FAQ viewed' },
        { user_id: 'u2', timestamp: c, feature: 'export' },
        { user_id: 'u2', timestamp: c, feature: 'kb_article_open' },
      ],
    });
    const s = out.get('social_mentions')!;
    expect(s.value).toBe(3);
    expect(s.series).toEqual([{ period: '2024-05', value: 1 }, { period: '2024-06', value: 3 }]);
    expect(s.table!.rows).toEqual([['tickets', 'Twitter / outage', 2], ['tickets', 'Facebook / outage', 1]]);
    const ss = out.get('self_service_usage')!;
    expect(ss.value).toBe(3);
    const { out: none } = await run({ tickets: [{ ticket_id: '1', created_at: c, channel: 'Email' }] });
    expect(none.get('social_mentions')!.status).toBe('missing_inputs');
  });
});
