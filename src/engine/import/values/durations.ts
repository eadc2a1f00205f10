// Durations (time spans) in seconds: clock form 'H:MM[:SS[.f]]' (hours may exceed 24), optionally
// preceded by days ('2 days 03:00:00'); unit form '1h 30m', '90 min', '2 days 3 hours'
// (English, Persian, Thai and Chinese unit words); ISO 8601 'PT1H30M', 'P1DT2H', 'P2W'.
// A bare number is not a duration (it is a number in an integer/decimal column).
import { digitOf, isLetter, isSpace, lowerAscii } from './chars';
import { TextCursor } from './cursor';

const UNIT_SECONDS = new Map<string, number>();
function units(seconds: number, words: string[]): void {
  for (const w of words) UNIT_SECONDS.set(w, seconds);
}
units(1, ['s', 'sec', 'secs', 'second', 'seconds', 'ثانیه', 'วินาที', '秒', '秒鐘', '秒钟']);
units(60, ['m', 'min', 'mins', 'minute', 'minutes', 'دقیقه', 'นาที', '分', '分鐘', '分钟']);
units(3600, ['h', 'hr', 'hrs', 'hour', 'hours', 'ساعت', 'ชั่วโมง', 'ชม.', '小時', '小时', '時', '时']);
units(86400, ['d', 'day', 'days', 'روز', 'วัน', '天', '日']);
units(604800, ['w', 'wk', 'wks', 'week', 'weeks', 'هفته', 'สัปดาห์', '週', '周', '星期']);

/** Longer texts are never one duration ('2 weeks, 3 days, 4 hours, 5 minutes and 6 seconds' is 51). */
const MAX_DURATION_TEXT = 120;
const LONGEST_UNIT = Math.max(...[...UNIT_SECONDS.keys()].map((w) => w.length));

/** The cursor of one duration being read; one scanner per converter or caller. */
export class DurationScanner extends TextCursor {
  private numDigits = 0;
  private numInt = 0;

  /** Reads an unsigned decimal number (digits, optional '.'/',' fraction) at this.p; NaN when none. */
  private readNumber(): number {
    let v = 0;
    this.numDigits = 0;
    while (this.p < this.end) {
      const d = digitOf(this.str.charCodeAt(this.p));
      if (d < 0) break;
      v = v * 10 + d;
      this.numDigits++;
      this.p++;
    }
    this.numInt = v;
    if (this.numDigits === 0) return NaN;
    const c = this.p < this.end ? this.str.charCodeAt(this.p) : 0;
    if ((c === 46 || c === 44 || c === 0x66b) && this.p + 1 < this.end && digitOf(this.str.charCodeAt(this.p + 1)) >= 0) {
      this.p++;
      v += this.readFraction();
    }
    return v;
  }

  /** Reads two digits 00–59 at this.p; −1 when absent. */
  private readSexagesimal(): number {
    if (this.p + 2 > this.end) return -1;
    const a = digitOf(this.str.charCodeAt(this.p));
    const b = digitOf(this.str.charCodeAt(this.p + 1));
    if (a < 0 || b < 0 || a > 5) return -1;
    if (this.p + 2 < this.end && digitOf(this.str.charCodeAt(this.p + 2)) >= 0) return -1;
    this.p += 2;
    return a * 10 + b;
  }

  /** Clock 'H:MM[:SS[.fff]]' at this.p (hours already read as `hours`, this.p at the ':'); NaN when malformed. */
  private readClockRest(hours: number): number {
    this.p++; // ':'
    const mm = this.readSexagesimal();
    if (mm < 0) return NaN;
    let total = hours * 3600 + mm * 60;
    if (this.p < this.end && this.str.charCodeAt(this.p) === 58) {
      this.p++;
      const ss = this.readSexagesimal();
      if (ss < 0) return NaN;
      total += ss;
      if (this.p < this.end && (this.str.charCodeAt(this.p) === 46 || this.str.charCodeAt(this.p) === 44) && this.p + 1 < this.end && digitOf(this.str.charCodeAt(this.p + 1)) >= 0) {
        this.p++;
        total += this.readFraction();
      }
    }
    return total;
  }

