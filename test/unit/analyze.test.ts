// The orchestrator with a tiny test-only family (so these tests check the plumbing, not the
// catalog): missing inputs, not_applicable, as-of default, calendars, segments, caching, drill-down.
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/engine/store/database';
import { applyMapping } from '../../src/engine/mapping/normalize';
import { analyzeFamilies, drillFamilies, MAX_SEGMENTS, OTHER_SEGMENT } from '../../src/engine/metrics/analyze';
import { paramNumber } from '../../src/engine/metrics/params';
import type { FamilyModule, MetricOutput } from '../../src/engine/metrics/types';
import type { MappingFile } from '../../src/shared/types';
import { createImportedTable } from '../fixtures/importedTable';
import { messageText } from '../../src/shared/i18n/messages';
import { translate } from '../../src/shared/i18n';

function testFamily(counter: { calls: number }): FamilyModule {
  return {
    family: 'support',
    metrics: [
      { id: 't_created', label: 'Tickets created', family: 'support', unit: 'count', params: ['test.mult'],
        inputs: [{ dataset: 'tickets', fields: ['ticket_id', 'created_at'] }], formula: () => 'tickets created × test.mult' },
      { id: 't_resolved_share', label: 'Resolved share', family: 'support', unit: 'ratio',
        inputs: [{ dataset: 'tickets', fields: ['ticket_id', 'created_at', 'resolved_at'] }], formula: () => 'resolved ÷ created',
        benchmark: { text: 'high is good — test', source: 'test' } },
      { id: 't_calls', label: 'Calls', family: 'support', unit: 'count',
        inputs: [{ dataset: 'calls', fields: ['call_id', 'received_at'] }, { dataset: 'tickets', fields: ['ticket_id', 'contacts', 'channel'] }],
        formula: () => 'calls' },
    ],
    compute(ctx) {
      counter.calls++;
      const mult = paramNumber(ctx.params, 'test.mult') ?? 1;
      const sql = `SELECT p.idx, count(t.ticket_id), sum(t.resolved_at IS NOT NULL) FROM tmp_periods p
        LEFT JOIN n_tickets t ON t.created_at_day >= p.start AND t.created_at_day < p."end" AND ${ctx.segFilter('t')}
        GROUP BY p.idx ORDER BY p.idx`;
      const rows = queryRows(ctx.db, sql).rows;
      const out = new Map<string, MetricOutput>();
      out.set('t_created', { sql, series: rows.map((r, i) => ({ period: ctx.periods[i]!.key, value: Number(r[1]) * mult })) });
      out.set('t_resolved_share', { sql, series: rows.map((r, i) => ({ period: ctx.periods[i]!.key, value: Number(r[1]) ? Number(r[2]) / Number(r[1]) : null })) });
      return out;
    },
    drill(ctx, _id, period) {
      return { sql: `SELECT _src, _row FROM n_tickets WHERE created_at_day >= ${period.start} AND created_at_day < ${period.end} AND ${ctx.segFilter()}` };
    },
  };
}

async function setup(extraChannels = 0) {
  const db = await openDatabase();
  const rows: Array<Array<string | number | null>> = [
    ['1', '2024-05-03 09:00:00', '2024-05-03 10:00:00', 'email'],
    ['2', '2024-05-20 09:00:00', null, 'chat'],
    ['3', '2024-06-01 00:30:00', '2024-06-02 00:00:00', 'email'],
    ['4', '2024-06-21 23:59:00', null, null],
    ['5', '2024-07-01 08:00:00', '2024-07-01 09:00:00', 'phone'],
  ];
  for (let i = 0; i < extraChannels; i++) rows.push([`x${i}`, '2024-06-10 10:00:00', null, `ch${String(i).padStart(3, '0')}`]);
  const t = createImportedTable(db, 'tickets_csv', [
    { name: 'Ticket ID', type: 'text' }, { name: 'Created at', type: 'datetime' }, { name: 'Solved at', type: 'datetime' }, { name: 'Via', type: 'text' },
  ], rows, { source: 'tickets.csv' });
  const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'tickets.csv', dataset: 'tickets', fields: { ticket_id: 'Ticket ID', created_at: 'Created at', resolved_at: 'Solved at' } }] };
  const issues = applyMapping(db, [t], mapping);
  return { db, tables: [t], mapping, issues };
}

