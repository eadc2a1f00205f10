// Locale-aware cell values: expected results are worked out by hand (calendar conversions from
// published tables: 1 Mehr 1402 = 23 Sep 2023, Buddhist year = Gregorian + 543, ROC = Gregorian − 1911).
import { describe, expect, it } from 'vitest';
import {
  normalizeDigits, parseBoolean, parseDate, parseDuration, parseNumber, type DateOrder, type ParsedNumber,
} from '../../src/engine/import/values';
import type { CalendarId } from '../../src/shared/types';

/** Day number of a Gregorian date, computed independently of the code under test. */
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('normalizeDigits', () => {
  it('maps Persian, Arabic-Indic, Thai and full-width digits and separators', () => {
    expect(normalizeDigits('۱۴۰۲/۰۷/۱۵')).toBe('1402/07/15');
    expect(normalizeDigits('١٢٣٤٥٦٧٨٩٠')).toBe('1234567890');
    expect(normalizeDigits('๒๕๖๖')).toBe('2566');
    expect(normalizeDigits('２０２４')).toBe('2024');
    expect(normalizeDigits('۱٬۲۳۴٫۵')).toBe('1,234.5');
    expect(normalizeDigits('۵۰٪')).toBe('50%');
  });
  it('drops bidi marks, turns special spaces into spaces and trims', () => {
    expect(normalizeDigits('\u200F۱۲\u200E')).toBe('12');
    expect(normalizeDigits('\u202B12\u202C')).toBe('12');
    expect(normalizeDigits('\u2066x\u2069')).toBe('x');
    expect(normalizeDigits('\u00a01\u202f234\u2009567 ')).toBe('1 234 567');
    expect(normalizeDigits('\ufeffabc')).toBe('abc');
  });
  it('agrees with parseNumber on Persian separators', () => {
    for (const t of ['۱٬۲۳۴٫۵', '۱۲٫۵', '۱٬۰۰۰', '-۳٫۲۵', '۵۰٪', '\u200F۱۲۳\u200E']) {
      expect(parseNumber(normalizeDigits(t)), t).toEqual(parseNumber(t));
    }
  });
  it('returns plain ASCII text unchanged', () => {
    const s = 'hello 12';
    expect(normalizeDigits(s)).toBe(s);
    expect(normalizeDigits('')).toBe('');
  });
});

