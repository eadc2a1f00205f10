import { describe, expect, it } from 'vitest';
import { openDatabase, queryAll } from '../../src/engine/store/database';
import { applyMapping } from '../../src/engine/mapping/normalize';
import { dayFromIso, dayFromCalendarYmd } from '../../src/shared/calendar/periods';
import { createImportedTable } from '../fixtures/importedTable';
import type { MappingFile } from '../../src/shared/types';

const day = (iso: string) => dayFromIso(iso)!;

describe('normalization', () => {
  it('subscriptions: amount + interval → monthly MRR, date-times at their day, bad rows reported', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'subs', [
      { name: 'Customer ID', type: 'text' }, { name: 'Amount', type: 'currency' }, { name: 'Interval', type: 'text' },
      { name: 'Created (UTC)', type: 'datetime' }, { name: 'Canceled At (UTC)', type: 'datetime' },
    ], [
      ['cus_1', { v: 1188, raw: '$1,188.00' }, 'year', '2024-01-15 23:59:59', null],
      ['cus_2', 49, 'month', '2024-02-01 00:00:00', '2024-05-01 10:00:00'],
      ['cus_3', 300, 'quarter', '2024-03-10 12:00:00', null],
      ['cus_4', 10, 'fortnightly', '2024-03-10 12:00:00', null],
      [null, 10, 'month', '2024-03-10 12:00:00', null],
      ['cus_6', 10, 'month', '2024-03-10 12:00:00', '2024-01-01 00:00:00'],
      ['cus_7', -5, 'month', '2024-03-10 12:00:00', null],
      ['cus_8', 60, '6', { v: null, raw: 'soon' }, null],
    ], { source: '/data/stripe subs.csv' });
    const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'stripe subs.csv', dataset: 'subscriptions', fields: {
      customer_id: 'Customer ID', amount: 'Amount', billing_interval: 'Interval', start_date: 'Created (UTC)', end_date: 'Canceled At (UTC)' } }] };
    const issues = applyMapping(db, [t], mapping);
    const rows = queryAll(db, 'SELECT customer_id, mrr, billing_interval, start_date, end_date, _row FROM n_subscriptions ORDER BY _row');
    expect(rows).toEqual([
      { customer_id: 'cus_1', mrr: 99, billing_interval: 12, start_date: day('2024-01-15'), end_date: null, _row: 2 },
      { customer_id: 'cus_2', mrr: 49, billing_interval: 1, start_date: day('2024-02-01'), end_date: day('2024-05-01'), _row: 3 },
      { customer_id: 'cus_3', mrr: 100, billing_interval: 3, start_date: day('2024-03-10'), end_date: null, _row: 4 },
    ]);
    const byCode = (code: string) => issues.filter((i) => i.code === code).map((i) => ({ column: i.column, rows: i.rows, count: i.count }));
    expect(byCode('missing_value')).toEqual([{ column: 'Customer ID', rows: [6], count: 1 }]);
    expect(byCode('invalid_value')).toEqual([
      { column: 'Created (UTC)', rows: [9], count: 1 },
      { column: 'Interval', rows: [5], count: 1 },
    ]);
    expect(byCode('negative_amount')).toEqual([{ column: 'Amount', rows: [8], count: 1 }]);
    expect(byCode('end_before_start')).toEqual([{ column: 'Canceled At (UTC)', rows: [7], count: 1 }]);
    // Every source row is either in the normalized table or named by an issue.
    const excluded = issues.filter((i) => i.severity !== 'info' && i.code !== 'missing_required_field').reduce((a, i) => a + (i.count ?? 0), 0);
    expect(rows.length + excluded).toBe(8);
  });
});