describe('analyze (orchestrator)', () => {
  it('defaults the as-of date to the latest mapped date and reports missing inputs by field', async () => {
    const { db, tables, mapping, issues } = await setup();
    const counter = { calls: 0 };
    const r = analyzeFamilies([testFamily(counter)], db, tables, mapping, issues, {});
    expect(r.asOf).toBe('2024-07-01');
    expect(r.period).toBe('month');
    const created = r.metrics.find((m) => m.id === 't_created')!;
    expect(created.period).toBe('2024-07');
    expect(created.series).toEqual([{ period: '2024-05', value: 2 }, { period: '2024-06', value: 2 }, { period: '2024-07', value: 1 }]);
    expect(created.value).toBe(1);
    expect(created.status).toBe('ok');
    const calls = r.metrics.find((m) => m.id === 't_calls')!;
    expect(calls.status).toBe('missing_inputs');
    expect(calls.value).toBeNull();
    // The nearest alternative: tickets lacks contacts and channel (2 fields) vs calls lacking both of its 2.
    expect(calls.missing.length).toBe(2);
    expect(calls.missing.every((m) => /^(calls|tickets)\./.test(m))).toBe(true);
  });

  it('gives not_applicable (null) on a zero denominator, never 0 or NaN', async () => {
    const { db, tables, mapping, issues } = await setup();
    const r = analyzeFamilies([testFamily({ calls: 0 })], db, tables, mapping, issues, { asOf: '2024-08-15' });
    const share = r.metrics.find((m) => m.id === 't_resolved_share')!;
    expect(share.period).toBe('2024-08');
    // As-of 15 August: 15 of August's 31 days, marked partial.
    expect(share.periodProgress).toEqual({ elapsedDays: 15, totalDays: 31, partial: true });
    expect(share.value).toBeNull();
    expect(share.status).toBe('not_applicable');
    expect(share.series.map((p) => p.value)).toEqual([0.5, 0.5, 1, null]);
    expect(share.benchmark).toEqual({ text: 'high is good — test', source: 'test' });
  });

  it('cuts periods in the Persian calendar (keys like 1403-04) and other period kinds', async () => {
    const { db, tables, mapping, issues } = await setup();
    const fam = testFamily({ calls: 0 });
    const r = analyzeFamilies([fam], db, tables, mapping, issues, { calendar: 'persian' });
    const created = r.metrics.find((m) => m.id === 't_created')!;
    // 2024-05-03 = 1403-02-14; 2024-06-21 = 1403-04-01; 2024-07-01 = 1403-04-11.
    expect(created.series).toEqual([{ period: '1403-02', value: 2 }, { period: '1403-03', value: 1 }, { period: '1403-04', value: 2 }]);
    expect(created.period).toBe('1403-04');
    const q = analyzeFamilies([fam], db, tables, mapping, issues, { period: 'quarter' });
    expect(q.metrics.find((m) => m.id === 't_created')!.series).toEqual([{ period: '2024-Q2', value: 4 }, { period: '2024-Q3', value: 1 }]);
    const w = analyzeFamilies([fam], db, tables, mapping, issues, { period: 'week', asOf: '2024-06-30' });
    expect(w.metrics.find((m) => m.id === 't_created')!.period).toBe('2024-W26');
    expect(() => analyzeFamilies([fam], db, tables, mapping, issues, { asOf: '30/06/2024' })).toThrow(/YYYY-MM-DD/);
  });

  it('splits by a segment column; additive values over segments sum to the total', async () => {
    const { db, tables, mapping, issues } = await setup();
    const r = analyzeFamilies([testFamily({ calls: 0 })], db, tables, mapping, issues, { segment: 'Via' });
    const created = r.metrics.find((m) => m.id === 't_created')!;
    const segs = Object.fromEntries(created.segments.map((s) => [s.segment, s.series.map((p) => p.value)]));
    expect(segs).toEqual({ email: [1, 1, 0], chat: [1, 0, 0], phone: [0, 0, 1], '(blank)': [0, 1, 0] });
    created.series.forEach((p, i) => {
      expect(created.segments.reduce((a, s) => a + (s.series[i]!.value ?? 0), 0)).toBe(p.value);
    });
  });

  it('caps segments at the largest ones and groups the rest, keeping the sums', async () => {
    const { db, tables, mapping, issues } = await setup(60);
    const r = analyzeFamilies([testFamily({ calls: 0 })], db, tables, mapping, issues, { segment: 'Via', asOf: '2024-06-30' });
    const created = r.metrics.find((m) => m.id === 't_created')!;
    expect(created.segments.length).toBe(MAX_SEGMENTS);
    expect(created.segments.some((s) => s.segment === OTHER_SEGMENT)).toBe(true);
    expect(created.segments.reduce((a, s) => a + (s.value ?? 0), 0)).toBe(created.value);
    expect(r.issues.some((i) => i.code === 'segments_capped' && i.count === 64)).toBe(true);
  });

  it('caches results; a parameter change recomputes; a new mapping invalidates', async () => {
    const { db, tables, mapping, issues } = await setup();
    const counter = { calls: 0 };
    const fam = testFamily(counter);
    // One run for July and one for its like-for-like comparison (1 June; no year-ago period in the data).
    analyzeFamilies([fam], db, tables, mapping, issues, {});
    analyzeFamilies([fam], db, tables, mapping, issues, {});
    expect(counter.calls).toBe(2);
    const r = analyzeFamilies([fam], db, tables, mapping, issues, { params: { 'test.mult': 10 } });
    expect(counter.calls).toBe(4);
    expect(r.metrics.find((m) => m.id === 't_created')!.value).toBe(10);
    // mapping params are overridden by options.params
    const r2 = analyzeFamilies([fam], db, tables, { ...mapping, params: { 'test.mult': 3 } }, issues, {});
    expect(r2.metrics.find((m) => m.id === 't_created')!.value).toBe(3);
    const r3 = analyzeFamilies([fam], db, tables, { ...mapping, params: { 'test.mult': 3 } }, issues, { params: { 'test.mult': 5 } });
    expect(r3.metrics.find((m) => m.id === 't_created')!.value).toBe(5);
    const before = counter.calls;
    applyMapping(db, tables, mapping);
    analyzeFamilies([fam], db, tables, mapping, issues, {});
    expect(counter.calls).toBe(before + 2);
  });

  it('drills down to the source rows behind a value, per period and segment', async () => {
    const { db, tables, mapping } = await setup();
    const fam = testFamily({ calls: 0 });
    expect(drillFamilies([fam], db, tables, mapping, { metric: 't_created', period: '2024-06' })).toEqual({ table: 'tickets_csv', rows: [4, 5] });
    expect(drillFamilies([fam], db, tables, mapping, { metric: 't_created', period: '2024-05', segment: 'chat', options: { segment: 'Via' } }))
      .toEqual({ table: 'tickets_csv', rows: [3] });
    expect(() => drillFamilies([fam], db, tables, mapping, { metric: 't_created', period: '2023-01' })).toThrow(/outside/);
    expect(() => drillFamilies([fam], db, tables, mapping, { metric: 't_calls', period: '2024-06' })).toThrow(/needs/);
  });

  it('restricts to options.metrics and carries the mapping issues of its tables as notes', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'tk', [{ name: 'Ticket ID', type: 'text' }, { name: 'Created at', type: 'datetime' }],
      [['1', '2024-05-03 09:00:00'], ['2', null], ['3', '2024-05-04 09:00:00']], { source: 'tk.csv' });
    const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'tk.csv', dataset: 'tickets', fields: { ticket_id: 'Ticket ID', created_at: 'Created at' } }] };
    const issues = applyMapping(db, [t], mapping);
    const r = analyzeFamilies([testFamily({ calls: 0 })], db, [t], mapping, issues, { metrics: ['t_created'] });
    expect(r.metrics.map((m) => m.id)).toEqual(['t_created']);
    expect(r.metrics[0]!.value).toBe(2);
    expect(r.metrics[0]!.notes).toEqual([expect.stringMatching(/1 row\(s\) have no created .*excluded/)]);
    expect(r.issues).toEqual(issues);
    // The note is the issue's message too, so it reads in the user's language.
    const [message] = r.metrics[0]!.noteMessages!;
    expect(message).toMatchObject({ key: 'issue.missing_value', values: { table: 'tk.csv', n: 1, dataset: { key: 'dataset.tickets' } } });
    expect(messageText(message!, 'fa')).toContain(translate('fa', 'dataset.tickets'));
    expect(messageText(message!, 'fa')).toContain('\u2068۱\u2069');
    expect(messageText(message!, 'zh-Hant')).not.toMatch(/row|excluded/);
  });

  it('property: with the real catalog, additive revenue metrics over segments sum to the total in every period', async () => {
    const fc = await import('fast-check');
    const { analyze } = await import('../../src/engine/metrics/analyze');
    const sub = fc.record({
      customer: fc.integer({ min: 1, max: 12 }),
      start: fc.integer({ min: 0, max: 700 }),
      length: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
      mrr: fc.integer({ min: 1, max: 50 }).map((x) => x * 10),
    });
    await fc.assert(fc.asyncProperty(fc.array(sub, { minLength: 1, maxLength: 40 }), async (subs) => {
      const db = await openDatabase();
      const base = Date.UTC(2022, 0, 1) / 86_400_000;
      const iso = (d: number) => new Date((base + d) * 86_400_000).toISOString().slice(0, 10);
      // One plan per customer, so customer counts are additive too.
      const t = createImportedTable(db, 'subs', [
        { name: 'Customer', type: 'text' }, { name: 'Plan', type: 'text' }, { name: 'MRR', type: 'decimal' }, { name: 'Start', type: 'date' }, { name: 'End', type: 'date' },
      ], subs.map((x) => [`c${x.customer}`, ['Basic', 'Pro', 'Team'][x.customer % 3]!, x.mrr, iso(x.start), x.length === null ? null : iso(x.start + x.length)]), { source: 'subs.csv' });
      const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'subs.csv', dataset: 'subscriptions', fields: { customer_id: 'Customer', plan: 'Plan', mrr: 'MRR', start_date: 'Start', end_date: 'End' } }] };
      const issues = applyMapping(db, [t], mapping);
      const ids = ['mrr', 'mrr_new', 'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'net_new_mrr', 'active_customers', 'new_customers', 'churned_customers'];
      const r = analyze(db, [t], mapping, issues, { segment: 'Plan', metrics: ids, asOf: '2024-06-30' });
      for (const m of r.metrics) {
        expect(m.status).not.toBe('missing_inputs');
        m.series.forEach((p, i) => {
          const sum = m.segments.reduce((a, sg) => a + (sg.series[i]?.value ?? 0), 0);
          expect({ id: m.id, period: p.period, sum: Math.round(sum * 1e6) }).toEqual({ id: m.id, period: p.period, sum: Math.round((p.value ?? 0) * 1e6) });
        });
      }
    }), { numRuns: 15 });
  });

  it('ignores scheduled end dates for the default as-of, and reports a failing family instead of throwing', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'subs', [
      { name: 'Customer', type: 'text' }, { name: 'MRR', type: 'decimal' }, { name: 'Start', type: 'date' }, { name: 'End', type: 'date' },
    ], [['a', 10, '2024-01-10', '2030-01-01'], ['b', 20, '2024-03-05', null]], { source: 'subs.csv' });
    const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'subs.csv', dataset: 'subscriptions', fields: { customer_id: 'Customer', mrr: 'MRR', start_date: 'Start', end_date: 'End' } }] };
    const issues = applyMapping(db, [t], mapping);
    const failing: FamilyModule = {
      family: 'value',
      metrics: [{ id: 'boom', label: 'Boom', family: 'value', unit: 'count', inputs: [{ dataset: 'subscriptions', fields: ['customer_id'] }], formula: () => 'x' }],
      compute: () => { throw new Error('no such column: foo'); },
      drill: () => null,
    };
    const r = analyzeFamilies([failing], db, [t], mapping, issues, {});
    expect(r.asOf).toBe('2024-03-05');
    expect(r.metrics[0]).toMatchObject({ id: 'boom', status: 'not_applicable', value: null, notes: ['Computation failed: no such column: foo'] });
    expect(r.issues.find((i) => i.code === 'metric_failed')!.message).toMatch(/value metrics could not be computed: no such column: foo/);
  });
});
