// XLSX reader: workbooks written by ExcelJS's writer (title rows, merged and empty headers,
// hidden sheets, dates, formulas, rich text, hyperlinks, Persian/Thai/Chinese headers), hand-built
// archives for what a writer will not produce (hostile input, inline strings, error values), and
// the real online-retail export.
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { classifyNumberFormat, excelSerialToUtcMs, readXlsx } from '../../src/engine/import/xlsx';
import { ImportError, type CellValue, type SourceTable } from '../../src/engine/import/types';
import { datasetPath, hasDatasets } from '../realDatasets';

async function allRows(table: SourceTable): Promise<{ rowNumbers: number[]; rows: CellValue[][] }> {
  const rowNumbers: number[] = [];
  const rows: CellValue[][] = [];
  for await (const batch of table.rows()) {
    rowNumbers.push(...batch.rowNumbers);
    rows.push(...batch.rows);
  }
  return { rowNumbers, rows };
}

async function expectImportError(promise: Promise<unknown>, code: string, message: RegExp): Promise<ImportError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).code).toBe(code);
    expect((e as ImportError).message).toMatch(message);
    return e as ImportError;
  }
  throw new Error(`expected ImportError ${code}`);
}

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h, mi, s));

/** Excel 1900-system serial of a UTC date, computed independently of the reader. */
const serialOf = (date: Date) => date.getTime() / 86_400_000 + 25569;

// ---------------------------------------------------------------------------------------------
// A minimal zip writer and XLSX part builder for hand-made archives.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface ZipPart {
  name: string;
  data: string | Uint8Array;
  /** Override the declared uncompressed size (to build lying archives). */
  declaredSize?: number;
  /** Use these bytes as the compressed data instead of deflating `data`. */
  compressed?: Uint8Array;
}

function buildZip(parts: ZipPart[], options: { overlapLast?: boolean } = {}): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let lastOffset = 0;
  parts.forEach((part, i) => {
    const data = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : Buffer.from(part.data);
    const compressed = part.compressed ? Buffer.from(part.compressed) : deflateRawSync(data);
    const name = Buffer.from(part.name, 'utf8');
    const size = part.declaredSize ?? data.length;
    const crc = crc32(data);
    const overlap = options.overlapLast && i === parts.length - 1;
    const entryOffset = overlap ? lastOffset : offset;
    if (!overlap) {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0x800, 6);
      header.writeUInt16LE(8, 8);
      header.writeUInt16LE(0x21, 12);
      header.writeUInt32LE(crc, 14);
      header.writeUInt32LE(compressed.length, 18);
      header.writeUInt32LE(size, 22);
      header.writeUInt16LE(name.length, 26);
      local.push(header, name, compressed);
      lastOffset = offset;
      offset += 30 + name.length + compressed.length;
    }
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(entryOffset, 42);
    central.push(entry, name);
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Parts of a workbook whose sheets are given as raw <sheetData>-and-after XML. */
function workbookParts(sheets: Array<{ name: string; xml: string; state?: string }>, extra: ZipPart[] = []): ZipPart[] {
  return [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>',
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}</Relationships>`,
    },
    ...sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}">${s.xml}</worksheet>`,
    })),
    ...extra,
  ];
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

// ---------------------------------------------------------------------------------------------
// A minimal OLE2 compound file: header, one FAT sector, one directory sector.

function buildCompoundFile(streamNames: string[]): Uint8Array {
  const file = Buffer.alloc(512 * 3, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c);
  file.writeUInt32LE(1, 0x30);
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(0xfffffffe, 0x3c);
  file.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = 512;
  for (let i = 0; i < 128; i++) file.writeUInt32LE(0xffffffff, fat + i * 4);
  file.writeUInt32LE(0xfffffffd, fat);
  file.writeUInt32LE(0xfffffffe, fat + 4);
  const dir = 1024;
  ['Root Entry', ...streamNames].forEach((name, i) => {
    const p = dir + i * 128;
    Buffer.from(`${name}\0`, 'utf16le').copy(file, p);
    file.writeUInt16LE((name.length + 1) * 2, p + 0x40);
    file.writeUInt8(i === 0 ? 5 : 2, p + 0x42);
  });
  return new Uint8Array(file);
}