describe('two exports of one balance dataset', () => {
  it('are not added together: the first is used until one is chosen, all only when chosen (said once each)', async () => {
    const db = await openDatabase();
    const cols = [{ name: 'id', type: 'text' as const }, { name: 'mrr', type: 'decimal' as const }, { name: 'start', type: 'date' as const }];
    const billing = createImportedTable(db, 'billing', cols, [['c1', 10, '2024-01-01']], { source: '/d/billing.csv' });
    const crm = createImportedTable(db, 'crm', cols, [['c1', 12, '2024-01-01']], { source: '/d/crm.csv' });
    const fields = { customer_id: 'id', mrr: 'mrr', start_date: 'start' };
    const tables = [{ source: 'billing.csv', dataset: 'subscriptions' as const, fields }, { source: 'crm.csv', dataset: 'subscriptions' as const, fields }];
    const issues = applyMapping(db, [billing, crm], { version: 1, params: {}, tables });
    const defaulted = issues.filter((i) => i.code === 'source_of_truth_default');
    expect(defaulted).toHaveLength(1);
    expect(defaulted[0]!.message).toMatch(/\/d\/billing\.csv and \/d\/crm\.csv are all mapped to subscriptions: the KPIs use \/d\/billing\.csv alone.*kpiw reconcile \/d\/billing\.csv \/d\/crm\.csv/);
    expect(issues.some((i) => i.code === 'balances_added_together')).toBe(false);
    // The KPIs see billing's 10 alone; both exports stay for reconciliation.
    expect(queryAll(db, 'SELECT SUM(mrr) AS total FROM n_subscriptions')).toEqual([{ total: 10 }]);
    expect(queryAll(db, 'SELECT SUM(mrr) AS total FROM n_subscriptions__all')).toEqual([{ total: 22 }]);

    // Chosen: all tables, added together (parts of one export) — and said.
    const all = applyMapping(db, [billing, crm], { version: 1, params: {}, tables, sourceOfTruth: { subscriptions: { source: '*' } } });
    expect(all.filter((i) => i.code === 'balances_added_together')).toHaveLength(1);
    expect(all.some((i) => i.code === 'source_of_truth_default')).toBe(false);
    expect(queryAll(db, 'SELECT SUM(mrr) AS total FROM n_subscriptions')).toEqual([{ total: 22 }]);
  });
});

