// Dates and date-times in the Gregorian, Persian (Jalali), Thai Buddhist and ROC calendars.
//
// scanDate() reads the shape of a cell once (fields, month name, era marker, time, UTC offset) into
// module-level state without allocating for numeric dates; resolveDate(order, calendar) turns the
// shape into a day number. The profiler scans once and resolves under several orders/calendars.
//
// Which calendar a year is in follows from the text where it can: an era marker (民國, พ.ศ., ค.ศ.,
// 西元), Persian month names, or the year's range — 4-digit years 1300–1499 are Jalali and
// 2400–2699 Buddhist (those years are never Gregorian in business data), 3-digit leading years are
// ROC (113/05/12). The `calendar` argument (the column's calendar) decides only what the text
// leaves open: 2-digit years, read as ROC when leading in a ROC column (99/05/12) and as Gregorian
// 1930–2029 when trailing in a Gregorian column (30/06/24), else rejected.
import type { CalendarId } from '../../../shared/types';
import { dayFromCalendarYmd } from '../../../shared/calendar/periods';
import { digitOf, isIgnorable, isLetter, isSpace, lowerAscii, WordTable } from './chars';

export type DateOrder = 'dmy' | 'mdy' | 'ymd';
export interface ParsedDate {
  /** Days since 1970-01-01 (Gregorian). */
  day: number;
  /** Seconds since midnight (UTC when the text had an offset) when a time is present, else null. */
  seconds: number | null;
}

// ---------------------------------------------------------------------------------------------
// Words

interface MonthWord { month: number; persian: boolean }
const monthWords = new Map<string, MonthWord>();
const EN_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
EN_MONTHS.forEach((name, i) => {
  monthWords.set(name, { month: i + 1, persian: false });
  monthWords.set(name.slice(0, 3), { month: i + 1, persian: false });
});
monthWords.set('sept', { month: 9, persian: false });
const TH_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
const TH_MONTHS_SHORT = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
TH_MONTHS.forEach((name, i) => monthWords.set(name, { month: i + 1, persian: false }));
TH_MONTHS_SHORT.forEach((name, i) => {
  monthWords.set(name, { month: i + 1, persian: false });
  monthWords.set(name.replace(/\.$/, ''), { month: i + 1, persian: false });
});
const FA_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
FA_MONTHS.forEach((name, i) => {
  monthWords.set(name, { month: i + 1, persian: true });
  // Arabic-keyboard spellings (ي for ی, ك for ک).
  monthWords.set(name.replace(/ی/g, 'ي').replace(/ک/g, 'ك'), { month: i + 1, persian: true });
});

const weekdayWords = [
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'วันจันทร์', 'วันอังคาร', 'วันพุธ', 'วันพฤหัสบดี', 'วันศุกร์', 'วันเสาร์', 'วันอาทิตย์',
  'شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه',
  // (星期日/週日 end in 日, which reads as the day mark of 年月日 dates, so they never reach this table.)
  '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期天',
  '週一', '週二', '週三', '週四', '週五', '週六', '周一', '周二', '周三', '周四', '周五', '周六',
];

const ERA_NONE = 0, ERA_ROC = 1, ERA_BUDDHIST = 2, ERA_GREGORIAN = 3;
const eraWords: Array<[string, number]> = [
  ['民國', ERA_ROC], ['民国', ERA_ROC], ['พ.ศ.', ERA_BUDDHIST], ['พ.ศ', ERA_BUDDHIST], ['ค.ศ.', ERA_GREGORIAN],
  ['ค.ศ', ERA_GREGORIAN], ['西元', ERA_GREGORIAN], ['公元', ERA_GREGORIAN],
];

const AM = 1, PM = 2;
const meridiemWords: Array<[string, number]> = [
  ['am', AM], ['a.m.', AM], ['a.m', AM], ['pm', PM], ['p.m.', PM], ['p.m', PM],
  ['上午', AM], ['下午', PM], ['午前', AM], ['午後', PM], ['凌晨', AM], ['早上', AM], ['晚上', PM],
  ['ق.ظ.', AM], ['ق.ظ', AM], ['ب.ظ.', PM], ['ب.ظ', PM], ['صبح', AM], ['عصر', PM],
];
/** Words that may stand between a date and its time, or after the time, without meaning. */
const fillerWords = ['at', 'เวลา', 'ساعت', 'น.', 'น'];

