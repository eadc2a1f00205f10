// The real exports in ../shared/datasets, imported whole: row counts, column types, reported blanks.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importFile } from '../../src/engine/import/pipeline';
import { openDatabase, queryAll, queryValue, type Database } from '../../src/engine/store/database';
import type { TableInfo } from '../../src/shared/types';
import { DATASETS_DIR, hasDatasets } from '../realDatasets';

const DATASETS = DATASETS_DIR;

async function importDataset(db: Database, file: string): Promise<TableInfo> {
  const source = path.join(DATASETS, file);
  const result = await importFile(db, { source, bytes: new Uint8Array(readFileSync(source)) });
  expect(result.failures).toEqual([]);
  expect(result.tables).toHaveLength(1);
  return result.tables[0];
}

const types = (t: TableInfo) => Object.fromEntries(t.columns.map((c) => [c.name, c.type]));

describe.runIf(hasDatasets('datasets-import', 'telco-customer-churn.csv'))('telco-customer-churn.csv', () => {
  let db: Database;
  let t: TableInfo;
  beforeAll(async () => {
    db = await openDatabase();
    t = await importDataset(db, 'telco-customer-churn.csv');
  });

  it('has 7043 rows and 21 typed columns', () => {
    expect(t).toMatchObject({ name: 'telco_customer_churn', rowCount: 7043, encoding: 'utf-8', delimiter: ',', headerRow: 1 });
    expect(t.columns).toHaveLength(21);
    expect(types(t)).toMatchObject({
      customerID: 'text', gender: 'text', tenure: 'integer', MonthlyCharges: 'decimal', TotalCharges: 'decimal', Churn: 'boolean',
      Partner: 'boolean', Contract: 'text',
      // 0/1 flags stay integer (counts and flags look the same; metrics read 0/1 as a flag).
      SeniorCitizen: 'integer',
    });
    expect(queryValue(db, 'SELECT COUNT(*) FROM telco_customer_churn')).toBe(7043);
  });

  it('reports the 11 blank TotalCharges cells and keeps the column decimal', () => {
    const total = t.columns.find((c) => c.name === 'TotalCharges')!;
    expect(total).toMatchObject({ type: 'decimal', nonEmpty: 7032, invalid: 0 });
    const blanks = t.issues.find((i) => i.code === 'blank_cells' && i.column === 'TotalCharges');
    expect(blanks).toMatchObject({ severity: 'warning', count: 11 });
    // The rows named are the rows whose cell is blank in the file (header = row 1).
    const lines = readFileSync(path.join(DATASETS, 'telco-customer-churn.csv'), 'utf8').split(/\r?\n/);
    const blankRows = lines.map((l, i) => [i + 1, l.split(',')[19]] as const).filter(([, v]) => v !== undefined && v.trim() === '').map(([r]) => r);
    expect(blankRows).toHaveLength(11);
    expect(blanks!.rows).toEqual(blankRows.slice(0, blanks!.rows.length));
    const stored = queryAll(db, 'SELECT __row FROM telco_customer_churn WHERE c19 IS NULL ORDER BY __row').map((r) => r.__row);
    expect(stored).toEqual(blankRows);
  });

  it('stores typed values: numbers, booleans as 1/0', () => {
    expect(queryAll(db, 'SELECT c5 AS tenure, c18 AS monthly, c19 AS total, c20 AS churn FROM telco_customer_churn WHERE __row = 2'))
      .toEqual([{ tenure: 1, monthly: 29.85, total: 29.85, churn: 0 }]);
    expect(queryValue(db, 'SELECT SUM(c20) FROM telco_customer_churn')).toBe(1869);
  });
});

describe.runIf(hasDatasets('datasets-import', 'cdnow-sample.txt'))('cdnow-sample.txt', () => {
  it('reads 6919 space-aligned rows without a header; YYYYMMDD dates typed date', async () => {
    const db = await openDatabase();
    const t = await importDataset(db, 'cdnow-sample.txt');
    expect(t).toMatchObject({ rowCount: 6919, delimiter: ' ', headerRow: 0 });
    expect(t.columns.map((c) => c.name)).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4', 'Column 5']);
    expect(types(t)).toMatchObject({ 'Column 3': 'date', 'Column 4': 'integer', 'Column 5': 'decimal' });
    // Ids with leading zeros (00004) stay text so nothing is lost.
    expect(types(t)['Column 1']).toBe('text');
    expect(t.columns[2].calendar).toBe('gregorian');
    expect(queryAll(db, 'SELECT __row, c0, c2, c3, c4 FROM cdnow_sample WHERE __row IN (1, 6919) ORDER BY __row')).toEqual([
      { __row: 1, c0: '00004', c2: '1997-01-01', c3: 2, c4: 29.33 },
      { __row: 6919, c0: '23569', c2: '1997-03-25', c3: 2, c4: 25.74 },
    ]);
    expect(queryValue(db, 'SELECT COUNT(DISTINCT c0) FROM cdnow_sample')).toBe(2357);
  });
});

describe.runIf(hasDatasets('datasets-import', 'online-retail-40k.xlsx'))('online-retail-40k.xlsx', () => {
  it('yields 40,000 rows with InvoiceDate as datetime', async () => {
    const db = await openDatabase();
    const t = await importDataset(db, 'online-retail-40k.xlsx');
    expect(t).toMatchObject({ rowCount: 40000, encoding: 'xlsx', delimiter: null, sheet: 'Sheet1' });
    expect(types(t)).toMatchObject({
      InvoiceNo: 'text', StockCode: 'text', Description: 'text', Quantity: 'integer', InvoiceDate: 'datetime',
      UnitPrice: 'decimal', CustomerID: 'integer', Country: 'text',
    });
    const date = t.columns.find((c) => c.name === 'InvoiceDate')!;
    expect(queryValue(db, `SELECT MIN(${date.sqlName}) FROM online_retail_40k`)).toMatch(/^2010-12-\d\d \d\d:\d\d:\d\d$/);
    expect(queryValue(db, `SELECT MAX(${date.sqlName}) FROM online_retail_40k`)).toMatch(/^2011-12-\d\d \d\d:\d\d:\d\d$/);
    expect(t.issues).toContainEqual(expect.objectContaining({ code: 'blank_cells', column: 'CustomerID' }));
  });
});
