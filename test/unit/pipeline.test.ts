import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { importFile } from '../../src/engine/import/pipeline';
import { ImportError } from '../../src/engine/import/types';
import { listTables } from '../../src/engine/store/catalog';
import { openDatabase, queryAll, queryValue, type Database } from '../../src/engine/store/database';
import type { ImportProgress, TableInfo } from '../../src/shared/types';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function importText(db: Database, source: string, text: string | Uint8Array, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal) {
  return importFile(db, { source, bytes: typeof text === 'string' ? utf8(text) : text }, onProgress, signal);
}

function column(t: TableInfo, name: string) {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

describe('importFile: delimited text into sql.js', () => {
  it('creates the typed table with __row, c<i> and c<i>_raw, and records it in the catalog', async () => {
    const db = await openDatabase();
    // 32 rows: amounts, one invalid cell (row 4), one blank (row 5); one odd cell in 31 is few
    // enough for the column to stay decimal.
    const amounts = ['10.5', '20', 'abc', '', '7.25', ...Array.from({ length: 27 }, (_, i) => String(i * 1.5))];
    const plans = ['Basic', 'Pro'];
    const text = 'id,plan,amount\n' + amounts.map((a, i) => `${i + 1},${plans[i % 2]},${a}`).join('\n') + '\n';
    const { tables, failures } = await importText(db, '/exports/Orders 2024.csv', text);
    expect(failures).toEqual([]);
    expect(tables).toHaveLength(1);
    const t = tables[0];
    expect(t).toMatchObject({ name: 'orders_2024', source: '/exports/Orders 2024.csv', sheet: null, rowCount: 32, encoding: 'utf-8', delimiter: ',', headerRow: 1 });
    expect(t.columns.map((c) => [c.name, c.sqlName, c.rawSqlName, c.type])).toEqual([
      ['id', 'c0', 'c0_raw', 'integer'], ['plan', 'c1', 'c1_raw', 'text'], ['amount', 'c2', 'c2_raw', 'decimal'],
    ]);
    expect(column(t, 'amount')).toMatchObject({ nonEmpty: 31, invalid: 1 });
    const rows = queryAll(db, 'SELECT __row, c0, c1, c2, c2_raw FROM orders_2024 ORDER BY __row');
    expect(rows).toEqual(amounts.map((a, i) => ({
      __row: i + 2, c0: i + 1, c1: plans[i % 2], c2: a === '' || a === 'abc' ? null : Number(a), c2_raw: a === 'abc' ? 'abc' : null,
    })));
    expect(t.issues).toContainEqual(expect.objectContaining({ code: 'invalid_value', column: 'amount', rows: [4], count: 1, table: 'orders_2024' }));
    expect(t.issues).toContainEqual(expect.objectContaining({ code: 'blank_cells', column: 'amount', rows: [5], count: 1 }));
    expect(listTables(db)).toEqual([t]);
  });

  it('gives every import a unique table name, also for Persian, Thai and Chinese file names', async () => {
    const db = await openDatabase();
    const names: string[] = [];
    for (const source of ['a/sales.csv', 'b/sales.csv', 'مشتریان.csv', 'ลูกค้า.csv', '客户.csv', '???.csv']) {
      names.push((await importText(db, source, 'x,y\n1,2\n')).tables[0].name);
    }
    expect(names).toEqual(['sales', 'sales_2', 'مشتریان', 'ลูกค้า', '客户', 't1']);
    for (const name of names) expect(queryValue(db, `SELECT COUNT(*) FROM "${name}"`)).toBe(1);
  });

  it('reads legacy encodings (Windows-1256) and reports the encoding', async () => {
    const db = await openDatabase();
    const text = 'نام,مبلغ\nعلي رضائي,1200\nپژمان گلچين,3400\nمريم احمدي,5600\n';
    const { tables } = await importText(db, 'fa.csv', new Uint8Array(iconv.encode(text, 'windows-1256')));
    expect(tables[0].encoding).toBe('windows-1256');
    expect(tables[0].columns.map((c) => c.name)).toEqual(['نام', 'مبلغ']);
    expect(queryAll(db, `SELECT c0 FROM fa ORDER BY __row`).map((r) => r.c0)).toEqual(['علي رضائي', 'پژمان گلچين', 'مريم احمدي']);
  });

  it('keeps ragged rows (padded, extra cells in generated columns) and reports them', async () => {
    const db = await openDatabase();
    const { tables } = await importText(db, 'ragged.csv', 'a,b\n1,x\n2\n3,y,extra\n');
    const t = tables[0];
    expect(t.rowCount).toBe(3);
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b', 'Column 3']);
    expect(t.issues.filter((i) => i.code === 'ragged_row').map((i) => i.rows)).toEqual([[3], [4]]);
    expect(queryAll(db, 'SELECT c1, c2 FROM ragged ORDER BY __row')).toEqual([
      { c1: 'x', c2: null }, { c1: null, c2: null }, { c1: 'y', c2: 'extra' },
    ]);
  });

  it('imports a header-only file as an empty table with a warning', async () => {
    const db = await openDatabase();
    const { tables, failures } = await importText(db, 'header.csv', 'id,name\n');
    expect(failures).toEqual([]);
    expect(tables[0].rowCount).toBe(0);
    expect(tables[0].columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(tables[0].issues).toContainEqual(expect.objectContaining({ code: 'no_data_rows', severity: 'warning' }));
    expect(queryValue(db, 'SELECT COUNT(*) FROM header')).toBe(0);
  });

  it('keeps a 10 MB cell whole', async () => {
    const db = await openDatabase();
    const big = 'lorem ipsum '.repeat(900_000);
    const { tables } = await importText(db, 'big.csv', `id,blob\n1,"${big}"\n2,short\n`);
    expect(tables[0].rowCount).toBe(2);
    expect(queryValue(db, 'SELECT length(c1) FROM big WHERE __row = 2')).toBe(big.length);
  });

  it.each([
    ['empty.csv', new Uint8Array(0), 'empty_file', /empty\.csv: the file is empty/],
    ['blank.csv', utf8('\n\n   \n'), 'empty_file', /blank\.csv: the file is empty/],
    ['junk.csv', new Uint8Array(5000).map((_, i) => (i * 131 + 7) % 256), 'binary_file', /junk\.csv: not a text or Excel file/],
    ['report.pdf', utf8('%PDF-1.4\n%âãÏÓ\n'), 'unknown_format', /report\.pdf: unknown format/],
  ])('turns %s into a failure naming the file, and keeps going', async (source, bytes, code, message) => {
    const db = await openDatabase();
    const result = await importText(db, source, bytes);
    expect(result.tables).toEqual([]);
    expect(result.failures).toEqual([{ source, sheet: null, code, message: expect.stringMatching(message) }]);
    // The engine still works afterwards.
    expect((await importText(db, 'ok.csv', 'a\n1\n')).tables).toHaveLength(1);
  });

  it('reports progress (phases in order, fraction rising to 1)', async () => {
    const db = await openDatabase();
    const lines = ['n,v'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i},${i % 17}`);
    const events: ImportProgress[] = [];
    await importText(db, 'progress.csv', lines.join('\n'), (p) => events.push(p));
    expect(events[0].phase).toBe('reading');
    expect(events.at(-1)).toMatchObject({ phase: 'done', fraction: 1, rows: 30_000 });
    const order = ['reading', 'profiling', 'inserting', 'done'];
    const phases = events.map((e) => order.indexOf(e.phase));
    expect([...phases].sort((a, b) => a - b)).toEqual(phases);
    const fractions = events.map((e) => e.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    for (const e of events) expect(e).toMatchObject({ source: 'progress.csv', totalBytes: expect.any(Number) });
  });

  it('cancels: throws ImportError "cancelled" and leaves no table behind', async () => {
    const db = await openDatabase();
    const lines = ['n,v'];
    for (let i = 0; i < 50_000; i++) lines.push(`${i},${i % 17}`);
    const controller = new AbortController();
    const run = importText(db, 'cancel.csv', lines.join('\n'), (p) => { if (p.phase === 'inserting') controller.abort(); }, controller.signal);
    await expect(run).rejects.toMatchObject({ name: 'ImportError', code: 'cancelled' });
    await expect(run).rejects.toBeInstanceOf(ImportError);
    expect(listTables(db)).toEqual([]);
    expect(queryAll(db, "SELECT name FROM sqlite_master WHERE name = 'cancel'")).toEqual([]);
    // An already aborted signal cancels before anything is read.
    await expect(importText(db, 'early.csv', 'a\n1\n', undefined, AbortSignal.abort())).rejects.toMatchObject({ code: 'cancelled' });
  });
});