const MONTH_WORDS = new WordTable(monthWords);
const WEEKDAY_WORDS = new WordTable(weekdayWords.map((w): [string, true] => [w, true]));
const ERA_WORDS = new WordTable(eraWords);
const MERIDIEM_WORDS = new WordTable(meridiemWords);
const FILLER_WORDS = new WordTable(fillerWords.map((w): [string, true] => [w, true]));
const ZONE_WORDS = new WordTable([['utc', true], ['gmt', true]]);
const longestWord = Math.max(MONTH_WORDS.longest, WEEKDAY_WORDS.longest, ERA_WORDS.longest, MERIDIEM_WORDS.longest);

// ---------------------------------------------------------------------------------------------
// Cursor over the cell text

let str = '';
let p = 0;
let end = 0;

function skipSpaces(): void {
  while (p < end) {
    const c = str.charCodeAt(p);
    if (!isSpace(c) && !isIgnorable(c)) break;
    p++;
  }
}

let intDigits = 0;
/** Reads up to 8 digits at p (any digit set); −1 when none. Sets intDigits. */
function readInt(): number {
  let v = 0;
  intDigits = 0;
  while (p < end && intDigits < 9) {
    const d = digitOf(str.charCodeAt(p));
    if (d < 0) break;
    v = v * 10 + d;
    intDigits++;
    p++;
  }
  if (intDigits === 0 || intDigits > 8) return -1;
  return v;
}

/** Reads fraction digits at p (after the separator) as a fraction, rounded once: '123' → 0.123. */
function readFraction(): number {
  let f = 0;
  let digits = 0;
  while (p < end) {
    const d = digitOf(str.charCodeAt(p));
    if (d < 0) break;
    if (digits < 15) { f = f * 10 + d; digits++; }
    p++;
  }
  return f / 10 ** digits;
}

let wordStart = 0;
let wordEnd = 0;
/**
 * Reads a word at p (letters; dots inside or after letters, as in 'ส.ค.', 'a.m.', 'Jun.') into
 * [wordStart, wordEnd); false when no word or too long to be one we know.
 */
function readWord(): boolean {
  const start = p;
  const limit = Math.min(end, start + longestWord + 2);
  while (p < limit) {
    const c = str.charCodeAt(p);
    if (isLetter(c) && !isCjkDateMark(c)) p++;
    else if (c === 46 && p > start) p++;
    else break;
  }
  if (p === start) return false;
  if (p - start > longestWord + 1) { p = start; return false; }
  wordStart = start;
  wordEnd = p;
  return true;
}

function lookup<V>(table: WordTable<V>): V | undefined {
  return table.get(str, wordStart, wordEnd);
}

const C_YEAR = 0x5e74, C_MONTH = 0x6708, C_DAY = 0x65e5, C_DAY2 = 0x865f; // 年 月 日 號
function isCjkDateMark(c: number): boolean {
  return c === C_YEAR || c === C_MONTH || c === C_DAY || c === C_DAY2 || c === 0x6642 || c === 0x65f6
    || c === 0x5206 || c === 0x79d2 || c === 0x70b9 || c === 0x9ede;
}

// ---------------------------------------------------------------------------------------------
// Scan state

/** Longer texts are never one date ('Wednesday, September 30th, 2024 at 12:30:45.123456 PM +03:30' is 62). */
const MAX_DATE_TEXT = 120;
const SHAPE_NUMERIC = 1, SHAPE_CJK = 2, SHAPE_NAMED_DMY = 3, SHAPE_NAMED_MDY = 4, SHAPE_COMPACT = 5;
let shape = 0;
let fa = 0, fb = 0, fc = 0; // numeric fields in written order
let faDigits = 0, fcDigits = 0;
let namedMonth = 0;
let namedPersian = false;
let era = ERA_NONE;
let timeSeconds = -1; // seconds since midnight as written, −1 when no time
let offsetSeconds = 0;

