// The as-of date picker in the chosen calendar: day, month (named by Intl in that calendar and the
// UI language) and year. <input type="date"> only speaks Gregorian, in the browser's own locale
// (mm/dd/yyyy in a Thai UI), so every calendar uses these three. The value stays an ISO
// (Gregorian) date: the engine's one date currency; without one, a plain date input to pick it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarId } from '../../shared/types';
import { calendarYmd, dayFromCalendarYmd, dayFromIso, isoFromDay } from '../../shared/calendar/periods';
import { calendarLocale, formatDay } from '../../shared/calendar/display';
import { useLocaleTag } from '../i18n';

export function CalendarDateInput({ value, calendar, onChange, title, testId }: {
  value: string; calendar: CalendarId; onChange: (iso: string | null) => void; title?: string; testId: string;
}) {
  const { t } = useTranslation();
  const language = useLocaleTag();
  const day = dayFromIso(value);
  const ymd = day === null ? null : calendarYmd(day, calendar);
  const months = useMemo(() => {
    if (!ymd) return [];
    const format = new Intl.DateTimeFormat(calendarLocale(language, calendar), { month: 'long', timeZone: 'UTC' });
    return Array.from({ length: 12 }, (_, i) => format.format(new Date(dayFromCalendarYmd(ymd.y, i + 1, 1, calendar) * 86_400_000)));
  }, [ymd?.y, calendar, language]); // eslint-disable-line react-hooks/exhaustive-deps -- the names depend on the year only

  if (!ymd) {
    return <input type="date" value={value} onChange={(e) => onChange(e.target.value || null)} title={title} data-testid={testId} />;
  }
  const daysIn = (y: number, m: number) => (m === 12 ? dayFromCalendarYmd(y + 1, 1, 1, calendar) : dayFromCalendarYmd(y, m + 1, 1, calendar)) - dayFromCalendarYmd(y, m, 1, calendar);
  // A day past the end of the new month (31 Farvardin → Mehr) falls on the month's last day.
  const pick = (y: number, m: number, d: number) => {
    if (!Number.isInteger(y) || y < 1) return;
    onChange(isoFromDay(dayFromCalendarYmd(y, m, Math.min(d, daysIn(y, m)), calendar)));
  };
  const number = new Intl.NumberFormat(language, { useGrouping: false });
  return (
    <span className="calendar-date" title={title ?? formatDay(day!, calendar, language)} data-testid={testId} data-value={value}>
      <select value={ymd.d} onChange={(e) => pick(ymd.y, ymd.m, +e.target.value)} data-testid={`${testId}-day`} aria-label={t('period.day')}>
        {Array.from({ length: daysIn(ymd.y, ymd.m) }, (_, i) => <option key={i + 1} value={i + 1}>{number.format(i + 1)}</option>)}
      </select>
      <select value={ymd.m} onChange={(e) => pick(ymd.y, +e.target.value, ymd.d)} data-testid={`${testId}-month`} aria-label={t('period.month')}>
        {months.map((name, i) => <option key={i + 1} value={i + 1}>{name}</option>)}
      </select>
      <input
        type="number" className="calendar-year" value={ymd.y} min={1}
        onChange={(e) => pick(+e.target.value, ymd.m, ymd.d)}
        data-testid={`${testId}-year`} aria-label={t('period.year')}
      />
    </span>
  );
}
