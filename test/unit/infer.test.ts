// Column type inference and cell conversion. Expected types/values are stated by hand per case;
// the real exports in ../shared/datasets are read with papaparse / whitespace splitting here (the
// file readers are tested on their own).
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { canonicalText, ColumnProfiler, makeCellConverter, makeConverter, type ColumnProfile, type ConvertedSlot } from '../../src/engine/import/infer';
import type { CellValue } from '../../src/engine/import/types';
import type { DateOrder } from '../../src/engine/import/values';
import { datasetPath, hasDatasets } from '../realDatasets';


/** Profiles cells as rows 2, 3, … (row 1 is the header). */
function profile(cells: CellValue[], options?: { dateOrder?: DateOrder }): ColumnProfile {
  const p = new ColumnProfiler('col', options);
  cells.forEach((c, i) => p.add(c, i + 2));
  return p.finish();
}

function convertAll(cells: CellValue[], options?: { dateOrder?: DateOrder }) {
  const prof = profile(cells, options);
  const convert = makeConverter(prof);
  return { profile: prof, cells: cells.map(convert) };
}

const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('ColumnProfiler: numbers', () => {
  it('integer column', () => {
    const p = profile(['1', '20', '-3', '1,000']);
    expect(p).toMatchObject({ type: 'integer', nonEmpty: 4, invalid: 0, blank: 0, decimal: '.' });
  });
  it('a column of 1.0 / 2.5 is decimal, not integer with invalid cells', () => {
    expect(profile([...repeat(99, (i) => String(i + 1)), '2.5'])).toMatchObject({ type: 'decimal', invalid: 0 });
    expect(profile(['1.0', '2.5'])).toMatchObject({ type: 'decimal', invalid: 0 });
  });
  it('0/1 only is integer; yes/no words are boolean; words with 0/1 stay boolean', () => {
    expect(profile(['0', '1', '1', '0']).type).toBe('integer');
    expect(profile(['Yes', 'No', 'yes']).type).toBe('boolean');
    expect(profile(['Yes', 'No', '1', '0']).type).toBe('boolean');
    expect(profile(['بله', 'خیر']).type).toBe('boolean');
    expect(profile(['ใช่', 'ไม่ใช่']).type).toBe('boolean');
    expect(profile(['是', '否']).type).toBe('boolean');
    expect(profile([true, false, true]).type).toBe('boolean');
    expect(profile(['Yes', 'No', 'No phone service']).type).toBe('text');
  });
  it('blank and whitespace cells are blank, not invalid, and listed', () => {
    const p = profile(['1', '', ' ', '\u00a0', null, '2']);
    expect(p).toMatchObject({ type: 'integer', nonEmpty: 2, blank: 4, blankRows: [3, 4, 5, 6], invalid: 0 });
  });
  it('a column of only blanks is text', () => {
    expect(profile(['', null, ' '])).toMatchObject({ type: 'text', nonEmpty: 0, blank: 3 });
  });
  it('tolerates up to 5% misfits, listing the first 10 rows; beyond that it is text', () => {
    const cells = repeat(200, (i) => (i % 20 === 7 ? 'N/A' : String(i)));
    const p = profile(cells);
    expect(p.type).toBe('integer');
    expect(p.invalid).toBe(10);
    expect(p.invalidRows).toEqual(repeat(10, (k) => k * 20 + 7 + 2));
    const more = repeat(200, (i) => (i % 10 === 7 ? 'N/A' : String(i)));
    expect(profile(more).type).toBe('text');
  });
  it('invalid rows are capped at 10', () => {
    const cells = repeat(1000, (i) => (i % 40 === 0 ? '?' : String(i)));
    const p = profile(cells);
    expect(p.invalid).toBe(25);
    expect(p.invalidRows).toHaveLength(10);
  });
  it('leading-zero ids and long ids keep the column text', () => {
    expect(profile(['00123', '00456', '00789']).type).toBe('text');
    expect(profile(['02134', '10001', '94105', '60601', '73301']).type).toBe('text');
    expect(profile(['1234567890123456', '1234567890123457']).type).toBe('text');
  });
  it('codes among numbers make an id column text (online-retail InvoiceNo)', () => {
    const invoices: CellValue[] = repeat(1000, (i) => (i % 50 === 3 ? `C${536000 + i}` : 536000 + i));
    expect(profile(invoices).type).toBe('text');
    // a rare typo in a measure column does not
    const amounts: CellValue[] = repeat(1000, (i) => (i === 500 ? '12abc' : String(i)));
    expect(profile(amounts)).toMatchObject({ type: 'integer', invalid: 1, invalidRows: [502] });
  });
  it('decides the decimal comma from evidence across the column', () => {
    const p = profile(['1.234,56', '12,5', '7', '1.000']);
    expect(p).toMatchObject({ type: 'decimal', decimal: ',', invalid: 0 });
    const { cells } = convertAll(['1.234,56', '12,5', '7', '1.000']);
    expect(cells.map((c) => c.value)).toEqual([1234.56, 12.5, 7, 1000]);
    expect(profile(['1,234.56', '12.5', '1,000']).decimal).toBe('.');
    // no evidence either way: '.'
    expect(profile(['1,234', '5,000'])).toMatchObject({ type: 'integer', decimal: '.' });
  });
  it('currency when symbols are common, with the most frequent symbol', () => {
    expect(profile(['$1,200.00', '$5', '($3.50)', '0'])).toMatchObject({ type: 'currency', currency: '$', invalid: 0 });
    expect(profile(['۱۲٬۰۰۰ تومان', '۵۰۰ تومان', '۷۰۰ تومان'])).toMatchObject({ type: 'currency', currency: 'تومان' });
    expect(profile(['NT$100', 'NT$250', '300'])).toMatchObject({ type: 'currency', currency: 'NT$' });
    expect(profile(['€ 12,50', '€ 3,00', '1.250,00 €'])).toMatchObject({ type: 'currency', currency: '€', decimal: ',' });
    expect(profile([...repeat(20, (i) => String(i + 0.5)), '$5']).type).toBe('decimal');
  });
  it('percent when % is on (nearly) every cell', () => {
    const { profile: p, cells } = convertAll(['12%', '7.5%', '0', '-3%', '100%']);
    expect(p.type).toBe('percent');
    expect(cells.map((c) => c.value)).toEqual([0.12, 0.075, 0, -0.03, 1]);
    expect(profile(['12%', '15', '20', '30']).type).toBe('decimal');
  });
  it('spreadsheet numbers', () => {
    expect(profile([1, 2, 3]).type).toBe('integer');
    expect(profile([1, 2.5]).type).toBe('decimal');
    expect(profile([1, '2', 3.5, '4,000.25']).type).toBe('decimal');
  });
  it('examples are ≤5 distinct raw values as in the file', () => {
    expect(profile(['1', '1', '2', '3', '3', '4', '5', '6']).examples).toEqual(['1', '2', '3', '4', '5']);
    expect(profile([' 7 ', '7']).examples).toEqual([' 7 ', '7']);
  });
});