/** Reads the date part; false when the text is not date-shaped. */
function scanDatePart(): boolean {
  skipSpaces();
  // Leading weekday ('Sunday, 30 June 2024') and era ('民國113年…').
  for (let guard = 0; guard < 2 && p < end && digitOf(str.charCodeAt(p)) < 0; guard++) {
    const save = p;
    if (!readWord()) return false;
    if (lookup(WEEKDAY_WORDS) !== undefined) {
      skipSpaces();
      if (p < end && (str.charCodeAt(p) === 44 || str.charCodeAt(p) === 0x60c)) p++;
      skipSpaces();
      continue;
    }
    const e = lookup(ERA_WORDS);
    if (e !== undefined) { era = e; skipSpaces(); continue; }
    const m = lookup(MONTH_WORDS);
    if (m !== undefined) { p = save; break; }
    return false;
  }
  if (p >= end) return false;

  if (digitOf(str.charCodeAt(p)) < 0) {
    // Month name first: 'Jun 30, 2024', 'June 30 2024'.
    if (!readWord()) return false;
    const m = lookup(MONTH_WORDS);
    if (m === undefined) return false;
    namedMonth = m.month;
    namedPersian = m.persian;
    skipDateSeparators();
    fa = readInt();
    if (fa < 0 || intDigits > 2) return false;
    skipOrdinalSuffix();
    if (!skipDateSeparators()) return false;
    readEraWord();
    fc = readInt();
    fcDigits = intDigits;
    if (fc < 0) return false;
    shape = SHAPE_NAMED_MDY;
    return true;
  }

  fa = readInt();
  faDigits = intDigits;
  if (fa < 0) return false;
  if (faDigits === 8 && (p === end || isTimeStart())) {
    shape = SHAPE_COMPACT;
    return true;
  }
  if (p >= end) return false;
  const sep = str.charCodeAt(p);
  if (sep === C_YEAR) {
    // 2024年6月30日, 民國113年5月12日
    p++;
    skipSpaces();
    fb = readInt();
    if (fb < 0 || intDigits > 2 || p >= end || str.charCodeAt(p) !== C_MONTH) return false;
    p++;
    skipSpaces();
    fc = readInt();
    if (fc < 0 || intDigits > 2) return false;
    if (p < end && (str.charCodeAt(p) === C_DAY || str.charCodeAt(p) === C_DAY2)) p++;
    fcDigits = faDigits;
    shape = SHAPE_CJK;
    return true;
  }
  if (sep === 45 || sep === 47 || sep === 46) {
    p++;
    if (p < end && digitOf(str.charCodeAt(p)) >= 0) {
      fb = readInt();
      if (intDigits > 2 || p >= end || str.charCodeAt(p) !== sep) return false;
      p++;
      fc = readInt();
      fcDigits = intDigits;
      if (fc < 0) return false;
      shape = SHAPE_NUMERIC;
      return true;
    }
  } else if (!isSpace(sep)) {
    return false;
  }
  // Day then month name: '30 Jun 2024', '30-Jun-24', '15 สิงหาคม 2566', '۱۵ مهر ۱۴۰۲'.
  if (faDigits > 2) return false;
  skipSpaces();
  if (!readWord()) return false;
  const m = lookup(MONTH_WORDS);
  if (m === undefined) return false;
  namedMonth = m.month;
  namedPersian = m.persian;
  if (!skipDateSeparators() && str.charCodeAt(wordEnd - 1) !== 46) return false;
  readEraWord();
  fc = readInt();
  fcDigits = intDigits;
  if (fc < 0) return false;
  shape = SHAPE_NAMED_DMY;
  return true;
}

/** Skips spaces and one of - / . , between date fields; true when anything was skipped. */
function skipDateSeparators(): boolean {
  const start = p;
  skipSpaces();
  if (p < end) {
    const c = str.charCodeAt(p);
    if (c === 45 || c === 47 || c === 46 || c === 44 || c === 0x60c) p++;
  }
  skipSpaces();
  return p > start;
}

