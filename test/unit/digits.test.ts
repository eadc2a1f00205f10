// Persian or Latin digits (and Thai digits) as the user chooses, through every formatter that takes
// the locale tag: numbers, dates, period labels in each calendar, and translated sentences.
import { describe, expect, it } from 'vitest';
import { localeTag, translate } from '../../src/shared/i18n';
import { formatIsoDate, formatPeriodKey } from '../../src/shared/calendar/display';
import { formatValue } from '../../src/shared/format';

describe('digits', () => {
  it('tags: the language default, Latin, or native digits; languages without alternatives stay as they are', () => {
    expect(localeTag('fa', 'auto')).toBe('fa');
    expect(localeTag('fa', 'latin')).toBe('fa-u-nu-latn');
    expect(localeTag('th', 'native')).toBe('th-u-nu-thai');
    expect(localeTag('zh-Hant', 'native')).toBe('zh-Hant');
    expect(localeTag('en', 'latin')).toBe('en-u-nu-latn');
  });

  it('Persian with Latin digits: amounts, periods and dates in the Persian calendar', () => {
    expect(formatValue(1234.5, 'count', { locale: 'fa' })).toBe('۱٬۲۳۴٫۵');
    expect(formatValue(1234.5, 'count', { locale: 'fa-u-nu-latn' })).toMatch(/^1.234.5$/);
    expect(formatPeriodKey('1403-01', 'persian', 'fa')).toBe('فروردین ۱۴۰۳');
    expect(formatPeriodKey('1403-01', 'persian', 'fa-u-nu-latn')).toBe('فروردین 1403');
    // 2024-03-20 is 1 Farvardin 1403.
    expect(formatIsoDate('2024-03-20', 'persian', 'fa-u-nu-latn')).toMatch(/1403/);
    expect(formatIsoDate('2024-03-20', 'persian', 'fa')).toMatch(/۱۴۰۳/);
  });

  it('Thai digits in the Buddhist calendar; sentences still found by their language', () => {
    expect(formatPeriodKey('2567-01', 'buddhist', 'th-u-nu-thai')).toMatch(/๒๕๖๗/);
    expect(formatPeriodKey('2567-01', 'buddhist', 'th')).toMatch(/2567/);
    expect(translate('fa-u-nu-latn', 'view.preset.finance')).toBe('مالی');
  });
});
