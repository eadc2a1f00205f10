// End to end on the shared real exports: import → auto-suggested mapping → normalized tables →
// metrics. Every expected number is computed here from the file itself (ExcelJS / plain text
// parsing), never taken from the engine.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { queryAll } from '../../src/engine/store/database';
import { mappingFromSuggestions } from '../../src/engine/mapping/suggest';
import { METRIC_BY_ID } from '../../src/engine/metrics/catalog';
import type { AnalysisOptions, AnalysisResult, MappingFile } from '../../src/shared/types';
import { DATASETS_DIR, hasDatasets } from '../realDatasets';

const DIR = DATASETS_DIR;

/** Imports one file and maps it the way `kpiw analyze` does without --map. */
async function openAndMap(file: string): Promise<{ engine: Engine; mapping: MappingFile }> {
  const engine = await Engine.create();
  const p = path.join(DIR, file);
  const res = await engine.openFile({ source: p, bytes: new Uint8Array(await readFile(p)) });
  expect(res.failures).toEqual([]);
  const mapping = mappingFromSuggestions(await engine.suggestMapping(), { version: 1, tables: [], params: {} }, 0.25);
  await engine.setMapping(mapping);
  return { engine, mapping };
}

const dayOfDate = (d: Date) => Math.floor(d.getTime() / 86_400_000);
const isoOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