describe('normalization of generated exports (real import pipeline)', () => {
  it('every field of every dataset kind lands in storage form: days, epoch seconds, monthly MRR, 0/1', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { Engine } = await import('../../src/engine/api');
    const { generateExports } = await import('../fixtures/generate');
    const { fieldDef } = await import('../../src/engine/mapping/datasets');
    const dir = await mkdtemp(path.join(tmpdir(), 'kpiw-norm-'));
    const gen = await generateExports(dir, { seed: 5, rows: 60 });
    const engine = await Engine.create();
    for (const g of gen) await engine.openFile({ source: g.file, bytes: new Uint8Array(await readFile(g.file)) });
    const tables = await engine.listTables();
    const issues = await engine.setMapping({ version: 1, params: {}, tables: gen.map((g) => g.mapping) });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    // Independent readings of the canonical values.
    const epoch = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') / 1000;
    const dayOf = (s: string) => Math.floor(Date.parse(s.slice(0, 10) + 'T00:00:00Z') / 86_400_000);
    for (const g of gen) {
      const table = tables.find((t) => path.basename(t.source) === path.basename(g.file))!;
      if (g.mapping.fields.month === '*') {
        // Wide sheet: one normalized row per non-blank month cell.
        const wideAll = queryAll(engine.db, `SELECT name FROM sqlite_master WHERE name = 'n_mrr_snapshots__all'`).length > 0;
        const got = queryAll(engine.db, `SELECT customer_id, month, mrr FROM n_mrr_snapshots${wideAll ? '__all' : ''} WHERE _src = ? ORDER BY _row, month`, [table.name]);
        expect(got).toEqual(g.records.map((x) => ({ customer_id: x.customer_id, month: dayOf(String(x.month)), mrr: x.mrr })));
        continue;
      }
      // Two exports of one balance dataset: the KPIs read the source of truth, every export's rows
      // stay normalized in n_<dataset>__all (for reconciliation).
      const allSides = queryAll(engine.db, `SELECT name FROM sqlite_master WHERE name = ?`, [`n_${g.dataset}__all`]).length > 0;
      const rows = queryAll(engine.db, `SELECT * FROM n_${g.dataset}${allSides ? '__all' : ''} WHERE _src = ? ORDER BY _row`, [table.name]);
      expect({ file: g.file, n: rows.length }).toEqual({ file: g.file, n: g.records.length });
      g.records.forEach((rec, i) => {
        const row = rows[i]!;
        expect(row._row).toBe(table.headerRow + 1 + i);
        for (const [field, v] of Object.entries(rec)) {
          const def = fieldDef(g.dataset, field);
          if (!def || !(field in g.mapping.fields || field === 'mrr')) continue;
          const where = `${path.basename(g.file)} row ${i + 2} ${field}`;
          if (v === null) { expect({ where, v: row[field] }).toEqual({ where, v: null }); continue; }
          switch (def.kind) {
            case 'date': expect({ where, v: row[field] }).toEqual({ where, v: dayOf(String(v)) }); break;
            case 'datetime':
              expect({ where, v: row[field] }).toEqual({ where, v: epoch(String(v)) });
              expect({ where, v: row[`${field}_day`] }).toEqual({ where, v: dayOf(String(v)) });
              break;
            case 'amount': case 'number': case 'bool': expect({ where, v: row[field] }).toEqual({ where, v }); break;
            case 'id': expect({ where, v: row[field] }).toEqual({ where, v: String(v) }); break;
            default: break;
          }
        }
      });
    }
    // Survey types come from the mapping's table-level survey.
    expect(queryAll(engine.db, 'SELECT DISTINCT survey FROM n_survey_responses ORDER BY 1').map((r) => r.survey)).toEqual(['ces', 'csat', 'nps']);
    // Help-desk channel words are read as the FRT target channels.
    expect(queryAll(engine.db, "SELECT DISTINCT channel FROM n_tickets WHERE channel IS NOT NULL ORDER BY 1").map((r) => r.channel))
      .toEqual(['chat', 'email', 'phone', 'social', 'web_form']);
    // Thai refunds (negative amounts) are kept and flagged.
    const refunds = gen.find((g) => g.dataset === 'transactions')!.records.filter((r) => (r.amount as number) < 0).length;
    expect(issues.find((i) => i.code === 'returns_as_refunds')).toBeUndefined(); // already typed 'refund' in the file
    expect(queryAll(engine.db, "SELECT count(*) AS n FROM n_transactions WHERE type = 'refund'")[0]!.n).toBe(refunds);
  });

  it('text columns holding numbers and Jalali dates are parsed; scores out of scale are excluded and reported', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'nps_fa', [
      { name: 'امتیاز', type: 'text' }, { name: 'تاریخ', type: 'text' }, { name: 'نوع', type: 'text' },
    ], [
      ['۹', '۱۴۰۳/۰۴/۱۱', 'NPS'],
      ['10', '1403/04/12', 'nps'],
      ['۱۱', '۱۴۰۳/۰۴/۱۲', 'NPS'],
      ['6.5', '۱۴۰۳/۰۴/۱۳', 'NPS'],
      ['abc', '۱۴۰۳/۰۴/۱۳', 'NPS'],
      ['4', '1403/13/40', 'CSAT'],
      ['5', '۱۴۰۳/۰۱/۰۱', 'CSAT'],
    ]);
    const issues = applyMapping(db, [t], { version: 1, params: {}, tables: [{ source: 'nps_fa.csv', dataset: 'survey_responses', fields: { score: 'امتیاز', responded_at: 'تاریخ', survey: 'نوع' } }] });
    const rows = queryAll(db, 'SELECT _row, score, responded_at_day AS d, survey FROM n_survey_responses ORDER BY _row');
    expect(rows).toEqual([
      { _row: 2, score: 9, d: dayFromCalendarYmd(1403, 4, 11, 'persian'), survey: 'nps' },
      { _row: 3, score: 10, d: dayFromCalendarYmd(1403, 4, 12, 'persian'), survey: 'nps' },
      { _row: 8, score: 5, d: dayFromCalendarYmd(1403, 1, 1, 'persian'), survey: 'csat' },
    ]);
    expect(dayFromCalendarYmd(1403, 4, 11, 'persian')).toBe(day('2024-07-01'));
    const get = (code: string, column: string) => issues.find((i) => i.code === code && i.column === column);
    expect(get('invalid_value', 'امتیاز')).toMatchObject({ rows: [6], count: 1 });
    expect(get('invalid_value', 'تاریخ')).toMatchObject({ rows: [7], count: 1 });
    expect(get('score_out_of_scale', 'امتیاز')).toMatchObject({ rows: [4, 5], count: 2 });
  });

  it('tickets: elapsed minutes after creation become the first response; duplicates and resolution before creation reported', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'zd', [
      { name: 'Id', type: 'integer' }, { name: 'Created at', type: 'datetime' }, { name: 'Solved at', type: 'datetime' },
      { name: 'First reply time in minutes', type: 'integer' }, { name: 'Via', type: 'text' },
    ], [
      [1, '2024-03-01 23:50:00', '2024-03-02 10:00:00', 15, 'Web Form'],
      [2, '2024-03-02 09:00:00', '2024-03-01 10:00:00', null, 'email'],
      [2, '2024-03-03 09:00:00', null, 60, 'Phone call (incoming)'],
    ]);
    const issues = applyMapping(db, [t], { version: 1, params: {}, tables: [{ source: 'zd.csv', dataset: 'tickets', fields: {
      ticket_id: 'Id', created_at: 'Created at', resolved_at: 'Solved at', first_response_at: 'First reply time in minutes', channel: 'Via' } }] });
    const rows = queryAll(db, 'SELECT ticket_id, created_at, first_response_at, first_response_at_day AS frd, resolved_at, channel FROM n_tickets ORDER BY _row');
    const at = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') / 1000;
    expect(rows).toEqual([
      { ticket_id: '1', created_at: at('2024-03-01 23:50:00'), first_response_at: at('2024-03-02 00:05:00'), frd: day('2024-03-02'), resolved_at: at('2024-03-02 10:00:00'), channel: 'web_form' },
      { ticket_id: '2', created_at: at('2024-03-02 09:00:00'), first_response_at: null, frd: null, resolved_at: null, channel: 'email' },
      { ticket_id: '2', created_at: at('2024-03-03 09:00:00'), first_response_at: at('2024-03-03 10:00:00'), frd: day('2024-03-03'), resolved_at: null, channel: 'phone' },
    ]);
    expect(issues.find((i) => i.code === 'duplicate_id')).toMatchObject({ rows: [3, 4], count: 2 });
    expect(issues.find((i) => i.code === 'end_before_start')).toMatchObject({ column: 'Solved at', rows: [3] });
    expect(issues.find((i) => i.code === 'elapsed_time_field')?.message).toMatch(/minutes after created_at/);
  });

  it('online-retail style: amount = Quantity × UnitPrice; C-invoices and negative quantities flagged as returns; YYYYMMDD integers as dates', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'retail', [
      { name: 'InvoiceNo', type: 'text' }, { name: 'Quantity', type: 'integer' }, { name: 'InvoiceDate', type: 'datetime' },
      { name: 'UnitPrice', type: 'decimal' }, { name: 'CustomerID', type: 'integer' }, { name: 'Day', type: 'integer' },
    ], [
      ['536365', 6, '2010-12-01 08:26:00', 2.55, 17850, 20101201],
      ['C536379', -1, '2010-12-01 09:41:00', 27.5, 14527, 20101201],
      ['536380', -3, '2010-12-01 09:45:00', 1.25, 14527, 20101230],
      ['536381', 2, '2010-12-01 09:45:00', 1.25, null, 20100230],
    ]);
    const issues = applyMapping(db, [t], { version: 1, params: {}, tables: [{ source: 'retail.csv', dataset: 'transactions', fields: {
      order_id: 'InvoiceNo', amount: 'Quantity * UnitPrice', date: 'InvoiceDate', customer_id: 'CustomerID' } }] });
    expect(queryAll(db, 'SELECT order_id, customer_id, date, amount, type FROM n_transactions ORDER BY _row')).toEqual([
      { order_id: '536365', customer_id: '17850', date: day('2010-12-01'), amount: 6 * 2.55, type: null },
      { order_id: 'C536379', customer_id: '14527', date: day('2010-12-01'), amount: -1 * 27.5, type: 'refund' },
      { order_id: '536380', customer_id: '14527', date: day('2010-12-01'), amount: -3 * 1.25, type: 'refund' },
    ]);
    expect(issues.find((i) => i.code === 'returns_as_refunds')).toMatchObject({ rows: [3, 4], count: 2, severity: 'info' });
    expect(issues.find((i) => i.code === 'missing_value')).toMatchObject({ column: 'CustomerID', rows: [5], count: 1 });
    const t2 = createImportedTable(db, 'cd', [{ name: 'Column 1', type: 'integer' }, { name: 'Column 3', type: 'integer' }, { name: 'Column 5', type: 'decimal' }],
      [[4, 19970101, 29.33], [4, 19970230, 10], [5, 19971231, 5]]);
    const issues2 = applyMapping(db, [t2], { version: 1, params: {}, tables: [{ source: 'cd.csv', dataset: 'transactions', fields: { customer_id: 'Column 1', date: 'Column 3', amount: 'Column 5' } }] });
    expect(queryAll(db, 'SELECT customer_id, date FROM n_transactions ORDER BY _row')).toEqual([
      { customer_id: '4', date: day('1997-01-01') }, { customer_id: '5', date: day('1997-12-31') },
    ]);
    expect(issues2.find((i) => i.code === 'invalid_value')).toMatchObject({ column: 'Column 3', rows: [3] });
  });

  it('reports unknown tables/columns and wrong types, and drops n_* tables no longer mapped', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'x', [{ name: 'When', type: 'decimal' }, { name: 'Who', type: 'text' }], [[1.5, 'a']]);
    const issues = applyMapping(db, [t], { version: 1, params: {}, tables: [
      { source: 'x.csv', dataset: 'events', fields: { date: 'When', label: 'Nope' } },
      { source: 'missing.csv', dataset: 'costs', fields: {} },
    ] });
    expect(issues.map((i) => i.code).sort()).toEqual(['mapping_column_not_found', 'mapping_table_not_found', 'missing_required_field', 'missing_required_field', 'wrong_type']);
    expect(issues.find((i) => i.code === 'wrong_type')!.message).toMatch(/"When" holds decimal values but date needs a date/);
    expect(queryAll(db, "SELECT name FROM sqlite_master WHERE name = 'n_events'")).toHaveLength(1);
    applyMapping(db, [t], { version: 1, params: {}, tables: [] });
    expect(queryAll(db, "SELECT name FROM sqlite_master WHERE name = 'n_events'")).toHaveLength(0);
  });
});

