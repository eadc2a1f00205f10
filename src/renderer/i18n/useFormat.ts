// Translated unit words and the locale for the pure formatters in lib/format.ts.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { unitLabelsFrom, type FormatOptions, type UnitLabels } from '../../shared/format';
import type { CalendarId } from '../../shared/types';
import { formatIsoDate, formatPeriodKey } from '../../shared/calendar/display';
import { directionOf } from '../../shared/i18n';
import { useLocaleTag } from './index';

export function useUnitLabels(): UnitLabels {
  // t is a new function whenever the language changes, so it alone keys the labels.
  const { t } = useTranslation();
  return useMemo(() => unitLabelsFrom((key) => t(key)), [t]);
}

export function useFormatOptions(currencySymbol: string | null = null): FormatOptions {
  const locale = useLocaleTag();
  const labels = useUnitLabels();
  return useMemo(() => ({ locale, labels, currencySymbol }), [locale, labels, currencySymbol]);
}

/**
 * Period keys and ISO dates in a calendar and the UI language (فروردین ۱۴۰۳, มกราคม 2567,
 * 民國113年1月). Pass the calendar the keys were cut in: the analysis', or the drill request's.
 */
export function useDateLabels(): { period: (key: string, cal: CalendarId) => string; date: (iso: string, cal: CalendarId) => string } {
  const language = useLocaleTag();
  return useMemo(() => {
    // In a right-to-left sentence "2024-12-31" after Persian letters would read 31-12-2024: each
    // label is a first-strong isolate (FSI … PDI), so digits and hyphens keep their own order.
    const isolate = directionOf(language) === 'rtl' ? (text: string) => `\u2068${text}\u2069` : (text: string) => text;
    return {
      period: (key: string, cal: CalendarId) => isolate(formatPeriodKey(key, cal, language)),
      date: (iso: string, cal: CalendarId) => isolate(formatIsoDate(iso, cal, language)),
    };
  }, [language]);
}

/** Plain numbers (axis labels, counts) in the UI language and its digits. */
export function useNumberText(): (v: number) => string {
  const locale = useLocaleTag();
  return useMemo(() => { const f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }); return (v: number) => f.format(v); }, [locale]);
}