function skipOrdinalSuffix(): void {
  if (p + 2 > end) return;
  const a = lowerAscii(str.charCodeAt(p)), b = lowerAscii(str.charCodeAt(p + 1));
  if ((a === 115 && b === 116) || (a === 110 && b === 100) || (a === 114 && b === 100) || (a === 116 && b === 104)) {
    const after = p + 2 < end ? str.charCodeAt(p + 2) : 32;
    if (!isLetter(after)) p += 2;
  }
}

function readEraWord(): void {
  if (p >= end || digitOf(str.charCodeAt(p)) >= 0) return;
  const save = p;
  if (readWord()) {
    const e = lookup(ERA_WORDS);
    if (e !== undefined) { era = e; skipSpaces(); return; }
  }
  p = save;
}

function isTimeStart(): boolean {
  const c = str.charCodeAt(p);
  return isSpace(c) || ((c === 84 || c === 116) && p + 1 < end && digitOf(str.charCodeAt(p + 1)) >= 0);
}

/** Reads an optional time after the date: sets timeSeconds/offsetSeconds; false when malformed. */
function scanTimePart(): boolean {
  timeSeconds = -1;
  offsetSeconds = 0;
  if (p >= end) return true;
  const c0 = str.charCodeAt(p);
  if (c0 === 84 || c0 === 116) p++;
  else if (c0 === 44 || c0 === 0x60c) p++;
  else if (!isSpace(c0) && !isIgnorable(c0) && shape !== SHAPE_CJK) return false;
  let meridiem = 0;
  for (let guard = 0; guard < 3; guard++) {
    skipSpaces();
    if (p >= end) return false;
    if (digitOf(str.charCodeAt(p)) >= 0) break;
    if (!readWord()) return false;
    const m = lookup(MERIDIEM_WORDS);
    if (m !== undefined) { meridiem = m; continue; }
    if (lookup(FILLER_WORDS) === undefined) return false;
  }
  const h = readInt();
  if (h < 0 || intDigits > 2 || p >= end) return false;
  const sep = str.charCodeAt(p);
  const cjk = sep === 0x6642 || sep === 0x65f6 || sep === 0x70b9 || sep === 0x9ede; // 時 时 点 點
  if (sep !== 58 && !cjk) return false;
  p++;
  const mi = readInt();
  if (mi < 0 || (intDigits !== 2 && !(cjk && intDigits === 1)) || mi > 59) return false;
  let s = 0;
  if (cjk) {
    if (p < end && str.charCodeAt(p) === 0x5206) p++; // 分
    if (p < end && digitOf(str.charCodeAt(p)) >= 0) {
      s = readInt();
      if (s < 0 || intDigits > 2 || s > 59 || p >= end || str.charCodeAt(p) !== 0x79d2) return false; // 秒
      p++;
    }
  } else if (p < end && str.charCodeAt(p) === 58) {
    p++;
    s = readInt();
    if (s < 0 || intDigits !== 2 || s > 59) return false;
    if (p + 1 < end && (str.charCodeAt(p) === 46 || str.charCodeAt(p) === 44) && digitOf(str.charCodeAt(p + 1)) >= 0) {
      p++;
      s += readFraction();
    }
  }
  // Meridiem and filler words after the time, then an offset.
  for (let guard = 0; guard < 3; guard++) {
    skipSpaces();
    if (p >= end) break;
    const c = str.charCodeAt(p);
    if (c === 43 || c === 45 || c === 0x2212 || c === 90 || c === 122) break;
    const save = p;
    if (!readWord()) break;
    const m = lookup(MERIDIEM_WORDS);
    if (m !== undefined && meridiem === 0) { meridiem = m; continue; }
    if (lookup(FILLER_WORDS) !== undefined) continue;
    p = save;
    break;
  }
  let hours = h;
  if (meridiem !== 0) {
    if (h > 12) return false;
    if (meridiem === AM && h === 12) hours = 0;
    else if (meridiem === PM && h < 12) hours = h + 12;
  } else if (h > 23) {
    return false;
  }
  timeSeconds = hours * 3600 + mi * 60 + s;
  return scanOffset();
}

