// Dates and periods shown in the Persian, Buddhist and ROC calendars. The display goes through Intl
// (ICU); the property tests read the displayed text back with month-name tables written out here and
// convert it with @internationalized/date (Persian) or the calendars' fixed year offsets (Buddhist
// +543, ROC −1911), so the round trip checks ICU against independent arithmetic.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CalendarDate, PersianCalendar, toCalendar, GregorianCalendar } from '@internationalized/date';
import { formatDay, formatIsoDate, formatPeriodKey } from '../../src/shared/calendar/display';
import { dayFromIso, dayFromYmd, isoFromDay, periodOf } from '../../src/shared/calendar/periods';
import { resources } from '../../src/shared/i18n';

const PERSIAN_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

/** Persian (۰–۹), Arabic-Indic (٠–٩) and Thai (๐–๙) digits to Latin ones. */
function latinDigits(text: string): string {
  return text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

const numbers = (text: string) => [...latinDigits(text).matchAll(/\d+/g)].map((m) => +m[0]);

function persianToDay(y: number, m: number, d: number): number {
  const g = toCalendar(new CalendarDate(new PersianCalendar(), y, m, d), new GregorianCalendar());
  return dayFromYmd(g.year, g.month, g.day);
}

/** The Gregorian day a displayed date names. */
const readBack = {
  persian(text: string): number {
    const month = PERSIAN_MONTHS.findIndex((name) => text.includes(name)) + 1;
    const [d, y] = numbers(text);
    return persianToDay(y!, month, d!);
  },
  buddhist(text: string): number {
    const month = THAI_MONTHS.findIndex((name) => text.includes(name)) + 1;
    const [d, y] = numbers(text);
    return dayFromYmd(y! - 543, month, d!);
  },
  roc(text: string): number {
    expect(text.startsWith('民國')).toBe(true);
    const [y, m, d] = numbers(text);
    return dayFromYmd(y! + 1911, m!, d!);
  },
};

// 1912-01-01 (ROC year 1) … 2100-12-31.
const days = fc.integer({ min: dayFromYmd(1912, 1, 1), max: dayFromYmd(2100, 12, 31) });

describe('dates displayed in a calendar', () => {
  it('Persian (fa): the displayed date reads back as the stored Gregorian day', () => {
    fc.assert(fc.property(days, (day) => readBack.persian(formatDay(day, 'persian', 'fa')) === day), { numRuns: 400 });
  });
  it('Buddhist (th): the displayed date reads back as the stored Gregorian day', () => {
    fc.assert(fc.property(days, (day) => readBack.buddhist(formatDay(day, 'buddhist', 'th')) === day), { numRuns: 400 });
  });
  it('ROC (zh-Hant): the displayed date reads back as the stored Gregorian day', () => {
    fc.assert(fc.property(days, (day) => readBack.roc(formatDay(day, 'roc', 'zh-Hant')) === day), { numRuns: 400 });
  });
  it('a month label names the month and year of the period the engine cut for that day', () => {
    fc.assert(fc.property(days, (day) => {
      const fa = formatPeriodKey(periodOf(day, 'month', 'persian').key, 'persian', 'fa');
      const th = formatPeriodKey(periodOf(day, 'month', 'buddhist').key, 'buddhist', 'th');
      const zh = formatPeriodKey(periodOf(day, 'month', 'roc').key, 'roc', 'zh-Hant');
      const first = (label: string, cal: 'persian' | 'buddhist' | 'roc') => readBack[cal](cal === 'roc' ? label.replace('月', '月1日') : cal === 'persian' ? `۱ ${label}` : `1 ${label}`);
      return first(fa, 'persian') === periodOf(day, 'month', 'persian').start
        && first(th, 'buddhist') === periodOf(day, 'month', 'buddhist').start
        && first(zh, 'roc') === periodOf(day, 'month', 'roc').start;
    }), { numRuns: 200 });
  });

  it('writes the labels users know', () => {
    expect(formatPeriodKey('1403-01', 'persian', 'fa')).toBe('فروردین ۱۴۰۳');
    expect(formatPeriodKey('2567-01', 'buddhist', 'th')).toBe('มกราคม 2567');
    expect(formatPeriodKey('113-01', 'roc', 'zh-Hant')).toBe('民國113年1月');
    expect(formatPeriodKey('113-01', 'roc', 'zh-Hans')).toBe('民国113年1月');
    expect(formatIsoDate('2024-06-30', 'persian', 'fa')).toBe('۱۰ تیر ۱۴۰۳');
    expect(formatIsoDate('2024-06-30', 'buddhist', 'th')).toBe('30 มิถุนายน 2567');
    expect(formatIsoDate('2024-06-30', 'roc', 'zh-Hant')).toBe('民國113年6月30日');
  });

  it('quarters, years and weeks use the language templates', () => {
    const tmpl = (lang: 'th' | 'zh-Hant', key: 'quarterOf' | 'weekOf') => (resources[lang].translation.period as Record<string, string>)[key]!;
    expect(formatPeriodKey('2567-Q2', 'buddhist', 'th')).toBe(tmpl('th', 'quarterOf').replace('{{q}}', '2').replace('{{year}}', 'พ.ศ. 2567'));
    expect(formatPeriodKey('113-Q4', 'roc', 'zh-Hant')).toBe(tmpl('zh-Hant', 'quarterOf').replace('{{year}}', '民國113年').replace('{{q}}', '4'));
    expect(formatPeriodKey('113', 'roc', 'zh-Hant')).toBe('民國113年');
    // ISO week 2024-W23 starts on Monday 2024-06-03.
    expect(formatPeriodKey('2024-W23', 'roc', 'zh-Hant')).toBe(tmpl('zh-Hant', 'weekOf').replace('{{date}}', '民國113年6月3日'));
    expect(isoFromDay(readBack.roc('民國113年6月3日'))).toBe('2024-06-03');
  });

  it('Gregorian keeps the ISO keys and dates of the CLI and JSON in English; unknown text passes through', () => {
    expect(formatPeriodKey('2024-12', 'gregorian', 'en')).toBe('2024-12');
    expect(formatPeriodKey('2024-Q4', 'gregorian', 'en')).toBe('2024-Q4');
    expect(formatIsoDate('2024-06-30', 'gregorian', 'en')).toBe('2024-06-30');
    expect(formatPeriodKey('total', 'persian', 'fa')).toBe('total');
  });

  it('Gregorian in the other languages is written as their readers write it, in the digits chosen', () => {
    // (Was ISO in every language: a Persian UI with Persian digits showed "2024-12" in Latin digits.)
    const tmpl = (lang: 'zh-Hant', key: 'quarterOf' | 'weekOf') => (resources[lang].translation.period as Record<string, string>)[key]!;
    expect(formatPeriodKey('2024-12', 'gregorian', 'th')).toBe('ธันวาคม 2024');
    expect(formatPeriodKey('2024-12', 'gregorian', 'fa')).toBe('دسامبر ۲۰۲۴');
    expect(formatPeriodKey('2024-12', 'gregorian', 'fa-u-nu-latn')).toBe('دسامبر 2024');
    expect(formatPeriodKey('2024-Q4', 'gregorian', 'zh-Hant')).toBe(tmpl('zh-Hant', 'quarterOf').replace('{{year}}', '2024年').replace('{{q}}', '4'));
    expect(formatIsoDate('2024-06-30', 'gregorian', 'fa')).toBe('۳۰ ژوئن ۲۰۲۴');
    expect(formatIsoDate('2024-06-30', 'gregorian', 'zh-Hans')).toBe('2024年6月30日');
    // ISO weeks by their Monday.
    expect(formatPeriodKey('2024-W23', 'gregorian', 'zh-Hant')).toBe(tmpl('zh-Hant', 'weekOf').replace('{{date}}', '2024年6月3日'));
    // Every Gregorian day read back from its Chinese text is the same day.
    for (let day = dayFromIso('2023-01-01')!; day < dayFromIso('2025-01-01')!; day += 13) {
      const zh = formatDay(day, 'gregorian', 'zh-Hans');
      const [, y, m, d] = /^(\d+)年(\d+)月(\d+)日$/.exec(zh)!;
      expect(dayFromYmd(+y!, +m!, +d!)).toBe(day);
    }
  });
});