describe('survey type', () => {
  it('is inferred from the score range (or header) when the mapping does not give it, and said so', async () => {
    const db = await openDatabase();
    const csat = createImportedTable(db, 'rating', [{ name: 'Rating', type: 'integer' }, { name: 'Date', type: 'date' }],
      [[5, '2024-01-01'], [1, '2024-01-02'], [4, '2024-01-03'], [6, '2024-01-04']]);
    const nps = createImportedTable(db, 'nps_survey', [{ name: 'How likely are you to recommend us?', type: 'integer' }, { name: 'Date', type: 'date' }],
      [[3, '2024-01-01'], [4, '2024-01-02']]);
    const issues = applyMapping(db, [csat, nps], { version: 1, params: {}, tables: [
      { source: 'rating.csv', dataset: 'survey_responses', fields: { score: 'Rating', responded_at: 'Date' } },
      { source: 'nps_survey.csv', dataset: 'survey_responses', fields: { score: 'How likely are you to recommend us?', responded_at: 'Date' } },
    ] });
    expect(queryAll(db, 'SELECT _src, survey, count(*) AS n FROM n_survey_responses GROUP BY 1, 2 ORDER BY 1')).toEqual([
      { _src: 'nps_survey', survey: 'nps', n: 2 },
      // 1–6 is no CSAT 1–5 and no CES beyond 7: read as CES 1–7.
      { _src: 'rating', survey: 'ces', n: 4 },
    ]);
    expect(issues.filter((i) => i.code === 'survey_type_inferred').map((i) => i.message)).toEqual([
      expect.stringMatching(/read as CES because its scores run 1–6/),
      expect.stringMatching(/read as NPS because the header/),
    ]);
  });
});

