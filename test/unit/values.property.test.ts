// Property tests: numbers and dates rendered in every supported locale form parse back to the value
// they were rendered from. Renderings come from Intl (an independent implementation of each
// locale's digits, separators, currency placement and calendars) or from a tiny formatter written
// here; calendar references are Intl's persian/buddhist/roc calendars, never the code under test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalText, ColumnProfiler, makeConverter } from '../../src/engine/import/infer';
import type { CellValue } from '../../src/engine/import/types';
import { parseDate, parseNumber, type DateOrder } from '../../src/engine/import/values';
import { daysFromCivil, isoDateText } from '../../src/engine/import/values/dates';
import type { CalendarId } from '../../src/shared/types';

const RUNS = { numRuns: 300 };

// ---------------------------------------------------------------------------------------------
// Numbers

const DIGIT_SETS = {
  ascii: '0123456789',
  persian: '۰۱۲۳۴۵۶۷۸۹',
  arabic: '٠١٢٣٤٥٦٧٨٩',
};
type DigitSet = keyof typeof DIGIT_SETS;

interface Style {
  digits: DigitSet;
  group: string; // '' for no grouping
  decimal: string;
  negative: 'minus' | 'parens' | 'trailing';
  currency: string; // '' for none
  currencyAfter: boolean;
  currencySpace: boolean;
}

/** Writes |cents|/100 with the given separators and digits; independent of the parser. */
function renderNumber(cents: bigint, fractionDigits: number, style: Style): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const scale = 10n ** BigInt(fractionDigits);
  const intText = (abs / scale).toString();
  const fracText = fractionDigits > 0 ? (abs % scale).toString().padStart(fractionDigits, '0') : '';
  let grouped = '';
  for (let i = 0; i < intText.length; i++) {
    if (i > 0 && (intText.length - i) % 3 === 0) grouped += style.group;
    grouped += intText[i];
  }
  let body = fracText ? `${grouped}${style.decimal}${fracText}` : grouped;
  body = [...body].map((ch) => (ch >= '0' && ch <= '9' ? DIGIT_SETS[style.digits][+ch] : ch)).join('');
  if (style.currency) {
    const sp = style.currencySpace ? ' ' : '';
    body = style.currencyAfter ? `${body}${sp}${style.currency}` : `${style.currency}${sp}${body}`;
  }
  if (!negative) return body;
  if (style.negative === 'parens') return `(${body})`;
  if (style.negative === 'trailing') return `${body}-`;
  return `-${body}`;
}

const separatorPairs: Array<{ group: string; decimal: string; column: '.' | ',' }> = [
  { group: '', decimal: '.', column: '.' },
  { group: ',', decimal: '.', column: '.' },
  { group: '.', decimal: ',', column: ',' },
  { group: '', decimal: ',', column: ',' },
  { group: ' ', decimal: ',', column: ',' },
  { group: '\u00a0', decimal: ',', column: ',' },
  { group: '\u202f', decimal: '.', column: '.' },
  { group: "'", decimal: '.', column: '.' },
  { group: '٬', decimal: '٫', column: '.' },
  { group: '٬', decimal: '٫', column: ',' },
  { group: '', decimal: '٫', column: ',' },
];
const currencies = ['', '$', '€', '£', '¥', '﷼', 'ریال', 'ريال', 'تومان', '฿', 'NT$', 'US$', 'USD', 'EUR', 'THB', 'IRR', 'IRT', 'TWD', 'CNY', 'RMB', '元', '円'];

const styleArb = fc.record({
  digits: fc.constantFrom<DigitSet>('ascii', 'persian', 'arabic'),
  separators: fc.constantFrom(...separatorPairs),
  negative: fc.constantFrom<Style['negative']>('minus', 'parens', 'trailing'),
  currency: fc.constantFrom(...currencies),
  currencyAfter: fc.boolean(),
  currencySpace: fc.boolean(),
});