describe('ColumnProfiler: dates, durations, text', () => {
  it('ISO dates: date; any time of day: datetime; midnight only: date', () => {
    expect(profile(['2024-06-30', '2024-07-01'])).toMatchObject({ type: 'date', calendar: 'gregorian', dateOrder: 'ymd', ambiguousDateOrder: false });
    expect(profile(['2024-06-30', '2024-07-01 14:05'])).toMatchObject({ type: 'datetime' });
    expect(profile(['2024-06-30 00:00:00', '2024-07-01 00:00'])).toMatchObject({ type: 'date' });
  });
  it('one field above 12 anywhere in the column fixes the order', () => {
    const dmy = [...repeat(50, (i) => `0${1 + (i % 9)}/0${1 + (i % 9)}/2024`), '13/02/2024'];
    expect(profile(dmy)).toMatchObject({ type: 'date', dateOrder: 'dmy', ambiguousDateOrder: false, invalid: 0 });
    const mdy = ['02/13/2024', ...repeat(50, (i) => `0${1 + (i % 9)}/0${1 + (i % 9)}/2024`)];
    expect(profile(mdy)).toMatchObject({ type: 'date', dateOrder: 'mdy', ambiguousDateOrder: false, invalid: 0 });
    const { cells } = convertAll(mdy);
    expect(cells[0]!.value).toBe('2024-02-13');
  });
  it('reports an undecidable order (all fields ≤ 12) and reads it day-first', () => {
    const p = profile(['01/02/2024', '03/04/2024', '12/11/2024']);
    expect(p).toMatchObject({ type: 'date', dateOrder: 'dmy', ambiguousDateOrder: true });
    expect(makeConverter(p)('01/02/2024').value).toBe('2024-02-01');
  });
  it('a forced order wins and is not reported ambiguous', () => {
    const p = profile(['01/02/2024', '03/04/2024'], { dateOrder: 'mdy' });
    expect(p).toMatchObject({ type: 'date', dateOrder: 'mdy', ambiguousDateOrder: false });
    expect(makeConverter(p)('01/02/2024').value).toBe('2024-01-02');
  });
  it('conflicting evidence: the majority order wins, the rest are invalid', () => {
    const cells = [...repeat(40, (i) => `${13 + (i % 15)}/01/2024`), '01/13/2024'];
    expect(profile(cells)).toMatchObject({ type: 'date', dateOrder: 'dmy', invalid: 1, invalidRows: [42] });
  });
  it('detects Persian, Buddhist and ROC calendars from years, in any digit set', () => {
    const fa = profile(['۱۴۰۲/۰۷/۱۵', '۱۴۰۲/۱۲/۲۹', '1403/01/01']);
    expect(fa).toMatchObject({ type: 'date', calendar: 'persian', invalid: 0 });
    expect(makeConverter(fa)('۱۴۰۲/۰۷/۱۵').value).toBe('2023-10-07');
    const th = profile(['15/08/2566', '31/12/2566', '๑/๑/๒๕๖๗']);
    expect(th).toMatchObject({ type: 'date', calendar: 'buddhist', dateOrder: 'dmy', invalid: 0 });
    const tw = profile(['113/05/12', '112/12/31', '99/01/05']);
    expect(tw).toMatchObject({ type: 'date', calendar: 'roc', dateOrder: 'ymd', invalid: 0 });
    expect(makeConverter(tw)('99/01/05').value).toBe('2010-01-05');
    expect(profile(['民國113年5月12日', '民國112年1月1日'])).toMatchObject({ type: 'date', calendar: 'roc' });
    expect(profile(['民國99/01/05', '民國98/12/31'])).toMatchObject({ type: 'date', calendar: 'roc', invalid: 0 });
  });
  it('a tie between calendars is settled the same whatever the row order', () => {
    const persian = repeat(20, () => '1402/12/29'), buddhist = repeat(20, () => '15/08/2566');
    expect(profile([...persian, ...buddhist])).toMatchObject({ type: 'date', calendar: 'persian', invalid: 0 });
    expect(profile([...buddhist, ...persian])).toMatchObject({ type: 'date', calendar: 'persian', invalid: 0 });
    expect(profile([...buddhist, ...persian, '15/08/2566']).calendar).toBe('buddhist');
  });
  it('rejects Esfand 30 in a non-leap Jalali year as invalid', () => {
    const cells = [...repeat(30, (i) => `1402/0${1 + (i % 9)}/1${i % 9}`), '1402/12/30'];
    expect(profile(cells)).toMatchObject({ type: 'date', calendar: 'persian', invalid: 1, invalidRows: [32] });
  });
  it('compact YYYYMMDD (CDNOW) is a date', () => {
    expect(profile(['19970101', '19970118', '19980630'])).toMatchObject({ type: 'date', dateOrder: 'ymd' });
  });
  it('spreadsheet dates: midnight → date, otherwise datetime; before 1900 → duration', () => {
    expect(profile([new Date(Date.UTC(2024, 5, 30)), new Date(Date.UTC(2024, 6, 1))]).type).toBe('date');
    const dt = convertAll([new Date(Date.UTC(2011, 9, 30, 16, 17)), new Date(Date.UTC(2011, 9, 31))]);
    expect(dt.profile.type).toBe('datetime');
    expect(dt.cells.map((c) => c.value)).toEqual(['2011-10-30 16:17:00', '2011-10-31 00:00:00']);
    const times = convertAll([new Date(Date.UTC(1899, 11, 30, 1, 30)), new Date(Date.UTC(1899, 11, 31, 2, 0))]);
    expect(times.profile.type).toBe('duration');
    expect(times.cells.map((c) => c.value)).toEqual([5400, 86400 + 7200]);
  });
  it('durations', () => {
    const { profile: p, cells } = convertAll(['00:05:32', '26:00:00', '0:00:10']);
    expect(p.type).toBe('duration');
    expect(cells.map((c) => c.value)).toEqual([332, 93600, 10]);
    expect(profile(['1h 30m', '45s', '2 days 3 hours', 'PT1H']).type).toBe('duration');
  });
  it('mostly-text columns stay text', () => {
    expect(profile(['Month-to-month', 'One year', 'Two year', '12']).type).toBe('text');
    expect(profile(['7590-VHVEG', '5575-GNVDE']).type).toBe('text');
  });
});