// ---------------------------------------------------------------------------------------------

async function reportWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Report');
  sheet.getCell('A1').value = 'Quarterly report';
  const header = ['Customer', 'Revenue', null, null, 'Signup', 'Serial date', 'Total', 'Ratio', 'Notes', 'Link', 'customer', 'مشتری', 'ลูกค้า', '客户'];
  sheet.getRow(3).values = header;
  sheet.mergeCells('B3:C3');
  const signup = [utc(2024, 1, 15), utc(2023, 12, 31, 13, 30), utc(1999, 2, 28)];
  const serials = [utc(2024, 3, 1), utc(2020, 2, 29), utc(1900, 3, 1)];
  const rows: unknown[][] = [
    ['Acme', 10, 20, 'x', signup[0], serialOf(serials[0]), { formula: 'B4+C4', result: 30 }, { formula: 'B4/0', result: { error: '#DIV/0!' } },
      { richText: [{ text: 'Hello ' }, { font: { bold: true }, text: 'World' }] }, { text: 'Example', hyperlink: 'https://example.com' }, 'dup', 'علی', 'สมชาย', '王'],
    ['Globex', 5, 7],
    ['Initech', 1.5, 2.25, 'z', signup[2], serialOf(serials[2]), { formula: 'B6+C6', result: 3.75 }, { formula: 'NA()', result: { error: '#N/A' } },
      'plain', 'no link', 'dup2', '۱۲۳', '๑๒๓', '一二三'],
  ];
  rows[1].push('y', signup[1], serialOf(serials[1]));
  rows.forEach((values, i) => { sheet.getRow(4 + i).values = values as ExcelJS.CellValue[]; });
  for (let r = 4; r <= 6; r++) sheet.getCell(`F${r}`).numFmt = 'dd/mm/yyyy';
  sheet.getColumn(5).numFmt = 'yyyy-mm-dd hh:mm';

  const hidden = workbook.addWorksheet('Hidden', { state: 'hidden' });
  hidden.addRow(['a', 'b']);
  hidden.addRow([1, 2]);
  const secret = workbook.addWorksheet('Secret', { state: 'veryHidden' });
  secret.addRow(['k']);
  secret.addRow([true]);
  workbook.addWorksheet('Empty');
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('number formats and serial dates', () => {
  it('tells date, time and elapsed-time formats from number formats', () => {
    const custom: Array<[string, string]> = [
      ['0.00', 'number'], ['General', 'number'], ['"$"#,##0.00', 'number'], ['0.00E+00', 'number'], ['[Red]#,##0;[Blue]-#,##0', 'number'],
      ['#,##0 "days"', 'number'], ['0%', 'number'], ['yyyy-mm-dd', 'date'], ['dd/mm/yyyy', 'date'], ['mmm-yy', 'date'],
      ['[$-409]m/d/yy h:mm AM/PM', 'date'], ['yyyy"年"m"月"d"日"', 'date'], ['h:mm', 'time'], ['mm:ss', 'time'],
      ['h:mm:ss AM/PM', 'time'], ['[h]:mm:ss', 'elapsed'], ['[mm]:ss', 'elapsed'],
    ];
    for (const [code, kind] of custom) expect([code, classifyNumberFormat(164, code)]).toEqual([code, kind]);
    expect(classifyNumberFormat(14, undefined)).toBe('date');
    expect(classifyNumberFormat(22, undefined)).toBe('date');
    expect(classifyNumberFormat(20, undefined)).toBe('time');
    expect(classifyNumberFormat(46, undefined)).toBe('elapsed');
    expect(classifyNumberFormat(4, undefined)).toBe('number');
  });

  it('converts serials of the 1900 and 1904 date systems, with the 1900 leap-year bug', () => {
    expect(new Date(excelSerialToUtcMs(1, false))).toEqual(utc(1900, 1, 1));
    expect(new Date(excelSerialToUtcMs(59, false))).toEqual(utc(1900, 2, 28));
    expect(new Date(excelSerialToUtcMs(61, false))).toEqual(utc(1900, 3, 1));
    expect(new Date(excelSerialToUtcMs(45292, false))).toEqual(utc(2024, 1, 1));
    expect(new Date(excelSerialToUtcMs(45292.75, false))).toEqual(utc(2024, 1, 1, 18));
    expect(new Date(excelSerialToUtcMs(0, true))).toEqual(utc(1904, 1, 1));
    expect(new Date(excelSerialToUtcMs(43830, true))).toEqual(utc(2024, 1, 1));
  });
});

