// Dates and period keys as people read them in a calendar and a UI language: "فروردین ۱۴۰۳",
// "มีนาคม 2567", "民國113年3月". Intl (ICU) writes the calendar's month names, eras and the
// language's digits; the keys come from periods.ts, whose conversion (@internationalized/date)
// turns them back into day numbers. Gregorian in English keeps the ISO form of keys and dates
// (2024-06, 2024-06-30) that the CLI and JSON also use; in the other languages it is written as
// their readers write it (ژوئن ۲۰۲۴ in the digits chosen, มิถุนายน 2024, 2024年6月).
import { translate } from '../i18n';
import type { CalendarId } from '../types';
import { dayFromCalendarYmd, dayFromIso, dayFromYmd, isoFromDay } from './periods';

const MS_PER_DAY = 86_400_000;
const INTL_CALENDAR: Record<CalendarId, string> = { gregorian: 'gregory', persian: 'persian', buddhist: 'buddhist', roc: 'roc' };

/** The Intl locale of a UI language written in a calendar: th + buddhist → th-u-ca-buddhist. */
export function calendarLocale(language: string, cal: CalendarId): string {
  // The tag may carry a numbering system already (fa-u-nu-latn): one -u- extension, both keys.
  return language.includes('-u-') ? `${language}-ca-${INTL_CALENDAR[cal]}` : `${language}-u-ca-${INTL_CALENDAR[cal]}`;
}

// Building an Intl.DateTimeFormat costs far more than using one, and a chart axis formats dozens of labels.
const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: string, cal: CalendarId, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${calendarLocale(language, cal)} ${JSON.stringify(options)}`;
  let format = formats.get(id);
  if (!format) formats.set(id, (format = new Intl.DateTimeFormat(calendarLocale(language, cal), { ...options, timeZone: 'UTC' })));
  return format;
}

const dateOf = (day: number) => new Date(day * MS_PER_DAY);

/** Whether keys and dates stay in their ISO form: the Gregorian calendar in English. */
const keepsIso = (cal: CalendarId, language: string) => cal === 'gregorian' && language.split('-')[0] === 'en';

/** A day number as a date in the calendar: 2024-03-21, ۲ فروردین ۱۴۰۳, 21 มีนาคม 2567, 民國113年3月21日. */
export function formatDay(day: number, cal: CalendarId, language: string): string {
  if (keepsIso(cal, language)) return isoFromDay(day);
  return dateFormat(language, cal, { dateStyle: 'long' }).format(dateOf(day));
}

/** 'YYYY-MM-DD…' (Gregorian, as the engine stores dates) in the calendar; other text as it is. */
export function formatIsoDate(iso: string, cal: CalendarId, language: string): string {
  const day = dayFromIso(iso);
  return day === null ? iso : formatDay(day, cal, language);
}

/** Month and year; Persian puts the month first (ICU writes "۱۴۰۳ فروردین", people write فروردین ۱۴۰۳). */
function formatMonth(day: number, cal: CalendarId, language: string): string {
  const format = dateFormat(language, cal, { year: 'numeric', month: 'long' });
  if (language.split('-')[0] !== 'fa') return format.format(dateOf(day));
  const parts = format.formatToParts(dateOf(day));
  const of = (type: string) => parts.filter((p) => p.type === type).map((p) => p.value).join(' ');
  return [of('month'), of('year'), of('era')].filter(Boolean).join(' ');
}

const formatYear = (day: number, cal: CalendarId, language: string) => dateFormat(language, cal, { year: 'numeric' }).format(dateOf(day));

/**
 * A period key of the engine (cut in `cal`: 1403-04, 2567-01, 113-Q1, 2024-W23, 1403, 1403-04-02)
 * as a label in the calendar and language; Gregorian keys in English and anything unrecognised stay as they are.
 */
export function formatPeriodKey(key: string, cal: CalendarId, language: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (week) {
    if (keepsIso(cal, language)) return key;
    // ISO weeks are Gregorian in every calendar: name the week by its Monday in the chosen calendar.
    const year = +week[1]!, n = +week[2]!;
    const jan4 = dayFromYmd(year, 1, 4);
    const monday = jan4 - (((jan4 % 7) + 7 + 3) % 7) + (n - 1) * 7;
    return translate(language, 'period.weekOf', { date: formatDay(monday, cal, language) });
  }
  if (keepsIso(cal, language)) return key;
  const m = /^(-?\d+)(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])))?$/.exec(key);
  if (!m) return key;
  const y = +m[1]!;
  if (m[3]) return formatDay(dayFromCalendarYmd(y, +m[2]!, +m[3], cal), cal, language);
  if (m[2]) return formatMonth(dayFromCalendarYmd(y, +m[2], 1, cal), cal, language);
  const yearText = formatYear(dayFromCalendarYmd(y, 1, 1, cal), cal, language);
  if (m[4]) {
    const q = new Intl.NumberFormat(language).format(+m[4]);
    return translate(language, 'period.quarterOf', { q, year: yearText });
  }
  return yearText;
}
