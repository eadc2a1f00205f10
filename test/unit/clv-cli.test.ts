// `kpiw clv` through the built CLI on the CDNOW 1/10 sample, rewritten as a CSV with headers in a
// temporary folder (the dataset itself is whitespace-separated without a header): the JSON shape
// of issue 12 and the published BG/NBD and Gamma-Gamma parameters.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kpiw } from '../fixtures/cli';
import { DATASETS_DIR, hasDatasets } from '../realDatasets';
import { translate } from '../../src/shared/i18n';

const DATASETS = DATASETS_DIR;
const CDNOW = path.join(DATASETS, 'cdnow-sample.txt');

describe.runIf(hasDatasets('clv-cli', 'cdnow-sample.txt'))('kpiw clv (built CLI) on CDNOW', () => {
  let csv: string;
  let map: string;
  beforeAll(async () => {
    await buildCli();
    const dir = await mkdtemp(path.join(tmpdir(), 'kpiw-clv-'));
    const lines = readFileSync(CDNOW, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
      const [, id, d, , amount] = l.trim().split(/\s+/);
      return `C${id},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)},${amount}`;
    });
    csv = path.join(dir, 'cdnow.csv');
    await writeFile(csv, ['customer,order_date,amount', ...lines].join('\n') + '\n');
    map = path.join(dir, 'map.json');
    await writeFile(map, JSON.stringify({ version: 1, tables: [{ source: 'cdnow.csv', dataset: 'transactions', fields: { customer_id: 'customer', date: 'order_date', amount: 'amount' } }], params: {} }));
  }, 120_000);

  it('prints the JSON of issue 12 with the published parameters', async () => {
    const r = await kpiw(['clv', csv, '--map', map, '--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30', '--time-unit', 'week', '--horizon', '39', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['model', 'params', 'logLikelihood', 'stdErrors', 'converged', 'gammaGamma', 'customers', 'holdout', 'perCustomer']);
    expect(out.model).toBe('bg_nbd');
    expect(out.converged).toBe(true);
    expect(out.customers).toBe(2357);
    expect(out.params.r.toPrecision(3)).toBe('0.243');
    expect(out.params.alpha.toPrecision(3)).toBe('4.41');
    expect(out.params.a.toPrecision(3)).toBe('0.793');
    expect(out.params.b.toPrecision(3)).toBe('2.43');
    expect(out.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(out.gammaGamma.p.toPrecision(3)).toBe('6.25');
    expect(out.gammaGamma.q.toPrecision(3)).toBe('3.74');
    expect(out.gammaGamma.v.toPrecision(4)).toBe('15.44');
    expect(Object.keys(out.holdout)).toEqual(['actual', 'predicted', 'mae']);
    expect(out.holdout.actual).toBe(1882);
    expect(out.perCustomer).toHaveLength(2357);
    expect(Object.keys(out.perCustomer[0])).toEqual(['customer_id', 'frequency', 'recency', 'T', 'p_alive', 'expected_purchases', 'expected_value', 'clv']);
  }, 120_000);

  it('the report has a CLV sheet with the parameters, the variants and one row per customer', async () => {
    const out = path.join(path.dirname(csv), 'report.xlsx');
    const r = await kpiw(['report', csv, '--map', map, '--as-of', '1997-09-30', '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('CLV')!;
    expect(ws).toBeDefined();
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const byLabel = (label: string) => rows.find((x) => x[0] === label)!;
    // as-of 1997-09-30 is the calibration end of FHL 2005, but T counts from each first purchase to it:
    // the same fit as the published one
    expect(Number((byLabel('BG/NBD r')[1] as number).toPrecision(3))).toBe(0.243);
    expect(Number((byLabel('Gamma-Gamma p')[1] as number).toPrecision(3))).toBe(6.25);
    for (const label of ['ARPA ÷ churn', 'ARPA × margin ÷ churn', 'Order value × frequency × lifespan', 'BG/NBD + Gamma-Gamma (mean per customer)']) {
      expect(byLabel(label)).toBeDefined();
    }
    const header = rows.findIndex((x) => x[0] === 'Customer');
    expect(rows.length - header - 1).toBe(2357);
  }, 120_000);

  it('kpiw report --lang fa writes the CLV sheet in Persian: labels, headers and notes from the resource files', async () => {
    const out = path.join(path.dirname(csv), 'report-fa.xlsx');
    const r = await kpiw(['report', csv, '--map', map, '--as-of', '1997-09-30', '--lang', 'fa', '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet(translate('fa', 'report.sheet.clv'))!;
    expect(ws.views[0]?.rightToLeft).toBe(true);
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.findIndex((x) => x[0] === translate('fa', 'clvModel.customer'));
    expect(header).toBeGreaterThan(0);
    expect(rows[header]).toContain(translate('fa', 'clvModel.expectedPurchases'));
    expect(rows.length - header - 1).toBe(2357);
    expect(rows.find((x) => x[0] === translate('fa', 'report.clv.parameter'))).toBeDefined();
    expect(rows.find((x) => x[0] === translate('fa', 'clvModel.variantLabel.bg_nbd.arpa_churn'))).toBeDefined();
    // Texts written by us (not data, ids or model parameter names) hold no English words.
    const ours = rows.slice(0, header + 1).flat().filter((v): v is string => typeof v === 'string')
      .filter((v) => !/^(BG\/NBD|Gamma-Gamma|sBG) [a-z]+$|^S\(\d+\)$|^(alpha|beta)$/.test(v));
    const english = ours.filter((v) => /\b(?!CLV|ARPA|MAE|BG|NBD|T\b|P\b)[A-Za-z]{3,}\b/.test(v.replace(/[a-z_]+ = /g, '')));
    expect(english).toEqual([]);
  }, 120_000);

  it('refuses a holdout end before the calibration end and unknown models', async () => {
    const r = await kpiw(['clv', csv, '--map', map, '--calibration-end', '1997-09-30', '--holdout-end', '1997-06-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holdout end \(1997-06-30\) must be after the calibration end \(1997-09-30\)/);
    const m = await kpiw(['clv', csv, '--model', 'pareto_nbd']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--model must be bg_nbd/);
  }, 120_000);
});

describe('kpiw clv --model sbg (built CLI) on the Fader & Hardie (2007) segments', () => {
  let csv: string;
  let map: string;
  // FH 2007 Table 1: survivors per 1,000 at yearly renewals 0–7
  const segments = { regular: [1000, 631, 468, 382, 326, 289, 262, 241], high_end: [1000, 869, 743, 653, 593, 551, 517, 491] };
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  const start = Date.UTC(2010, 0, 1) / 86_400_000;
  beforeAll(async () => {
    await buildCli();
    const dir = await mkdtemp(path.join(tmpdir(), 'kpiw-sbg-'));
    const lines: string[] = [];
    for (const [plan, s] of Object.entries(segments)) {
      let n = 0;
      // a customer who left at renewal t paid t years: the end date falls inside year t
      for (let t = 1; t < s.length; t++) for (let k = 0; k < s[t - 1] - s[t]; k++) lines.push(`${plan}-${n++},${plan},${iso(start)},${iso(start + Math.round((t - 1) * 365.25) + 100)},10`);
      for (let k = 0; k < s[s.length - 1]; k++) lines.push(`${plan}-${n++},${plan},${iso(start)},,10`);
    }
    csv = path.join(dir, 'subs.csv');
    await writeFile(csv, ['customer,plan,start,end,mrr', ...lines].join('\n') + '\n');
    map = path.join(dir, 'map.json');
    await writeFile(map, JSON.stringify({ version: 1, tables: [{ source: 'subs.csv', dataset: 'subscriptions', fields: { customer_id: 'customer', plan: 'plan', start_date: 'start', end_date: 'end', mrr: 'mrr' } }], params: {} }));
  }, 120_000);

  it('recovers the published α, β per segment; JSON of issue 12 with alpha, beta', async () => {
    // as of 7 years and 10 days after the start: survivors have made 7 renewals
    const r = await kpiw(['clv', csv, '--map', map, '--model', 'sbg', '--period', 'year', '--as-of', iso(start + Math.round(7 * 365.25) + 10), '--discount', '0.1', '--json']);
    // the import notes the blank end dates of active subscriptions; no fit problem
    expect(r.stderr).not.toMatch(/converge/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['model', 'params', 'logLikelihood', 'stdErrors', 'converged', 'gammaGamma', 'customers', 'holdout', 'perCustomer']);
    expect(out.model).toBe('sbg');
    expect(Object.keys(out.params)).toEqual(['alpha', 'beta']);
    expect(out.customers).toBe(2000);
    const text = await kpiw(['clv', csv, '--map', map, '--model', 'sbg', '--period', 'year', '--as-of', iso(start + Math.round(7 * 365.25) + 10)]);
    expect(text.stdout).toMatch(/regular: 1000 customers, alpha = 0\.704 \(± [\d.]+\) {2}beta = 1\.182/);
    expect(text.stdout).toMatch(/high_end: 1000 customers, alpha = 0\.668 \(± [\d.]+\) {2}beta = 3\.806/);
    // an active high-end customer after 7 renewals: CLV = 12 × 10 × DERL, DERL by its closed form
    const c = out.perCustomer.find((x: { customer_id: string }) => x.customer_id === 'high_end-999');
    expect(c.frequency).toBe(7);
    const a = 0.668, b = 3.806, n = 7 + 1;
    let hyp = 1, term = 1;
    for (let k = 0; k < 5000; k++) { term *= ((1 + k) * (b + n + k)) / ((a + b + n + k) * (k + 1)) / 1.1; hyp += term; }
    expect(c.clv / (120 * ((b + n - 1) / (a + b + n - 1)) * hyp)).toBeCloseTo(1, 2);
  }, 120_000);

  it('BG/NBD on subscriptions only says which dataset it needs', async () => {
    const r = await kpiw(['clv', csv, '--map', map]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/predictive CLV needs the transactions dataset with customer_id, date, amount mapped/);
  }, 120_000);
});
