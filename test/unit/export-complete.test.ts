// Exports hold every row: a 120,000-row CSV (whole table, and a filtered, sorted view) and the
// 40,000-row online-retail workbook, compared row by row with the source as generated or parsed
// here — never with the engine's own reading of it.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { datasetPath, hasDatasets } from '../realDatasets';

const RETAIL = datasetPath('online-retail-40k.xlsx');

const decode = (b: Uint8Array) => new TextDecoder('utf-8').decode(b); // drops the BOM
const parse = (b: Uint8Array) => Papa.parse<string[]>(decode(b), { newline: '\r\n', skipEmptyLines: true }).data;

const ROWS = 120_000;
/** Row i of the generated export: an id, a name in four scripts, an amount with two decimals. */
const generated = (i: number) => [`C${String(i).padStart(6, '0')}`, ['Ali', 'علی', 'สมชาย', '王伟'][i % 4] + ` ${i}`, ((i * 7919) % 100_000) / 100];

async function engineWithCsv(): Promise<{ engine: Engine; table: string }> {
  const lines = ['customer,name,amount', ...Array.from({ length: ROWS }, (_, i) => generated(i).join(','))];
  const engine = await Engine.create();
  const res = await engine.openFile({ source: 'big.csv', bytes: new TextEncoder().encode(lines.join('\n') + '\n') });
  expect(res.failures).toEqual([]);
  expect(res.tables[0]!.rowCount).toBe(ROWS);
  return { engine, table: res.tables[0]!.name };
}

describe('CSV export writes every row', () => {
  it(`a ${ROWS.toLocaleString('en')}-row table, row by row, with source row numbers`, async () => {
    const { engine, table } = await engineWithCsv();
    const out = parse(await engine.exportCsv({ table }));
    expect(out[0]).toEqual(['row', 'customer', 'name', 'amount']);
    expect(out.length - 1).toBe(ROWS);
    for (let i = 0; i < ROWS; i++) {
      const [c, n, a] = generated(i);
      const row = out[i + 1]!;
      if (row[0] !== String(i + 2) || row[1] !== c || row[2] !== n || Number(row[3]) !== a) {
        throw new Error(`exported row ${i + 1} is ${JSON.stringify(row)}, source line ${i + 2} is ${JSON.stringify([c, n, a])}`);
      }
    }
  }, 120_000);

  it('a filtered, sorted view: exactly the matching rows in the view order', async () => {
    const { engine, table } = await engineWithCsv();
    const expected = Array.from({ length: ROWS }, (_, i) => ({ i, a: generated(i)[2] as number }))
      .filter((r) => r.a > 250)
      .sort((x, y) => y.a - x.a || x.i - y.i);
    expect(expected.length).toBeGreaterThan(50_000);
    const out = parse(await engine.exportCsv({
      table, sort: [{ column: 'amount', direction: 'desc' }], filters: [{ column: 'amount', kind: 'number', op: 'gt', value: 250 }],
    }));
    expect(out.length - 1).toBe(expected.length);
    expected.forEach((r, k) => {
      const row = out[k + 1]!;
      if (row[0] !== String(r.i + 2) || Number(row[3]) !== r.a) throw new Error(`view row ${k + 1} is ${JSON.stringify(row)}, expected source line ${r.i + 2}`);
    });
  }, 120_000);
});

describe.runIf(hasDatasets('export-complete', 'online-retail-40k.xlsx'))('online-retail-40k.xlsx exported whole', () => {
  it('has all 40,000 rows, InvoiceNo and StockCode equal to the workbook read with ExcelJS', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(RETAIL);
    const ws = wb.worksheets[0]!;
    const source: Array<[number, string, string]> = [];
    ws.eachRow((row, n) => { if (n > 1) source.push([n, String(row.getCell(1).value), String(row.getCell(2).value)]); });
    expect(source.length).toBe(40_000);

    const engine = await Engine.create();
    const res = await engine.openFile({ source: RETAIL, bytes: new Uint8Array(readFileSync(RETAIL)) });
    const out = parse(await engine.exportCsv({ table: res.tables[0]!.name }));
    expect(out.length - 1).toBe(source.length);
    const header = out[0]!;
    const invoice = header.indexOf('InvoiceNo');
    const stock = header.indexOf('StockCode');
    source.forEach(([n, inv, code], k) => {
      const row = out[k + 1]!;
      if (row[0] !== String(n) || row[invoice] !== inv || row[stock] !== code) {
        throw new Error(`exported row ${k + 1} is ${JSON.stringify([row[0], row[invoice], row[stock]])}, sheet row ${n} is ${JSON.stringify([inv, code])}`);
      }
    });
  }, 180_000);
});