describe.runIf(hasDatasets('datasets-analyze', 'online-retail-40k.xlsx'))('online-retail-40k.xlsx as transactions', () => {
  interface Line { invoice: string; qty: number; date: Date; price: number; customer: string | null; row: number }
  const lines: Line[] = [];
  let engine: Engine;
  let result: AnalysisResult;
  let mapping: MappingFile;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(DIR, 'online-retail-40k.xlsx'));
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (name: string) => header.indexOf(name);
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      const cust = v[col('CustomerID')];
      lines.push({
        invoice: String(v[col('InvoiceNo')]), qty: Number(v[col('Quantity')]), date: v[col('InvoiceDate')] as Date,
        price: Number(v[col('UnitPrice')]), customer: cust == null || cust === '' ? null : String(cust), row: n,
      });
    });
    ({ engine, mapping } = await openAndMap('online-retail-40k.xlsx'));
    result = await engine.computeMetrics({ params: { business_model: 'one_off' } });
  }, 120_000);

  it('maps CustomerID, InvoiceDate, Quantity × UnitPrice and InvoiceNo', () => {
    expect(mapping.tables).toEqual([{ source: 'online-retail-40k.xlsx', sheet: 'Sheet1', dataset: 'transactions',
      fields: { customer_id: 'CustomerID', date: 'InvoiceDate', amount: 'Quantity * UnitPrice', order_id: 'InvoiceNo' } }]);
  });

  it('excludes lines without a customer and says so; keeps cancellations and returns as refunds and says so', () => {
    const noCustomer = lines.filter((l) => l.customer === null);
    const kept = lines.filter((l) => l.customer !== null);
    const returns = kept.filter((l) => l.invoice.startsWith('C') || l.qty * l.price < 0);
    expect(lines.length).toBe(40_000);
    const missing = result.issues.find((i) => i.code === 'missing_value' && i.column === 'CustomerID')!;
    expect(missing.count).toBe(noCustomer.length);
    expect(missing.rows).toEqual(noCustomer.slice(0, 5).map((l) => l.row));
    const refunds = result.issues.find((i) => i.code === 'returns_as_refunds')!;
    expect(refunds.count).toBe(returns.length);
    expect(refunds.message).toMatch(/returns or cancellations.*starting with C.*refund/);
    const n = queryAll(engine.db, "SELECT count(*) AS n, sum(type = 'refund') AS r, sum(amount) AS s FROM n_transactions")[0]!;
    expect(n.n).toBe(kept.length);
    expect(n.r).toBe(returns.length);
    expect(n.s as number).toBeCloseTo(kept.reduce((a, l) => a + l.qty * l.price, 0), 4);
  });

  it('takes the latest invoice date as the as-of date and cuts months over the whole range', () => {
    const kept = lines.filter((l) => l.customer !== null);
    const days = kept.map((l) => dayOfDate(l.date));
    expect(result.asOf).toBe(isoOfDay(Math.max(...days)));
    expect(result.asOf).toBe('2011-12-09');
    const withSeries = result.metrics.find((m) => m.status === 'ok' && m.series.length > 0);
    if (withSeries) expect(withSeries.series[0]!.period).toBe(isoOfDay(Math.min(...days)).slice(0, 7));
  });

  it('subscription metrics report their missing inputs', () => {
    const mrr = result.metrics.find((m) => m.id === 'mrr')!;
    expect(mrr.status).toBe('missing_inputs');
    expect(mrr.missing).toEqual(expect.arrayContaining(['subscriptions.customer_id']));
  });

  const purchasesReady = METRIC_BY_ID.has('repurchase_rate') && METRIC_BY_ID.has('avg_purchase_value');
  it.skipIf(!purchasesReady)('purchase metrics: repurchase rate and average purchase value of the current month', () => {
    // METRICS.md §4.3 over the current period (2011-12): purchases are orders (invoices), returns
    // (type refund) are not purchases; repurchase = customers with ≥ 2 purchases ÷ with ≥ 1.
    const dec = lines.filter((l) => l.customer !== null && l.date.toISOString().startsWith('2011-12'));
    const purchases = dec.filter((l) => !(l.invoice.startsWith('C') || l.qty * l.price < 0));
    const orders = new Map<string, { customer: string; amount: number }>();
    for (const l of purchases) {
      const o = orders.get(l.invoice) ?? { customer: l.customer!, amount: 0 };
      o.amount += l.qty * l.price;
      orders.set(l.invoice, o);
    }
    const perCustomer = new Map<string, number>();
    for (const o of orders.values()) perCustomer.set(o.customer, (perCustomer.get(o.customer) ?? 0) + 1);
    const repurchase = [...perCustomer.values()].filter((k) => k >= 2).length / perCustomer.size;
    const rep = result.metrics.find((m) => m.id === 'repurchase_rate')!;
    expect(rep.status).toBe('ok');
    expect(rep.period).toBe('2011-12');
    expect(rep.value).toBeCloseTo(repurchase, 9);
    const apv = result.metrics.find((m) => m.id === 'avg_purchase_value')!;
    const revenue = [...orders.values()].reduce((a, o) => a + o.amount, 0);
    expect(apv.value).toBeCloseTo(revenue / orders.size, 6);
  });

  it.skipIf(!purchasesReady)('compares December 1–9 like for like with November 1–9 and December 1–9 of 2010', () => {
    // The same reference as above over a range of days (ISO, inclusive).
    const ref = (from: string, to: string) => {
      const orders = new Map<string, { customer: string; amount: number }>();
      for (const l of lines) {
        const day = l.date.toISOString().slice(0, 10);
        if (l.customer === null || day < from || day > to || l.invoice.startsWith('C') || l.qty * l.price < 0) continue;
        const o = orders.get(l.invoice) ?? { customer: l.customer, amount: 0 };
        o.amount += l.qty * l.price;
        orders.set(l.invoice, o);
      }
      const perCustomer = new Map<string, number>();
      for (const o of orders.values()) perCustomer.set(o.customer, (perCustomer.get(o.customer) ?? 0) + 1);
      const revenue = [...orders.values()].reduce((a, o) => a + o.amount, 0);
      return { repurchase: [...perCustomer.values()].filter((k) => k >= 2).length / perCustomer.size, apv: revenue / orders.size };
    };
    const rep = result.metrics.find((m) => m.id === 'repurchase_rate')!;
    expect(rep.periodProgress).toEqual({ elapsedDays: 9, totalDays: 31, partial: true });
    expect(rep.comparisons?.previous).toMatchObject({ period: '2011-11', from: '2011-11-01', to: '2011-11-09', partial: true });
    expect(rep.comparisons!.previous!.value).toBeCloseTo(ref('2011-11-01', '2011-11-09').repurchase, 9);
    expect(rep.comparisons?.yoy).toMatchObject({ period: '2010-12', from: '2010-12-01', to: '2010-12-09', partial: true });
    expect(rep.comparisons!.yoy!.value).toBeCloseTo(ref('2010-12-01', '2010-12-09').repurchase, 9);
    // The whole of November (the comparison the card used to make) is a different number.
    expect(Math.abs(ref('2011-11-01', '2011-11-30').repurchase - rep.comparisons!.previous!.value!)).toBeGreaterThan(0.01);
    const apv = result.metrics.find((m) => m.id === 'avg_purchase_value')!;
    expect(apv.comparisons!.previous!.value).toBeCloseTo(ref('2011-11-01', '2011-11-09').apv, 6);
  });
});