describe('parseNumber', () => {
  const cases: Array<[string, ParsedNumber | null, ('.' | ',')?]> = [
    ['0', { value: 0, kind: 'integer' }],
    ['42', { value: 42, kind: 'integer' }],
    ['-42', { value: -42, kind: 'integer' }],
    ['+42', { value: 42, kind: 'integer' }],
    ['29.85', { value: 29.85, kind: 'decimal' }],
    ['1.0', { value: 1, kind: 'decimal' }],
    ['0.5', { value: 0.5, kind: 'decimal' }],
    ['.5', { value: 0.5, kind: 'decimal' }],
    ['1,234', { value: 1234, kind: 'integer' }],
    ['1,234,567.89', { value: 1234567.89, kind: 'decimal' }],
    ['1.234.567,89', { value: 1234567.89, kind: 'decimal' }, ','],
    ['12,5', { value: 12.5, kind: 'decimal' }, ','],
    ['1 234 567', { value: 1234567, kind: 'integer' }],
    ['1\u00a0234,50', { value: 1234.5, kind: 'decimal' }, ','],
    ['1\u202f234,50', { value: 1234.5, kind: 'decimal' }, ','],
    ["1'234.50", { value: 1234.5, kind: 'decimal' }],
    ['1’234.50', { value: 1234.5, kind: 'decimal' }],
    ['1,23,456', { value: 123456, kind: 'integer' }],
    ['(1,234.56)', { value: -1234.56, kind: 'decimal' }],
    ['1234-', { value: -1234, kind: 'integer' }],
    ['−5', { value: -5, kind: 'integer' }],
    ['12%', { value: 0.12, kind: 'percent' }],
    ['12.5 %', { value: 0.125, kind: 'percent' }],
    ['-3%', { value: -0.03, kind: 'percent' }],
    ['12,5%', { value: 0.125, kind: 'percent' }, ','],
    ['۵۰٪', { value: 0.5, kind: 'percent' }],
    ['1e3', { value: 1000, kind: 'decimal' }],
    ['1.5E-3', { value: 0.0015, kind: 'decimal' }],
    ['-2.5e+2', { value: -250, kind: 'decimal' }],
    ['$1,234.56', { value: 1234.56, kind: 'currency', currency: '$' }],
    ['-$5', { value: -5, kind: 'currency', currency: '$' }],
    ['$-5', { value: -5, kind: 'currency', currency: '$' }],
    ['($5.00)', { value: -5, kind: 'currency', currency: '$' }],
    ['€ 12,50', { value: 12.5, kind: 'currency', currency: '€' }, ','],
    ['12,50 €', { value: 12.5, kind: 'currency', currency: '€' }, ','],
    ['£3', { value: 3, kind: 'currency', currency: '£' }],
    ['¥1,000', { value: 1000, kind: 'currency', currency: '¥' }],
    ['100元', { value: 100, kind: 'currency', currency: '元' }],
    ['100 円', { value: 100, kind: 'currency', currency: '円' }],
    ['NT$1,200', { value: 1200, kind: 'currency', currency: 'NT$' }],
    ['US$ 9.99', { value: 9.99, kind: 'currency', currency: 'US$' }],
    ['12 USD', { value: 12, kind: 'currency', currency: 'USD' }],
    ['usd 12', { value: 12, kind: 'currency', currency: 'USD' }],
    ['EUR 7', { value: 7, kind: 'currency', currency: 'EUR' }],
    ['THB 350', { value: 350, kind: 'currency', currency: 'THB' }],
    ['฿350', { value: 350, kind: 'currency', currency: '฿' }],
    ['350 บาท', { value: 350, kind: 'currency', currency: 'บาท' }],
    ['IRR 500,000', { value: 500000, kind: 'currency', currency: 'IRR' }],
    ['۵۰۰٬۰۰۰ ریال', { value: 500000, kind: 'currency', currency: 'ریال' }],
    ['۵۰۰٬۰۰۰ ريال', { value: 500000, kind: 'currency', currency: 'ریال' }],
    ['۱۲٫۵ تومان', { value: 12.5, kind: 'currency', currency: 'تومان' }],
    ['﷼ 1,000', { value: 1000, kind: 'currency', currency: '﷼' }],
    ['RMB 88', { value: 88, kind: 'currency', currency: 'RMB' }],
    ['TWD 88', { value: 88, kind: 'currency', currency: 'TWD' }],
    ['۱۲۳', { value: 123, kind: 'integer' }],
    ['١٢٣٫٤٥', { value: 123.45, kind: 'decimal' }],
    ['۱٬۲۳۴٫۵', { value: 1234.5, kind: 'decimal' }],
    ['۱٬۲۳۴٫۵', { value: 1234.5, kind: 'decimal' }, ','],
    ['\u200F-۱۲\u200E', { value: -12, kind: 'integer' }],
    ['  7  ', { value: 7, kind: 'integer' }],
    ['123456789012345', { value: 123456789012345, kind: 'integer' }],
  ];
  it.each(cases)('%s', (text, expected, decimal) => {
    expect(parseNumber(text, decimal ?? '.')).toEqual(expected);
  });

  it('rejects what is not one number', () => {
    for (const text of ['', ' ', '-', '$', '%', '.', '1.2.3', '12abc', 'abc', '555-1234', '(555) 123-4567',
      '2024-06-30', '1,2', '12,34,5', '1,2345', '5.', '(5', '5)', '-(5)', '--5', '5%%', '$5%', '$5 €', 'USDA 5',
      '1e', 'NaN', 'Infinity', '1 2', '12 34', '1,234.5.6', '12:30']) {
      expect(parseNumber(text), text).toBeNull();
    }
  });

  it('keeps ids: leading zeros and integers over 15 digits are not numbers', () => {
    expect(parseNumber('007')).toBeNull();
    expect(parseNumber('00123')).toBeNull();
    expect(parseNumber('02134')).toBeNull();
    expect(parseNumber('1234567890123456')).toBeNull();
    expect(parseNumber('4111111111111111')).toBeNull();
    expect(parseNumber('0')).toEqual({ value: 0, kind: 'integer' });
    expect(parseNumber('0.07')).toEqual({ value: 0.07, kind: 'decimal' });
  });

  it('reads separators by the column convention', () => {
    expect(parseNumber('1.234')).toEqual({ value: 1.234, kind: 'decimal' });
    expect(parseNumber('1.234', ',')).toEqual({ value: 1234, kind: 'integer' });
    expect(parseNumber('1,234', ',')).toEqual({ value: 1.234, kind: 'decimal' });
    expect(parseNumber('1.5', ',')).toBeNull();
    expect(parseNumber('1,234.56', ',')).toBeNull();
  });

  it('gives the correctly rounded double for long decimals', () => {
    expect(parseNumber('0.1')!.value).toBe(0.1);
    expect(parseNumber('123456789.123456789')!.value).toBe(123456789.123456789);
    expect(parseNumber('9007199254740993.5e-3')!.value).toBe(Number('9007199254740993.5e-3'));
    expect(parseNumber('0.000000000000000000000001')!.value).toBe(1e-24);
    expect(parseNumber('33.3%')!.value).toBe(0.333);
  });
});

