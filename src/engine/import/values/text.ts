// Text normalization and boolean words.
import { digitOf, isAscii, isIgnorable, isSpace, WordTable } from './chars';

/**
 * Maps Persian (۰–۹), Arabic-Indic (٠–٩), Thai (๐–๙) and full-width digits to 0–9, the Arabic
 * decimal separator ٫ to '.', the Arabic thousands separator ٬ to ',' (as parseNumber reads them in
 * a '.'-decimal column; parseNumber itself reads ٫ ٬ unambiguously whatever the column's
 * separator), ٪ to '%' and − to '-'; drops bidi controls, marks and BOMs; turns NBSP, thin and
 * other spaces into a plain space; trims. ASCII text without surrounding spaces is returned as is.
 */
export function normalizeDigits(text: string): string {
  const n = text.length;
  if (n === 0) return text;
  if (isAscii(text) && !isSpace(text.charCodeAt(0)) && !isSpace(text.charCodeAt(n - 1))) return text;
  let out = '';
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) { out += text[i]; continue; }
    const d = digitOf(c);
    if (d >= 0) out += String.fromCharCode(48 + d);
    else if (c === 0x66b) out += '.';
    else if (c === 0x66c) out += ',';
    else if (c === 0x66a) out += '%';
    else if (c === 0x2212) out += '-';
    else if (isIgnorable(c)) continue;
    else if (isSpace(c)) out += ' ';
    else out += text[i];
  }
  return trimSpaces(out);
}

function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const booleanWords: Array<[string, boolean]> = [];
for (const w of ['true', 't', 'yes', 'y', 'on', 'بله', 'بلی', 'آری', 'ใช่', 'จริง', '是', '真', '對', '对', '有', 'ja', 'oui', 'sí', 'si']) {
  booleanWords.push([w, true]);
}
for (const w of ['false', 'f', 'no', 'n', 'off', 'خیر', 'نه', 'ไม่ใช่', 'เท็จ', '否', '假', '錯', '错', '無', '无', 'nein', 'non']) {
  booleanWords.push([w, false]);
}
const BOOLEAN_WORDS = new WordTable(booleanWords);

const isTrimmed = (c: number): boolean => isSpace(c) || isIgnorable(c);

/** Start of the text without leading spaces and invisible marks. */
function trimmedStart(text: string): number {
  let a = 0;
  while (a < text.length && isTrimmed(text.charCodeAt(a))) a++;
  return a;
}

/** End of the text without trailing spaces and invisible marks (never before `start`). */
function trimmedEnd(text: string, start: number): number {
  let b = text.length;
  while (b > start && isTrimmed(text.charCodeAt(b - 1))) b--;
  return b;
}

/** yes/no, true/false, y/n, t/f, on/off, 1/0 (any digit set) and their Persian, Thai and Chinese words (case-insensitive). */
export function parseBoolean(text: string): boolean | null {
  const start = trimmedStart(text);
  const end = trimmedEnd(text, start);
  const n = end - start;
  if (n === 1) {
    const d = digitOf(text.charCodeAt(start));
    if (d === 0 || d === 1) return d === 1;
  }
  if (n === 0 || n > BOOLEAN_WORDS.longest) return null;
  const v = BOOLEAN_WORDS.get(text, start, end);
  return v === undefined ? null : v;
}

/** Whether a boolean cell was written as a word (not the digits 1/0, which integer columns use too). */
export function isBooleanWord(text: string): boolean {
  const start = trimmedStart(text);
  return !(trimmedEnd(text, start) - start === 1 && digitOf(text.charCodeAt(start)) >= 0);
}