describe.runIf(hasDatasets('datasets-analyze', 'cdnow-sample.txt'))('cdnow-sample.txt as transactions (headerless, from value profiles)', () => {
  const purchases: Array<{ id: string; day: number; cds: number; dollars: number }> = [];
  let engine: Engine;
  let result: AnalysisResult;
  let mapping: MappingFile;

  beforeAll(async () => {
    const text = await readFile(path.join(DIR, 'cdnow-sample.txt'), 'utf8');
    for (const line of text.split(/\r?\n/)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 5) continue;
      const [id, , ymd, cds, dollars] = f as [string, string, string, string, string];
      purchases.push({ id: String(Number(id)), day: Math.floor(Date.UTC(+ymd.slice(0, 4), +ymd.slice(4, 6) - 1, +ymd.slice(6, 8)) / 86_400_000), cds: +cds, dollars: +dollars });
    }
    ({ engine, mapping } = await openAndMap('cdnow-sample.txt'));
    const options: AnalysisOptions = { params: { business_model: 'one_off' } };
    result = await engine.computeMetrics(options);
  }, 120_000);

  it('maps master id, date and dollars; every purchase lands with its day and amount', () => {
    expect(mapping.tables).toEqual([{ source: 'cdnow-sample.txt', dataset: 'transactions', fields: { customer_id: 'Column 1', date: 'Column 3', amount: 'Column 5' } }]);
    expect(purchases.length).toBe(6919);
    const rows = queryAll(engine.db, 'SELECT customer_id, date, amount FROM n_transactions ORDER BY _row');
    expect(rows.length).toBe(purchases.length);
    // Ids keep the file's text ("00004"): compare as numbers.
    rows.forEach((r, i) => {
      const p = purchases[i]!;
      expect([Number(r.customer_id), r.date, r.amount]).toEqual([Number(p.id), p.day, p.dollars]);
    });
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(2357);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('as-of is the last purchase day (1998-06-30)', () => {
    expect(result.asOf).toBe(isoOfDay(Math.max(...purchases.map((p) => p.day))));
  });

  const clvReady = METRIC_BY_ID.has('avg_purchase_value') && METRIC_BY_ID.has('purchase_frequency');
  it.skipIf(!clvReady)('purchase CLV inputs over the current month', () => {
    const from = Date.UTC(1998, 5, 1) / 86_400_000, to = Date.UTC(1998, 6, 1) / 86_400_000;
    const june = purchases.filter((p) => p.day >= from && p.day < to);
    const buyers = new Set(june.map((p) => p.id));
    const apv = result.metrics.find((m) => m.id === 'avg_purchase_value')!;
    // Without an order id every line is one purchase.
    expect(apv.value).toBeCloseTo(june.reduce((a, p) => a + p.dollars, 0) / june.length, 6);
    const freq = result.metrics.find((m) => m.id === 'purchase_frequency')!;
    expect(freq.value).toBeCloseTo(june.length / buyers.size, 9);
  });
});

describe.runIf(hasDatasets('datasets-analyze', 'telco-customer-churn.csv'))('telco-customer-churn.csv as a customer snapshot (values: customers-snapshot.test.ts)', () => {
  let result: AnalysisResult;
  let mapping: MappingFile;
  beforeAll(async () => {
    let engine: Engine;
    ({ engine, mapping } = await openAndMap('telco-customer-churn.csv'));
    result = await engine.computeMetrics({});
  }, 120_000);

  it('maps itself to customers with no help; the snapshot date is the as-of date, said to be today', () => {
    expect(mapping.tables).toHaveLength(1);
    expect(mapping.tables[0]).toMatchObject({ source: 'telco-customer-churn.csv', dataset: 'customers' });
    expect(result.issues.some((i) => i.code === 'as_of_today')).toBe(true);
  });

  it('computes the snapshot metrics; history metrics name what to map', () => {
    for (const id of ['snapshot_churn_rate', 'snapshot_mrr', 'snapshot_arpa', 'snapshot_clv', 'snapshot_avg_tenure']) {
      const m = result.metrics.find((x) => x.id === id)!;
      expect({ id, status: m.status }).toEqual({ id, status: 'ok' });
    }
    const mrr = result.metrics.find((m) => m.id === 'mrr')!;
    expect(mrr.status).toBe('missing_inputs');
    expect(mrr.missing).toEqual(expect.arrayContaining(['subscriptions.customer_id']));
    expect(result.metrics.find((m) => m.id === 'nps')!.missing).toEqual(expect.arrayContaining(['survey_responses.score']));
  });
});

describe('generated exports of every dataset kind, all at once', () => {
  let result: AnalysisResult;
  let engine: Engine;
  let gen: import('../fixtures/generate').GeneratedExport[];
  beforeAll(async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { generateExports } = await import('../fixtures/generate');
    gen = await generateExports(await mkdtemp(path.join(tmpdir(), 'kpiw-all-')), { seed: 21, rows: 250 });
    engine = await Engine.create();
    for (const g of gen) await engine.openFile({ source: g.file, bytes: new Uint8Array(await readFile(g.file)) });
    // The auto-suggested mapping, as `kpiw analyze` without --map.
    const mapping = mappingFromSuggestions(await engine.suggestMapping(), { version: 1, tables: [], params: {} }, 0.25);
    expect(mapping.tables.length).toBe(gen.length);
    // The Stripe and the Persian subscription exports hold different customers (parts of one
    // book): added together by choice — without it the first alone would be used.
    await engine.setMapping({ ...mapping, sourceOfTruth: { subscriptions: { source: '*' } } });
    result = await engine.computeMetrics({ asOf: '2024-06-30' });
  }, 180_000);

  const recs = (ds: string, pred: (g: import('../fixtures/generate').GeneratedExport) => boolean = () => true) =>
    gen.filter((g) => g.dataset === ds && pred(g)).flatMap((g) => g.records);
  const inJune = (v: unknown) => typeof v === 'string' && v.startsWith('2024-06');
  const metric = (id: string) => result.metrics.find((m) => m.id === id)!;

  it('computes every family without failures', () => {
    expect(result.issues.filter((i) => i.code === 'metric_failed')).toEqual([]);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const okFamilies = new Set(result.metrics.filter((m) => m.status === 'ok').map((m) => m.family));
    expect([...okFamilies].sort()).toEqual(['health', 'purchases', 'revenue', 'support', 'surveys', 'usage', 'value']);
  });

  it('support and survey values match plain-JS counts over the generated records', () => {
    const tickets = recs('tickets').filter((t) => inJune(t.created_at));
    expect(metric('ticket_volume').value).toBe(tickets.length);
    const calls = recs('calls').filter((c) => inJune(c.received_at));
    expect(metric('answered_call_rate').value).toBeCloseTo(calls.filter((c) => c.answered === 1).length / calls.length, 12);
    const csat = recs('survey_responses', (g) => g.mapping.survey === 'csat').filter((x) => inJune(x.responded_at)).map((x) => x.score as number);
    expect(metric('csat').value).toBeCloseTo(csat.filter((s) => s >= 4).length / csat.length, 12);
    const ces = recs('survey_responses', (g) => g.mapping.survey === 'ces').filter((x) => inJune(x.responded_at)).map((x) => x.score as number);
    expect(metric('ces').value).toBeCloseTo(ces.reduce((a, b) => a + b, 0) / ces.length, 12);
    const due = recs('renewals').filter((r) => inJune(r.due_date));
    expect(metric('renewal_rate').value).toBeCloseTo(due.filter((r) => r.renewed === 1).length / due.length, 12);
  });

  it('MRR unions the Stripe and Persian subscription exports (amounts ÷ interval, Jalali dates)', () => {
    const last = Math.floor(Date.UTC(2024, 5, 30) / 86_400_000);
    const day = (s: unknown) => Math.floor(Date.parse(`${s}T00:00:00Z`) / 86_400_000);
    const mrr = recs('subscriptions')
      .filter((s) => day(s.start_date) <= last && (s.end_date === null || day(s.end_date) > last))
      .reduce((a, s) => a + (s.mrr as number), 0);
    expect(metric('mrr').value).toBeCloseTo(mrr, 4);
  });

  it('drills down from a value to its source rows', async () => {
    const g = gen.find((x) => x.mapping.survey === 'nps')!;
    const june = g.records.map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => inJune(r.responded_at)).map(({ row }) => row);
    const page = await engine.drillDown({ metric: 'nps', period: '2024-06', options: { asOf: '2024-06-30' } }, { offset: 0, limit: 1000 });
    expect(path.basename((await engine.listTables()).find((t) => t.name === page.table)!.source)).toBe(path.basename(g.file));
    expect(page.total).toBe(june.length);
    expect(page.rows.map((r) => r[0])).toEqual(june);
  });
});
