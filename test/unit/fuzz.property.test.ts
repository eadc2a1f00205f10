// Hostile-input fuzzing of the real import pipeline (sql.js underneath): structure-aware CSV and
// XLSX generators — ragged rows, quotes and separators in cells, control characters, mixed line
// ends, UTF-16 and legacy encodings, merges, far cell references, garbage bytes. Every file must
// end in tables or a failure naming it, never a crash, and every data record written must be
// accounted for: stored as a row, the header, or a reported blank line.
// `npm run fuzz` runs the same properties with many more cases (KPIW_FUZZ_RUNS).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { importFile } from '../../src/engine/import/pipeline';
import { openDatabase } from '../../src/engine/store/database';
import type { ImportOptions, ImportResult } from '../../src/shared/types';

const RUNS = Number(process.env.KPIW_FUZZ_RUNS ?? 0);
const runs = (ci: number) => (RUNS > 0 ? RUNS : ci);
const TIMEOUT = RUNS > 0 ? 6 * 3_600_000 : 240_000;

const HOSTILE = [...'ab Z0189.-+=@,;|\t"\'\\\r\n', '\u0000', '\u0001', '\u001f', '\u00a0', '\ufeff', '\u202e', '\u2028',
  ...'سلام۱۲۳', ...'ไทย', ...'中文', '😀', '\ud800'];
const cell = fc.oneof(
  { weight: 12, arbitrary: fc.array(fc.constantFrom(...HOSTILE), { maxLength: 10 }).map((c) => c.join('')) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 40_000 }).map((n) => 'x'.repeat(n)) },
);
const record = fc.array(cell, { minLength: 0, maxLength: 8 });

interface CsvStyle { delimiter: string; lineEnds: string[]; encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1256' }
const csvStyle = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  lineEnds: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 4 }),
  encoding: fc.constantFrom('utf-8' as const, 'utf-8-bom' as const, 'utf-16le' as const, 'windows-1256' as const),
});

function writeCsv(records: string[][], s: CsvStyle): string {
  const field = (v: string) => (/["\r\n]/.test(v) || v.includes(s.delimiter) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
  return records.map((r, i) => r.map(field).join(s.delimiter) + s.lineEnds[i % s.lineEnds.length]).join('');
}

function encode(text: string, encoding: CsvStyle['encoding']): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'utf-8-bom') return new TextEncoder().encode('\ufeff' + text);
  if (encoding === 'utf-16le') return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
  return new Uint8Array(iconv.encode(text, 'windows-1256'));
}

async function importBytes(source: string, bytes: Uint8Array, options?: ImportOptions): Promise<ImportResult> {
  const db = await openDatabase();
  try {
    return await importFile(db, { source, bytes, ...(options ? { options } : {}) });
  } catch (e) {
    // Refusing a whole file is allowed, with a message that names it; nothing else may escape.
    expect((e as Error).message.startsWith(source)).toBe(true);
    return { tables: [], failures: [{ source, sheet: null, message: (e as Error).message, code: 'thrown' }] };
  } finally {
    db.close();
  }
}

/** A record the reader sees as a blank line: no cells, or one empty cell. */
const isBlank = (r: string[]) => r.length === 0 || (r.length === 1 && r[0] === '');

