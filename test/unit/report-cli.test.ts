// `kpiw report`, `kpiw export` and `kpiw analyze --save / --workspace` through the built CLI, on
// generated exports and a shared dataset. Values are compared with an independent computation.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kpiw } from '../fixtures/cli';
import { generateExports, type GeneratedExport } from '../fixtures/generate';
import { datasetPath, hasDatasets } from '../realDatasets';
import th from '../../src/shared/i18n/th.json';
import zhHant from '../../src/shared/i18n/zh-Hant.json';
import fa from '../../src/shared/i18n/fa.json';

const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

const TELCO = datasetPath('telco-customer-churn.csv');


describe('kpiw report / export / workspaces (built CLI)', () => {
  let gen: GeneratedExport[];
  let dir: string;
  let mapFile: string;

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'kpiw-report-cli-'));
    gen = (await generateExports(dir, { seed: 11, rows: 120 })).filter((g) => ['subscriptions', 'tickets', 'survey_responses'].includes(g.dataset));
    mapFile = path.join(dir, 'map.json');
    await writeFile(mapFile, JSON.stringify({ version: 1, tables: gen.map((g) => g.mapping), params: {} }));
  }, 120_000);

  it('analyze --save, then --workspace with the sources gone, gives the same metrics', async () => {
    const ws = path.join(dir, 'ws.kpiw');
    const copies: string[] = [];
    for (const g of gen) {
      const copy = path.join(dir, `copy-${path.basename(g.file)}`);
      await writeFile(copy, await readFile(g.file));
      copies.push(copy);
    }
    const map = { version: 1, tables: gen.map((g) => ({ ...g.mapping, source: `copy-${g.mapping.source}` })), params: { 'churn.variant': 'inclusive' } };
    const copyMap = path.join(dir, 'copy-map.json');
    await writeFile(copyMap, JSON.stringify(map));
    const first = await kpiw(['analyze', ...copies, '--map', copyMap, '--json', '--save', ws]);
    expect(first.code, first.stderr).toBe(0);
    expect((await stat(ws)).size).toBeGreaterThan(0);
    for (const c of copies) await rm(c);
    const again = await kpiw(['analyze', '--workspace', ws, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const a = JSON.parse(first.stdout);
    const b = JSON.parse(again.stdout);
    expect(b.asOf).toBe(a.asOf);
    expect(b.mapping).toEqual(a.mapping);
    const pick = (x: { metrics: Array<{ id: string; status: string; value: unknown; series: unknown }> }) => x.metrics.map((m) => [m.id, m.status, m.value, m.series]);
    expect(pick(b)).toEqual(pick(a));
    expect(a.metrics.filter((m: { status: string }) => m.status === 'ok').length).toBeGreaterThan(15);
  });

  it('report writes a workbook whose Summary holds the analysis values', async () => {
    const out = path.join(dir, 'report.xlsx');
    const res = await kpiw(['report', ...gen.map((g) => g.file), '--map', mapFile, '--period', 'month', '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    // A report covers the last complete period by default: the same as analyze --last-complete.
    const analysis = JSON.parse((await kpiw(['analyze', ...gen.map((g) => g.file), '--map', mapFile, '--period', 'month', '--last-complete', '--json'])).stdout);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await readFile(out) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('Summary')!;
    const values = new Map<string, unknown>();
    summary.eachRow((row, n) => { if (n > 1) values.set(String(row.getCell(3).value), row.getCell(5).value); });
    let compared = 0;
    for (const m of analysis.metrics as Array<{ id: string; unit: string; value: number | null }>) {
      if (m.value === null || m.unit === 'table' || m.unit === 'duration') continue;
      expect(values.get(m.id) as number, m.id).toBeCloseTo(m.value, 9);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
    expect(wb.worksheets.map((w) => w.name)).toContain('Recurring revenue');
  });

  it('report --lang th writes Thai sheet names, headers, metric names and Buddhist-era period labels', async () => {
    const out = path.join(dir, 'report-th.xlsx');
    const args = [...gen.map((g) => g.file), '--map', mapFile, '--period', 'month', '--calendar', 'buddhist'];
    const res = await kpiw(['report', ...args, '--lang', 'th', '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    // Reports cover the last complete period by default; analyze is asked for the same.
    const analysis = JSON.parse((await kpiw(['analyze', ...args, '--last-complete', '--json'])).stdout) as { metrics: Array<{ id: string; period: string }> };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await readFile(out) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain(th.report.sheet.summary);
    expect(names).toContain(th.family.revenue);
    expect(names).toContain(th.family.support);
    expect(names).not.toContain('Summary');
    const summary = wb.getWorksheet(th.report.sheet.summary)!;
    expect(summary.views[0]!.rightToLeft).toBeFalsy();
    const header = (summary.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual([th.report.column.family, th.report.column.metric, th.report.column.id, th.report.column.period]);
    const rows = new Map<string, unknown[]>();
    summary.eachRow((row, n) => { if (n > 1) rows.set(String(row.getCell(3).value), (row.values as unknown[]).slice(1)); });
    const mrr = rows.get('mrr')!;
    expect(mrr[0]).toBe(th.family.revenue);
    expect(mrr[1]).toBe(th.metric.mrr);
    // The engine's Buddhist key 2567-12 is written as the month name and the Buddhist year.
    const [y, m] = analysis.metrics.find((x) => x.id === 'mrr')!.period.split('-').map(Number);
    expect(y).toBeGreaterThan(2500);
    expect(mrr[3]).toBe(`${THAI_MONTHS[m! - 1]} ${y}`);
    expect(rows.get('customer_churn_rate')![1]).toBe(th.metric.customer_churn_rate);
    // Notes, last column, in Thai where the engine gave them as messages.
    expect(header.at(-1)).toBe(th.report.column.notes);
    const notes = [...rows.values()].map((r) => String(r[header.length - 1] ?? '')).filter(Boolean);
    expect(notes.filter((n) => /[\u0E00-\u0E7F]/.test(n)).length).toBeGreaterThan(0);
    // A table sheet: Thai headers, and the bands the engine wrote as ids in Thai words.
    const npsSheet = wb.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes(th.tableColumn.band) && w.name.includes('NPS'))!;
    expect(npsSheet, 'NPS distribution sheet').toBeDefined();
    expect((npsSheet.getRow(1).values as unknown[]).slice(1)).toEqual([th.tableColumn.score, th.tableColumn.responses, th.tableColumn.band]);
    const bands = new Set<unknown>();
    npsSheet.eachRow((row, n) => { if (n > 1 && row.getCell(3).value) bands.add(row.getCell(3).value); });
    expect([...bands].sort()).toEqual([th.npsBand.detractor, th.npsBand.passive, th.npsBand.promoter].sort());
  });

  it('report --lang zh-Hant and fa: Traditional Chinese names; Persian names on right-to-left sheets; unknown languages refused', async () => {
    for (const [lang, strings, rtl] of [['zh-Hant', zhHant, false], ['fa', fa, true]] as const) {
      const out = path.join(dir, `report-${lang}.xlsx`);
      const res = await kpiw(['report', ...gen.map((g) => g.file), '--map', mapFile, '--lang', lang, '--out', out]);
      expect(res.code, res.stderr).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await readFile(out) as unknown as ArrayBuffer);
      const summary = wb.getWorksheet(strings.report.sheet.summary)!;
      expect(summary, lang).toBeDefined();
      expect(Boolean(summary.views[0]!.rightToLeft), lang).toBe(rtl);
      expect(wb.worksheets.map((w) => w.name), lang).toContain(strings.family.revenue);
      let label: unknown;
      summary.eachRow((row) => { if (row.getCell(3).value === 'nps') label = row.getCell(2).value; });
      expect(label, lang).toBe(strings.metric.nps);
    }
    const bad = await kpiw(['report', gen[0]!.file, '--lang', 'de', '--out', path.join(dir, 'de.xlsx')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang de: the languages are en, fa, th, zh-Hant, zh-Hans/);
  });

  it('refuses to write over an input and explains missing --out', async () => {
    const g = gen[0]!;
    expect((await kpiw(['report', g.file])).stderr).toMatch(/--out report.xlsx is required/);
    // An input whose name ends in .xlsx, given as --out too: refused, file untouched.
    const input = path.join(dir, 'input.xlsx');
    await writeFile(input, await readFile(g.file));
    const before = await readFile(input);
    const res = await kpiw(['report', input, '--out', input]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/must not name an input file/);
    expect(await readFile(input)).toEqual(before);
  });

  it.runIf(hasDatasets('report-cli: telco export', 'telco-customer-churn.csv'))('export writes the telco table as CSV with a BOM, every row, values as imported', async () => {
    const out = path.join(dir, 'telco.csv');
    const res = await kpiw(['export', TELCO, '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    const bytes = await readFile(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: true }).data;
    const source = Papa.parse<string[]>(await readFile(TELCO, 'utf8'), { skipEmptyLines: true }).data;
    expect(parsed.length).toBe(source.length); // header + 7043 rows
    const idCol = parsed[0]!.indexOf('customerID');
    expect(parsed.slice(1).map((r) => r[idCol])).toEqual(source.slice(1).map((r) => r[0]));
    const charges = parsed[0]!.indexOf('MonthlyCharges');
    expect(parsed.slice(1).map((r) => Number(r[charges]))).toEqual(source.slice(1).map((r) => Number(r[18])));
  });
});
