// The mapping file: schema, round trip, matching sources by base name and sheet, the "A * B" field.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/engine/store/database';
import {
  findMappedTable, mappingEntryOf, parseMappingFile, resolveFieldSource, serializeMappingFile,
} from '../../src/engine/mapping/mappingFile';
import type { MappingFile, TableInfo } from '../../src/shared/types';
import ExcelJS from 'exceljs';
import { Engine } from '../../src/engine/api';
import { createImportedTable } from '../fixtures/importedTable';

describe('mapping file', () => {
  const sample: MappingFile = {
    version: 1,
    tables: [
      { source: 'online-retail-40k.xlsx', sheet: 'Sheet1', dataset: 'transactions', fields: { customer_id: 'CustomerID', date: 'InvoiceDate', amount: 'Quantity * UnitPrice', order_id: 'InvoiceNo' } },
      { source: 'nps.csv', dataset: 'survey_responses', survey: 'nps', fields: { score: 'Score', responded_at: 'Date' } },
    ],
    params: { gross_margin: 0.8, 'health.weights': { usage: 50, sentiment: 50 } },
  };

  it('round-trips through its JSON text', () => {
    const text = serializeMappingFile(sample);
    expect(parseMappingFile(text)).toEqual(sample);
    expect(JSON.parse(text).version).toBe(1);
  });

  it('defaults params and rejects what is not a mapping, saying where', () => {
    expect(parseMappingFile('{"version":1,"tables":[]}').params).toEqual({});
    expect(() => parseMappingFile('{"version":2,"tables":[]}', 'm.json')).toThrow(/m\.json: version/);
    expect(() => parseMappingFile('{"version":1,"tables":[{"source":"a.csv","dataset":"sales","fields":{}}]}')).toThrow(/tables\.0\.dataset/);
    expect(() => parseMappingFile('{"version":1,"tables":[{"source":"a.csv","dataset":"tickets","survey":"nps2","fields":{}}]}')).toThrow(/survey/);
    expect(() => parseMappingFile('{"version":1,"tables":[{"source":"a.csv","dataset":"tickets","fields":{"score":"S"}}]}')).toThrow(/unknown field score for dataset tickets/);
    expect(() => parseMappingFile('{version:1}')).toThrow(/not valid JSON/);
  });

  it('matches sources by base name (either separator, case-insensitively) and sheet', async () => {
    const db = await openDatabase();
    const a = createImportedTable(db, 'retail_s1', [{ name: 'x', type: 'text' }], [], { source: 'C:\\data\\Online-Retail-40k.xlsx', sheet: 'Sheet1' });
    const b = createImportedTable(db, 'retail_s2', [{ name: 'x', type: 'text' }], [], { source: 'C:\\data\\Online-Retail-40k.xlsx', sheet: 'Returns' });
    const c = createImportedTable(db, 'nps', [{ name: 'x', type: 'text' }], [], { source: '/home/u/exports/nps.csv' });
    const tables = [a, b, c];
    expect(findMappedTable(tables, sample.tables[0]!)?.name).toBe('retail_s1');
    expect(findMappedTable(tables, { ...sample.tables[0]!, sheet: 'Returns' })?.name).toBe('retail_s2');
    expect(findMappedTable(tables, { ...sample.tables[0]!, sheet: null })?.name).toBe('retail_s1');
    expect(findMappedTable(tables, sample.tables[1]!)?.name).toBe('nps');
    expect(findMappedTable(tables, { ...sample.tables[1]!, source: 'other.csv' })).toBeUndefined();
  });

  it('resolves a field to a column, or to the product of two columns', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 't', [{ name: 'Quantity', type: 'integer' }, { name: 'UnitPrice', type: 'decimal' }, { name: 'A * B', type: 'decimal' }], []);
    expect(resolveFieldSource(t, 'UnitPrice')).toMatchObject({ kind: 'column', column: { name: 'UnitPrice' } });
    expect(resolveFieldSource(t, ' unitprice ')).toMatchObject({ kind: 'column', column: { name: 'UnitPrice' } });
    const p = resolveFieldSource(t, 'Quantity * UnitPrice');
    expect(p?.kind).toBe('product');
    // A header that itself contains " * " is a column, not a product.
    expect(resolveFieldSource(t, 'A * B')).toMatchObject({ kind: 'column', column: { name: 'A * B' } });
    expect(resolveFieldSource(t, 'Nope')).toBeNull();
  });
});

// Moved from the renderer's mappingForTable (test/unit/renderer-params.test.ts): the UI now reads
// the entry the engine resolves (TableInfo.mapping), so the engine's rule is the one tested.
describe('mapping entry of a table', () => {
  it('finds a table’s mapping by base name and sheet', () => {
    const t = { name: 'billing_subs', source: '/data/Exports/billing.xlsx', sheet: 'Subs' } as TableInfo;
    const maps: MappingFile = {
      version: 1, params: {},
      tables: [
        { source: 'billing.xlsx', sheet: 'Other', dataset: 'events', fields: {} },
        { source: 'billing.xlsx', sheet: 'Subs', dataset: 'subscriptions', fields: {} },
      ],
    };
    expect(mappingEntryOf(maps, [t], t)?.dataset).toBe('subscriptions');
    const noSheet = { ...t, sheet: null };
    expect(mappingEntryOf(maps, [noSheet], noSheet)).toBeUndefined();
  });

  it('comes resolved in listTables: an entry without a sheet names the workbook’s first sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Subs').addRows([['Date', 'Label'], ['2024-01-02', 'Launch']]);
    workbook.addWorksheet('Other').addRows([['Date', 'Label'], ['2024-02-03', 'Outage']]);
    const engine = await Engine.create();
    await engine.openFile({ source: '/data/Exports/billing.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) });
    const entry = { source: 'billing.xlsx', dataset: 'events' as const, fields: { date: 'Date', label: 'Label' } };
    await engine.setMapping({ version: 1, params: {}, tables: [entry] });
    const tables = await engine.listTables();
    expect(tables.map((t) => [t.sheet, t.mapping ?? null])).toEqual([['Subs', { index: 0, entry }], ['Other', null]]);
    await engine.setMapping({ version: 1, params: {}, tables: [] });
    expect((await engine.listTables()).map((t) => t.mapping)).toEqual([null, null]);
  });
});
