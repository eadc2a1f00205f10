import { describe, expect, it, vi } from 'vitest';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { crc32, deflateRawSync } from 'node:zlib';
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
    expect(result.failures).toEqual([{ source, sheet: null, code, message: expect.stringMatching(message), text: expect.objectContaining({ key: expect.stringMatching(/^importError\./) }) }]);
    // The engine still works afterwards.
    expect((await importText(db, 'ok.csv', 'a\n1\n')).tables).toHaveLength(1);
  });

  it('imports 999 columns, and refuses more with a message naming the file', async () => {
    const db = await openDatabase();
    const wide = (n: number) => [Array.from({ length: n }, (_, i) => `col${i}`).join(','), Array.from({ length: n }, (_, i) => String(i)).join(',')].join('\n');
    const ok = await importText(db, 'wide.csv', wide(999));
    expect(ok.tables[0].columns).toHaveLength(999);
    expect(queryValue(db, 'SELECT c998 FROM wide')).toBe(998);
    const tooWide = await importText(db, 'wider.csv', wide(1200));
    expect(tooWide.tables).toEqual([]);
    expect(tooWide.failures).toEqual([expect.objectContaining({ code: 'too_many_columns', message: expect.stringMatching(/^wider\.csv: 1200 columns/) })]);
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

// ---------------------------------------------------------------------------------------------
// Workbooks through the pipeline (the reader itself is tested in xlsx.test.ts).

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A zip archive of deflated entries (local headers, central directory, end record). */
function zipOf(entries: Array<{ name: string; data: Uint8Array }>): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(20, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16); dir.writeUInt32LE(packed.length, 20); dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28); dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, packed);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12); end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, dirBytes, end]));
}

/** An OLE2 compound file (MS-CFB v3) holding empty streams with the given names. */
function compoundFile(streams: string[]): Uint8Array {
  const sector = 512;
  const file = Buffer.alloc(sector * 3);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18); file.writeUInt16LE(3, 0x1a); file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e); file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c); // one FAT sector…
  file.writeUInt32LE(1, 0x30); // …directory in sector 1
  file.writeUInt32LE(4096, 0x38); file.writeUInt32LE(0xfffffffe, 0x3c); file.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = sector; // sector 0
  for (let i = 0; i < 128; i++) file.writeUInt32LE(0xffffffff, fat + 4 * i);
  file.writeUInt32LE(0xfffffffd, fat); file.writeUInt32LE(0xfffffffe, fat + 4);
  const dir = 2 * sector; // sector 1
  ['Root Entry', ...streams].forEach((name, i) => {
    const p = dir + 128 * i;
    Buffer.from(name + '\0', 'utf16le').copy(file, p);
    file.writeUInt16LE(2 * (name.length + 1), p + 0x40);
    file.writeUInt8(i === 0 ? 5 : 2, p + 0x42);
    file.writeUInt32LE(0xffffffff, p + 0x44); // left sibling
    file.writeUInt32LE(i > 0 && i < streams.length ? i + 1 : 0xffffffff, p + 0x48); // right sibling
    file.writeUInt32LE(i === 0 && streams.length > 0 ? 1 : 0xffffffff, p + 0x4c); // child
    file.writeUInt32LE(0xfffffffe, p + 0x74);
  });
  return new Uint8Array(file);
}

