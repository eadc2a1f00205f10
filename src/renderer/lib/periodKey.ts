// The analysis period (key as the engine writes it: 2024-06, 1403-04, 2024-Q2, 2024-W23, 2024,
// 2024-06-30) holding a date — used to place `events` rows on trend charts.
import {
  BuddhistCalendar, CalendarDate, PersianCalendar, TaiwanCalendar, toCalendar, type Calendar,
} from '@internationalized/date';
import type { CalendarId, PeriodKind } from '../../shared/types';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function calendarOf(id: Exclude<CalendarId, 'gregorian'>): Calendar {
  switch (id) {
    case 'persian': return new PersianCalendar();
    case 'buddhist': return new BuddhistCalendar();
    case 'roc': return new TaiwanCalendar();
  }
}

function calendarYmd(y: number, m: number, d: number, cal: CalendarId): { y: number; m: number; d: number } {
  if (cal === 'gregorian') return { y, m, d };
  const c = toCalendar(new CalendarDate(y, m, d), calendarOf(cal));
  // ROC years before 1912 are counted backwards in the 'before_minguo' era; the engine writes them as 1 − y.
  const year = cal === 'roc' && c.era === 'before_minguo' ? 1 - c.year : c.year;
  return { y: year, m: c.month, d: c.day };
}

function isoWeek(y: number, m: number, d: number): { year: number; week: number } {
  const day = Date.UTC(y, m - 1, d) / 86_400_000;
  const weekday = ((day % 7) + 7 + 3) % 7; // 0 = Monday; 1970-01-01 was a Thursday
  const thursday = day - weekday + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / 86_400_000;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

/** Key of the period of `kind` in `cal` holding the Gregorian date 'YYYY-MM-DD…'; null when not a date. */
export function periodKeyOf(isoDate: string, kind: PeriodKind, cal: CalendarId): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return null;
  const gy = +m[1]!, gm = +m[2]!, gd = +m[3]!;
  if (kind === 'week') {
    const w = isoWeek(gy, gm, gd);
    return `${pad(w.year, 4)}-W${pad(w.week)}`;
  }
  const c = calendarYmd(gy, gm, gd, cal);
  const year = cal === 'gregorian' ? pad(c.y, 4) : String(c.y);
  switch (kind) {
    case 'day': return `${year}-${pad(c.m)}-${pad(c.d)}`;
    case 'month': return `${year}-${pad(c.m)}`;
    case 'quarter': return `${year}-Q${Math.floor((c.m - 1) / 3) + 1}`;
    case 'year': return year;
  }
}
