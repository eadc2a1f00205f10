// `kpiw reconcile` through the built CLI: the --json shape of issue 11 and a workbook whose bridge
// totals are SUM formulas over the category rows. Expected numbers are worked out by hand below.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kpiw } from '../fixtures/cli';

describe('kpiw reconcile', () => {
  let dir: string;
  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'kpiw-reconcile-'));
    await writeFile(path.join(dir, 'billing.csv'), 'Customer ID,Email,MRR,Start Date,End Date\ncus_001,a@x.com,100,2024-01-01,\ncus_002,b@x.com,50,2024-01-01,\n'
      + 'cus_003,c@x.com,90,2024-01-01,2024-03-20\ncus_004,d@x.com,100,2024-01-01,\n=HYPERLINK("x"),e@x.com,10,2024-01-01,\n');
    await writeFile(path.join(dir, 'crm.csv'), 'Account,Email,MRR,Start Date,End Date\nCUS-001,a@x.com,100,2024-01-01,\nCRM9,B@x.com,45,2024-01-01,\n'
      + 'cus_003,c@x.com,90,2024-01-01,2024-04-10\ncus_004,d@x.com,1200,2024-01-01,\ncus_777,z@x.com,5,2024-02-01,\n');
  }, 120_000);
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('prints the bridge and customers in the issue\'s JSON shape and writes a traceable workbook', async () => {
    const out = path.join(dir, 'rec.xlsx');
    const r = await kpiw(['reconcile', path.join(dir, 'billing.csv'), path.join(dir, 'crm.csv'), '--as-of', '2024-03-31', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['period', 'left', 'right', 'bridge', 'customers', 'series', 'issues']);
    expect(j.period).toBe('2024-03-01');
    // Left at 2024-03-31: 100 + 50 + 100 + 10 (cus_003 cancelled 03-20) = 260; right: 100 + 45 + 90 + 1200 + 5 = 1440.
    expect(j.left).toMatchObject({ mrr: 260, customers: 4 });
    expect(j.right).toMatchObject({ mrr: 1440, customers: 5 });
    const bridge = Object.fromEntries(j.bridge.map((b: { category: string; difference: number }) => [b.category, b.difference]));
    expect(bridge).toEqual({ matched: 0, interval: 1100, amount: -5, timing: 90, only_left: -10, only_right: 5 });
    expect(j.customers.find((c: { left_id: string }) => c.left_id === 'cus_002')).toMatchObject({ right_id: 'CRM9', match: 'email', category: 'amount' });
    expect(j.series.map((s: { period: string }) => s.period)).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Bridge')!;
    let total: ExcelJS.Row | null = null;
    ws.eachRow((row) => { if (row.getCell(1).value === 'Total') total = row; });
    expect((total!.getCell(5).value as { formula: string }).formula).toBe('SUM(E6:E11)');
    const customers = wb.getWorksheet('Customers')!;
    const texts: unknown[] = [];
    customers.eachRow((row) => texts.push(row.getCell(1).value));
    expect(texts).toContain('\'=HYPERLINK("x")');
  }, 120_000);

  it('applies the matches made by hand that a mapping file keeps', async () => {
    const fields = (id: string) => ({ customer_id: id, email: 'Email', mrr: 'MRR', start_date: 'Start Date', end_date: 'End Date' });
    const map = path.join(dir, 'mapping.json');
    await writeFile(map, JSON.stringify({
      version: 1, params: {},
      tables: [{ source: 'billing.csv', dataset: 'subscriptions', fields: fields('Customer ID') }, { source: 'crm.csv', dataset: 'subscriptions', fields: fields('Account') }],
      reconciliations: [{ left: { source: 'billing.csv' }, right: { source: 'crm.csv' }, manual: [{ leftId: '=HYPERLINK("x")', rightId: 'cus_777' }] }],
    }));
    const r = await kpiw(['reconcile', path.join(dir, 'billing.csv'), path.join(dir, 'crm.csv'), '--map', map, '--as-of', '2024-03-31', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // The 10 only left and the 5 only right are now one customer, 10 against 5: an amount of −5 beside cus_002's −5.
    const bridge = Object.fromEntries(j.bridge.map((b: { category: string; difference: number }) => [b.category, b.difference]));
    expect(bridge).toEqual({ matched: 0, interval: 1100, amount: -10, timing: 90, only_left: 0, only_right: 0 });
    expect(j.customers.find((c: { right_id: string }) => c.right_id === 'cus_777')).toMatchObject({ left_id: '=HYPERLINK("x")', match: 'manual', category: 'amount' });
  }, 120_000);
});