describe('long columns', () => {
  it('the same profile forwards and backwards, whether or not the repeat cache is in use', () => {
    // 5,000 distinct ids first (the cache gives up on them), then repeated values.
    const cells: CellValue[] = [...repeat(5000, (i) => String(100000 + i)), ...repeat(5000, (i) => String(i % 7)), 'x'];
    const forwards = profile(cells);
    const backwards = profile(cells.slice().reverse());
    expect(forwards).toMatchObject({ type: 'integer', invalid: 1, nonEmpty: 10001 });
    expect({ ...backwards, invalidRows: [], examples: [] }).toEqual({ ...forwards, invalidRows: [], examples: [] });
    for (const cacheEntries of [1, 4096]) {
      const p = new ColumnProfiler('col', { cacheEntries });
      cells.forEach((c, i) => p.add(c, i + 2));
      expect(p.finish()).toEqual(forwards);
    }
  });
});

describe('known row count (types ruled out early)', () => {
  const withCount = (cells: CellValue[], rowCount = cells.length) => {
    const p = new ColumnProfiler('col', { rowCount });
    cells.forEach((c, i) => p.add(c, i + 2));
    return p.finish();
  };
  it('a column that misfits its first 5% of rows still reaches 95% (edge: exactly 5% misfits)', () => {
    // 20,000 rows: the first 1,000 are words, then 19,000 integers — 95% exactly: integer.
    const word = (i: number) => ['unknown', 'N/A', 'missing', 'tbd'][i % 4]!;
    const edge = [...repeat(1000, word), ...repeat(19000, (i) => String(i))];
    expect(withCount(edge)).toMatchObject({ type: 'integer', invalid: 1000, nonEmpty: 20000 });
    expect(withCount(edge).invalidRows).toEqual(repeat(10, (k) => k + 2));
    // One more misfit: text.
    const over = [...repeat(1001, word), ...repeat(18999, (i) => String(i))];
    expect(withCount(over)).toMatchObject({ type: 'text', invalid: 0 });
  });
  it('blank cells do not count against a type; dates and durations after early misfits', () => {
    const dates = [...repeat(500, () => 'n/a'), ...repeat(5000, () => ''), ...repeat(9500, (i) => `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`)];
    expect(withCount(dates)).toMatchObject({ type: 'date', invalid: 500, blank: 5000, nonEmpty: 10000 });
    const durations = [...repeat(200, () => 'x'), ...repeat(4000, (i) => `${i % 50}:${String(i % 60).padStart(2, '0')}`)];
    expect(withCount(durations)).toMatchObject({ type: 'duration', invalid: 200 });
  });
  it('gives the same profile as without a row count, on mixed columns in any order', () => {
    const kinds: Array<(i: number) => string> = [
      (i) => String(i), (i) => `${i}.5`, (i) => `$${i}`, (i) => `${i}%`, (i) => (i % 2 ? 'yes' : 'no'),
      (i) => `2023-0${1 + (i % 9)}-1${i % 10}`, (i) => `1${i % 10}/0${1 + (i % 9)}/2024`, (i) => `${i % 9}:3${i % 10}`,
      (i) => `C${i}`, (i) => 'N/A', () => '',
    ];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let t = 0; t < 60; t++) {
      const main = kinds[t % kinds.length]!;
      const other = kinds[Math.floor(random() * kinds.length)]!;
      const share = [0, 0.02, 0.049, 0.05, 0.051, 0.2][t % 6]!;
      const n = 3000 + Math.floor(random() * 3000);
      const cells = repeat(n, (i) => (random() < share ? other(i) : main(i)));
      if (t % 3 === 0) cells.sort(); // misfits bunched together at one end
      const reference = profile(cells);
      expect(withCount(cells)).toEqual(reference);
      // Any upper bound on the rows works too.
      expect(withCount(cells, n + 500)).toEqual(reference);
    }
  });
  it('refuses a row count smaller than the rows it is given', () => {
    expect(() => withCount(repeat(3000, (i) => String(i)), 2000)).toThrow(/more than the 2000 rows/);
  });
});