describe('numbers in every locale form parse back to their value', () => {
  it('separators, digit sets, currency before/after, negatives', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), fc.integer({ min: 0, max: 4 }), styleArb,
      (units, fractionDigits, s) => {
        const style: Style = { ...s, group: s.separators.group, decimal: s.separators.decimal };
        const text = renderNumber(units, fractionDigits, style);
        const expected = Number(`${units}e-${fractionDigits}`);
        const parsed = parseNumber(text, s.separators.column);
        expect(parsed, text).not.toBeNull();
        expect(parsed!.value, text).toBe(expected === 0 ? 0 : expected);
        if (s.currency) expect(parsed!.kind).toBe('currency');
        else expect(parsed!.kind).toBe(fractionDigits > 0 ? 'decimal' : 'integer');
      },
    ), RUNS);
  });

  it('percent → fraction', () => {
    fc.assert(fc.property(
      fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom<DigitSet>('ascii', 'persian', 'arabic'),
      fc.constantFrom('%', ' %', '٪'),
      (hundredths, digits, sign) => {
        const style: Style = { digits, group: ',', decimal: digits === 'ascii' ? '.' : '٫', negative: 'minus', currency: '', currencyAfter: false, currencySpace: false };
        const text = renderNumber(BigInt(hundredths), 2, style) + sign;
        const parsed = parseNumber(text);
        expect(parsed, text).toEqual({ value: hundredths === 0 ? 0 : Number(`${hundredths}e-4`), kind: 'percent' });
      },
    ), RUNS);
  });

  // Locale renderings by Intl: [locale, currency, the column's decimal separator].
  const intlLocales: Array<[string, string, '.' | ',']> = [
    ['en-US', 'USD', '.'], ['de-DE', 'EUR', ','], ['fr-FR', 'EUR', ','], ['de-CH', 'CHF', '.'], ['th-TH', 'THB', '.'],
    ['zh-TW', 'TWD', '.'], ['zh-CN', 'CNY', '.'], ['ja-JP', 'JPY', '.'], ['fa-IR', 'IRR', '.'], ['fa-IR', 'USD', '.'],
    ['en-IN', 'INR', '.'], ['en-GB', 'GBP', '.'], ['ar-EG', 'EGP', '.'],
  ];
  it('Intl renderings (plain, currency, accounting, percent) parse back', () => {
    fc.assert(fc.property(
      fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), fc.constantFrom(...intlLocales),
      (cents, [locale, currency, column]) => {
        const value = cents / 100;
        const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
        expect(parseNumber(plain, column)?.value, plain).toBe(value === 0 ? 0 : value);
        const fractionDigits = currency === 'JPY' || currency === 'IRR' ? 0 : 2;
        const whole = fractionDigits === 0 ? Math.round(value) : value;
        for (const currencySign of ['standard', 'accounting'] as const) {
          const money = new Intl.NumberFormat(locale, { style: 'currency', currency, currencySign }).format(whole);
          const parsed = parseNumber(money, column);
          expect(parsed?.value, money).toBe(whole === 0 ? 0 : whole);
          expect(parsed?.kind, money).toBe('currency');
        }
        const fraction = cents / 1_000_000;
        const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(fraction);
        expect(parseNumber(percent, column), percent).toEqual({ value: fraction === 0 ? 0 : fraction, kind: 'percent' });
      },
    ), RUNS);
  });

  it('canonical text of a number parses back to the same number', () => {
    // Integers of 16+ digits are ids, not numbers (see values.ts), so the range stops below 1e15.
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -999_999_999_999_999, max: 999_999_999_999_999 }), (v) => {
      const text = canonicalText('decimal', v);
      const parsed = parseNumber(text);
      // Doubles below 1e-6 print with an exponent; they still read back.
      expect(parsed?.value, text).toBe(v === 0 ? 0 : v);
    }), RUNS);
  });
});

// ---------------------------------------------------------------------------------------------
// Dates

const MS_PER_DAY = 86_400_000;
// Jalali years 1300–1478 (the range read as Jalali), Buddhist 2464–2642, ROC 10–188.
const dayArb = fc.integer({ min: Date.UTC(1921, 3, 1) / MS_PER_DAY, max: Date.UTC(2099, 11, 31) / MS_PER_DAY });