describe('wide MRR sheets ("month": "*")', () => {
  it('unpivots a column per month (English and Jalali headers) into customer-month rows', async () => {
    const { monthFromHeader } = await import('../../src/engine/mapping/glossary');
    expect(['2024-01', '01/2024', 'Jan 2024', 'Jan-24', 'January 2024', '2024年1月', '113年1月', 'فروردین ۱۴۰۳', 'ม.ค. 2567'].map(monthFromHeader)).toEqual([
      { y: 2024, m: 1, calendar: 'gregorian' }, { y: 2024, m: 1, calendar: 'gregorian' }, { y: 2024, m: 1, calendar: 'gregorian' },
      { y: 2024, m: 1, calendar: 'gregorian' }, { y: 2024, m: 1, calendar: 'gregorian' }, { y: 2024, m: 1, calendar: 'gregorian' },
      { y: 113, m: 1, calendar: 'roc' }, { y: 1403, m: 1, calendar: 'persian' }, { y: 2567, m: 1, calendar: 'buddhist' },
    ]);
    expect(['Customer', 'Total', '2024', 'Q1 2024'].map(monthFromHeader)).toEqual([null, null, null, null]);
    const db = await openDatabase();
    const t = createImportedTable(db, 'wide', [
      { name: 'Customer', type: 'text' }, { name: 'Plan', type: 'text' }, { name: 'Jan 2024', type: 'decimal' }, { name: 'Feb 2024', type: 'decimal' },
      { name: 'Mar 2024', type: 'decimal' }, { name: 'Total', type: 'decimal' },
    ], [['acme', 'Pro', 100, 120, null, 220], ['beta', 'Starter', null, 50, 50, 100]]);
    const { suggestMapping } = await import('../../src/engine/mapping/suggest');
    const s = suggestMapping(db, [t])[0]!;
    expect(s.dataset).toBe('mrr_snapshots');
    expect(Object.fromEntries(s.fields.map((f) => [f.field, f.column]))).toEqual({ customer_id: 'Customer', month: '*' });
    const issues = applyMapping(db, [t], { version: 1, params: {}, tables: [{ source: 'wide.csv', dataset: 'mrr_snapshots', fields: { customer_id: 'Customer', month: '*' } }] });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(queryAll(db, 'SELECT customer_id, month, mrr, _row FROM n_mrr_snapshots ORDER BY _row, month')).toEqual([
      { customer_id: 'acme', month: day('2024-01-01'), mrr: 100, _row: 2 },
      { customer_id: 'acme', month: day('2024-02-01'), mrr: 120, _row: 2 },
      { customer_id: 'beta', month: day('2024-02-01'), mrr: 50, _row: 3 },
      { customer_id: 'beta', month: day('2024-03-01'), mrr: 50, _row: 3 },
    ]);
    const none = createImportedTable(db, 'flat', [{ name: 'Customer', type: 'text' }, { name: 'Value', type: 'decimal' }], [['a', 1]]);
    const bad = applyMapping(db, [none], { version: 1, params: {}, tables: [{ source: 'flat.csv', dataset: 'mrr_snapshots', fields: { customer_id: 'Customer', month: '*' } }] });
    expect(bad.find((i) => i.code === 'mapping_column_not_found')!.message).toMatch(/wide sheet/);
  });
});
