import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { isStringLimitError, readDelimited, sniffDelimiter, WHITESPACE } from '../../src/engine/import/delimited';
import type { CellValue, SourceTable } from '../../src/engine/import/types';
import type { ImportOptions } from '../../src/shared/types';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function readAll(table: SourceTable): Promise<{ rowNumbers: number[]; rows: CellValue[][] }> {
  const rowNumbers: number[] = [];
  const rows: CellValue[][] = [];
  for await (const batch of table.rows()) {
    rowNumbers.push(...batch.rowNumbers);
    rows.push(...batch.rows);
  }
  return { rowNumbers, rows };
}

async function read(text: string, options: ImportOptions = {}) {
  const table = readDelimited(utf8(text), 'test.csv', options);
  return { table, ...(await readAll(table)) };
}

describe('readDelimited: quoting', () => {
  it('reads quoted fields with delimiters, doubled quotes, newlines and CRLF', async () => {
    const { table, rows, rowNumbers } = await read('name,note,amount\r\n"Smith, J.","said ""hi""\r\nthen left",12\r\nLee,plain,7\r\n');
    expect(table.header).toEqual(['name', 'note', 'amount']);
    expect(rows).toEqual([['Smith, J.', 'said "hi"\r\nthen left', '12'], ['Lee', 'plain', '7']]);
    // A record spanning two lines is one row: rows are numbered as a spreadsheet numbers them.
    expect(rowNumbers).toEqual([2, 3]);
    expect(table.headerRow).toBe(1);
  });

  it('skips a UTF-8 BOM and a decoded U+FEFF', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,x\n1,2\n')]);
    const table = readDelimited(bytes, 'bom.csv');
    expect(table.header).toEqual(['id', 'x']);
    const forced = readDelimited(bytes, 'bom.csv', { encoding: 'windows-1252' });
    expect(forced.header[0]).toBe('ï»¿id'); // forcing a wrong encoding is the caller's choice
  });

  it('keeps empty quoted cells empty and reads the last line without a newline', async () => {
    const { rows } = await read('a,b,c\n"",x,\n1,"",3');
    expect(rows).toEqual([[null, 'x', null], ['1', null, '3']]);
  });

  it('reports a quote that is never closed (the cell runs to the end of the file)', async () => {
    const { table, rows } = await read('a,b\n1,"open\n2,3\n');
    expect(rows).toEqual([['1', 'open\n2,3\n']]);
    expect(table.issues).toContainEqual(expect.objectContaining({ code: 'unterminated_quote', rows: [2] }));
  });
});

describe('readDelimited: delimiters and headers', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1,5;2;3\n4;5,5;6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('sniffs %j', (delimiter, text) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  it('prefers ; over , when both split consistently (decimal commas)', () => {
    expect(sniffDelimiter('1,5;2,25;7\n3,5;4,75;8\n')).toBe(';');
    expect(sniffDelimiter('price;qty\n1,5;2\n3,25;4\n')).toBe(';');
  });

  it('follows an Excel "sep=" first line, which is not a row', async () => {
    const { table, rows, rowNumbers } = await read('sep=|\r\nid|name\r\n1|a,b\r\n');
    expect(table.delimiter).toBe('|');
    expect(table.header).toEqual(['id', 'name']);
    expect(rows).toEqual([['1', 'a,b']]);
    expect(rowNumbers).toEqual([2]);
  });

  it('prefers the delimiter that splits consistently over one that appears inside text', () => {
    expect(sniffDelimiter('name,comment\nA,"x; y; z"\nB,"u; v"\nC,w\n')).toBe(',');
  });

  it('reads space-aligned text without a header (CDNOW style) with generated names', async () => {
    const { table, rows, rowNumbers } = await read(' 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00021 0002 19970101  3   63.34\n');
    expect(table.delimiter).toBe(WHITESPACE);
    expect(table.headerRow).toBe(0);
    expect(table.header).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4', 'Column 5']);
    expect(rows[0]).toEqual(['00004', '0001', '19970101', '2', '29.33']);
    expect(rowNumbers).toEqual([1, 2, 3]);
  });

  it('detects a missing header in comma-separated numbers, and a header above numbers', async () => {
    expect((await read('1,2.5,2024-01-01\n3,4.5,2024-01-02\n')).table.headerRow).toBe(0);
    expect((await read('id,amount,date\n3,4.5,2024-01-02\n')).table.headerRow).toBe(1);
    // Persian header above Persian digits.
    expect((await read('شناسه,مبلغ\n۱,۲۵۰۰\n۲,۳۰۰۰\n')).table.header).toEqual(['شناسه', 'مبلغ']);
  });

  it('honours forced delimiter and header options', async () => {
    const { table, rows } = await read('1;2\n3;4\n', { delimiter: ';', hasHeader: true });
    expect(table.header).toEqual(['1', '2']);
    expect(rows).toEqual([['3', '4']]);
  });

  it('gives empty and duplicate header names unique generated names', async () => {
    const { table } = await read('id,,name,Name,name\n1,2,3,4,5\n');
    expect(table.header).toEqual(['id', 'Column 2', 'name', 'Name (2)', 'name (3)']);
  });
});

