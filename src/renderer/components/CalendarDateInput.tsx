// The as-of date picker in the chosen calendar: day, month (named by Intl in that calendar and the
// UI language) and year. <input type="date"> only speaks Gregorian, in the browser's own locale
// (mm/dd/yyyy in a Thai UI), so every calendar uses these three. The value stays an ISO
// (Gregorian) date: the engine's one date currency; without one, a plain date input to pick it.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarId } from '../../shared/types';
import { calendarYmd, dayFromCalendarYmd, dayFromIso, isoFromDay } from '../../shared/calendar/periods';
import { calendarLocale, formatDay } from '../../shared/calendar/display';
import { useLocaleTag } from '../i18n';
import { latinDigits } from '../../shared/digits';

export function CalendarDateInput({ value, calendar, onChange, title, testId }: {
  value: string; calendar: CalendarId; onChange: (iso: string | null) => void; title?: string; testId: string;
}) {
  const { t } = useTranslation();
  const language = useLocaleTag();
  // The year as typed while the box has focus (shown in the UI's digits otherwise).
  const [yearDraft, setYearDraft] = useState<string | null>(null);
  const day = dayFromIso(value);
  const ymd = day === null ? null : calendarYmd(day, calendar);
  const months = useMemo(() => {
    if (!ymd) return [];
    const format = new Intl.DateTimeFormat(calendarLocale(language, calendar), { month: 'long', timeZone: 'UTC' });
    return Array.from({ length: 12 }, (_, i) => format.format(new Date(dayFromCalendarYmd(ymd.y, i + 1, 1, calendar) * 86_400_000)));
  }, [ymd?.y, calendar, language]); // eslint-disable-line react-hooks/exhaustive-deps -- the names depend on the year only

  if (!ymd) {
    return <input type="date" value={value} onChange={(e) => onChange(e.target.value || null)} title={title} data-testid={testId} data-value={value} />;
  }
  const daysIn = (y: number, m: number) => (m === 12 ? dayFromCalendarYmd(y + 1, 1, 1, calendar) : dayFromCalendarYmd(y, m + 1, 1, calendar)) - dayFromCalendarYmd(y, m, 1, calendar);
  // A day past the end of the new month (31 Farvardin → Mehr) falls on the month's last day.
  const pick = (y: number, m: number, d: number) => {
    if (!Number.isInteger(y) || y < 1) return;
    onChange(isoFromDay(dayFromCalendarYmd(y, m, Math.min(d, daysIn(y, m)), calendar)));
  };
  const number = new Intl.NumberFormat(language, { useGrouping: false });
  const commitYear = () => {
    const typed = latinDigits((yearDraft ?? '').trim());
    if (/^\d+$/.test(typed) && Number(typed) !== ymd.y) pick(Number(typed), ymd.m, ymd.d);
    setYearDraft(null);
  };
  return (
    <span className="calendar-date" title={title ?? formatDay(day!, calendar, language)} data-testid={testId} data-value={value}>
      <select value={ymd.d} onChange={(e) => pick(ymd.y, ymd.m, +e.target.value)} data-testid={`${testId}-day`} aria-label={t('period.day')}>
        {Array.from({ length: daysIn(ymd.y, ymd.m) }, (_, i) => <option key={i + 1} value={i + 1}>{number.format(i + 1)}</option>)}
      </select>
      <select value={ymd.m} onChange={(e) => pick(ymd.y, +e.target.value, ymd.d)} data-testid={`${testId}-month`} aria-label={t('period.month')}>
        {months.map((name, i) => <option key={i + 1} value={i + 1}>{name}</option>)}
      </select>
      {/* Text, not type=number: a number box shows the browser's digits, not the UI's (۱۴۰۳). */}
      <input
        type="text" inputMode="numeric" className="calendar-year" value={yearDraft ?? number.format(ymd.y)}
        onChange={(e) => {
          setYearDraft(e.target.value);
          // Taken as soon as it has as many digits as the year shown (2023 over 2024, 112 over 113);
          // a shorter or longer one on Enter or leaving the box.
          const typed = latinDigits(e.target.value.trim());
          if (/^\d+$/.test(typed) && typed.length === String(ymd.y).length) pick(Number(typed), ymd.m, ymd.d);
        }}
        onBlur={() => { commitYear(); }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') { commitYear(); return; }
          // Arrow keys step the year, as a number box would.
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          setYearDraft(null);
          pick(ymd.y + (e.key === 'ArrowUp' ? 1 : -1), ymd.m, ymd.d);
        }}
        data-testid={`${testId}-year`} aria-label={t('period.year')}
      />
    </span>
  );
}