function scanOffset(): boolean {
  skipSpaces();
  if (p >= end) return true;
  let c = str.charCodeAt(p);
  if (c === 90 || c === 122) { // Z
    p++;
    skipSpaces();
    return p >= end;
  }
  if (c === 85 || c === 117 || c === 71 || c === 103) { // UTC / GMT
    const save = p;
    if (!readWord() || lookup(ZONE_WORDS) === undefined) { p = save; return false; }
    skipSpaces();
    if (p >= end) return true;
    c = str.charCodeAt(p);
  }
  if (c !== 43 && c !== 45 && c !== 0x2212) return false;
  const sign = c === 43 ? 1 : -1;
  p++;
  const startDigits = p;
  let oh = readInt();
  if (oh < 0) return false;
  let om = 0;
  const n = p - startDigits;
  if (n === 4) { om = oh % 100; oh = Math.floor(oh / 100); }
  else if (n <= 2) {
    if (p < end && str.charCodeAt(p) === 58) {
      p++;
      om = readInt();
      if (om < 0 || intDigits !== 2) return false;
    }
  } else return false;
  if (oh > 14 || om > 59) return false;
  offsetSeconds = sign * (oh * 3600 + om * 60);
  skipSpaces();
  return p >= end;
}

/**
 * Fast path for the most common cells, ASCII 'a-b-c', 'a/b/c' or 'a.b.c' (fields of 1–4, 1–2, 1–4
 * digits), optionally followed by 'T' or one space and 'H:MM[:SS[.f]]' and an optional 'Z'. Works on
 * locals and stores the scan state once; anything else (or anything doubtful) is left to the
 * general scanner, which reads these forms to the same state.
 */
function scanPlainNumericDate(text: string): boolean {
  const n = text.length;
  if (n < 5 || n > 40) return false;
  let i = 0;
  let c = 0;
  let a = 0, aDigits = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57 && aDigits < 5) { a = a * 10 + c - 48; aDigits++; i++; }
  if (aDigits === 0 || aDigits > 4 || i >= n) return false;
  const sep = c;
  if (sep !== 45 && sep !== 47 && sep !== 46) return false;
  i++;
  let b = 0, bDigits = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57 && bDigits < 3) { b = b * 10 + c - 48; bDigits++; i++; }
  if (bDigits === 0 || bDigits > 2 || i >= n || c !== sep) return false;
  i++;
  let d = 0, dDigits = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57 && dDigits < 5) { d = d * 10 + c - 48; dDigits++; i++; }
  if (dDigits === 0 || dDigits > 4) return false;
  let seconds = -1;
  if (i < n) {
    if (c !== 84 && c !== 32) return false; // 'T' or one space
    i++;
    let h = 0, hDigits = 0;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57 && hDigits < 3) { h = h * 10 + c - 48; hDigits++; i++; }
    if (hDigits === 0 || hDigits > 2 || i + 3 > n || c !== 58) return false;
    const m1 = text.charCodeAt(i + 1) - 48, m2 = text.charCodeAt(i + 2) - 48;
    if (m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9) return false;
    i += 3;
    let sec = 0;
    if (i < n && text.charCodeAt(i) === 58) {
      if (i + 3 > n) return false;
      const s1 = text.charCodeAt(i + 1) - 48, s2 = text.charCodeAt(i + 2) - 48;
      if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return false;
      sec = s1 * 10 + s2;
      i += 3;
      if (i + 1 < n && text.charCodeAt(i) === 46) {
        let f = 0, fDigits = 0;
        i++;
        while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) { if (fDigits < 15) { f = f * 10 + c - 48; fDigits++; } i++; }
        if (fDigits === 0) return false;
        sec += f / 10 ** fDigits;
      }
    }
    if (i < n && text.charCodeAt(i) === 90) i++; // Z
    if (i !== n || h > 23) return false;
    seconds = h * 3600 + (m1 * 10 + m2) * 60 + sec;
  }
  shape = SHAPE_NUMERIC;
  fa = a; fb = b; fc = d;
  faDigits = aDigits;
  fcDigits = dDigits;
  timeSeconds = seconds;
  offsetSeconds = 0;
  return true;
}

