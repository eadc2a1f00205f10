// Durations (time spans) in seconds: clock form 'H:MM[:SS[.f]]' (hours may exceed 24), optionally
// preceded by days ('2 days 03:00:00'); unit form '1h 30m', '90 min', '2 days 3 hours'
// (English, Persian, Thai and Chinese unit words); ISO 8601 'PT1H30M', 'P1DT2H', 'P2W'.
// A bare number is not a duration (it is a number in an integer/decimal column).
import { digitOf, isIgnorable, isLetter, isSpace, lowerAscii } from './chars';

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
let longestUnit = 0;
for (const w of UNIT_SECONDS.keys()) longestUnit = Math.max(longestUnit, w.length);

let p = 0;
let end = 0;
let str = '';

function skipSpaces(): void {
  while (p < end) {
    const c = str.charCodeAt(p);
    if (!isSpace(c) && !isIgnorable(c)) break;
    p++;
  }
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

let numDigits = 0;
let numInt = 0;
/** Reads an unsigned decimal number (digits, optional '.'/',' fraction) at p; NaN when none. */
function readNumber(): number {
  let v = 0;
  numDigits = 0;
  while (p < end) {
    const d = digitOf(str.charCodeAt(p));
    if (d < 0) break;
    v = v * 10 + d;
    numDigits++;
    p++;
  }
  numInt = v;
  if (numDigits === 0) return NaN;
  const c = p < end ? str.charCodeAt(p) : 0;
  if ((c === 46 || c === 44 || c === 0x66b) && p + 1 < end && digitOf(str.charCodeAt(p + 1)) >= 0) {
    p++;
    v += readFraction();
  }
  return v;
}

/** Reads two digits 00–59 at p; −1 when absent. */
function readSexagesimal(): number {
  if (p + 2 > end) return -1;
  const a = digitOf(str.charCodeAt(p));
  const b = digitOf(str.charCodeAt(p + 1));
  if (a < 0 || b < 0 || a > 5) return -1;
  if (p + 2 < end && digitOf(str.charCodeAt(p + 2)) >= 0) return -1;
  p += 2;
  return a * 10 + b;
}

/** Clock 'H:MM[:SS[.fff]]' at p (hours already read as `hours`, p at the ':'); NaN when malformed. */
function readClockRest(hours: number): number {
  p++; // ':'
  const mm = readSexagesimal();
  if (mm < 0) return NaN;
  let total = hours * 3600 + mm * 60;
  if (p < end && str.charCodeAt(p) === 58) {
    p++;
    const ss = readSexagesimal();
    if (ss < 0) return NaN;
    total += ss;
    if (p < end && (str.charCodeAt(p) === 46 || str.charCodeAt(p) === 44) && p + 1 < end && digitOf(str.charCodeAt(p + 1)) >= 0) {
      p++;
      total += readFraction();
    }
  }
  return total;
}

/** Reads a unit word at p and returns its length in seconds (0 when not a unit). */
function readUnit(): number {
  const start = p;
  while (p < end) {
    const c = str.charCodeAt(p);
    if (isLetter(c) || (c === 46 && p > start)) p++;
    else break;
  }
  if (p === start || p - start > longestUnit + 1) return 0;
  let word = str.slice(start, p);
  if (word.charCodeAt(0) < 128) word = word.toLowerCase();
  let seconds = UNIT_SECONDS.get(word);
  if (seconds === undefined && word.endsWith('.')) {
    seconds = UNIT_SECONDS.get(word.slice(0, -1));
    if (seconds === undefined) p = start;
  }
  return seconds ?? 0;
}

function parseIso(): number {
  // p after 'P'
  let total = 0;
  let inTime = false;
  let parts = 0;
  while (p < end) {
    const c = lowerAscii(str.charCodeAt(p));
    if (c === 116) { // 't'
      if (inTime) return NaN;
      inTime = true;
      p++;
      continue;
    }
    const v = readNumber();
    if (Number.isNaN(v) || p >= end) return NaN;
    const u = lowerAscii(str.charCodeAt(p));
    p++;
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
export function parseDuration(text: string): number | null {
  if (text.length > MAX_DURATION_TEXT) return null;
  str = text;
  p = 0;
  end = text.length;
  skipSpaces();
  while (end > p && (isSpace(text.charCodeAt(end - 1)) || isIgnorable(text.charCodeAt(end - 1)))) end--;
  if (p >= end) return null;
  let negative = false;
  const first = text.charCodeAt(p);
  if (first === 45 || first === 0x2212) { negative = true; p++; }
  if (p < end && lowerAscii(text.charCodeAt(p)) === 112) { // 'P…'
    p++;
    const v = parseIso();
    return Number.isNaN(v) ? null : negative ? -v : v;
  }
  let total = 0;
  let parts = 0;
  let usedUnits = 0; // bit per unit size: each unit at most once
  while (p < end) {
    const v = readNumber();
    if (Number.isNaN(v)) return null;
    const integerOnly = numDigits > 0 && v === numInt;
    const c = p < end ? text.charCodeAt(p) : 0;
    if (c === 58 && integerOnly) { // clock; must be the last part
      const clock = readClockRest(v);
      if (Number.isNaN(clock)) return null;
      skipSpaces();
      if (p < end) return null;
      total += clock;
      parts++;
      break;
    }
    skipSpaces();
    const seconds = readUnit();
    if (seconds === 0) return null;
    const bit = seconds === 1 ? 1 : seconds === 60 ? 2 : seconds === 3600 ? 4 : seconds === 86400 ? 8 : 16;
    if (usedUnits & bit) return null;
    usedUnits |= bit;
    total += v * seconds;
    parts++;
    skipSpaces();
    // Separators between parts: ',' 'and' 'و'.
    if (p < end && (text.charCodeAt(p) === 44 || text.charCodeAt(p) === 0x60c)) { p++; skipSpaces(); }
    if (p + 3 <= end && text.slice(p, p + 3).toLowerCase() === 'and' && p + 3 < end && isSpace(text.charCodeAt(p + 3))) { p += 3; skipSpaces(); }
    if (p + 1 < end && text.charCodeAt(p) === 0x648 && isSpace(text.charCodeAt(p + 1))) { p += 1; skipSpaces(); }
  }
  if (parts === 0) return null;
  return negative ? -total : total;
}