describe('importFile: workbooks', () => {
  it('imports every sheet as its own table (file + sheet name), hidden sheets flagged', async () => {
    const bytes = await workbook((wb) => {
      const a = wb.addWorksheet('Customers');
      a.addRow(['id', 'joined', 'mrr']);
      for (let i = 1; i <= 30; i++) a.addRow([i, new Date(Date.UTC(2024, 0, i)), i * 10.5]);
      const b = wb.addWorksheet('Old data', { state: 'hidden' });
      b.addRow(['code', 'note']);
      b.addRow(['A1', 'kept']);
    });
    const db = await openDatabase();
    const { tables, failures } = await importText(db, 'Book.xlsx', bytes);
    expect(failures).toEqual([]);
    expect(tables.map((t) => [t.name, t.sheet, t.rowCount, t.encoding, t.delimiter])).toEqual([
      ['book_customers', 'Customers', 30, 'xlsx', null], ['book_old_data', 'Old data', 1, 'xlsx', null],
    ]);
    expect(tables[0].columns.map((c) => c.type)).toEqual(['integer', 'date', 'decimal']);
    expect(queryAll(db, 'SELECT __row, c0, c1, c2 FROM book_customers WHERE __row IN (2, 31) ORDER BY __row')).toEqual([
      { __row: 2, c0: 1, c1: '2024-01-01', c2: 10.5 }, { __row: 31, c0: 30, c1: '2024-01-30', c2: 315 },
    ]);
    expect(tables[1].hiddenSheet).toBe(true);
    expect(tables[1].issues).toContainEqual(expect.objectContaining({ code: 'hidden_sheet' }));
  });

  it('a single-sheet workbook is named after the file alone', async () => {
    const bytes = await workbook((wb) => { const s = wb.addWorksheet('Sheet1'); s.addRow(['a']); s.addRow([1]); });
    const db = await openDatabase();
    expect((await importText(db, 'ventes.xlsx', bytes)).tables.map((t) => t.name)).toEqual(['ventes']);
  });

  it('refuses a zip bomb and a password-protected workbook with messages naming the file', async () => {
    const db = await openDatabase();
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') },
      { name: 'xl/workbook.xml', data: new TextEncoder().encode('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros },
    ]);
    const bombResult = await importText(db, 'bomb.xlsx', bomb);
    expect(bombResult.tables).toEqual([]);
    expect(bombResult.failures).toEqual([expect.objectContaining({ source: 'bomb.xlsx', code: 'zip_bomb', message: expect.stringMatching(/^bomb\.xlsx: zip bomb refused/) })]);

    const secret = await importText(db, 'secret.xlsx', compoundFile(['EncryptionInfo', 'EncryptedPackage']));
    expect(secret.failures).toEqual([expect.objectContaining({ source: 'secret.xlsx', code: 'password_protected', message: expect.stringMatching(/^secret\.xlsx: password-protected/) })]);
    const legacy = await importText(db, 'old.xls', compoundFile(['Workbook']));
    expect(legacy.failures).toEqual([expect.objectContaining({ code: 'legacy_xls', message: expect.stringMatching(/^old\.xls: legacy \.xls/) })]);
    expect(listTables(db)).toEqual([]);
  });
});

describe('importFile: a reader announcing too few rows', () => {
  it('profiles again without the count (types are not ruled out early on a wrong count)', async () => {
    vi.resetModules();
    vi.doMock('../../src/engine/import/delimited', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/engine/import/delimited')>();
      return { ...real, readDelimited: (...args: Parameters<typeof real.readDelimited>) => ({ ...real.readDelimited(...args), rowCount: 1 }) };
    });
    try {
      const { importFile: importWithBadCount } = await import('../../src/engine/import/pipeline');
      const db = await openDatabase();
      // One word, then 3,000 integers: an integer column with one invalid cell.
      const text = `n\nunknown\n${Array.from({ length: 3000 }, (_, i) => i).join('\n')}\n`;
      const result = await importWithBadCount(db, { source: 'counted.csv', bytes: utf8(text) });
      expect(result.failures).toEqual([]);
      expect(result.tables[0]!.columns[0]).toMatchObject({ type: 'integer', invalid: 1, nonEmpty: 3001 });
    } finally {
      vi.doUnmock('../../src/engine/import/delimited');
      vi.resetModules();
    }
  });
});

describe('blank cells', () => {
  it('are a warning in a mostly filled column and information in a mostly empty one', async () => {
    const db = await openDatabase();
    const csv = 'id,amount,end_date\n1,10,\n2,,\n3,30,2024-01-01\n4,40,\n';
    const r = await importFile(db, { source: 'blanks.csv', bytes: new TextEncoder().encode(csv) });
    const issue = (c: string) => r.tables[0]!.issues.find((i) => i.code === 'blank_cells' && i.column === c)!;
    expect(issue('amount')).toMatchObject({ severity: 'warning', count: 1, rows: [3] });
    expect(issue('end_date')).toMatchObject({ severity: 'info', count: 3 });
  });
});
