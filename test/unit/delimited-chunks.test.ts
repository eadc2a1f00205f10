// The delimited reader decodes and parses a chunk of bytes at a time. These tests force tiny chunks
// (1, 2, 3, 7, 64 bytes) so quoted newlines, "" escapes, CRLFs and multibyte characters (UTF-8,
// UTF-16, windows-1256, TIS-620, Big5) fall across chunk boundaries, and compare every reading
// with the default chunk size and with a plain RFC 4180 splitter run over the whole string.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { readDelimited, WHITESPACE, type DelimitedReaderTuning } from '../../src/engine/import/delimited';
import type { CellValue } from '../../src/engine/import/types';
import type { ImportOptions, Issue } from '../../src/shared/types';

const CHUNKS: Array<number | undefined> = [1, 2, 3, 7, 64, undefined];

interface Reading {
  encoding: string;
  delimiter: string | null;
  headerRow: number;
  header: string[];
  rowCount: number | undefined;
  rowNumbers: number[];
  rows: CellValue[][];
  issues: Issue[];
  /** Progress never goes back and never passes the file size. */
  progressOk: boolean;
}

async function readWith(bytes: Uint8Array, options: ImportOptions, tuning: DelimitedReaderTuning): Promise<Reading> {
  const t = readDelimited(bytes, 'chunks.csv', options, tuning);
  const rowNumbers: number[] = [];
  const rows: CellValue[][] = [];
  let lastBytes = 0;
  let progressOk = true;
  for await (const batch of t.rows()) {
    rowNumbers.push(...batch.rowNumbers);
    rows.push(...batch.rows);
    if (batch.bytes < lastBytes || batch.bytes > bytes.length) progressOk = false;
    lastBytes = batch.bytes;
  }
  return {
    encoding: t.encoding, delimiter: t.delimiter, headerRow: t.headerRow, header: t.header, rowCount: t.rowCount,
    rowNumbers, rows, issues: t.issues, progressOk,
  };
}

/** Reads with every chunk size; all readings must equal the default one, which is returned. */
async function readAllChunkSizes(bytes: Uint8Array, options: ImportOptions = {}, chunks = CHUNKS): Promise<Reading> {
  const base = await readWith(bytes, options, {});
  expect(base.progressOk).toBe(true);
  for (const chunkBytes of chunks) {
    const r = await readWith(bytes, options, { chunkBytes });
    expect(r, `chunkBytes ${chunkBytes}`).toEqual(base);
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// Reference: RFC 4180 over the whole string (quotes open only at a field's start; "" inside quotes
// is a quote; CR, LF and CRLF end records), and the reader's table rules on top of it.

function referenceRecords(text: string, delimiter = ','): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; }
      else if (c === '"') { quoted = false; i++; }
      else { field += c; i++; }
      continue;
    }
    if (c === '"' && atFieldStart) { quoted = true; atFieldStart = false; i++; continue; }
    atFieldStart = false;
    if (c === delimiter) { fields.push(field); field = ''; atFieldStart = true; i++; continue; }
    if (c === '\r' || c === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      atFieldStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    i++;
  }
  if (!atFieldStart || fields.length > 0 || quoted) { fields.push(field); records.push(fields); }
  return records;
}

function referenceWhitespaceRecords(text: string): string[][] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    const t = line.replace(/^[ \t]+|[ \t]+$/g, '');
    return t === '' ? [''] : t.split(/[ \t]+/);
  });
}

interface ReferenceTable {
  header: string[];
  rowNumbers: number[];
  rows: CellValue[][];
  blankLines: number;
  shortRows: number[];
  longRows: number[];
}

