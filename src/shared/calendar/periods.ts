// Calendar days and periods (METRICS.md §1): a period is a half-open interval [start, end) of day
// numbers, cut in the Gregorian, Persian (Jalali), Thai Buddhist or ROC calendar.
// Day numbers are days since 1970-01-01 (Gregorian, no time zone): the engine's one date currency.
import {
  BuddhistCalendar, CalendarDate, GregorianCalendar, PersianCalendar, TaiwanCalendar, toCalendar,
  type Calendar,
} from '@internationalized/date';
import type { CalendarId, PeriodKind } from '../types';

const MS_PER_DAY = 86_400_000;
const gregorian = new GregorianCalendar();

export interface Period {
  /** Key as in the CLI/JSON: 2024-06, 2024-Q2, 2024, 2024-W23, 2024-06-30 (or 1403-04 in Persian). */
  key: string;
  /** First day (inclusive). */
  start: number;
  /** Day after the last day (exclusive). */
  end: number;
}

export function dayFromYmd(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** 'YYYY-MM-DD' (optionally followed by a time, which is ignored) → day number; null when not a date. */
export function dayFromIso(iso: string): number | null {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  const day = dayFromYmd(y, mo, d);
  const check = ymdFromDay(day);
  return check.y === y && check.m === mo && check.d === d ? day : null;
}

export function ymdFromDay(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Gregorian years are written with 4 digits; other calendars' years as they are (ROC 113). */
const yearKey = (y: number, cal: CalendarId) => (cal === 'gregorian' ? pad(y, 4) : String(y));

export function isoFromDay(day: number): string {
  const { y, m, d } = ymdFromDay(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Day number of today (UTC). */
export function today(): number {
  return Math.floor(Date.now() / MS_PER_DAY);
}

function calendarOf(id: CalendarId): Calendar {
  switch (id) {
    case 'gregorian': return gregorian;
    case 'persian': return new PersianCalendar();
    case 'buddhist': return new BuddhistCalendar();
    case 'roc': return new TaiwanCalendar();
  }
}

/** Year/month/day of a day number in a calendar (ROC years before 1912 are negative/zero). */
export function calendarYmd(day: number, cal: CalendarId): { y: number; m: number; d: number } {
  const g = ymdFromDay(day);
  if (cal === 'gregorian') return g;
  const c = toCalendar(new CalendarDate(g.y, g.m, g.d), calendarOf(cal));
  let y = c.year;
  if (cal === 'roc' && c.era === 'before_minguo') y = 1 - y;
  return { y, m: c.month, d: c.day };
}

/** Day number of a calendar date (the inverse of calendarYmd). */
export function dayFromCalendarYmd(y: number, m: number, d: number, cal: CalendarId): number {
  if (cal === 'gregorian') return dayFromYmd(y, m, d);
  let date: CalendarDate;
  if (cal === 'roc') {
    date = y >= 1 ? new CalendarDate(calendarOf(cal), 'minguo', y, m, d) : new CalendarDate(calendarOf(cal), 'before_minguo', 1 - y, m, d);
  } else {
    date = new CalendarDate(calendarOf(cal), y, m, d);
  }
  const g = toCalendar(date, gregorian);
  return dayFromYmd(g.year, g.month, g.day);
}

/** Months in a calendar year (12 in all four supported calendars). */
const MONTHS = 12;

function isoWeek(day: number): { year: number; week: number; start: number } {
  // ISO weeks start on Monday; week 1 holds the year's first Thursday. 1970-01-01 was a Thursday.
  const weekday = ((day % 7) + 7 + 3) % 7; // 0 = Monday
  const monday = day - weekday;
  const thursday = monday + 3;
  const year = ymdFromDay(thursday).y;
  const jan1 = dayFromYmd(year, 1, 1);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return { year, week, start: monday };
}

/** The period of `kind` in `cal` containing `day`. */
export function periodOf(day: number, kind: PeriodKind, cal: CalendarId = 'gregorian'): Period {
  if (kind === 'day') {
    const c = calendarYmd(day, cal);
    return { key: `${yearKey(c.y, cal)}-${pad(c.m)}-${pad(c.d)}`, start: day, end: day + 1 };
  }
  if (kind === 'week') {
    const w = isoWeek(day);
    return { key: `${pad(w.year, 4)}-W${pad(w.week)}`, start: w.start, end: w.start + 7 };
  }
  const c = calendarYmd(day, cal);
  if (kind === 'month') {
    const start = dayFromCalendarYmd(c.y, c.m, 1, cal);
    const end = c.m === MONTHS ? dayFromCalendarYmd(c.y + 1, 1, 1, cal) : dayFromCalendarYmd(c.y, c.m + 1, 1, cal);
    return { key: `${yearKey(c.y, cal)}-${pad(c.m)}`, start, end };
  }
  if (kind === 'quarter') {
    const q = Math.floor((c.m - 1) / 3) + 1;
    const start = dayFromCalendarYmd(c.y, (q - 1) * 3 + 1, 1, cal);
    const end = q === 4 ? dayFromCalendarYmd(c.y + 1, 1, 1, cal) : dayFromCalendarYmd(c.y, q * 3 + 1, 1, cal);
    return { key: `${yearKey(c.y, cal)}-Q${q}`, start, end };
  }
  const start = dayFromCalendarYmd(c.y, 1, 1, cal);
  const end = dayFromCalendarYmd(c.y + 1, 1, 1, cal);
  return { key: yearKey(c.y, cal), start, end };
}

/** Consecutive periods covering [fromDay, toDay] (both inclusive). */
export function listPeriods(kind: PeriodKind, cal: CalendarId, fromDay: number, toDay: number): Period[] {
  const out: Period[] = [];
  if (toDay < fromDay) return out;
  let p = periodOf(fromDay, kind, cal);
  for (;;) {
    out.push(p);
    if (p.end > toDay) break;
    p = periodOf(p.end, kind, cal);
  }
  return out;
}

/** The period `n` periods before `p` (n ≥ 1). */
export function previousPeriod(p: Period, kind: PeriodKind, cal: CalendarId, n = 1): Period {
  let q = p;
  for (let i = 0; i < n; i++) q = periodOf(q.start - 1, kind, cal);
  return q;
}

/** Epoch seconds → day number (the calendar day of a date-time). */
export function dayFromEpochSeconds(s: number): number {
  return Math.floor(s / 86_400);
}

/** How much of `p` has elapsed on `asOf` (inclusive): "9 of 31 days"; partial when asOf is before the last day. */
export interface PeriodProgress { elapsedDays: number; totalDays: number; partial: boolean }
export function periodProgress(p: Period, asOf: number): PeriodProgress {
  const totalDays = p.end - p.start;
  const elapsedDays = Math.max(0, Math.min(totalDays, asOf - p.start + 1));
  return { elapsedDays, totalDays, partial: elapsedDays < totalDays };
}

const PERIODS_PER_YEAR: Record<Exclude<PeriodKind, 'day'>, number> = { week: 52, month: 12, quarter: 4, year: 1 };

/** The same period one year before `p` (52 ISO weeks back for weeks; the same calendar date for days). */
export function samePeriodLastYear(p: Period, kind: PeriodKind, cal: CalendarId): Period {
  if (kind !== 'day') return previousPeriod(p, kind, cal, PERIODS_PER_YEAR[kind]);
  const c = calendarYmd(p.start, cal);
  // 29 Feb (or the 30th of Esfand) a year back falls on the last day of that month.
  let day = dayFromCalendarYmd(c.y - 1, c.m, c.d, cal);
  if (calendarYmd(day, cal).m !== c.m) day = dayFromCalendarYmd(c.y - 1, c.m, 1, cal) + c.d - 2;
  return periodOf(day, 'day', cal);
}

/**
 * Like-for-like window of a comparison period: its first `elapsedDays` days (clamped to its length),
 * so activity in a partial current period is compared with the same number of days; `balanceDay` is
 * the same elapsed day, where balances are measured.
 */
export function likeForLikeWindow(compare: Period, elapsedDays: number): { start: number; end: number; balanceDay: number } {
  const n = Math.max(1, Math.min(elapsedDays, compare.end - compare.start));
  return { start: compare.start, end: compare.start + n, balanceDay: compare.start + n - 1 };
}
