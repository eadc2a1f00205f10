import { describe, expect, it } from 'vitest';
import { openDatabase, queryAll } from '../../src/engine/store/database';
import { applyMapping } from '../../src/engine/mapping/normalize';
import { dayFromIso, dayFromCalendarYmd } from '../../src/engine/metrics/periods';
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