/** The table the reader makes of records whose first one is the header (named, unique). */
function referenceTable(records: string[][]): ReferenceTable {
  const isBlank = (r: string[]) => r.length === 1 && r[0] === '';
  const headerIndex = records.findIndex((r) => !isBlank(r));
  const header = records[headerIndex];
  let named = header.length;
  while (named > 0 && header[named - 1].trim() === '') named--;
  const used = (r: string[]) => { let n = r.length; while (n > 0 && r[n - 1] === '') n--; return n; };
  const data = records.map((r, i) => ({ r, row: i + 1 })).slice(headerIndex + 1);
  const width = Math.max(named, ...data.map(({ r }) => used(r)));
  const out: ReferenceTable = { header: [], rowNumbers: [], rows: [], blankLines: 0, shortRows: [], longRows: [] };
  for (let c = 0; c < width; c++) out.header.push(header[c]?.trim() || `Column ${c + 1}`);
  for (const { r, row } of data) {
    if (isBlank(r)) { out.blankLines++; continue; }
    if (used(r) > header.length) out.longRows.push(row);
    else if (r.length < named) out.shortRows.push(row);
    out.rowNumbers.push(row);
    out.rows.push(Array.from({ length: width }, (_, c) => (r[c] === undefined || r[c] === '' ? null : r[c])));
  }
  return out;
}

