// Dates and date-times in the Gregorian, Persian (Jalali), Thai Buddhist and ROC calendars.
//
// A DateScanner's scan() reads the shape of a cell once (fields, month name, era marker, time, UTC
// offset) into the scanner's state without allocating for numeric dates; resolve(order, calendar)
// turns the shape into a day number. The profiler scans once and resolves under several
// orders/calendars. Each profiler and converter owns its scanner: no state is shared through the module.
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
import { TextCursor } from './cursor';

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

const C_YEAR = 0x5e74, C_MONTH = 0x6708, C_DAY = 0x65e5, C_DAY2 = 0x865f; // 年 月 日 號
function isCjkDateMark(c: number): boolean {
  return c === C_YEAR || c === C_MONTH || c === C_DAY || c === C_DAY2 || c === 0x6642 || c === 0x65f6
    || c === 0x5206 || c === 0x79d2 || c === 0x70b9 || c === 0x9ede;
}

function withoutIgnorables(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (!isIgnorable(text.charCodeAt(i))) out += text[i];
  return out;
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

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
/** 'YYYY-MM-DD' of a day number (years 0–9999), by arithmetic (no Date objects in the hot path). */
export function isoDateText(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}


/** Longer texts are never one date ('Wednesday, September 30th, 2024 at 12:30:45.123456 PM +03:30' is 62). */
const MAX_DATE_TEXT = 120;
const SHAPE_NUMERIC = 1, SHAPE_CJK = 2, SHAPE_NAMED_DMY = 3, SHAPE_NAMED_MDY = 4, SHAPE_COMPACT = 5;
const PERSIAN_MIN = 1300, PERSIAN_MAX = 1499, BUDDHIST_MIN = 2400, BUDDHIST_MAX = 2699;
const CALENDAR_INDEX: Record<CalendarId, number> = { gregorian: 0, persian: 1, buddhist: 2, roc: 3 };

/** How the scanned date depends on the column's order and calendar. */
export const DEPENDS_NOTHING = 0, DEPENDS_ORDER = 1, DEPENDS_ALL = 2;

/** The shape of one scanned cell and its resolution; one scanner per profiler or converter. */
export class DateScanner extends TextCursor {
  // Results of the last resolve().
  resolvedDay = 0;
  resolvedSeconds: number | null = null;
  resolvedCalendar: CalendarId = 'gregorian';

  // Cursor state beyond TextCursor's.
  private intDigits = 0;
  private wordStart = 0;
  private wordEnd = 0;

  // Scan state.
  private shape = 0;
  private fa = 0; private fb = 0; private fc = 0; // numeric fields in written order
  private faDigits = 0; private fcDigits = 0;
  private namedMonth = 0;
  private namedPersian = false;
  private era = ERA_NONE;
  private timeSeconds = -1; // seconds since midnight as written, −1 when no time
  private offsetSeconds = 0;
  /** First days of calendar months (a column repeats few months; the conversion is not cheap). */
  private readonly monthStarts = new Map<number, number>();

  /** Reads up to 8 digits at this.p (any digit set); −1 when none. Sets this.intDigits. */
  private readInt(): number {
    let v = 0;
    this.intDigits = 0;
    while (this.p < this.end && this.intDigits < 9) {
      const d = digitOf(this.str.charCodeAt(this.p));
      if (d < 0) break;
      v = v * 10 + d;
      this.intDigits++;
      this.p++;
    }
    if (this.intDigits === 0 || this.intDigits > 8) return -1;
    return v;
  }

  /**
   * Reads a word at this.p (letters; dots inside or after letters, as in 'ส.ค.', 'a.m.', 'Jun.') into
   * [this.wordStart, this.wordEnd); false when no word or too long to be one we know.
   */
  private readWord(): boolean {
    const start = this.p;
    const limit = Math.min(this.end, start + longestWord + 2);
    while (this.p < limit) {
      const c = this.str.charCodeAt(this.p);
      if (isLetter(c) && !isCjkDateMark(c)) this.p++;
      else if (c === 46 && this.p > start) this.p++;
      else break;
    }
    if (this.p === start) return false;
    if (this.p - start > longestWord + 1) { this.p = start; return false; }
    this.wordStart = start;
    this.wordEnd = this.p;
    return true;
  }

  private lookup<V>(table: WordTable<V>): V | undefined {
    return table.get(this.str, this.wordStart, this.wordEnd);
  }


  /** Reads the date part; false when the text is not date-shaped. */
  private scanDatePart(): boolean {
    this.skipSpaces();
    // Leading weekday ('Sunday, 30 June 2024') and this.era ('民國113年…').
    for (let guard = 0; guard < 2 && this.p < this.end && digitOf(this.str.charCodeAt(this.p)) < 0; guard++) {
      const save = this.p;
      if (!this.readWord()) return false;
      if (this.lookup(WEEKDAY_WORDS) !== undefined) {
        this.skipSpaces();
        if (this.p < this.end && (this.str.charCodeAt(this.p) === 44 || this.str.charCodeAt(this.p) === 0x60c)) this.p++;
        this.skipSpaces();
        continue;
      }
      const e = this.lookup(ERA_WORDS);
      if (e !== undefined) { this.era = e; this.skipSpaces(); continue; }
      const m = this.lookup(MONTH_WORDS);
      if (m !== undefined) { this.p = save; break; }
      return false;
    }
    if (this.p >= this.end) return false;

    if (digitOf(this.str.charCodeAt(this.p)) < 0) {
      // Month name first: 'Jun 30, 2024', 'June 30 2024'.
      if (!this.readWord()) return false;
      const m = this.lookup(MONTH_WORDS);
      if (m === undefined) return false;
      this.namedMonth = m.month;
      this.namedPersian = m.persian;
      this.skipDateSeparators();
      this.fa = this.readInt();
      if (this.fa < 0 || this.intDigits > 2) return false;
      this.skipOrdinalSuffix();
      if (!this.skipDateSeparators()) return false;
      this.readEraWord();
      this.fc = this.readInt();
      this.fcDigits = this.intDigits;
      if (this.fc < 0) return false;
      this.shape = SHAPE_NAMED_MDY;
      return true;
    }

    this.fa = this.readInt();
    this.faDigits = this.intDigits;
    if (this.fa < 0) return false;
    if (this.faDigits === 8 && (this.p === this.end || this.isTimeStart())) {
      this.shape = SHAPE_COMPACT;
      return true;
    }
    if (this.p >= this.end) return false;
    const sep = this.str.charCodeAt(this.p);
    if (sep === C_YEAR) {
      // 2024年6月30日, 民國113年5月12日
      this.p++;
      this.skipSpaces();
      this.fb = this.readInt();
      if (this.fb < 0 || this.intDigits > 2 || this.p >= this.end || this.str.charCodeAt(this.p) !== C_MONTH) return false;
      this.p++;
      this.skipSpaces();
      this.fc = this.readInt();
      if (this.fc < 0 || this.intDigits > 2) return false;
      if (this.p < this.end && (this.str.charCodeAt(this.p) === C_DAY || this.str.charCodeAt(this.p) === C_DAY2)) this.p++;
      this.fcDigits = this.faDigits;
      this.shape = SHAPE_CJK;
      return true;
    }
    if (sep === 45 || sep === 47 || sep === 46) {
      this.p++;
      if (this.p < this.end && digitOf(this.str.charCodeAt(this.p)) >= 0) {
        this.fb = this.readInt();
        if (this.intDigits > 2 || this.p >= this.end || this.str.charCodeAt(this.p) !== sep) return false;
        this.p++;
        this.fc = this.readInt();
        this.fcDigits = this.intDigits;
        if (this.fc < 0) return false;
        this.shape = SHAPE_NUMERIC;
        return true;
      }
    } else if (!isSpace(sep)) {
      return false;
    }
    // Day then month name: '30 Jun 2024', '30-Jun-24', '15 สิงหาคม 2566', '۱۵ مهر ۱۴۰۲'.
    if (this.faDigits > 2) return false;
    this.skipSpaces();
    if (!this.readWord()) return false;
    const m = this.lookup(MONTH_WORDS);
    if (m === undefined) return false;
    this.namedMonth = m.month;
    this.namedPersian = m.persian;
    if (!this.skipDateSeparators() && this.str.charCodeAt(this.wordEnd - 1) !== 46) return false;
    this.readEraWord();
    this.fc = this.readInt();
    this.fcDigits = this.intDigits;
    if (this.fc < 0) return false;
    this.shape = SHAPE_NAMED_DMY;
    return true;
  }

  /** Skips spaces and one of - / . , between date fields; true when anything was skipped. */
  private skipDateSeparators(): boolean {
    const start = this.p;
    this.skipSpaces();
    if (this.p < this.end) {
      const c = this.str.charCodeAt(this.p);
      if (c === 45 || c === 47 || c === 46 || c === 44 || c === 0x60c) this.p++;
    }
    this.skipSpaces();
    return this.p > start;
  }

  private skipOrdinalSuffix(): void {
    if (this.p + 2 > this.end) return;
    const a = lowerAscii(this.str.charCodeAt(this.p)), b = lowerAscii(this.str.charCodeAt(this.p + 1));
    if ((a === 115 && b === 116) || (a === 110 && b === 100) || (a === 114 && b === 100) || (a === 116 && b === 104)) {
      const after = this.p + 2 < this.end ? this.str.charCodeAt(this.p + 2) : 32;
      if (!isLetter(after)) this.p += 2;
    }
  }

  private readEraWord(): void {
    if (this.p >= this.end || digitOf(this.str.charCodeAt(this.p)) >= 0) return;
    const save = this.p;
    if (this.readWord()) {
      const e = this.lookup(ERA_WORDS);
      if (e !== undefined) { this.era = e; this.skipSpaces(); return; }
    }
    this.p = save;
  }

  private isTimeStart(): boolean {
    const c = this.str.charCodeAt(this.p);
    return isSpace(c) || ((c === 84 || c === 116) && this.p + 1 < this.end && digitOf(this.str.charCodeAt(this.p + 1)) >= 0);
  }

  /** Reads an optional time after the date: sets this.timeSeconds/this.offsetSeconds; false when malformed. */
  private scanTimePart(): boolean {
    this.timeSeconds = -1;
    this.offsetSeconds = 0;
    if (this.p >= this.end) return true;
    const c0 = this.str.charCodeAt(this.p);
    if (c0 === 84 || c0 === 116) this.p++;
    else if (c0 === 44 || c0 === 0x60c) this.p++;
    else if (!isSpace(c0) && !isIgnorable(c0) && this.shape !== SHAPE_CJK) return false;
    let meridiem = 0;
    for (let guard = 0; guard < 3; guard++) {
      this.skipSpaces();
      if (this.p >= this.end) return false;
      if (digitOf(this.str.charCodeAt(this.p)) >= 0) break;
      if (!this.readWord()) return false;
      const m = this.lookup(MERIDIEM_WORDS);
      if (m !== undefined) { meridiem = m; continue; }
      if (this.lookup(FILLER_WORDS) === undefined) return false;
    }
    const h = this.readInt();
    if (h < 0 || this.intDigits > 2 || this.p >= this.end) return false;
    const sep = this.str.charCodeAt(this.p);
    const cjk = sep === 0x6642 || sep === 0x65f6 || sep === 0x70b9 || sep === 0x9ede; // 時 时 点 點
    if (sep !== 58 && !cjk) return false;
    this.p++;
    const mi = this.readInt();
    if (mi < 0 || (this.intDigits !== 2 && !(cjk && this.intDigits === 1)) || mi > 59) return false;
    let s = 0;
    if (cjk) {
      if (this.p < this.end && this.str.charCodeAt(this.p) === 0x5206) this.p++; // 分
      if (this.p < this.end && digitOf(this.str.charCodeAt(this.p)) >= 0) {
        s = this.readInt();
        if (s < 0 || this.intDigits > 2 || s > 59 || this.p >= this.end || this.str.charCodeAt(this.p) !== 0x79d2) return false; // 秒
        this.p++;
      }
    } else if (this.p < this.end && this.str.charCodeAt(this.p) === 58) {
      this.p++;
      s = this.readInt();
      if (s < 0 || this.intDigits !== 2 || s > 59) return false;
      if (this.p + 1 < this.end && (this.str.charCodeAt(this.p) === 46 || this.str.charCodeAt(this.p) === 44) && digitOf(this.str.charCodeAt(this.p + 1)) >= 0) {
        this.p++;
        s += this.readFraction();
      }
    }
    // Meridiem and filler words after the time, then an offset.
    for (let guard = 0; guard < 3; guard++) {
      this.skipSpaces();
      if (this.p >= this.end) break;
      const c = this.str.charCodeAt(this.p);
      if (c === 43 || c === 45 || c === 0x2212 || c === 90 || c === 122) break;
      const save = this.p;
      if (!this.readWord()) break;
      const m = this.lookup(MERIDIEM_WORDS);
      if (m !== undefined && meridiem === 0) { meridiem = m; continue; }
      if (this.lookup(FILLER_WORDS) !== undefined) continue;
      this.p = save;
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
    this.timeSeconds = hours * 3600 + mi * 60 + s;
    return this.scanOffset();
  }

  private scanOffset(): boolean {
    this.skipSpaces();
    if (this.p >= this.end) return true;
    let c = this.str.charCodeAt(this.p);
    if (c === 90 || c === 122) { // Z
      this.p++;
      this.skipSpaces();
      return this.p >= this.end;
    }
    if (c === 85 || c === 117 || c === 71 || c === 103) { // UTC / GMT
      const save = this.p;
      if (!this.readWord() || this.lookup(ZONE_WORDS) === undefined) { this.p = save; return false; }
      this.skipSpaces();
      if (this.p >= this.end) return true;
      c = this.str.charCodeAt(this.p);
    }
    if (c !== 43 && c !== 45 && c !== 0x2212) return false;
    const sign = c === 43 ? 1 : -1;
    this.p++;
    const startDigits = this.p;
    let oh = this.readInt();
    if (oh < 0) return false;
    let om = 0;
    const n = this.p - startDigits;
    if (n === 4) { om = oh % 100; oh = Math.floor(oh / 100); }
    else if (n <= 2) {
      if (this.p < this.end && this.str.charCodeAt(this.p) === 58) {
        this.p++;
        om = this.readInt();
        if (om < 0 || this.intDigits !== 2) return false;
      }
    } else return false;
    if (oh > 14 || om > 59) return false;
    this.offsetSeconds = sign * (oh * 3600 + om * 60);
    this.skipSpaces();
    return this.p >= this.end;
  }

  /**
   * Fast path for the most common cells, ASCII 'a-b-c', 'a/b/c' or 'a.b.c' (fields of 1–4, 1–2, 1–4
   * digits), optionally followed by 'T' or one space and 'H:MM[:SS[.f]]' and an optional 'Z'. Works on
   * locals and stores the scan state once; anything else (or anything doubtful) is left to the
   * general scanner, which reads these forms to the same state.
   */
  private scanPlainNumericDate(text: string): boolean {
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
    this.shape = SHAPE_NUMERIC;
    this.fa = a; this.fb = b; this.fc = d;
    this.faDigits = aDigits;
    this.fcDigits = dDigits;
    this.timeSeconds = seconds;
    this.offsetSeconds = 0;
    return true;
  }

  /** Reads the this.shape of a date/date-time cell; false when the text cannot be a date in any order or calendar. */
  scan(text: string): boolean {
    if (text.length > MAX_DATE_TEXT) return false;
    // Bidi marks inside a date (Arabic-locale exports write '٠٧\u200F/١٠\u200F/٢٠٢٣') are dropped first.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x61c && isIgnorable(c)) { text = withoutIgnorables(text); break; }
    }
    this.era = ERA_NONE;
    this.namedMonth = 0;
    this.namedPersian = false;
    if (this.scanPlainNumericDate(text)) return true;
    this.begin(text);
    this.shape = 0;
    this.faDigits = 0;
    this.fcDigits = 0;
    if (!this.scanDatePart()) return false;
    if (!this.scanTimePart()) return false;
    return this.p >= this.end;
  }

  dependency(): number {
    if (this.shape === SHAPE_NUMERIC) {
      if (this.faDigits >= 3 || this.era === ERA_ROC) return DEPENDS_NOTHING;
      return this.fcDigits === 4 && this.era === ERA_NONE ? DEPENDS_ORDER : DEPENDS_ALL;
    }
    if ((this.shape === SHAPE_NAMED_DMY || this.shape === SHAPE_NAMED_MDY) && this.fcDigits <= 2) return DEPENDS_ALL;
    if (this.shape === SHAPE_CJK && this.faDigits <= 2 && this.era === ERA_NONE) return DEPENDS_ALL;
    return DEPENDS_NOTHING;
  }

  /** Whether the last scanned date has a time part. */
  hasTime(): boolean {
    return this.timeSeconds >= 0;
  }



  /** Day number of the last scanned date read with `order` in a column of `calendar`; false when invalid. */
  resolve(order: DateOrder, calendar: CalendarId): boolean {
    let y: number, m: number, d: number, yDigits: number;
    let yearFirst = false;
    switch (this.shape) {
      case SHAPE_NUMERIC:
        // 民國 stands before the year, so an ROC-marked date is year-first whatever the column's order.
        if (this.faDigits >= 3 || order === 'ymd' || this.era === ERA_ROC) {
          if (this.faDigits > 4) return false;
          y = this.fa; m = this.fb; d = this.fc; yDigits = this.faDigits; yearFirst = true;
          if (this.fcDigits > 2) return false;
        } else {
          if (this.fcDigits !== 2 && this.fcDigits !== 4) return false;
          if (order === 'dmy') { d = this.fa; m = this.fb; } else { m = this.fa; d = this.fb; }
          y = this.fc; yDigits = this.fcDigits;
        }
        break;
      case SHAPE_CJK:
        y = this.fa; m = this.fb; d = this.fc; yDigits = this.faDigits; yearFirst = true;
        if (yDigits > 4) return false;
        break;
      case SHAPE_NAMED_DMY:
      case SHAPE_NAMED_MDY:
        m = this.namedMonth; d = this.fa; y = this.fc; yDigits = this.fcDigits;
        if (yDigits !== 2 && yDigits !== 4 && !(this.era === ERA_ROC && yDigits <= 3)) return false;
        break;
      case SHAPE_COMPACT:
        y = Math.floor(this.fa / 10000); m = Math.floor(this.fa / 100) % 100; d = this.fa % 100; yDigits = 4; yearFirst = true;
        break;
      default:
        return false;
    }
    const cal = this.yearCalendar(y, yDigits, yearFirst, calendar);
    if (cal === null) return false;
    if (cal === 'gregorian' && yDigits === 2) y += y < 30 ? 2000 : 1900;
    const day = this.dayOf(cal, y, m, d);
    if (day === null) return false;
    this.resolvedCalendar = cal;
    if (this.timeSeconds < 0) {
      this.resolvedDay = day;
      this.resolvedSeconds = null;
    } else {
      const total = day * 86400 + this.timeSeconds - this.offsetSeconds;
      this.resolvedDay = Math.floor(total / 86400);
      this.resolvedSeconds = total - this.resolvedDay * 86400;
    }
    return true;
  }

  /** The calendar a year is written in (see the header), or null when the year cannot be read. */
  private yearCalendar(y: number, yDigits: number, yearFirst: boolean, column: CalendarId): CalendarId | null {
    if (this.era === ERA_ROC) return yDigits <= 3 && y >= 1 && !this.namedPersian ? 'roc' : null;
    if (this.era === ERA_BUDDHIST) return yDigits === 4 && !this.namedPersian ? 'buddhist' : null;
    if (this.era === ERA_GREGORIAN) return yDigits === 4 && !this.namedPersian && y >= 1000 ? 'gregorian' : null;
    if (yDigits === 4) {
      if (y >= PERSIAN_MIN && y <= PERSIAN_MAX) return this.shape === SHAPE_NAMED_DMY || this.shape === SHAPE_NAMED_MDY ? (this.namedPersian ? 'persian' : null) : 'persian';
      if (this.namedPersian) return null;
      if (y >= BUDDHIST_MIN && y <= BUDDHIST_MAX) return 'buddhist';
      return y >= 1000 ? 'gregorian' : null;
    }
    if (this.namedPersian) return null;
    if (yDigits === 3) return yearFirst && y >= 100 ? 'roc' : null;
    if (yearFirst) return column === 'roc' && y >= 1 ? 'roc' : null;
    return yDigits === 2 && column === 'gregorian' ? 'gregorian' : null;
  }

  /** First day of a calendar month (cached: a column repeats few months; the conversion is not cheap). */
  private monthStart(cal: CalendarId, y: number, m: number): number {
    const key = (CALENDAR_INDEX[cal] * 100_000 + y) * 13 + m;
    let v = this.monthStarts.get(key);
    if (v === undefined) {
      v = dayFromCalendarYmd(y, m, 1, cal);
      this.monthStarts.set(key, v);
    }
    return v;
  }

  /** Day number of y-m-d in a calendar; null when the date does not exist (2023-02-30, 1402-12-30). */
  private dayOf(cal: CalendarId, y: number, m: number, d: number): number | null {
    if (m < 1 || m > 12 || d < 1 || d > 31) return null;
    if (cal === 'gregorian') {
      if (y < 1000 || y > 9999 || d > gregorianMonthLength(y, m)) return null;
      return daysFromCivil(y, m, d);
    }
    const start = this.monthStart(cal, y, m);
    const next = m === 12 ? this.monthStart(cal, y + 1, 1) : this.monthStart(cal, y, m + 1);
    return d > next - start ? null : start + d - 1;
  }
}

/**
 * Parses a date or date-time; `order` reads fields whose order the text leaves open (30/06/2024),
 * `calendar` the years it leaves open (see the header). A time makes `seconds` non-null; a UTC
 * offset or Z converts the moment to UTC. Null for anything that is not one valid date.
 */
export function parseDate(text: string, order: DateOrder, calendar: CalendarId, scanner = new DateScanner()): ParsedDate | null {
  if (!scanner.scan(text) || !scanner.resolve(order, calendar)) return null;
  return { day: scanner.resolvedDay, seconds: scanner.resolvedSeconds };
}
