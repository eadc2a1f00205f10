import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detectEncoding, normalizeEncodingName } from '../../src/engine/import/encoding';
import { decodeFile, decodeText } from './decode-text';
import { assertLooksLikeText, sniffFormat } from '../../src/engine/import/sniff';
import { ImportError } from '../../src/engine/import/types';

// Realistic small exports in each script (Persian text uses the Arabic yeh/kaf that Windows-1256 has).
const SAMPLES: Record<string, string> = {
  'windows-1256': 'نام,شهر,مبلغ\nعلي رضائي,تهران,1200\nمريم احمدي,اصفهان,3400\nپژمان گلچين,شيراز,5600\n',
  'windows-874': 'ชื่อ,เมือง,ยอดเงิน\nสมชาย ใจดี,กรุงเทพมหานคร,1200\nสมหญิง รักไทย,เชียงใหม่,3400\nประเสริฐ มั่นคง,ขอนแก่น,5600\n',
  'big5': '姓名,城市,金額\n陳大文,台北市,1200\n林小美,高雄市,3400\n王建國,台中市,5600\n張志明,新竹縣,7800\n',
  'gb18030': '姓名,城市,金额\n张伟,北京市,1200\n王芳,上海市,3400\n李娜,广州市,5600\n刘洋,深圳市,7800\n',
  'windows-1252': 'Name,City,Amount\nJosé Müller,Köln,1200 €\nFrançois Lefèvre,Besançon,3400 €\nZoë Ærø,Århus,5600 €\n',
};

const encode = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

describe('detectEncoding', () => {
  it.each(Object.keys(SAMPLES))('detects %s and decodes it back exactly', (encoding) => {
    const bytes = encode(SAMPLES[encoding], encoding);
    const choice = detectEncoding(bytes);
    expect(choice).toEqual({ encoding, bomLength: 0 });
    expect(decodeText(bytes, choice)).toBe(SAMPLES[encoding]);
  });

  it('reads BOMs (UTF-8, UTF-16 LE/BE) and skips them', () => {
    const text = 'a,b\nنام,ชื่อ\n';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(detectEncoding(utf8)).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(decodeText(utf8, detectEncoding(utf8))).toBe(text);
    const le = new Uint8Array([0xff, 0xfe, ...encode(text, 'utf-16le')]);
    expect(detectEncoding(le)).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(decodeText(le, detectEncoding(le))).toBe(text);
    const be = new Uint8Array([0xfe, 0xff, ...encode(text, 'utf-16be')]);
    expect(detectEncoding(be)).toEqual({ encoding: 'utf-16be', bomLength: 2 });
    expect(decodeText(be, detectEncoding(be))).toBe(text);
  });

  it('detects UTF-16 without a BOM from its zero bytes, even for non-Latin text', () => {
    expect(detectEncoding(encode(SAMPLES['windows-1256'], 'utf-16le')).encoding).toBe('utf-16le');
    expect(detectEncoding(encode(SAMPLES.big5, 'utf-16be')).encoding).toBe('utf-16be');
  });

  it('confirms UTF-8 over the whole file: a legacy text whose first 256 KB are ASCII is still found', () => {
    const ascii = 'id,name\n' + Array.from({ length: 30_000 }, (_, i) => `${i},customer ${i}`).join('\n') + '\n';
    expect(ascii.length).toBeGreaterThan(256 * 1024);
    const text = ascii + SAMPLES['windows-1256'].split('\n').slice(1).join('\n');
    const bytes = encode(text, 'windows-1256');
    expect(detectEncoding(bytes).encoding).toBe('utf-8'); // the first KBs alone say UTF-8
    expect(decodeFile(bytes)).toEqual({ text, encoding: 'windows-1256' });
    const utf8 = new TextEncoder().encode(text);
    expect(decodeFile(utf8)).toEqual({ text, encoding: 'utf-8' });
  });

  it('takes valid UTF-8 as UTF-8 (plain ASCII included)', () => {
    expect(detectEncoding(new TextEncoder().encode(SAMPLES['windows-874'])).encoding).toBe('utf-8');
    expect(detectEncoding(new TextEncoder().encode('a,b\n1,2\n')).encoding).toBe('utf-8');
  });

  it('lets the caller force an encoding (labels normalised to lowercase names)', () => {
    const bytes = encode(SAMPLES['windows-874'], 'windows-874');
    expect(detectEncoding(bytes, 'TIS-620').encoding).toBe('windows-874');
    expect(decodeText(bytes, detectEncoding(bytes, 'tis-620'))).toBe(SAMPLES['windows-874']);
    expect(normalizeEncodingName('UTF8')).toBe('utf-8');
    expect(normalizeEncodingName('CP1256')).toBe('windows-1256');
    expect(() => normalizeEncodingName('no-such-encoding')).toThrow(/unknown text encoding/);
  });
});

describe('sniffFormat', () => {
  const fail = (bytes: number[] | Uint8Array, name: string) => {
    try { sniffFormat(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), name); } catch (e) { return e as ImportError; }
    throw new Error('expected a failure');
  };

  it('recognises workbooks (zip, and OLE2 containers the workbook reader explains) and text', () => {
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'a.xlsx')).toBe('xlsx');
    expect(sniffFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'a.xls')).toBe('xlsx');
    expect(sniffFormat(new TextEncoder().encode('a,b\n'), 'a.csv')).toBe('delimited');
  });

  it('refuses empty files and other binary formats with clear messages', () => {
    expect(fail([], 'empty.csv')).toMatchObject({ code: 'empty_file', message: expect.stringContaining('empty.csv') });
    expect(fail(new TextEncoder().encode('%PDF-1.7\n'), 'report.pdf')).toMatchObject({ code: 'unknown_format', message: expect.stringMatching(/report\.pdf.*unknown format.*PDF/) });
  });

  it('refuses decoded text that is binary junk', () => {
    expect(() => assertLooksLikeText('abc\u0000def', 'junk.bin')).toThrow(/junk\.bin: not a text or Excel file/);
    const junk = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 32)).join('');
    expect(() => assertLooksLikeText(junk, 'junk.csv')).toThrow(/not a text or Excel file/);
    expect(() => assertLooksLikeText('a\tb\r\nc\td\n', 'ok.tsv')).not.toThrow();
  });
});