describe('readDelimited: ragged and hostile input', () => {
  it('pads short rows and reports them with row numbers', async () => {
    const { table, rows } = await read('a,b,c\n1,2,3\n4\n5,6\n7,8,9\n');
    expect(rows).toEqual([['1', '2', '3'], ['4', null, null], ['5', '6', null], ['7', '8', '9']]);
    expect(table.issues).toContainEqual(expect.objectContaining({ code: 'ragged_row', severity: 'warning', rows: [3, 4], count: 2 }));
  });

  it('keeps extra cells of long rows in generated columns and reports them', async () => {
    const { table, rows } = await read('a,b\n1,2\n3,4,extra,more\n5,6\n');
    expect(table.header).toEqual(['a', 'b', 'Column 3', 'Column 4']);
    expect(rows).toEqual([['1', '2', null, null], ['3', '4', 'extra', 'more'], ['5', '6', null, null]]);
    expect(table.issues).toContainEqual(expect.objectContaining({ code: 'ragged_row', rows: [3], count: 1 }));
  });

  it('ignores a trailing delimiter (empty extra cells are not data)', async () => {
    const { table, rows } = await read('a,b\n1,2,\n3,4,\n');
    expect(table.header).toEqual(['a', 'b']);
    expect(rows).toEqual([['1', '2'], ['3', '4']]);
    expect(table.issues.filter((i) => i.code === 'ragged_row')).toEqual([]);
  });

  it('ignores trailing empty header cells, but keeps data under an unnamed last column', async () => {
    const trailing = await read('a,b,\n1,2,\n3,4\n');
    expect(trailing.table.header).toEqual(['a', 'b']);
    expect(trailing.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(trailing.table.issues).toEqual([]);
    const unnamed = await read('a,b,\n1,2,x\n3,4,y\n');
    expect(unnamed.table.header).toEqual(['a', 'b', 'Column 3']);
    expect(unnamed.rows).toEqual([['1', '2', 'x'], ['3', '4', 'y']]);
    expect(unnamed.table.issues).toEqual([]);
  });

  it('skips blank lines but keeps row numbers as in the file', async () => {
    const { table, rows, rowNumbers } = await read('a,b\n\n1,2\n\n\n3,4\n');
    expect(rows).toEqual([['1', '2'], ['3', '4']]);
    expect(rowNumbers).toEqual([3, 6]);
    expect(table.issues).toContainEqual(expect.objectContaining({ code: 'blank_lines', count: 3 }));
  });

  it('announces the number of rows it yields (blank lines, quoted empties, ragged rows, no header)', async () => {
    for (const text of ['a,b\n\n1,2\n""\n\n3,4\n5\n6,7,8\n', '1,2\n\n3\n"x\ny",4', 'x y\n\n  1   2\n3 4\n']) {
      const { table, rows } = await read(text);
      expect(table.rowCount).toBe(rows.length);
    }
  });

  it('reads a header-only file as a table without rows', async () => {
    const { table, rows } = await read('id,name,amount\n');
    expect(table.header).toEqual(['id', 'name', 'amount']);
    expect(rows).toEqual([]);
  });

  it('refuses a file with only blank text', () => {
    expect(() => readDelimited(utf8(' \n\n  \n'), 'blank.csv')).toThrow(/blank\.csv: the file is empty/);
  });

  it('refuses binary junk with a message naming the file', () => {
    let seed = 12345;
    const junk = new Uint8Array(4096).map(() => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed & 0xff; });
    expect(() => readDelimited(junk, 'junk.csv')).toThrow(/junk\.csv: not a text or Excel file/);
  });

  it('reads a 10 MB cell whole', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const { rows } = await read(`id,blob\n1,"${big}"\n2,small\n`);
    expect(rows.length).toBe(2);
    expect((rows[0][1] as string).length).toBe(big.length);
    expect(rows[1]).toEqual(['2', 'small']);
  });

  it('can iterate rows more than once, in batches, with growing byte counts', async () => {
    const lines = ['n,sq'];
    for (let i = 1; i <= 5000; i++) lines.push(`${i},${i * i}`);
    const table = readDelimited(utf8(lines.join('\n')), 'many.csv');
    const first = await readAll(table);
    const second = await readAll(table);
    expect(first.rows.length).toBe(5000);
    expect(second).toEqual(first);
    const bytes: number[] = [];
    for await (const b of table.rows()) bytes.push(b.bytes);
    expect(bytes.length).toBeGreaterThan(1);
    expect(bytes.at(-1)).toBe(table.totalBytes);
    expect([...bytes].sort((x, y) => x - y)).toEqual(bytes);
  });

  it('decodes legacy encodings before parsing (Windows-1256 Persian)', async () => {
    const text = 'نام,مبلغ\nعلي رضائي,1200\nپژمان گلچين,3400\nمريم احمدي,5600\n';
    const table = readDelimited(new Uint8Array(iconv.encode(text, 'windows-1256')), 'fa.csv');
    expect(table.encoding).toBe('windows-1256');
    expect(table.header).toEqual(['نام', 'مبلغ']);
    expect((await readAll(table)).rows[1]).toEqual(['پژمان گلچين', '3400']);
  });
});

describe('the text-size limit', () => {
  it('is recognised however the decoder reports it (RangeError or ERR_STRING_TOO_LONG)', () => {
    expect(isStringLimitError(new RangeError('Invalid string length'))).toBe(true);
    const nodeError = Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
    expect(isStringLimitError(nodeError)).toBe(true);
    expect(isStringLimitError(new Error('other'))).toBe(false);
    expect(isStringLimitError(null)).toBe(false);
  });
});