/** Reads the shape of a date/date-time cell; false when the text cannot be a date in any order or calendar. */
export function scanDate(text: string): boolean {
  if (text.length > MAX_DATE_TEXT) return false;
  // Bidi marks inside a date (Arabic-locale exports write '٠٧\u200F/١٠\u200F/٢٠٢٣') are dropped first.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61c && isIgnorable(c)) { text = withoutIgnorables(text); break; }
  }
  era = ERA_NONE;
  namedMonth = 0;
  namedPersian = false;
  if (scanPlainNumericDate(text)) return true;
  str = text;
  p = 0;
  end = text.length;
  while (end > 0 && (isSpace(text.charCodeAt(end - 1)) || isIgnorable(text.charCodeAt(end - 1)))) end--;
  shape = 0;
  faDigits = 0;
  fcDigits = 0;
  if (!scanDatePart()) return false;
  if (!scanTimePart()) return false;
  return p >= end;
}

function withoutIgnorables(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!isIgnorable(text.charCodeAt(i))) out += text[i];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resolution

/** How the scanned date depends on the column's order and calendar. */
export const DEPENDS_NOTHING = 0, DEPENDS_ORDER = 1, DEPENDS_ALL = 2;
export function scannedDependency(): number {
  if (shape === SHAPE_NUMERIC) {
    if (faDigits >= 3 || era === ERA_ROC) return DEPENDS_NOTHING;
    return fcDigits === 4 && era === ERA_NONE ? DEPENDS_ORDER : DEPENDS_ALL;
  }
  if ((shape === SHAPE_NAMED_DMY || shape === SHAPE_NAMED_MDY) && fcDigits <= 2) return DEPENDS_ALL;
  if (shape === SHAPE_CJK && faDigits <= 2 && era === ERA_NONE) return DEPENDS_ALL;
  return DEPENDS_NOTHING;
}

/** Whether the last scanned date has a time part. */
export function scannedHasTime(): boolean {
  return timeSeconds >= 0;
}

const PERSIAN_MIN = 1300, PERSIAN_MAX = 1499, BUDDHIST_MIN = 2400, BUDDHIST_MAX = 2699;

// Results of the last resolveDate().
export let resolvedDay = 0;
export let resolvedSeconds: number | null = null;
export let resolvedCalendar: CalendarId = 'gregorian';

/** Day number of the last scanned date read with `order` in a column of `calendar`; false when invalid. */
export function resolveDate(order: DateOrder, calendar: CalendarId): boolean {
  let y: number, m: number, d: number, yDigits: number;
  let yearFirst = false;
  switch (shape) {
    case SHAPE_NUMERIC:
      // 民國 stands before the year, so an ROC-marked date is year-first whatever the column's order.
      if (faDigits >= 3 || order === 'ymd' || era === ERA_ROC) {
        if (faDigits > 4) return false;
        y = fa; m = fb; d = fc; yDigits = faDigits; yearFirst = true;
        if (fcDigits > 2) return false;
      } else {
        if (fcDigits !== 2 && fcDigits !== 4) return false;
        if (order === 'dmy') { d = fa; m = fb; } else { m = fa; d = fb; }
        y = fc; yDigits = fcDigits;
      }
      break;
    case SHAPE_CJK:
      y = fa; m = fb; d = fc; yDigits = faDigits; yearFirst = true;
      if (yDigits > 4) return false;
      break;
    case SHAPE_NAMED_DMY:
    case SHAPE_NAMED_MDY:
      m = namedMonth; d = fa; y = fc; yDigits = fcDigits;
      if (yDigits !== 2 && yDigits !== 4 && !(era === ERA_ROC && yDigits <= 3)) return false;
      break;
    case SHAPE_COMPACT:
      y = Math.floor(fa / 10000); m = Math.floor(fa / 100) % 100; d = fa % 100; yDigits = 4; yearFirst = true;
      break;
    default:
      return false;
  }
  const cal = yearCalendar(y, yDigits, yearFirst, calendar);
  if (cal === null) return false;
  if (cal === 'gregorian' && yDigits === 2) y += y < 30 ? 2000 : 1900;
  const day = dayOf(cal, y, m, d);
  if (day === null) return false;
  resolvedCalendar = cal;
  if (timeSeconds < 0) {
    resolvedDay = day;
    resolvedSeconds = null;
  } else {
    const total = day * 86400 + timeSeconds - offsetSeconds;
    resolvedDay = Math.floor(total / 86400);
    resolvedSeconds = total - resolvedDay * 86400;
  }
  return true;
}