describe('parseBoolean', () => {
  it('reads yes/no words in every supported language, case-insensitively', () => {
    for (const t of ['yes', 'Yes', 'YES', 'y', 'Y', 'true', 'TRUE', 't', '1', '۱', 'on', 'بله', 'ใช่', '是', '真', ' Yes ']) {
      expect(parseBoolean(t), t).toBe(true);
    }
    for (const t of ['no', 'No', 'N', 'false', 'False', 'f', '0', '۰', 'off', 'خیر', 'ไม่ใช่', '否', '假']) {
      expect(parseBoolean(t), t).toBe(false);
    }
  });
  it('rejects other values', () => {
    for (const t of ['', 'maybe', '2', '10', '01', 'yes!', 'No phone service', 'yess']) expect(parseBoolean(t), t).toBeNull();
  });
});

describe('parseDuration', () => {
  const cases: Array<[string, number | null]> = [
    ['00:05:32', 332],
    ['1:30', 5400],
    ['1:30:00', 5400],
    ['26:03:04', 93784],
    ['100:00:00', 360000],
    ['0:00:01.5', 1.5],
    ['-0:05:00', -300],
    ['۰۱:۳۰:۰۰', 5400],
    ['1h 30m', 5400],
    ['1h30m', 5400],
    ['1.5h', 5400],
    ['90 min', 5400],
    ['90 mins', 5400],
    ['45s', 45],
    ['45 sec', 45],
    ['2 days 3 hours', 183600],
    ['2 days, 3 hours and 4 minutes', 183840],
    ['1 day 02:03:04', 93784],
    ['2 days 03:00:00', 183600],
    ['1 week', 604800],
    ['3 ساعت', 10800],
    ['۲ ساعت و ۱۵ دقیقه', 8100],
    ['5 นาที', 300],
    ['2小时30分钟', 9000],
    ['PT1H30M', 5400],
    ['PT45.5S', 45.5],
    ['P1DT2H', 93600],
    ['P2W', 1209600],
    ['pt5m', 300],
    ['12', null],
    ['1.5', null],
    ['', null],
    ['1:60', null],
    ['1:5', null],
    ['P1Y', null],
    ['P1M', null],
    ['PT', null],
    ['1h 2h', null],
    ['abc', null],
    ['10 apples', null],
    ['2024-06-30', null],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});

describe('parseDate', () => {
  const cases: Array<[string, DateOrder, CalendarId, string | null, number | null]> = [
    // ISO 8601 and separators
    ['2024-06-30', 'dmy', 'gregorian', '2024-06-30', null],
    ['2024/06/30', 'mdy', 'gregorian', '2024-06-30', null],
    ['2024.6.3', 'dmy', 'gregorian', '2024-06-03', null],
    ['2024-06-30T14:05:00', 'dmy', 'gregorian', '2024-06-30', 50700],
    ['2024-06-30T14:05:00Z', 'dmy', 'gregorian', '2024-06-30', 50700],
    ['2024-06-30T14:05:00.250Z', 'dmy', 'gregorian', '2024-06-30', 50700.25],
    ['2024-06-30T14:05:00+03:30', 'dmy', 'gregorian', '2024-06-30', 50700 - 12600],
    ['2024-06-30T01:00:00+0330', 'dmy', 'gregorian', '2024-06-29', 86400 - 9000],
    ['2024-06-30T23:00:00-02:00', 'dmy', 'gregorian', '2024-07-01', 3600],
    ['2024-06-30 14:05', 'dmy', 'gregorian', '2024-06-30', 50700],
    ['2024-06-30 00:00:00', 'dmy', 'gregorian', '2024-06-30', 0],
    ['20240630', 'dmy', 'gregorian', '2024-06-30', null],
    // day/month orders
    ['30/06/2024', 'dmy', 'gregorian', '2024-06-30', null],
    ['06/30/2024', 'mdy', 'gregorian', '2024-06-30', null],
    ['30/06/2024', 'mdy', 'gregorian', null, null],
    ['30.06.2024', 'dmy', 'gregorian', '2024-06-30', null],
    ['30-06-2024', 'dmy', 'gregorian', '2024-06-30', null],
    ['1/2/2024', 'dmy', 'gregorian', '2024-02-01', null],
    ['1/2/2024', 'mdy', 'gregorian', '2024-01-02', null],
    ['6/30/24', 'mdy', 'gregorian', '2024-06-30', null],
    ['6/30/95', 'mdy', 'gregorian', '1995-06-30', null],
    ['6/30/2024 2:05 PM', 'mdy', 'gregorian', '2024-06-30', 50700],
    ['6/30/2024 12:05 AM', 'mdy', 'gregorian', '2024-06-30', 300],
    ['6/30/2024 12:05 pm', 'mdy', 'gregorian', '2024-06-30', 43500],
    ['30/06/2024 14:05:09', 'dmy', 'gregorian', '2024-06-30', 50709],
    ['30/06/2024', 'ymd', 'gregorian', null, null],
    // month names
    ['Jun 30, 2024', 'dmy', 'gregorian', '2024-06-30', null],
    ['June 30 2024', 'dmy', 'gregorian', '2024-06-30', null],
    ['June 30th, 2024', 'dmy', 'gregorian', '2024-06-30', null],
    ['30 Jun 2024', 'mdy', 'gregorian', '2024-06-30', null],
    ['30-Jun-2024', 'mdy', 'gregorian', '2024-06-30', null],
    ['30-JUN-24', 'mdy', 'gregorian', '2024-06-30', null],
    ['Sunday, June 30, 2024', 'dmy', 'gregorian', '2024-06-30', null],
    ['Sun, 30 Jun 2024 14:05:00 GMT', 'dmy', 'gregorian', '2024-06-30', 50700],
    ['Sun, 30 Jun 2024 14:05:00 +0200', 'dmy', 'gregorian', '2024-06-30', 50700 - 7200],
    ['Sept 1, 2024', 'dmy', 'gregorian', '2024-09-01', null],
    // Chinese
    ['2024年6月30日', 'dmy', 'gregorian', '2024-06-30', null],
    ['2024年6月30日 14:05', 'dmy', 'gregorian', '2024-06-30', 50700],
    ['2024年6月30日 下午2:05', 'dmy', 'gregorian', '2024-06-30', 50700],
    ['2024年6月30日上午10:00', 'dmy', 'gregorian', '2024-06-30', 36000],
    ['2024/6/30 下午 02:05:00', 'dmy', 'gregorian', '2024-06-30', 50700],
    ['民國113年5月12日', 'dmy', 'gregorian', '2024-05-12', null],
    ['民國113年5月12日', 'dmy', 'roc', '2024-05-12', null],
    ['民国99年1月1日', 'ymd', 'gregorian', '2010-01-01', null],
    ['民國99/01/05', 'dmy', 'gregorian', '2010-01-05', null],
    // ROC
    ['113/05/12', 'ymd', 'roc', '2024-05-12', null],
    ['113/05/12', 'dmy', 'gregorian', '2024-05-12', null],
    ['99/05/12', 'ymd', 'roc', '2010-05-12', null],
    ['99/05/12', 'ymd', 'gregorian', null, null],
    ['1/01/01', 'ymd', 'roc', '1912-01-01', null],
    // Persian (Jalali)
    ['1402/07/15', 'ymd', 'persian', '2023-10-07', null],
    ['۱۴۰۲/۰۷/۱۵', 'ymd', 'persian', '2023-10-07', null],
    ['١٤٠٢/٠٧/١٥', 'ymd', 'persian', '2023-10-07', null],
    ['۱۴۰۲/۷/۱۵', 'dmy', 'gregorian', '2023-10-07', null],
    ['1402-07-01', 'ymd', 'persian', '2023-09-23', null],
    ['1403/01/01', 'ymd', 'persian', '2024-03-20', null],
    ['1403/12/30', 'ymd', 'persian', '2025-03-20', null],
    ['1402/12/30', 'ymd', 'persian', null, null],
    ['1402/12/29', 'ymd', 'persian', '2024-03-19', null],
    ['1402/07/31', 'ymd', 'persian', null, null],
    ['1402/06/31', 'ymd', 'persian', '2023-09-22', null],
    ['15/07/1402', 'dmy', 'persian', '2023-10-07', null],
    ['۱۵ مهر ۱۴۰۲', 'dmy', 'persian', '2023-10-07', null],
    ['۱۴۰۲/۰۷/۱۵ ۱۴:۰۵', 'ymd', 'persian', '2023-10-07', 50700],
    ['1402/07/15 ب.ظ. 2:05', 'ymd', 'persian', '2023-10-07', 50700],
    ['\u200F۱۴۰۲/۰۷/۱۵\u200F', 'ymd', 'persian', '2023-10-07', null],
    // Buddhist
    ['15/08/2566', 'dmy', 'buddhist', '2023-08-15', null],
    ['๑๕/๐๘/๒๕๖๖', 'dmy', 'buddhist', '2023-08-15', null],
    ['2566-08-15', 'ymd', 'buddhist', '2023-08-15', null],
    ['15 สิงหาคม 2566', 'dmy', 'buddhist', '2023-08-15', null],
    ['15 ส.ค. 2566', 'dmy', 'buddhist', '2023-08-15', null],
    ['15 ส.ค. พ.ศ. 2566', 'dmy', 'gregorian', '2023-08-15', null],
    ['15/08/2566 14:05 น.', 'dmy', 'buddhist', '2023-08-15', 50700],
    ['29/02/2567', 'dmy', 'buddhist', '2024-02-29', null],
    ['29/02/2566', 'dmy', 'buddhist', null, null],
    // impossible dates and non-dates
    ['2023-02-30', 'ymd', 'gregorian', null, null],
    ['2023-02-29', 'ymd', 'gregorian', null, null],
    ['2024-02-29', 'ymd', 'gregorian', '2024-02-29', null],
    ['2024-13-01', 'ymd', 'gregorian', null, null],
    ['2024-00-10', 'ymd', 'gregorian', null, null],
    ['2024-06-30T24:00', 'ymd', 'gregorian', null, null],
    ['2024-06-30T14:60', 'ymd', 'gregorian', null, null],
    ['2024-06-30 13:00 PM', 'ymd', 'gregorian', null, null],
    ['2024-06/30', 'ymd', 'gregorian', null, null],
    ['2024', 'ymd', 'gregorian', null, null],
    ['12.5', 'dmy', 'gregorian', null, null],
    ['14:05', 'dmy', 'gregorian', null, null],
    ['Jun 2024', 'dmy', 'gregorian', null, null],
    ['hello', 'dmy', 'gregorian', null, null],
    ['555-123-4567', 'dmy', 'gregorian', null, null],
    ['20241340', 'ymd', 'gregorian', null, null],
    ['', 'ymd', 'gregorian', null, null],
  ];
  it.each(cases)('%s (%s, %s)', (text, order, calendar, iso, seconds) => {
    const r = parseDate(text, order, calendar);
    if (iso === null) expect(r).toBeNull();
    else expect(r).toEqual({ day: day(iso), seconds });
  });

  it('reads the METRICS.md examples', () => {
    expect(parseDate('۱۴۰۲/۰۷/۱۵', 'ymd', 'persian')).toEqual({ day: day('2023-10-07'), seconds: null });
    expect(parseDate('15/08/2566', 'dmy', 'buddhist')).toEqual({ day: day('2023-08-15'), seconds: null });
    expect(parseDate('113/05/12', 'ymd', 'roc')).toEqual({ day: day('2024-05-12'), seconds: null });
  });
});