function partsOf(locale: string, day: number): Record<string, string> {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
    .formatToParts(new Date(day * MS_PER_DAY));
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}
const format = (locale: string, day: number, options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' }) =>
  new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(day * MS_PER_DAY));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('dates in every calendar and order parse back to the same day', () => {
  const forms: Array<[string, (day: number) => string, DateOrder, CalendarId]> = [
    ['Jalali (fa-IR digits)', (d) => format('fa-IR-u-ca-persian', d), 'ymd', 'persian'],
    ['Jalali (ASCII digits)', (d) => format('fa-IR-u-ca-persian-nu-latn', d), 'ymd', 'persian'],
    ['Jalali (Arabic-Indic digits)', (d) => format('fa-IR-u-ca-persian-nu-arab', d), 'ymd', 'persian'],
    ['Jalali month name', (d) => format('fa-IR-u-ca-persian', d, { year: 'numeric', month: 'long', day: 'numeric' }), 'ymd', 'persian'],
    ['Buddhist dd/mm/yyyy', (d) => format('th-TH-u-ca-buddhist', d), 'dmy', 'buddhist'],
    ['Buddhist Thai digits', (d) => format('th-TH-u-ca-buddhist-nu-thai', d), 'dmy', 'buddhist'],
    ['Buddhist Thai month name', (d) => format('th-TH-u-ca-buddhist', d, { year: 'numeric', month: 'long', day: 'numeric' }), 'dmy', 'buddhist'],
    ['Buddhist Thai short month', (d) => format('th-TH-u-ca-buddhist', d, { year: 'numeric', month: 'short', day: 'numeric' }), 'dmy', 'buddhist'],
    ['ROC with era (民國)', (d) => format('zh-TW-u-ca-roc', d), 'ymd', 'roc'],
    ['ROC yyy/mm/dd', (d) => { const p = partsOf('zh-TW-u-ca-roc', d); return `${p.year}/${p.month}/${p.day}`; }, 'ymd', 'roc'],
    ['ROC 年月日', (d) => format('zh-TW-u-ca-roc', d, { year: 'numeric', month: 'long', day: 'numeric' }), 'ymd', 'roc'],
    ['Chinese 年月日', (d) => format('zh-CN', d, { year: 'numeric', month: 'long', day: 'numeric' }), 'ymd', 'gregorian'],
    ['ISO', (d) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10), 'dmy', 'gregorian'],
    ['dmy', (d) => format('en-GB', d), 'dmy', 'gregorian'],
    ['mdy', (d) => format('en-US', d), 'mdy', 'gregorian'],
    ['de dd.mm.yyyy', (d) => format('de-DE', d), 'dmy', 'gregorian'],
    ['Arabic (ar-EG, marks inside)', (d) => format('ar-EG', d), 'dmy', 'gregorian'],
    ['en month name', (d) => format('en-US', d, { year: 'numeric', month: 'short', day: 'numeric' }), 'dmy', 'gregorian'],
    ['en long date', (d) => format('en-US', d, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }), 'dmy', 'gregorian'],
    ['en-GB d Mon yyyy', (d) => format('en-GB', d, { year: 'numeric', month: 'short', day: 'numeric' }), 'mdy', 'gregorian'],
    ['compact', (d) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10).replace(/-/g, ''), 'ymd', 'gregorian'],
  ];
  for (const [name, render, order, calendar] of forms) {
    it(name, () => {
      fc.assert(fc.property(dayArb, (day) => {
        const text = render(day);
        expect(parseDate(text, order, calendar), text).toEqual({ day, seconds: null });
      }), { numRuns: 150 });
    });
  }

  it('2-digit years are 1930–2029 (the spreadsheet convention)', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1930, 0, 1) / MS_PER_DAY, max: Date.UTC(2029, 11, 31) / MS_PER_DAY }), (day) => {
      const text = new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(day * MS_PER_DAY));
      expect(parseDate(text, 'mdy', 'gregorian'), text).toEqual({ day, seconds: null });
    }), RUNS);
  });

  it('the fast path for plain numeric dates reads exactly like the general scanner', () => {
    // A leading space keeps a cell off the fast path, so both readings of each text are compared.
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const text = fc.tuple(
      digits(1, 5), fc.constantFrom('-', '/', '.'), digits(1, 3), fc.constantFrom('-', '/', '.'), digits(1, 5),
      fc.option(fc.tuple(fc.constantFrom('T', ' ', 't', '  '), digits(1, 3), fc.constantFrom(':', '.'), digits(1, 3),
        fc.option(fc.tuple(fc.constant(':'), digits(1, 3), fc.option(fc.tuple(fc.constantFrom('.', ','), digits(0, 4))))),
        fc.constantFrom('', 'Z', 'z', ' ', '+01:00'))),
    ).map(([a, s1, b, s2, c, time]) => {
      let t = `${a}${s1}${b}${s2}${c}`;
      if (time) {
        const [sep, h, colon, m, rest, zone] = time;
        t += `${sep}${h}${colon}${m}`;
        if (rest) t += `${rest[0]}${rest[1]}${rest[2] ? rest[2][0] + rest[2][1] : ''}`;
        t += zone;
      }
      return t;
    });
    fc.assert(fc.property(text, fc.constantFrom<DateOrder>('dmy', 'mdy', 'ymd'), fc.constantFrom<CalendarId>('gregorian', 'persian', 'buddhist', 'roc'), (t, order, calendar) => {
      expect(parseDate(t, order, calendar), t).toEqual(parseDate(` ${t}`, order, calendar));
    }), { numRuns: 2000 });
  });

  it('the fast path for plain numbers reads exactly like the general scanner, canonical text included', () => {
    // A leading space keeps a cell off the fast path (and is never canonical text).
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const text = fc.tuple(fc.constantFrom('', '-'), fc.constantFrom('', '$'), digits(0, 17), fc.option(fc.tuple(fc.constantFrom('.', '..', '.-'), digits(0, 17))))
      .map(([sign, symbol, a, fraction]) => `${sign}${symbol}${a}${fraction ? fraction[0] + fraction[1] : ''}`);
    fc.assert(fc.property(text, fc.constantFrom<'.' | ','>('.', ','), (t, decimal) => {
      const parsed = parseNumber(t, decimal);
      expect(parsed, t).toEqual(parseNumber(` ${t}`, decimal));
      // Raw text is stored only when it is not how JavaScript prints the value.
      const cell = makeConverter({ ...profileOf(['1']), type: 'decimal', decimal })(t);
      if (parsed !== null) expect(cell.raw === null, t).toBe(!parsed.currency && String(parsed.value) === t);
    }), { numRuns: 3000 });
  });

  it("texts with a '/' or a digit-'-'-digit run are never numbers (the profiler skips the number scanner for them)", () => {
    const text = fc.string({ unit: fc.constantFrom(...'0123456789-/.,e$% ()٫٬۱'), minLength: 1, maxLength: 14 })
      .filter((t) => t.includes('/') || /[0-9]-[0-9]/.test(t));
    fc.assert(fc.property(text, (t) => {
      expect(parseNumber(t, '.'), t).toBeNull();
      expect(parseNumber(t, ','), t).toBeNull();
    }), { numRuns: 3000 });
  });

  it('Gregorian day arithmetic agrees with Date.UTC both ways', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1000, 0, 1) / MS_PER_DAY, max: Date.UTC(9999, 11, 31) / MS_PER_DAY }), (day) => {
      const iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
      expect(isoDateText(day)).toBe(iso);
      expect(daysFromCivil(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10))).toBe(day);
    }), RUNS);
  });

  it('spreadsheet date-time cells convert to their UTC text', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }), (epochSeconds) => {
      const cell = new Date(epochSeconds * 1000);
      const convert = makeConverter(profileOf([cell, new Date(Date.UTC(2024, 0, 1, 12))]));
      expect(convert(cell)).toEqual({ value: cell.toISOString().slice(0, 19).replace('T', ' '), raw: null, ok: true });
    }), RUNS);
  });

  it('date-times with offsets convert to UTC', () => {
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(2090, 0, 1) / 1000 }),
      fc.integer({ min: -14 * 4, max: 14 * 4 }),
      (epochSeconds, quarterHours) => {
        const offsetMinutes = quarterHours * 15;
        const local = new Date((epochSeconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const text = `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
        const parsed = parseDate(text, 'ymd', 'gregorian');
        expect(parsed, text).not.toBeNull();
        expect(parsed!.day * 86400 + parsed!.seconds!, text).toBe(epochSeconds);
      },
    ), RUNS);
  });

  it('12-hour and Chinese 上午/下午 times', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: 0, max: 86_399 }), (day, seconds) => {
      const ms = day * MS_PER_DAY + seconds * 1000;
      const en = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true, timeZone: 'UTC' }).format(new Date(ms));
      expect(parseDate(en, 'mdy', 'gregorian'), en).toEqual({ day, seconds });
      const zh = new Intl.DateTimeFormat('zh-TW', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true, timeZone: 'UTC' }).format(new Date(ms));
      expect(parseDate(zh, 'ymd', 'gregorian'), zh).toEqual({ day, seconds });
    }), RUNS);
  });
});

// ---------------------------------------------------------------------------------------------
// Profiler

const cellPool: CellValue[] = [
  '1', '42', '-7', '1,000', '2.5', '0.75', '$12.00', '12%', 'N/A', '', ' ', null, 'Yes', 'No', '2024-06-30',
  '30/06/2024', '06/30/2024', '01/02/2024', '۱۴۰۲/۰۷/۱۵', '15/08/2566', '113/05/12', '1:30:00', '1h 30m', 'abc',
  'C536379', '00123', '1.234,56', '12,5', 7, 2.25, true, new Date(Date.UTC(2024, 5, 30)), new Date(Date.UTC(2024, 5, 30, 12)),
];

describe('profiler', () => {
  it('gives the same profile whatever the row order', () => {
    // Columns drawn mostly from one "kind" with some noise, so that every type gets exercised.
    const kinds: CellValue[][] = [
      ['1', '42', '-7', '1,000', 7], ['2.5', '0.75', '1', 2.25], ['$12.00', '$3', '0'], ['12%', '3.5%'], ['Yes', 'No', true],
      ['2024-06-30', '30/06/2024', new Date(Date.UTC(2024, 5, 30))], ['01/02/2024', '06/30/2024'], ['۱۴۰۲/۰۷/۱۵', '1402/12/29'],
      ['15/08/2566'], ['113/05/12', '99/05/12'], ['1:30:00', '1h 30m'], ['1.234,56', '12,5'], ['abc', 'C536379'],
    ];
    fc.assert(fc.property(
      fc.constantFrom(...kinds).chain((kind) => fc.array(fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom(...kind) },
        { weight: 1, arbitrary: fc.constantFrom(...cellPool) },
      ), { minLength: 1, maxLength: 80 })),
      fc.integer(),
      (cells, seed) => {
        const shuffled = shuffle(cells, seed);
        const a = profileOf(cells), b = profileOf(shuffled);
        const summary = (p: ReturnType<typeof profileOf>) => ({ ...p, invalidRows: p.invalidRows.length, blankRows: p.blankRows.length, examples: [...p.examples].sort() });
        const sa = summary(a), sb = summary(b);
        // Examples are the first distinct values met, so they may differ; the set of types may not.
        expect({ ...sb, examples: [] }).toEqual({ ...sa, examples: [] });
      },
    ), { numRuns: 200 });
  });

  it('nothing lost in number columns: raw text or the canonical text of the value gives back each cell', () => {
    fc.assert(fc.property(styleArb, fc.array(fc.tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 30 }), (s, numbers) => {
      const style: Style = { ...s, group: s.separators.group, decimal: s.separators.decimal };
      const cells = numbers.map(([units, digits]) => renderNumber(units, digits, style));
      const prof = profileOf(cells);
      const convert = makeConverter(prof);
      for (const cell of cells) {
        const out = convert(cell);
        const text = out.raw ?? (out.value === null ? '' : canonicalText(prof.type, out.value));
        expect(text, `${cell} as ${prof.type}`).toBe(cell);
      }
    }), RUNS);
  });

  it('nothing lost: raw text, or else the canonical text of the value, gives back every text cell', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...cellPool.filter((c) => typeof c === 'string')), { minLength: 1, maxLength: 40 }), (cells) => {
      const prof = profileOf(cells);
      const convert = makeConverter(prof);
      let invalid = 0;
      for (const cell of cells) {
        const out = convert(cell);
        if (!out.ok) invalid++;
        const text = out.raw ?? (out.value === null ? '' : canonicalText(prof.type, out.value));
        expect(text, `${cell} as ${prof.type}`).toBe(cell);
      }
      expect(invalid).toBe(prof.invalid);
    }), RUNS);
  });
});

function profileOf(cells: CellValue[]) {
  const p = new ColumnProfiler('c');
  cells.forEach((c, i) => p.add(c, i + 2));
  return p.finish();
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