describe('readXlsx: workbooks written by ExcelJS', () => {
  it('reads every sheet, with hidden and very hidden sheets flagged', async () => {
    const tables = await readXlsx(await reportWorkbook(), 'report.xlsx', {});
    expect(tables.map((t) => [t.sheet, t.hidden])).toEqual([
      ['Report', false], ['Hidden', true], ['Secret', true], ['Empty', false],
    ]);
    for (const t of tables) {
      expect(t.encoding).toBe('xlsx');
      expect(t.delimiter).toBeNull();
    }
    const secret = tables[2];
    expect(secret.header).toEqual(['k']);
    expect((await allRows(secret)).rows).toEqual([[true]]);
  });

  it('skips title rows, names merged, empty and duplicate headers, reads localized headers', async () => {
    const [report] = await readXlsx(await reportWorkbook(), 'report.xlsx', {});
    expect(report.headerRow).toBe(3);
    expect(report.header).toEqual([
      'Customer', 'Revenue', 'Revenue (2)', 'Column 4', 'Signup', 'Serial date', 'Total', 'Ratio', 'Notes', 'Link',
      'customer (2)', 'مشتری', 'ลูกค้า', '客户',
    ]);
    const title = report.issues.find((i) => i.code === 'title_rows_skipped');
    expect(title?.message).toMatch(/report\.xlsx, sheet "Report": 2 title rows skipped/);
    expect(title?.message).toContain('Quarterly report');
    expect(report.issues.find((i) => i.code === 'unnamed_column')?.message).toContain('"Column 4"');
  });

  it('reads values: dates as UTC Dates, serials in date formats, cached formula results, errors, rich text, hyperlinks, padding', async () => {
    const [report] = await readXlsx(await reportWorkbook(), 'report.xlsx', {});
    const { rowNumbers, rows } = await allRows(report);
    expect(rowNumbers).toEqual([4, 5, 6]);
    expect(report.rowCount).toBe(3);
    expect(rows[0]).toEqual([
      'Acme', 10, 20, 'x', utc(2024, 1, 15), utc(2024, 3, 1), 30, '#DIV/0!', 'Hello World', 'Example', 'dup', 'علی', 'สมชาย', '王',
    ]);
    expect(rows[1]).toEqual(['Globex', 5, 7, 'y', utc(2023, 12, 31, 13, 30), utc(2020, 2, 29), null, null, null, null, null, null, null, null]);
    expect(rows[2]).toEqual([
      'Initech', 1.5, 2.25, 'z', utc(1999, 2, 28), utc(1900, 3, 1), 3.75, '#N/A', 'plain', 'no link', 'dup2', '۱۲۳', '๑๒๓', '一二三',
    ]);
    const errors = report.issues.find((i) => i.code === 'formula_error');
    expect(errors).toMatchObject({ column: 'Ratio', count: 2, rows: [4, 6] });
    expect(errors?.message).toMatch(/#DIV\/0!.*#N\/A/);
  });

  it('rows() can be iterated twice with the same result', async () => {
    const [report] = await readXlsx(await reportWorkbook(), 'report.xlsx', {});
    expect(await allRows(report)).toEqual(await allRows(report));
  });

  it('an empty sheet is a table with no rows and a warning', async () => {
    const tables = await readXlsx(await reportWorkbook(), 'report.xlsx', {});
    const empty = tables.find((t) => t.sheet === 'Empty')!;
    expect(empty.header).toEqual([]);
    expect((await allRows(empty)).rows).toEqual([]);
    expect(empty.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'empty_sheet', message: 'report.xlsx, sheet "Empty": the sheet is empty' })]);
  });

  it('imports only the sheets asked for; hasHeader: false keeps every row as data', async () => {
    const bytes = await reportWorkbook();
    const only = await readXlsx(bytes, 'report.xlsx', { sheets: ['Hidden'] });
    expect(only.map((t) => t.sheet)).toEqual(['Hidden']);
    const [noHeader] = await readXlsx(bytes, 'report.xlsx', { sheets: ['Hidden'], hasHeader: false });
    expect(noHeader.headerRow).toBe(0);
    expect(noHeader.header).toEqual(['Column 1', 'Column 2']);
    expect(await allRows(noHeader)).toEqual({ rowNumbers: [1, 2], rows: [['a', 'b'], [1, 2]] });
  });

  it('a sheet asked for that does not exist is named in the error; an aborted read stops', async () => {
    const bytes = await reportWorkbook();
    await expectImportError(readXlsx(bytes, 'report.xlsx', { sheets: ['Nope'] }), 'sheet_not_found',
      /report\.xlsx: no sheet named "Nope"; the workbook has "Report", "Hidden", "Secret", "Empty"/);
    const controller = new AbortController();
    controller.abort();
    await expect(readXlsx(bytes, 'report.xlsx', {}, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads a streamed (ExcelJS WorkbookWriter) workbook with shared strings and a 1904 date system', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const sheet = workbook.addWorksheet('S');
    sheet.addRow(['when', 'what']);
    sheet.addRow([utc(2021, 6, 30, 8, 15), 'first']);
    sheet.addRow([utc(1904, 1, 2), 'second']);
    const [table] = await readXlsx(new Uint8Array(await workbook.xlsx.writeBuffer()), 'd1904.xlsx', {});
    expect((await allRows(table)).rows).toEqual([[utc(2021, 6, 30, 8, 15), 'first'], [utc(1904, 1, 2), 'second']]);
  });

  it('a sheet whose header is numeric data has generated names', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Numbers');
    sheet.addRow([1, 2, 3]);
    sheet.addRow([4, 5, 6]);
    const [table] = await readXlsx(new Uint8Array(await workbook.xlsx.writeBuffer()), 'n.xlsx', {});
    expect(table.headerRow).toBe(0);
    expect(table.header).toEqual(['Column 1', 'Column 2', 'Column 3']);
    expect((await allRows(table)).rows).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
});

describe('readXlsx: hand-built archives', () => {
  it('reads inline strings, error and boolean cells, uncached formulas, time formats and escapes', async () => {
    const styles: ZipPart = {
      name: 'xl/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN_NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/><numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></numFmts>`
        + '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="21" applyNumberFormat="1"/></cellXfs></styleSheet>',
    };
    const xml = '<sheetData>'
      + `<row r="1">${inline('A1', 'name')}${inline('B1', 'ok')}${inline('C1', 'calc')}${inline('D1', 'elapsed')}${inline('E1', 'price')}${inline('F1', 'time')}</row>`
      + `<row r="2"><c r="A2" t="inlineStr"><is><r><t>Tom &amp; </t></r><r><rPr><b/></rPr><t xml:space="preserve">Jerry_x000D_</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></is></c>`
      + '<c r="B2" t="b"><v>1</v></c><c r="C2"><f>1/0</f></c><c r="D2" s="1"><v>1.5</v></c><c r="E2" s="2"><v>1234.5</v></c><c r="F2" s="3"><v>0.75</v></c></row>'
      + '<row r="3"/>'
      + '<row r="4"><c r="A4" t="str"><f>A2</f><v>x&lt;y</v></c><c r="B4" t="b"><v>0</v></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
      + '</sheetData>';
    const bytes = buildZip(workbookParts([{ name: 'Data', xml }], [styles]));
    const [table] = await readXlsx(bytes, 'hand.xlsx', {});
    expect(table.header).toEqual(['name', 'ok', 'calc', 'elapsed', 'price', 'time']);
    expect(await allRows(table)).toEqual({
      rowNumbers: [2, 4],
      rows: [
        ['Tom & Jerry\r', true, null, '36:00:00', 1234.5, '18:00:00'],
        ['x<y', false, '#DIV/0!', null, null, null],
      ],
    });
    expect(table.issues.find((i) => i.code === 'formula_without_value')).toMatchObject({ column: 'calc', rows: [2], count: 1 });
    expect(table.issues.find((i) => i.code === 'formula_error')).toMatchObject({ column: 'calc', rows: [4], count: 1 });
  });

  it('refuses a cell, row or merge beyond XFD1048576 with a message naming the file and sheet, at once', async () => {
    const far = `<sheetData><row r="1">${inline('A1', 'h')}${inline('ZZZZZZ1', 'x')}</row></sheetData>`;
    const started = Date.now();
    await expectImportError(readXlsx(buildZip(workbookParts([{ name: 'Far', xml: far }])), 'far.xlsx', {}), 'corrupt_xlsx', /^far\.xlsx, sheet "Far": cell ZZZZZZ1 lies beyond Excel's last cell XFD1048576/);
    const longRef = `<sheetData><row r="1">${inline('A1', 'h')}${inline(`${'Z'.repeat(400)}1`, 'x')}</row></sheetData>`;
    await expectImportError(readXlsx(buildZip(workbookParts([{ name: 'Long', xml: longRef }])), 'long.xlsx', {}), 'corrupt_xlsx', /sheet "Long": cell Z+/);
    const farRow = `<sheetData><row r="1">${inline('A1', 'h')}</row><row r="4294967297">${inline('A4294967297', 'x')}</row></sheetData>`;
    await expectImportError(readXlsx(buildZip(workbookParts([{ name: 'Rows', xml: farRow }])), 'rows.xlsx', {}), 'corrupt_xlsx', /sheet "Rows": row 4294967297 lies beyond/);
    const farMerge = `<sheetData><row r="1">${inline('A1', 'h')}</row></sheetData><mergeCells count="1"><mergeCell ref="A1:ZZZZZZ2"/></mergeCells>`;
    await expectImportError(readXlsx(buildZip(workbookParts([{ name: 'M', xml: farMerge }])), 'merge.xlsx', {}), 'corrupt_xlsx', /sheet "M": merged range A1:ZZZZZZ2 lies beyond/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads a sheet with a whole-sheet merge and many overlapping header merges quickly', async () => {
    const rows = [`<row r="1">${inline('A1', 'Customer')}${inline('B1', 'Amount')}</row>`];
    for (let r = 2; r <= 5; r++) rows.push(`<row r="${r}">${inline(`A${r}`, `c${r}`)}<c r="B${r}"><v>${r * 10}</v></c></row>`);
    const overlapping = Array.from({ length: 20_000 }, () => '<mergeCell ref="A1:XFD1"/>').join('');
    const xml = `<sheetData>${rows.join('')}</sheetData><mergeCells count="20001"><mergeCell ref="A1:XFD1048576"/>${overlapping}</mergeCells>`;
    const started = Date.now();
    const [table] = await readXlsx(buildZip(workbookParts([{ name: 'Merged', xml }])), 'merged.xlsx', {});
    expect(table.header).toEqual(['Customer', 'Amount']);
    expect((await allRows(table)).rows).toEqual([['c2', 20], ['c3', 30], ['c4', 40], ['c5', 50]]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads sheets written with a namespace prefix', async () => {
    const xml = '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c></x:row>'
      + '<x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c></x:row></x:sheetData>';
    const parts = workbookParts([{ name: 'P', xml: '' }]);
    parts[3].data = `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN_NS}">${xml}</x:worksheet>`;
    const [table] = await readXlsx(buildZip(parts), 'prefixed.xlsx', {});
    expect(table.header).toEqual(['id']);
    expect((await allRows(table)).rows).toEqual([[7]]);
  });

  it('deeply nested XML does not exhaust the stack', async () => {
    const depth = 200_000;
    const nested = '<a>'.repeat(depth) + '</a>'.repeat(depth);
    const xml = `<sheetData><row r="1">${inline('A1', 'h')}</row><row r="2">${inline('A2', 'v')}</row></sheetData><extLst>${nested}</extLst>`;
    const [table] = await readXlsx(buildZip(workbookParts([{ name: 'Deep', xml }])), 'deep.xlsx', {});
    expect((await allRows(table)).rows).toEqual([['v']]);
    const cellNested = `<sheetData><row r="1">${inline('A1', 'h')}</row><row r="2"><c r="A2" t="inlineStr"><is>${nested}<t>w</t></is></c></row></sheetData>`;
    const [table2] = await readXlsx(buildZip(workbookParts([{ name: 'Deep', xml: cellNested }])), 'deep.xlsx', {});
    expect((await allRows(table2)).rows).toEqual([['w']]);
  });

  it('deep nesting in the parts ExcelJS parses (shared strings, styles, workbook) is read past', async () => {
    const depth = 100_000;
    const nested = '<x>'.repeat(depth) + '</x>'.repeat(depth);
    const sharedStrings: ZipPart = {
      name: 'xl/sharedStrings.xml',
      data: `<sst xmlns="${MAIN_NS}"><si><t>name</t></si><si><t>deep</t>${nested}</si></sst>`,
    };
    const styles: ZipPart = { name: 'xl/styles.xml', data: `<styleSheet xmlns="${MAIN_NS}"><extLst>${nested}</extLst></styleSheet>` };
    const xml = '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData>';
    const parts = workbookParts([{ name: 'S', xml }], [sharedStrings, styles]);
    parts[1].data = String(parts[1].data).replace('<sheets>', `<extLst>${nested}</extLst><sheets>`);
    const [table] = await readXlsx(buildZip(parts), 'nested.xlsx', {});
    expect(table.header).toEqual(['name']);
    expect((await allRows(table)).rows).toEqual([['deep']]);
  });

  it('resolves absolute relationship targets; a worksheet part under another name is reported', async () => {
    const parts = workbookParts([
      { name: 'Visible', xml: `<sheetData><row r="1">${inline('A1', 'h')}</row><row r="2">${inline('A2', 'one')}</row></sheetData>` },
      { name: 'Secret', state: 'hidden', xml: `<sheetData><row r="1">${inline('A1', 'k')}</row><row r="2">${inline('A2', 'two')}</row></sheetData>` },
    ]);
    parts[2].data = String(parts[2].data).replace('Target="worksheets/sheet1.xml"', 'Target="/xl/worksheets/sheet1.xml"');
    const [visible, secret] = await readXlsx(buildZip(parts), 'abs.xlsx', {});
    expect([visible.sheet, visible.hidden, secret.sheet, secret.hidden]).toEqual(['Visible', false, 'Secret', true]);
    expect((await allRows(visible)).rows).toEqual([['one']]);

    const renamed = workbookParts([{ name: 'Data', xml: `<sheetData><row r="1">${inline('A1', 'h')}</row></sheetData>` }]);
    renamed[2].data = String(renamed[2].data).replace('worksheets/sheet1.xml', 'worksheets/data.xml');
    renamed[3].name = 'xl/worksheets/data.xml';
    const [data] = await readXlsx(buildZip(renamed), 'renamed.xlsx', {});
    expect(data.sheet).toBe('Data');
    expect(data.issues[0]).toMatchObject({ severity: 'error', code: 'sheet_part_missing' });
    expect(data.issues[0].message).toMatch(/renamed\.xlsx, sheet "Data": its data is stored as xl\/worksheets\/data\.xml/);
  });

  it('a workbook without sheets is refused', async () => {
    await expectImportError(readXlsx(buildZip(workbookParts([])), 'none.xlsx', {}), 'no_sheets', /none\.xlsx: the workbook has no sheets/);
  });
});

describe('readXlsx: hostile and unreadable files', () => {
  it('refuses a zip bomb by compression ratio before inflating', async () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const bytes = buildZip(workbookParts([{ name: 'S', xml: '<sheetData/>' }], [{ name: 'xl/media/bomb.bin', data: zeros }]));
    expect(bytes.length).toBeLessThan(200_000);
    await expectImportError(readXlsx(bytes, 'bomb.xlsx', {}), 'zip_bomb', /bomb\.xlsx: zip bomb refused: entry xl\/media\/bomb\.bin expands \d+:1/);
  });

  it('refuses a zip bomb by total declared size', async () => {
    const junk = randomBytes(160 * 1024);
    const parts: ZipPart[] = Array.from({ length: 40 }, (_, i) => ({
      name: `xl/media/part${i}.bin`, data: '', compressed: junk, declaredSize: 30 * 1024 * 1024,
    }));
    await expectImportError(readXlsx(buildZip(workbookParts([], parts)), 'big.xlsx', {}), 'zip_bomb', /big\.xlsx: zip bomb refused: the archive would expand to more than 1\.0 GiB/);
  });

  it('refuses many parts that each pass the per-entry ratio check but together expand too far', async () => {
    // The probe: 60 sheets of just under 16 MiB each in a 2.4 MB file (38M rows once read).
    const rowXml = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const sheetXml = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>${rowXml.repeat(Math.floor((16 * 1024 ** 2 - 200) / rowXml.length))}</sheetData></worksheet>`;
    expect(sheetXml.length).toBeLessThan(16 * 1024 ** 2);
    const compressed = deflateRawSync(Buffer.from(sheetXml));
    const names = Array.from({ length: 60 }, (_, i) => `S${i + 1}`);
    const parts = workbookParts(names.map((name) => ({ name, xml: '' })));
    for (const part of parts) {
      if (part.name.startsWith('xl/worksheets/')) Object.assign(part, { data: '', compressed, declaredSize: sheetXml.length });
    }
    const bytes = buildZip(parts);
    expect(bytes.length).toBeLessThan(3 * 1024 ** 2);
    await expectImportError(readXlsx(bytes, 'amplified.xlsx', {}), 'zip_bomb',
      /amplified\.xlsx: zip bomb refused: its 63 parts together expand \d+:1 \(.* → 960\.0 MiB\), more than the 200:1 limit/);
  });

  it('refuses entries that share compressed data (overlapping zip bomb)', async () => {
    const parts = workbookParts([{ name: 'S', xml: '<sheetData/>' }]);
    parts.push({ name: 'xl/worksheets/sheet9.xml', data: 'x' });
    await expectImportError(readXlsx(buildZip(parts, { overlapLast: true }), 'overlap.xlsx', {}), 'zip_bomb', /share compressed data/);
  });

  it('refuses parts that inflate beyond their declared size', async () => {
    const big = 'x'.repeat(5_000_000);
    const lyingStrings = workbookParts([{ name: 'S', xml: '<sheetData/>' }], [
      { name: 'xl/sharedStrings.xml', data: `<sst xmlns="${MAIN_NS}"><si><t>${big}</t></si></sst>`, declaredSize: 1000 },
    ]);
    await expectImportError(readXlsx(buildZip(lyingStrings), 'lie.xlsx', {}), 'zip_bomb', /part xl\/sharedStrings\.xml inflates beyond/);
    const lyingSheet = workbookParts([{ name: 'Big', xml: `<sheetData><row r="1">${inline('A1', big)}</row></sheetData>` }]);
    lyingSheet[3].declaredSize = 1000;
    await expectImportError(readXlsx(buildZip(lyingSheet), 'lie.xlsx', {}), 'zip_bomb', /lie\.xlsx, sheet "Big": zip bomb refused/);
  });

  it('password-protected workbook and legacy .xls are told apart', async () => {
    await expectImportError(readXlsx(buildCompoundFile(['EncryptionInfo', 'EncryptedPackage']), 'secret.xlsx', {}), 'password_protected',
      /secret\.xlsx: password-protected workbook; remove the password in Excel .*and save again/);
    await expectImportError(readXlsx(buildCompoundFile(['Workbook', 'SummaryInformation']), 'old.xls', {}), 'legacy_xls',
      /old\.xls: legacy \.xls is not supported; save as \.xlsx/);
  });

  it('truncated, corrupt, empty and non-zip files give clear messages', async () => {
    const good = await reportWorkbook();
    await expectImportError(readXlsx(good.subarray(0, Math.floor(good.length / 2)), 'half.xlsx', {}), 'corrupt_zip', /half\.xlsx: the file is truncated/);
    await expectImportError(readXlsx(new Uint8Array(0), 'empty.xlsx', {}), 'empty_file', /empty\.xlsx: the file is empty/);
    await expectImportError(readXlsx(new TextEncoder().encode('a,b\n1,2\n'), 'text.xlsx', {}), 'not_xlsx', /text\.xlsx: not an Excel/);
    const notWorkbook = buildZip([{ name: 'readme.txt', data: 'hello' }]);
    await expectImportError(readXlsx(notWorkbook, 'other.zip', {}), 'not_xlsx', /no xl\/workbook\.xml/);

    // Damage the compressed data of the sheet: inflating fails, and the message names the sheet.
    const sheetXml = `<sheetData>${Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}">${inline(`A${i + 1}`, `value ${i} ${'z'.repeat(i % 50)}`)}</row>`).join('')}</sheetData>`;
    const parts = workbookParts([{ name: 'Broken', xml: sheetXml }]);
    const bytes = buildZip(parts);
    const sheetAt = Buffer.from(bytes).indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    for (let i = sheetAt + 200; i < sheetAt + 400; i++) bytes[i] ^= 0x5a;
    const error = await expectImportError(readXlsx(bytes, 'broken.xlsx', {}), 'corrupt_xlsx', /broken\.xlsx, sheet "Broken": the workbook is damaged/);
    expect(error.sheet).toBe('Broken');
  });
});

const RETAIL = datasetPath('online-retail-40k.xlsx');
describe.runIf(hasDatasets('xlsx', 'online-retail-40k.xlsx'))('readXlsx: online-retail-40k.xlsx', () => {
  it('has one sheet of 40,000 rows with InvoiceDate as dates', async () => {
    const tables = await readXlsx(new Uint8Array(readFileSync(RETAIL)), 'online-retail-40k.xlsx', {});
    expect(tables).toHaveLength(1);
    const [table] = tables;
    expect(table.header).toEqual(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
    expect(table.headerRow).toBe(1);
    const { rowNumbers, rows } = await allRows(table);
    expect(rows).toHaveLength(40_000);
    expect(rowNumbers[0]).toBe(2);
    expect(rowNumbers[39_999]).toBe(40_001);
    expect(rows.every((r) => r[4] instanceof Date)).toBe(true);
    // Row 2 of the sheet: serial 40846.67847222222 (style "m/d/yy h:mm") = 2011-10-30 16:17.
    expect(rows[0]).toEqual([573415, 21166, 'COOK WITH WINE METAL SIGN ', 1, utc(2011, 10, 30, 16, 17), 2.08, 13607, 'United Kingdom']);
    expect(rows.every((r) => r.length === 8)).toBe(true);
  });
});