describe('hostile cells', () => {
  it('a 10 MB cell is profiled and converted in one pass; its example is cut', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const digits = '9'.repeat(10 * 1024 * 1024);
    const { profile: p, cells } = convertAll(['a', huge, digits, 'b']);
    expect(p.type).toBe('text');
    expect(p.examples[1]).toBe(`${'x'.repeat(200)}…`);
    expect(p.examples[2]).toBe(`${'9'.repeat(200)}…`);
    expect(cells[1]!.value).toBe(huge);
    expect(cells[2]!.value).toBe(digits);
    const numbers = profile([...repeat(100, (i) => String(i)), digits]);
    expect(numbers).toMatchObject({ type: 'integer', invalid: 1 });
  });
  it('binary junk is text', () => {
    const junk = String.fromCharCode(...repeat(300, (i) => (i * 7919) % 65536));
    expect(profile([junk, junk.slice(5), junk.slice(9)]).type).toBe('text');
  });
});

describe('makeConverter and canonicalText', () => {
  it('keeps raw text only when it differs from the canonical text', () => {
    const { cells } = convertAll(['29.85', '1,234.5', '1889.50', '-3', '.5', '']);
    expect(cells).toEqual([
      { value: 29.85, raw: null, ok: true },
      { value: 1234.5, raw: '1,234.5', ok: true },
      { value: 1889.5, raw: '1889.50', ok: true },
      { value: -3, raw: null, ok: true },
      { value: 0.5, raw: '.5', ok: true },
      { value: null, raw: null, ok: true },
    ]);
  });
  it('invalid cells: value null, raw kept, ok false; whitespace-only blanks keep their whitespace', () => {
    const prof = profile([...repeat(30, (i) => String(i)), 'N/A']);
    const convert = makeConverter(prof);
    expect(convert('N/A')).toEqual({ value: null, raw: 'N/A', ok: false });
    expect(convert(' ')).toEqual({ value: null, raw: ' ', ok: true });
    expect(convert(null)).toEqual({ value: null, raw: null, ok: true });
    expect(convert(true)).toEqual({ value: null, raw: 'true', ok: false });
    expect(convert(7)).toEqual({ value: 7, raw: null, ok: true });
    expect(convert(7.5)).toEqual({ value: null, raw: '7.5', ok: false });
  });
  it('boolean, date, datetime, duration, text storage forms', () => {
    expect(convertAll(['Yes', 'no', 'true']).cells.map((c) => [c.value, c.raw])).toEqual([[1, 'Yes'], [0, 'no'], [1, null]]);
    expect(convertAll(['30/06/2024', '2024-07-01']).cells.map((c) => [c.value, c.raw])).toEqual([
      ['2024-06-30', '30/06/2024'], ['2024-07-01', null],
    ]);
    expect(convertAll(['2024-06-30 14:05:00', '2024-07-01']).cells.map((c) => [c.value, c.raw])).toEqual([
      ['2024-06-30 14:05:00', null], ['2024-07-01 00:00:00', '2024-07-01'],
    ]);
    expect(convertAll(['1:30:00', '0:00:05']).cells.map((c) => [c.value, c.raw])).toEqual([[5400, null], [5, null]]);
    expect(convertAll(['abc', 12 as CellValue, 'x']).cells.map((c) => c.value)).toEqual(['abc', '12', 'x']);
  });
  it('date texts met again convert the same (remembered or not), invalid ones included', () => {
    const prof = profile([...repeat(30, () => '30/06/2024'), '01/07/2024', '2024-07-02', 'soon']);
    expect(prof).toMatchObject({ type: 'date', dateOrder: 'dmy' });
    const cells = ['30/06/2024', '2024-07-02', '01/07/2024', 'soon', '30/06/2024', '2024-07-02', '31/02/2024', 'soon', '01/07/2024'];
    const expected = [
      ['2024-06-30', '30/06/2024', true], ['2024-07-02', null, true], ['2024-07-01', '01/07/2024', true], [null, 'soon', false],
      ['2024-06-30', '30/06/2024', true], ['2024-07-02', null, true], [null, '31/02/2024', false], [null, 'soon', false], ['2024-07-01', '01/07/2024', true],
    ];
    const convert = makeConverter(prof);
    expect(cells.map((c) => { const r = convert(c); return [r.value, r.raw, r.ok]; })).toEqual(expected);
    // A memo with room for one text only: the others are read every time.
    const out: ConvertedSlot = { value: null, raw: null };
    const tight = makeCellConverter(prof, out, 1);
    expect(cells.map((c) => { const ok = tight(c); return [out.value, out.raw, ok]; })).toEqual(expected);
  });
  it('canonicalText per type', () => {
    expect(canonicalText('integer', 42)).toBe('42');
    expect(canonicalText('decimal', -0)).toBe('0');
    expect(canonicalText('decimal', 0.1 + 0.2)).toBe(String(0.1 + 0.2));
    expect(canonicalText('percent', 0.12)).toBe('12%');
    expect(canonicalText('percent', 0.075)).toBe('7.5%');
    expect(canonicalText('boolean', 1)).toBe('true');
    expect(canonicalText('boolean', 0)).toBe('false');
    expect(canonicalText('duration', 93784)).toBe('26:03:04');
    expect(canonicalText('duration', 1.5)).toBe('0:00:01.5');
    expect(canonicalText('duration', -300)).toBe('-0:05:00');
    expect(canonicalText('date', '2024-06-30')).toBe('2024-06-30');
    expect(canonicalText('text', null)).toBe('');
  });
  it('percent raw text equal to canonical is not stored', () => {
    expect(convertAll(['12%', '7.5%']).cells.map((c) => c.raw)).toEqual([null, null]);
  });
  it('converter ok flags agree with the profile counts', () => {
    const cells: CellValue[] = ['1', '2', 'x', '', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20'];
    const { profile: p, cells: out } = convertAll(cells);
    expect(p.type).toBe('integer');
    expect(out.filter((c) => !c.ok).length).toBe(p.invalid);
  });
});

describe.runIf(hasDatasets('infer: real exports', 'telco-customer-churn.csv', 'cdnow-sample.txt'))('real exports', () => {
  it('telco-customer-churn.csv: types, and the 11 blank TotalCharges cells', () => {
    const rows = Papa.parse<string[]>(readFileSync(datasetPath('telco-customer-churn.csv'), 'utf8'), { skipEmptyLines: true }).data;
    const header = rows[0]!;
    const profilers = header.map((h) => new ColumnProfiler(h));
    for (let r = 1; r < rows.length; r++) rows[r]!.forEach((v, i) => profilers[i]!.add(v, r + 1));
    const byName = Object.fromEntries(profilers.map((p, i) => [header[i]!, p.finish()]));
    expect(rows.length - 1).toBe(7043);
    expect(byName.customerID!.type).toBe('text');
    expect(byName.gender!.type).toBe('text');
    expect(byName.SeniorCitizen!.type).toBe('integer');
    expect(byName.Partner!.type).toBe('boolean');
    expect(byName.tenure!.type).toBe('integer');
    expect(byName.MultipleLines!.type).toBe('text');
    expect(byName.Contract!.type).toBe('text');
    expect(byName.MonthlyCharges!.type).toBe('decimal');
    expect(byName.Churn!.type).toBe('boolean');
    const total = byName.TotalCharges!;
    expect(total).toMatchObject({ type: 'decimal', blank: 11, invalid: 0, nonEmpty: 7032 });
    expect(total.blankRows).toHaveLength(10);
    for (const row of total.blankRows) expect(rows[row - 1]![19]!.trim()).toBe('');
  });
  it('cdnow-sample.txt: ids with leading zeros stay text, YYYYMMDD is a date', () => {
    const lines = readFileSync(datasetPath('cdnow-sample.txt'), 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/));
    const profilers = repeat(5, (i) => new ColumnProfiler(`Column ${i + 1}`));
    lines.forEach((cells, r) => cells.forEach((v, i) => profilers[i]!.add(v, r + 1)));
    const types = profilers.map((p) => p.finish().type);
    expect(lines.length).toBe(6919);
    expect(types).toEqual(['text', 'text', 'date', 'integer', 'decimal']);
  });
});
