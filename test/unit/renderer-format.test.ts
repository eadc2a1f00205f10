// Formatting of values by unit (METRICS.md §1), checked against strings written by hand.
import { describe, expect, it } from 'vitest';
import {
  formatBytes, formatCount, formatCurrency, formatDuration, formatInteger, formatMonths, formatNps, formatRatio,
  formatScore, formatValue, NO_VALUE,
} from '../../src/shared/format';

const en = { locale: 'en-US' };

describe('formatValue by unit', () => {
  it('currency: grouped, no decimals from 100 up, two below; the file’s symbol when known', () => {
    expect(formatCurrency(750000, en)).toBe('750,000');
    expect(formatCurrency(1234.56, en)).toBe('1,235');
    expect(formatCurrency(42.5, en)).toBe('42.50');
    expect(formatCurrency(-1200, en)).toBe('-1,200');
    expect(formatCurrency(0, en)).toBe('0');
    expect(formatCurrency(3, en)).toBe('3');
    expect(formatCurrency(99.999, { ...en, currencySymbol: '$' })).toBe('$100.00');
    expect(formatCurrency(2500, { ...en, currencySymbol: '$' })).toBe('$2,500');
    expect(formatCurrency(2500, { ...en, currencySymbol: 'تومان' })).toBe('2,500 تومان');
  });

  it('ratio as a percentage with at most one decimal', () => {
    expect(formatRatio(0.064, en)).toBe('6.4%');
    expect(formatRatio(0.3, en)).toBe('30%');
    expect(formatRatio(1.02, en)).toBe('102%');
    expect(formatRatio(-0.015, en)).toBe('-1.5%');
    expect(formatRatio(0.004167, en)).toBe('0.4%');
  });

  it('nps signed, zero unsigned', () => {
    expect(formatNps(41, en)).toBe('+41');
    expect(formatNps(-12.5, en)).toBe('-12.5');
    expect(formatNps(0, en)).toBe('0');
  });

  it('duration: the two largest units, the minor one zero-padded', () => {
    expect(formatDuration(7500, en)).toBe('2 h 05 m'); // 2 h 5 m exactly
    expect(formatDuration(45, en)).toBe('45 s');
    expect(formatDuration(2.25, en)).toBe('2.3 s');
    expect(formatDuration(725, en)).toBe('12 m 05 s');
    expect(formatDuration(180, en)).toBe('3 m 00 s');
    expect(formatDuration(86400, en)).toBe('1 d 00 h');
    expect(formatDuration(3 * 86400 + 4 * 3600, en)).toBe('3 d 04 h');
    expect(formatDuration(24 * 3600 - 20, en)).toBe('1 d 00 h'); // 23 h 59 m 40 s rounds to the minute → 24 h
    expect(formatDuration(3599.6, en)).toBe('1 h 00 m');
    expect(formatDuration(-7500, en)).toBe('-2 h 05 m');
  });

  it('numbers, percentages and durations in the UI language\'s digits', () => {
    // Persian digits ۰۱۲…۹ are U+06F0…U+06F9; Thai and Chinese UIs use Latin digits by default.
    const fa = { locale: 'fa', labels: { day: 'روز', hour: 'ساعت', minute: 'دقیقه', second: 'ثانیه', months: 'ماه', points: 'امتیاز', percentPoints: 'واحد درصد' } };
    expect(formatDuration(725, fa)).toBe('۱۲ دقیقه ۰۵ ثانیه');
    expect(formatCount(1234567, { locale: 'fa' })).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatCount(1234567, { locale: 'th' })).toBe('1,234,567');
    expect(formatCount(1234567, { locale: 'zh-Hant' })).toBe('1,234,567');
    expect(formatRatio(0.064, { locale: 'th' })).toBe('6.4%');
    expect(formatCurrency(1500, { locale: 'th', currencySymbol: '฿' })).toBe('฿1,500');
    expect(formatCurrency(1500, { locale: 'zh-Hant', currencySymbol: 'NT$' })).toBe('NT$1,500');
    expect(formatCurrency(1500, { locale: 'zh-Hans', currencySymbol: '元' })).toBe('1,500 元');
    expect(formatCurrency(1500, { locale: 'fa', currencySymbol: 'تومان' })).toBe('۱٬۵۰۰ تومان');
  });

  it('months, counts and scores', () => {
    expect(formatMonths(14.24, en)).toBe('14.2 mo');
    expect(formatMonths(24, en)).toBe('24 mo');
    expect(formatCount(1234567, en)).toBe('1,234,567');
    expect(formatCount(3.456, en)).toBe('3.46');
    expect(formatCount(12.345, en)).toBe('12.3');
    expect(formatScore(4.256, en)).toBe('4.26');
  });

  it('dispatches on the unit; missing and non-finite values show a dash', () => {
    expect(formatValue(0.064, 'ratio', en)).toBe('6.4%');
    expect(formatValue(7500, 'duration', en)).toBe('2 h 05 m');
    expect(formatValue(41, 'nps', en)).toBe('+41');
    expect(formatValue(null, 'currency', en)).toBe(NO_VALUE);
    expect(formatValue(Number.NaN, 'ratio', en)).toBe(NO_VALUE);
    expect(formatValue(Infinity, 'count', en)).toBe(NO_VALUE);
    expect(formatValue(5, 'table', en)).toBe(NO_VALUE);
  });

  it('translated unit words are used', () => {
    const labels = { day: 'روز', hour: 'ساعت', minute: 'دقیقه', second: 'ثانیه', months: 'ماه', points: 'امتیاز', percentPoints: 'واحد درصد' };
    expect(formatDuration(7500, { locale: 'en-US', labels })).toBe('2 ساعت 05 دقیقه');
    expect(formatMonths(3, { locale: 'en-US', labels })).toBe('3 ماه');
  });

  it('integers and bytes for the sources sidebar', () => {
    expect(formatInteger(1048576, 'en-US')).toBe('1,048,576');
    expect(formatBytes(512, 'en-US')).toBe('512 B');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(2.5 * 1024 * 1024, 'en-US')).toBe('2.5 MB');
  });
});
