// The as-of date picker in the chosen calendar: day, month (named by Intl in that calendar and the
// UI language) and year. <input type="date"> only speaks Gregorian, in the browser's own locale
// (mm/dd/yyyy in a Thai UI), so it is never used: without a value the same three boxes stand empty
// ("Day", "Month", the year of the reference date as a hint, in the UI's digits and the calendar's
// year numbering), and the date is taken once all three are chosen. The value stays an ISO
// (Gregorian) date: the engine's one date currency. Where no date is a valid choice (a holdout
// end), `clearable` adds a button that empties it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarId } from '../../shared/types';
import { calendarYmd, dayFromCalendarYmd, dayFromIso, isoFromDay, today } from '../../shared/calendar/periods';
import { calendarLocale, formatDay } from '../../shared/calendar/display';
import { useLocaleTag } from '../i18n';
import { latinDigits } from '../../shared/digits';

interface Parts { y?: number; m?: number; d?: number }

// The twelve month names of a year in a calendar and language (building the format is the cost).
const monthCache = new Map<string, string[]>();
function monthNames(language: string, calendar: CalendarId, year: number): string[] {
  const key = `${language}|${calendar}|${year}`;
  let names = monthCache.get(key);
  if (!names) {
    const format = new Intl.DateTimeFormat(calendarLocale(language, calendar), { month: 'long', timeZone: 'UTC' });
    names = Array.from({ length: 12 }, (_, i) => format.format(new Date(dayFromCalendarYmd(year, i + 1, 1, calendar) * 86_400_000)));
    if (monthCache.size > 200) monthCache.clear();
    monthCache.set(key, names);
  }
  return names;
}

export function CalendarDateInput({ value, calendar, onChange, title, testId, reference, clearable = false }: {
  value: string; calendar: CalendarId; onChange: (iso: string | null) => void; title?: string; testId: string;
  /** Without a value, the date whose year names the months and hints the year box (today by default). */
  reference?: string;
  /** A button to empty the value (onChange(null)). */
  clearable?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLocaleTag();
  // The year as typed while the box has focus (shown in the UI's digits otherwise).
  const [yearDraft, setYearDraft] = useState<string | null>(null);
  // Without a value: the parts chosen so far.
  const [draft, setDraft] = useState<Parts>({});
  const day = dayFromIso(value);
  const ymd = day === null ? null : calendarYmd(day, calendar);
  // A value from outside replaces a half-chosen date.
  useEffect(() => { if (day !== null) setDraft({}); }, [day]);
  const shown: Parts = ymd ?? draft;
  const refYmd = calendarYmd(dayFromIso(reference ?? '') ?? today(), calendar);
  const monthsYear = shown.y ?? refYmd.y;
  const months = monthNames(language, calendar, monthsYear);

  const daysIn = (y: number, m: number) => (m === 12 ? dayFromCalendarYmd(y + 1, 1, 1, calendar) : dayFromCalendarYmd(y, m + 1, 1, calendar)) - dayFromCalendarYmd(y, m, 1, calendar);
  // Without the year the longest the month can be (Esfand has 30 days in a leap year); without the month 31.
  const dayCount = shown.m === undefined ? 31
    : shown.y !== undefined ? daysIn(shown.y, shown.m) : Math.max(...[0, 1, 2, 3].map((k) => daysIn(refYmd.y + k, shown.m!)));
  // A day past the end of the new month (31 Farvardin → Mehr) falls on the month's last day.
  const pick = (y: number, m: number, d: number) => {
    if (!Number.isInteger(y) || y < 1) return;
    onChange(isoFromDay(dayFromCalendarYmd(y, m, Math.min(d, daysIn(y, m)), calendar)));
  };
  // One part chosen: with all three known, the date; until then it is kept here.
  const set = (part: Partial<Parts>) => {
    const next = { ...shown, ...part };
    if (next.y !== undefined && (!Number.isInteger(next.y) || next.y < 1)) return;
    if (next.y !== undefined && next.m !== undefined && next.d !== undefined) {
      setDraft({});
      pick(next.y, next.m, next.d);
    } else {
      setDraft(next);
    }
  };
  const clear = () => { setDraft({}); setYearDraft(null); onChange(null); };
  const number = new Intl.NumberFormat(language, { useGrouping: false });
  const yearLength = String(shown.y ?? refYmd.y).length;
  const commitYear = () => {
    const typed = latinDigits((yearDraft ?? '').trim());
    if (/^\d+$/.test(typed) && Number(typed) !== shown.y) set({ y: Number(typed) });
    setYearDraft(null);
  };
  const empty = !ymd;
  return (
    <span
      className={`calendar-date${empty ? ' empty' : ''}`} title={title ?? (day === null ? undefined : formatDay(day, calendar, language))}
      data-testid={testId} data-value={ymd ? value : ''}
    >
      <select value={shown.d ?? ''} onChange={(e) => set({ d: +e.target.value })} className={shown.d === undefined ? 'unset' : undefined}
        data-testid={`${testId}-day`} aria-label={t('period.day')}>
        {shown.d === undefined && <option value="" disabled>{t('period.day')}</option>}
        {Array.from({ length: dayCount }, (_, i) => <option key={i + 1} value={i + 1}>{number.format(i + 1)}</option>)}
      </select>
      <select value={shown.m ?? ''} onChange={(e) => set({ m: +e.target.value })} className={shown.m === undefined ? 'unset' : undefined}
        data-testid={`${testId}-month`} aria-label={t('period.month')}>
        {shown.m === undefined && <option value="" disabled>{t('period.month')}</option>}
        {months.map((name, i) => <option key={i + 1} value={i + 1}>{name}</option>)}
      </select>
      {/* Text, not type=number: a number box shows the browser's digits, not the UI's (۱۴۰۳). */}
      <input
        type="text" inputMode="numeric" className="calendar-year"
        value={yearDraft ?? (shown.y === undefined ? '' : number.format(shown.y))}
        // Empty: this year (or the reference date's) in the calendar's numbering, as a hint (۱۴۰۳, 2567, 113).
        placeholder={empty && shown.y === undefined ? number.format(refYmd.y) : undefined}
        onChange={(e) => {
          setYearDraft(e.target.value);
          // Taken as soon as it has as many digits as the year shown (2023 over 2024, 112 over 113);
          // a shorter or longer one on Enter or leaving the box.
          const typed = latinDigits(e.target.value.trim());
          if (/^\d+$/.test(typed) && typed.length === yearLength) set({ y: Number(typed) });
        }}
        onBlur={() => { commitYear(); }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') { commitYear(); return; }
          // Arrow keys step the year, as a number box would (from the hint when there is none yet).
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          setYearDraft(null);
          set({ y: (shown.y ?? refYmd.y) + (shown.y === undefined ? 0 : e.key === 'ArrowUp' ? 1 : -1) });
        }}
        data-testid={`${testId}-year`} aria-label={t('period.year')}
      />
      {clearable && (ymd || draft.y !== undefined || draft.m !== undefined || draft.d !== undefined) && (
        <button type="button" className="link-button small" onClick={clear} data-testid={`${testId}-clear`}>{t('dateInput.clear')}</button>
      )}
    </span>
  );
}