/** The calendar a year is written in (see the header), or null when the year cannot be read. */
function yearCalendar(y: number, yDigits: number, yearFirst: boolean, column: CalendarId): CalendarId | null {
  if (era === ERA_ROC) return yDigits <= 3 && y >= 1 && !namedPersian ? 'roc' : null;
  if (era === ERA_BUDDHIST) return yDigits === 4 && !namedPersian ? 'buddhist' : null;
  if (era === ERA_GREGORIAN) return yDigits === 4 && !namedPersian && y >= 1000 ? 'gregorian' : null;
  if (yDigits === 4) {
    if (y >= PERSIAN_MIN && y <= PERSIAN_MAX) return shape === SHAPE_NAMED_DMY || shape === SHAPE_NAMED_MDY ? (namedPersian ? 'persian' : null) : 'persian';
    if (namedPersian) return null;
    if (y >= BUDDHIST_MIN && y <= BUDDHIST_MAX) return 'buddhist';
    return y >= 1000 ? 'gregorian' : null;
  }
  if (namedPersian) return null;
  if (yDigits === 3) return yearFirst && y >= 100 ? 'roc' : null;
  if (yearFirst) return column === 'roc' && y >= 1 ? 'roc' : null;
  return yDigits === 2 && column === 'gregorian' ? 'gregorian' : null;
}

const CALENDAR_INDEX: Record<CalendarId, number> = { gregorian: 0, persian: 1, buddhist: 2, roc: 3 };
const monthStarts = new Map<number, number>();
/** First day of a calendar month (cached: a column repeats few months; the conversion is not cheap). */
function monthStart(cal: CalendarId, y: number, m: number): number {
  const key = (CALENDAR_INDEX[cal] * 100_000 + y) * 13 + m;
  let v = monthStarts.get(key);
  if (v === undefined) {
    v = dayFromCalendarYmd(y, m, 1, cal);
    monthStarts.set(key, v);
  }
  return v;
}

function gregorianMonthLength(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic (no Date objects in the hot path). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isoTexts = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
/**
 * 'YYYY-MM-DD' of a day number (years 0–9999), by arithmetic and cached: a date column repeats a
 * few thousand days over millions of cells, and the cached string is shared by all of them.
 */
export function isoDateText(day: number): string {
  let text = isoTexts.get(day);
  if (text !== undefined) return text;
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  text = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
  if (isoTexts.size >= 100_000) isoTexts.clear();
  isoTexts.set(day, text);
  return text;
}

/** Day number of y-m-d in a calendar; null when the date does not exist (2023-02-30, 1402-12-30). */
function dayOf(cal: CalendarId, y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  if (cal === 'gregorian') {
    if (y < 1000 || y > 9999 || d > gregorianMonthLength(y, m)) return null;
    return daysFromCivil(y, m, d);
  }
  const start = monthStart(cal, y, m);
  const next = m === 12 ? monthStart(cal, y + 1, 1) : monthStart(cal, y, m + 1);
  return d > next - start ? null : start + d - 1;
}

/**
 * Parses a date or date-time; `order` reads fields whose order the text leaves open (30/06/2024),
 * `calendar` the years it leaves open (see the header). A time makes `seconds` non-null; a UTC
 * offset or Z converts the moment to UTC. Null for anything that is not one valid date.
 */
export function parseDate(text: string, order: DateOrder, calendar: CalendarId): ParsedDate | null {
  if (!scanDate(text) || !resolveDate(order, calendar)) return null;
  return { day: resolvedDay, seconds: resolvedSeconds };
}