  /** Reads a unit word at this.p and returns its length in seconds (0 when not a unit). */
  private readUnit(): number {
    const start = this.p;
    while (this.p < this.end) {
      const c = this.str.charCodeAt(this.p);
      if (isLetter(c) || (c === 46 && this.p > start)) this.p++;
      else break;
    }
    if (this.p === start || this.p - start > LONGEST_UNIT + 1) return 0;
    let word = this.str.slice(start, this.p);
    if (word.charCodeAt(0) < 128) word = word.toLowerCase();
    let seconds = UNIT_SECONDS.get(word);
    if (seconds === undefined && word.endsWith('.')) {
      seconds = UNIT_SECONDS.get(word.slice(0, -1));
      if (seconds === undefined) this.p = start;
    }
    return seconds ?? 0;
  }

  private parseIso(): number {
    // this.p after 'P'
    let total = 0;
    let inTime = false;
    let parts = 0;
    while (this.p < this.end) {
      const c = lowerAscii(this.str.charCodeAt(this.p));
      if (c === 116) { // 't'
        if (inTime) return NaN;
        inTime = true;
        this.p++;
        continue;
      }
      const v = this.readNumber();
      if (Number.isNaN(v) || this.p >= this.end) return NaN;
      const u = lowerAscii(this.str.charCodeAt(this.p));
      this.p++;
      if (!inTime && u === 100) total += v * 86400;
      else if (!inTime && u === 119) total += v * 604800;
      else if (inTime && u === 104) total += v * 3600;
      else if (inTime && u === 109) total += v * 60;
      else if (inTime && u === 115) total += v;
      else return NaN; // years and months have no fixed length
      parts++;
    }
    return parts > 0 ? total : NaN;
  }

  /** Seconds of a time span written as clock, units or ISO 8601; null when the text is not a duration. */
  parse(text: string): number | null {
    if (text.length > MAX_DURATION_TEXT) return null;
    this.begin(text);
    this.skipSpaces();
    if (this.p >= this.end) return null;
    let negative = false;
    const first = text.charCodeAt(this.p);
    if (first === 45 || first === 0x2212) { negative = true; this.p++; }
    if (this.p < this.end && lowerAscii(text.charCodeAt(this.p)) === 112) { // 'P…'
      this.p++;
      const v = this.parseIso();
      return Number.isNaN(v) ? null : negative ? -v : v;
    }
    let total = 0;
    let parts = 0;
    let usedUnits = 0; // bit per unit size: each unit at most once
    while (this.p < this.end) {
      const v = this.readNumber();
      if (Number.isNaN(v)) return null;
      const integerOnly = this.numDigits > 0 && v === this.numInt;
      const c = this.p < this.end ? text.charCodeAt(this.p) : 0;
      if (c === 58 && integerOnly) { // clock; must be the last part
        const clock = this.readClockRest(v);
        if (Number.isNaN(clock)) return null;
        this.skipSpaces();
        if (this.p < this.end) return null;
        total += clock;
        parts++;
        break;
      }
      this.skipSpaces();
      const seconds = this.readUnit();
      if (seconds === 0) return null;
      const bit = seconds === 1 ? 1 : seconds === 60 ? 2 : seconds === 3600 ? 4 : seconds === 86400 ? 8 : 16;
      if (usedUnits & bit) return null;
      usedUnits |= bit;
      total += v * seconds;
      parts++;
      this.skipSpaces();
      // Separators between parts: ',' 'and' 'و'.
      if (this.p < this.end && (text.charCodeAt(this.p) === 44 || text.charCodeAt(this.p) === 0x60c)) { this.p++; this.skipSpaces(); }
      if (this.p + 3 <= this.end && text.slice(this.p, this.p + 3).toLowerCase() === 'and' && this.p + 3 < this.end && isSpace(text.charCodeAt(this.p + 3))) { this.p += 3; this.skipSpaces(); }
      if (this.p + 1 < this.end && text.charCodeAt(this.p) === 0x648 && isSpace(text.charCodeAt(this.p + 1))) { this.p += 1; this.skipSpaces(); }
    }
    if (parts === 0) return null;
    return negative ? -total : total;
  }
}

/** Seconds of a time span written as clock, units or ISO 8601; null when the text is not a duration. */
export function parseDuration(text: string, scanner = new DurationScanner()): number | null {
  return scanner.parse(text);
}