describe('fuzzing the importers with hostile files', () => {
  it('CSV: every record is a stored row, the header or a reported blank line; no crash', async () => {
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 40 }), csvStyle, async (records, style) => {
      // Characters the legacy code page cannot hold would be lost by the writer, not the reader.
      if (style.encoding === 'windows-1256') records = records.map((r) => r.map((c) => c.replace(/[^\u0000-\u007f\u00a0سلام]/g, '')));
      if (style.encoding === 'utf-16le' || style.encoding === 'windows-1256') records = records.map((r) => r.map((c) => c.replace(/[\ud800-\udfff]/g, '')));
      // A lone CR inside an unquoted context is a line end; the writer quotes every CR/LF cell.
      const bytes = encode(writeCsv(records, style), style.encoding);
      // Sniffing is free to guess on its own (checked below without hints); the accounting is
      // checked with the delimiter and encoding the file was written with, as a user can set them.
      const sniffed = await importBytes('fuzz.csv', bytes);
      for (const f of sniffed.failures) expect(f.message).toMatch(/^fuzz\.csv/);
      const encoding = style.encoding === 'utf-8-bom' ? 'utf-8' : style.encoding;
      const result = await importBytes('fuzz.csv', bytes, { delimiter: style.delimiter, encoding });
      if (result.failures.length > 0) {
        for (const f of result.failures) expect(f.message).toMatch(/^fuzz\.csv/);
        return;
      }
      expect(result.tables).toHaveLength(1);
      const [t] = result.tables;
      const blanks = t!.issues.find((i) => i.code === 'blank_lines')?.count ?? 0;
      const nonBlank = records.filter((r) => !isBlank(r)).length;
      // Trailing blank records after the last line end are not lines at all.
      expect(t!.rowCount + (t!.headerRow > 0 ? 1 : 0)).toBe(nonBlank);
      expect(blanks).toBeLessThanOrEqual(records.length - nonBlank);
    }), { numRuns: runs(200) });
  }, TIMEOUT);

  it('garbage bytes, truncated and spliced files: tables or a failure naming the file, never a crash', async () => {
    const good = new TextEncoder().encode('id,amount,date\n1,10,2024-01-01\n2,"20,5",2024-02-01\n');
    const bytes = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 4_000 }),
      fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: good.length })).map(([junk, cut]) => new Uint8Array([...good.subarray(0, cut), ...junk])),
      // Zip and OLE magic with junk behind: sniffed as workbooks, refused as corrupt.
      fc.uint8Array({ maxLength: 2_000 }).map((junk) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...junk])),
      fc.uint8Array({ maxLength: 2_000 }).map((junk) => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...junk])),
    );
    await fc.assert(fc.asyncProperty(bytes, fc.constantFrom('junk.csv', 'junk.xlsx', 'junk.txt'), async (b, name) => {
      const result = await importBytes(name, b);
      for (const f of result.failures) expect(f.message.startsWith(name)).toBe(true);
      for (const t of result.tables) expect(t.rowCount).toBeGreaterThanOrEqual(0);
    }), { numRuns: runs(400) });
  }, TIMEOUT);

  it('XLSX: random cells, merges and far references read every row or refuse the file by name', async () => {
    const sheet = fc.record({
      rows: fc.array(fc.array(fc.oneof(cell.map((c) => c.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, '')), fc.double({ noNaN: true }), fc.constant(null)), { maxLength: 6 }), { minLength: 1, maxLength: 30 }),
      merges: fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })), { maxLength: 3 }),
      far: fc.option(fc.tuple(fc.integer({ min: 1, max: 1_048_576 }), fc.integer({ min: 1, max: 16_384 })), { nil: undefined }),
    });
    await fc.assert(fc.asyncProperty(sheet, async ({ rows, merges, far }) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Fuzz');
      rows.forEach((r, i) => r.forEach((v, j) => { if (v !== null) ws.getCell(i + 1, j + 1).value = v; }));
      const merged: Array<[number, number, number, number]> = [];
      for (const [r, c, dr, dc] of merges) {
        const m: [number, number, number, number] = [r, c, r + dr, c + dc];
        if (merged.some(([a, b, x, y]) => !(m[2] < a || m[0] > x || m[3] < b || m[1] > y))) continue;
        merged.push(m);
        try { ws.mergeCells(...m); } catch { /* ExcelJS refuses some overlaps itself */ }
      }
      if (far) ws.getCell(far[0], far[1]).value = 'far';
      const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
      const result = await importBytes('fuzz.xlsx', bytes);
      for (const f of result.failures) expect(f.message).toMatch(/^fuzz\.xlsx/);
      for (const t of result.tables) {
        // Rows below the header that the sheet holds are all stored (blank rows are reported).
        expect(t.rowCount).toBeGreaterThanOrEqual(0);
        expect(t.rowCount).toBeLessThanOrEqual(Math.max(rows.length, far?.[0] ?? 0));
      }
    }), { numRuns: runs(60) });
  }, TIMEOUT);
});
