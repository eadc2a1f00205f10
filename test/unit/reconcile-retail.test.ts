// The real export: online-retail-40k.xlsx (left) reconciled with a CSV copy (right) that has
// planted edits — a prefixed id, an amount typed ×12, a changed price, a customer dropped and a
// customer's month moved to the previous month's last day. Expected values come from the
// workbook's rows read independently with ExcelJS.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import type { ReconcileResult } from '../../src/shared/api';
import { DATASETS_DIR, hasDatasets } from '../realDatasets';

const DIR = DATASETS_DIR;
const DAY = 86_400_000;
interface Line { invoice: string; code: string; qty: number; date: Date; price: number; customer: string }

const month = (d: Date) => d.toISOString().slice(0, 7);
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe.runIf(hasDatasets('reconcile-retail', 'online-retail-40k.xlsx'))('online-retail-40k.xlsx vs an edited copy', () => {
  let res: ReconcileResult;
  const plants: Record<string, string> = {};
  let leftTotal = 0;
  let rightTotal = 0;
  let asOfMonth = '';

  beforeAll(async () => {
    const file = path.join(DIR, 'online-retail-40k.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (n: string) => header.indexOf(n);
    const lines: Line[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      const c = v[col('CustomerID')];
      if (c == null || c === '') return;
      lines.push({ invoice: String(v[col('InvoiceNo')]), code: String(v[col('StockCode')] ?? ''), qty: Number(v[col('Quantity')]), date: v[col('InvoiceDate')] as Date, price: Number(v[col('UnitPrice')]), customer: String(c) });
    });
    asOfMonth = month(lines.reduce((a, l) => (l.date > a ? l.date : a), lines[0]!.date));
    // Customers with positive revenue in the as-of month only on lines of that month, by total.
    const inMonth = new Map<string, number>();
    for (const l of lines) if (month(l.date) === asOfMonth) inMonth.set(l.customer, (inMonth.get(l.customer) ?? 0) + l.qty * l.price);
    const candidates = [...inMonth].filter(([, v]) => v > 50).map(([c]) => c).sort();
    const [pre, annual, price, dropped, moved] = candidates;
    Object.assign(plants, { [pre!]: 'matched', [annual!]: 'interval', [price!]: 'amount', [dropped!]: 'only_left', [moved!]: 'timing' });
    const monthStart = new Date(`${asOfMonth}-01T00:00:00Z`).getTime();
    const right: Line[] = [];
    for (const l of lines) {
      const inAsOf = month(l.date) === asOfMonth;
      if (l.customer === dropped) continue;
      let r = { ...l };
      if (l.customer === pre) r = { ...r, customer: `CUS_${l.customer}` };
      if (l.customer === annual && inAsOf) r = { ...r, price: l.price * 12 };
      if (l.customer === price && inAsOf) r = { ...r, price: l.price * 0.8 };
      if (l.customer === moved && inAsOf) r = { ...r, date: new Date(monthStart - DAY + 12 * 3600_000) };
      right.push(r);
    }
    for (const l of lines) if (month(l.date) === asOfMonth) leftTotal += l.qty * l.price;
    for (const l of right) if (month(l.date) === asOfMonth) rightTotal += l.qty * l.price;
    const csv = ['InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID',
      ...right.map((l) => [l.invoice, l.code, l.qty, l.date.toISOString().slice(0, 19).replace('T', ' '), l.price, l.customer].map((x) => csvCell(String(x))).join(','))].join('\n');

    const engine = await Engine.create();
    await engine.openFile({ source: file, bytes: new Uint8Array(await readFile(file)) });
    await engine.openFile({ source: 'retail-copy.csv', bytes: new TextEncoder().encode(csv) });
    const tables = await engine.listTables();
    const fields = { customer_id: 'CustomerID', date: 'InvoiceDate', amount: 'Quantity * UnitPrice', order_id: 'InvoiceNo' };
    await engine.setMapping({ version: 1, params: {}, tables: [
      { source: 'online-retail-40k.xlsx', sheet: tables[0]!.sheet, dataset: 'transactions', fields },
      { source: 'retail-copy.csv', dataset: 'transactions', fields },
    ] });
    res = await engine.reconcile({ left: tables[0]!.name, right: tables[1]!.name });
  }, 120_000);

  it('reconciles the as-of month, each planted edit in its category, the rest matched', () => {
    expect(res.period.slice(0, 7)).toBe(asOfMonth);
    expect(res.left.mrr).toBeCloseTo(leftTotal, 4);
    expect(res.right.mrr).toBeCloseTo(rightTotal, 4);
    const sum = res.bridge.reduce((a, b) => a + b.difference, 0);
    expect(sum).toBeCloseTo(rightTotal - leftTotal, 4);
    for (const [c, cat] of Object.entries(plants)) {
      const line = res.customers.find((x) => x.left_id === c)!;
      expect({ c, cat: line.category }).toEqual({ c, cat });
    }
    expect(res.customers.find((x) => x.left_id === Object.keys(plants)[0])!.match).toBe('normalized_id');
    const others = res.customers.filter((x) => !(x.left_id! in plants));
    expect(others.every((x) => x.category === 'matched')).toBe(true);
    expect(res.bridge.find((b) => b.category === 'matched')!.customers).toBe(others.length + 1);
    expect(res.series.length).toBeGreaterThan(1);
  });

  it('gives each customer its source rows on both sides', () => {
    const i = res.customers.findIndex((x) => plants[x.left_id ?? ''] === 'amount');
    expect(res.rows[i]!.left.length).toBeGreaterThan(0);
    expect(res.rows[i]!.right.length).toBe(res.rows[i]!.left.length);
  });
});
