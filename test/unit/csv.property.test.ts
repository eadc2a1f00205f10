// Property: any table written as CSV — random quoting, delimiter, line ends and encoding — reads
// back identical (header and cells), with delimiter and header detected; Unicode encodings are
// detected, legacy ones (detected statistically on real text, see encoding.test) are given.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { readDelimited } from '../../src/engine/import/delimited';
import type { CellValue } from '../../src/engine/import/types';

const DELIMITERS = [',', ';', '\t', '|'];

// Cell characters: separators and quotes of every kind, spaces, digits, Latin, Persian, Thai, CJK, emoji.
const ANY_CHARS = [...'aZé 0123456789.-,;|\t"\'\n\r', ...'سلامپژگ', ...'ไทยสวัสดี', ...'中文數據', '😀', '۱۲۳'];
const SEPARATORS = [...'ab 0123456789.-,;|\t"\n\r'];
// Windows-1256 can only hold the Arabic-script letters it has (Arabic yeh/kaf), ASCII and separators.
const PERSIAN_1256_CHARS = [...SEPARATORS, ...'سلامپژگعليرضائيتهران'];

const cell = (chars: string[]) => fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((cs) => cs.join(''));
// Header names: words, never empty, never number-like (a header is text).
const headerName = fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));

function table(chars: string[]) {
  return fc.integer({ min: 2, max: 6 }).chain((width) => fc.record({
    header: fc.uniqueArray(headerName, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cell(chars), { minLength: width, maxLength: width }), { minLength: 3, maxLength: 25 }),
  }));
}

interface Style { delimiter: string; lineEnd: string; quoteAll: boolean[]; finalNewline: boolean }
const style = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  lineEnd: fc.constantFrom('\n', '\r\n'),
  quoteAll: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  finalNewline: fc.boolean(),
});

function writeCsv(header: string[], rows: string[][], s: Style): string {
  let k = 0;
  const field = (v: string) => {
    const must = v.includes(s.delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r');
    const quote = must || s.quoteAll[k++ % s.quoteAll.length];
    return quote ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [header, ...rows].map((r) => r.map(field).join(s.delimiter));
  return lines.join(s.lineEnd) + (s.finalNewline ? s.lineEnd : '');
}

async function readBack(bytes: Uint8Array, encoding?: string) {
  const t = readDelimited(bytes, 'prop.csv', encoding ? { encoding } : {});
  const rows: CellValue[][] = [];
  for await (const b of t.rows()) rows.push(...b.rows);
  return { t, rows };
}

const expectedRows = (rows: string[][]) => rows.map((r) => r.map((v) => (v === '' ? null : v)));

// A table whose every cell is empty has nothing to tell its delimiter by; real exports do.
const hasContent = (rows: string[][]) => rows.some((r) => r.filter((v) => v !== '').length >= 2);

describe('CSV round trip (property)', () => {
  it('reads back identical in UTF-8 (with or without BOM) and UTF-16 LE/BE, all detected', async () => {
    const encodings = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'utf-16le'] as const;
    await fc.assert(fc.asyncProperty(table(ANY_CHARS), style, fc.constantFrom(...encodings), async ({ header, rows }, s, enc) => {
      fc.pre(hasContent(rows));
      const text = writeCsv(header, rows, s);
      const bom = enc.endsWith('-bom');
      const bytes = new Uint8Array(iconv.encode(text, enc.replace('-bom', ''), { addBOM: bom }));
      const { t, rows: got } = await readBack(bytes);
      expect(t.encoding).toBe(enc.replace('-bom', ''));
      expect(t.delimiter).toBe(s.delimiter);
      expect(t.header).toEqual(header);
      expect(got).toEqual(expectedRows(rows));
    }), { numRuns: 150 });
  });

  const LEGACY: Array<[string, string[]]> = [
    ['windows-1256', PERSIAN_1256_CHARS],
    ['windows-874', [...SEPARATORS, ...'สวัสดีครับภาษาไทย']],
    ['big5', [...SEPARATORS, ...'資料客戶臺北數量']],
    ['gb18030', [...SEPARATORS, ...'数据客户北京数量😀']],
    ['windows-1252', [...SEPARATORS, ...'Müllerçéø€']],
  ];
  it.each(LEGACY)('reads back identical in %s (given by the caller)', async (encoding, chars) => {
    await fc.assert(fc.asyncProperty(table(chars), style, async ({ header, rows }, s) => {
      fc.pre(hasContent(rows));
      const bytes = new Uint8Array(iconv.encode(writeCsv(header, rows, s), encoding));
      const { t, rows: got } = await readBack(bytes, encoding);
      expect(t.encoding).toBe(encoding);
      expect(t.delimiter).toBe(s.delimiter);
      expect(t.header).toEqual(header);
      expect(got).toEqual(expectedRows(rows));
    }), { numRuns: 40 });
  });
});
