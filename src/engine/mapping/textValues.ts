// Numbers and dates written in text cells (columns the importer typed as text because their values
// were mixed), read with the import's locale-aware parsers, in the column's calendar and field order.
import type { CalendarId, ColumnInfo } from '../../shared/types';
import { parseNumber } from '../import/values/numbers';
import { normalizeDigits } from '../import/values/text';
import { calendarYmd, dayFromCalendarYmd } from '../metrics/periods';

/** A number in any supported notation ("$1,188.00", "۱۲٬۵۰۰", "12%" → 0.12); null when not one. */
export function parseTextNumber(text: string): number | null {
  const p = parseNumber(text, '.');
  return p ? p.value : null;
}

const DATE_RE = /^(\d{1,4})[-/.年](\d{1,2})[-/.月](\d{1,4})日?(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|ق\.ظ|ب\.ظ)?)?\s*(?:z|utc|[+-]\d{2}:?\d{2})?$/i;

/** The calendar a year number suggests when the column's own calendar is unknown. */
function calendarOfYear(y: number): CalendarId {
  if (y >= 2400) return 'buddhist';
  if (y >= 1300 && y < 1600) return 'persian';
  if (y < 200) return 'roc';
  return 'gregorian';
}

/**
 * A date or date-time in a text cell: day number and epoch seconds (no time-zone shift); null
 * when the text is not a valid date. Year-first dates are read y-m-d; others in the column's
 * dateOrder (default d/m/y unless the first number cannot be a day).
 */
export function parseTextDate(text: string, col: Pick<ColumnInfo, 'calendar' | 'dateOrder'>): { day: number; seconds: number } | null {
  const t = normalizeDigits(text).trim();
  const m = DATE_RE.exec(t);
  if (!m) return null;
  const a = +m[1]!, b = +m[2]!, c = +m[3]!;
  let y: number, mo: number, d: number;
  if (m[1]!.length >= 3) { y = a; mo = b; d = c; }
  else if (col.dateOrder === 'mdy' || (col.dateOrder !== 'dmy' && a <= 12 && b > 12)) { mo = a; d = b; y = c; }
  else { d = a; mo = b; y = c; }
  if (m[3]!.length === 2 && m[1]!.length < 3) y += y < 70 ? 2000 : 1900;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const cal = col.calendar && col.calendar !== 'gregorian' ? col.calendar : calendarOfYear(y);
  let day: number;
  try {
    day = dayFromCalendarYmd(y, mo, d, cal);
  } catch {
    return null;
  }
  if (!Number.isFinite(day)) return null;
  // The calendar library clamps impossible days (31 Esfand, 30 February); those are not dates.
  const back = calendarYmd(day, cal);
  if (back.y !== y || back.m !== mo || back.d !== d) return null;
  let h = m[4] ? +m[4] : 0;
  const min = m[5] ? +m[5] : 0, s = m[6] ? +m[6] : 0;
  const ampm = (m[7] ?? '').toLowerCase();
  if ((ampm === 'pm' || ampm === 'ب.ظ') && h < 12) h += 12;
  if ((ampm === 'am' || ampm === 'ق.ظ') && h === 12) h = 0;
  if (h > 23 || min > 59 || s > 60) return null;
  return { day, seconds: day * 86400 + h * 3600 + min * 60 + s };
}