function expectMatchesReference(reading: Reading, ref: ReferenceTable): void {
  expect(reading.header).toEqual(ref.header);
  expect(reading.rowNumbers).toEqual(ref.rowNumbers);
  expect(reading.rows).toEqual(ref.rows);
  expect(reading.rowCount).toBe(ref.rows.length);
  const issue = (code: string, side?: string) => reading.issues.find((i) => i.code === code && (side === undefined || i.params?.side === side));
  expect(issue('blank_lines')?.count ?? 0).toBe(ref.blankLines);
  expect(issue('ragged_row', 'short')?.count ?? 0).toBe(ref.shortRows.length);
  expect(issue('ragged_row', 'short')?.rows ?? []).toEqual(ref.shortRows.slice(0, 10));
  expect(issue('ragged_row', 'long')?.count ?? 0).toBe(ref.longRows.length);
  expect(issue('ragged_row', 'long')?.rows ?? []).toEqual(ref.longRows.slice(0, 10));
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const encodeAs = (text: string, encoding: string, bom = false) => new Uint8Array(iconv.encode(text, encoding, { addBOM: bom }));

// ---------------------------------------------------------------------------------------------

const QUOTING = 'id,note,amount\r\n1,"line one\r\nline two",10\r\n2,"say ""hi"", then ""bye""",20\r\n\r\n3,plain,30\r\n4,"",\r\n5,"a,b\nc",50';
// Persian, Thai and Chinese cells, quoted newlines, doubled quotes and a ragged row.
const SCRIPTS = [
  'نام,شهر,توضیحات,مبلغ',
  'علی رضایی,تهران,"سفارش ""فوری""\nتحویل فردا",۱۲۰۰',
  'สมชาย ใจดี,กรุงเทพฯ,"บริการดีมาก, ตอบเร็ว",3400',
  '王小明,臺北,"訂單已出貨\r\n請確認",5600',
  '',
  '李華,高雄,退款',
  'مریم احمدی,اصفهان,"",7800,اضافه',
].join('\n') + '\n';
// What windows-1256 holds of Persian (Arabic yeh and kaf), TIS-620 of Thai, Big5 of traditional Chinese.
const PERSIAN_1256 = 'نام,شهر,توضيحات\nعلي رضائي,تهران,"سفارش ""فوري""\nتحويل فردا"\nمريم احمدي,اصفهان,پژمان گلچين\n';
const THAI = 'วันที่,ลูกค้า,ความคิดเห็น\n2024-01-05,สมชาย,"พนักงานบริการดีมาก\r\nตอบคำถามรวดเร็ว"\n2024-01-06,สมหญิง,"ราคาแพงไปหน่อย, แต่คุ้ม"\n';
const BIG5 = '日期,客戶,備註\n2024-01-05,王小明,"訂單已出貨\n請確認"\n2024-01-06,陳美玲,"退款, 已處理"\n2024-01-07,林志強,滿意\n';

describe('readDelimited in chunks: same table at every chunk size, and as a whole-string splitter reads it', () => {
  it('quoted newlines, "" escapes, CRLF, blank lines, empty quoted cells, no final newline', async () => {
    const reading = await readAllChunkSizes(utf8(QUOTING));
    expect(reading.rows[0]).toEqual(['1', 'line one\r\nline two', '10']);
    expectMatchesReference(reading, referenceTable(referenceRecords(QUOTING)));
  });

  it('Persian, Thai and Chinese in UTF-8 (multibyte characters split between chunks)', async () => {
    const reading = await readAllChunkSizes(utf8(SCRIPTS));
    expect(reading.encoding).toBe('utf-8');
    expect(reading.header).toEqual(['نام', 'شهر', 'توضیحات', 'مبلغ', 'Column 5']);
    expectMatchesReference(reading, referenceTable(referenceRecords(SCRIPTS)));
  });

  it('UTF-16LE with a BOM (code units and surrogate pairs split between chunks)', async () => {
    const text = SCRIPTS + 'emoji 😀,🎉,"x😀\ny",1\n';
    const reading = await readAllChunkSizes(encodeAs(text, 'utf-16le', true));
    expect(reading.encoding).toBe('utf-16le');
    expectMatchesReference(reading, referenceTable(referenceRecords(text)));
  });

  it.each([
    ['windows-1256', PERSIAN_1256],
    ['tis-620', THAI],
    ['big5', BIG5],
  ])('%s through iconv-lite (detected and forced)', async (encoding, text) => {
    const bytes = encodeAs(text, encoding);
    const forced = await readAllChunkSizes(bytes, { encoding });
    expectMatchesReference(forced, referenceTable(referenceRecords(text)));
    const detected = await readAllChunkSizes(bytes);
    expect(detected.rows).toEqual(forced.rows);
  });

  it('a UTF-8 BOM, a "sep=" line and a decoded U+FEFF', async () => {
    const text = 'sep=;\r\na;b\r\n1;"x\r\ny"\r\n2;3\r\n';
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    const reading = await readAllChunkSizes(bom);
    expect(reading.delimiter).toBe(';');
    expectMatchesReference(reading, referenceTable(referenceRecords(text.slice('sep=;\r\n'.length), ';')));
    // UTF-16 forced on a UTF-16 BOM file: the BOM is skipped as bytes, a second U+FEFF as a character.
    const twice = await readAllChunkSizes(encodeAs('\ufeffa,b\n1,2\n', 'utf-16le', true), { encoding: 'utf-16le' });
    expect(twice.header).toEqual(['a', 'b']);
  });

  it('an unterminated quote: same row, same cell, same warning at every chunk size', async () => {
    const reading = await readAllChunkSizes(utf8('a,b\n1,2\n3,"open\n4,5\r\n6,7\n'));
    expect(reading.rows).toEqual([['1', '2'], ['3', 'open\n4,5\r\n6,7\n']]);
    expect(reading.issues).toContainEqual(expect.objectContaining({ code: 'unterminated_quote', rows: [3] }));
  });

  it('ragged rows without a header (second count of the narrower rows) and a trailing delimiter', async () => {
    const text = '1,2,3\n4,5\n\n6,7,8,9,\n10,11,12,\n';
    const reading = await readAllChunkSizes(utf8(text));
    expect(reading.headerRow).toBe(0);
    expect(reading.rowNumbers).toEqual([1, 2, 4, 5]);
    expect(reading.rows[1]).toEqual(['4', '5', null, null]);
    expect(reading.issues).toContainEqual(expect.objectContaining({ code: 'ragged_row', count: 2, rows: [1, 2] }));
  });

  it('whitespace-delimited text', async () => {
    const text = 'name   city     amount\r\n  Ali  Tehran   1200  \r\n\r\nสมชาย\tกรุงเทพฯ\t3400\n王小明 臺北 5600';
    const reading = await readAllChunkSizes(utf8(text), { delimiter: WHITESPACE });
    expectMatchesReference(reading, referenceTable(referenceWhitespaceRecords(text)));
    const sniffed = await readAllChunkSizes(utf8(text));
    expect(sniffed.delimiter).toBe(WHITESPACE);
  });

  it('blank files stay empty however they are cut', () => {
    for (const chunkBytes of CHUNKS) {
      expect(() => readDelimited(utf8(' \r\n\t\n  \n'), 'blank.csv', {}, { chunkBytes })).toThrow(/blank\.csv: the file is empty/);
    }
  });

  it('a UTF-8 guess from the first 256 KB that a later legacy byte disproves, at several chunk sizes', async () => {
    const ascii = 'id,name\n' + Array.from({ length: 30_000 }, (_, i) => `${i},customer ${i}`).join('\n') + '\n';
    const text = ascii + PERSIAN_1256.split('\n').slice(1).join('\n');
    const bytes = encodeAs(text, 'windows-1256');
    const reading = await readAllChunkSizes(bytes, {}, [64, 4096, undefined]);
    expect(reading.encoding).toBe('windows-1256');
    expectMatchesReference(reading, referenceTable(referenceRecords(text)));
  });

  it('a realistic export of 25,000 rows (multiline quoted notes, CRLF, three scripts)', async () => {
    const names = ['علی رضایی', 'สมชาย ใจดี', '王小明', 'Jane "JJ" Doe', 'مریم احمدی', 'ศิริพร', '陳美玲'];
    const notes = ['', 'called back', 'سفارش فوری\r\nتحویل فردا', 'บริการดีมาก, ตอบเร็ว', '請確認 "退款"', 'ok'];
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = ['ticket_id,customer,opened_at,csat,note'];
    for (let i = 0; i < 25_000; i++) {
      lines.push([`T-${100000 + i}`, quote(names[i % names.length]), `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, String(1 + (i % 5)), quote(notes[i % notes.length])].join(','));
    }
    const text = lines.join('\r\n') + '\r\n';
    for (const bytes of [utf8(text), encodeAs(text, 'utf-16le', true)]) {
      const reading = await readAllChunkSizes(bytes, {}, [7, 64, 1000, 65_536]);
      expect(reading.rows.length).toBe(25_000);
      expectMatchesReference(reading, referenceTable(referenceRecords(text)));
    }
  });
});

// ---------------------------------------------------------------------------------------------

const CELL_CHARS = [...'ab 09,"\r\n', ...'سلام', ...'ไทย', ...'中文', '😀'];
const cell = fc.array(fc.constantFrom(...CELL_CHARS), { maxLength: 10 }).map((cs) => cs.join(''));

describe('readDelimited in chunks (property)', () => {
  it('random CSV content reads as the whole-string splitter reads it, at any chunk size and Unicode encoding', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 5 }).chain((width) => fc.record({
        rows: fc.array(fc.oneof(
          fc.array(cell, { minLength: 1, maxLength: width + 2 }),
          fc.constant(['']),
        ), { maxLength: 20 }),
        width: fc.constant(width),
      })),
      fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.boolean(),
      fc.constantFrom('utf-8', 'utf-16le', 'utf-16be'),
      fc.constantFrom(1, 2, 3, 5, 7, 64),
      async ({ rows, width }, quoteAll, lineEnd, finalNewline, encoding, chunkBytes) => {
        let k = 0;
        const field = (v: string) => (/[",\r\n]/.test(v) || quoteAll[k++ % quoteAll.length] ? `"${v.replace(/"/g, '""')}"` : v);
        const header = Array.from({ length: width }, (_, i) => `h${i}`);
        const text = [header, ...rows].map((r) => r.map(field).join(',')).join(lineEnd) + (finalNewline ? lineEnd : '');
        const bytes = encoding === 'utf-8' ? utf8(text) : encodeAs(text, encoding, true);
        const options: ImportOptions = { delimiter: ',', hasHeader: true, encoding };
        const chunked = await readWith(bytes, options, { chunkBytes });
        expect(chunked).toEqual(await readWith(bytes, options, {}));
        expectMatchesReference(chunked, referenceTable(referenceRecords(text)));
      },
    ), { numRuns: 200 });
  });
});
