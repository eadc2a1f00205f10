import { describe, expect, it } from 'vitest';
import { dayFromIso, isoFromDay, listPeriods, periodOf, calendarYmd, dayFromCalendarYmd } from '../../src/shared/calendar/periods';

describe('periods', () => {
  const d = (s: string) => dayFromIso(s)!;
  it('gregorian keys', () => {
    expect(periodOf(d('2024-06-30'), 'month').key).toBe('2024-06');
    expect(periodOf(d('2024-06-30'), 'quarter')).toEqual({ key: '2024-Q2', start: d('2024-04-01'), end: d('2024-07-01') });
    expect(periodOf(d('2024-06-30'), 'year').key).toBe('2024');
    expect(periodOf(d('2024-06-30'), 'day').key).toBe('2024-06-30');
    // 2024-06-05 is a Wednesday in ISO week 23; 2021-01-03 belongs to 2020-W53.
    expect(periodOf(d('2024-06-05'), 'week')).toEqual({ key: '2024-W23', start: d('2024-06-03'), end: d('2024-06-10') });
    expect(periodOf(d('2021-01-03'), 'week').key).toBe('2020-W53');
  });
  it('persian month of Mehr 1402 = 2023-09-23 .. 2023-10-22', () => {
    const p = periodOf(d('2023-10-07'), 'month', 'persian');
    expect(p.key).toBe('1402-07');
    expect(isoFromDay(p.start)).toBe('2023-09-23');
    expect(isoFromDay(p.end)).toBe('2023-10-23');
    expect(calendarYmd(d('2024-03-20'), 'persian')).toEqual({ y: 1403, m: 1, d: 1 });
  });
  it('buddhist and roc years', () => {
    expect(periodOf(d('2023-08-15'), 'month', 'buddhist').key).toBe('2566-08');
    expect(periodOf(d('2024-05-12'), 'year', 'roc').key).toBe('113');
    expect(isoFromDay(dayFromCalendarYmd(113, 5, 12, 'roc'))).toBe('2024-05-12');
    expect(isoFromDay(dayFromCalendarYmd(2566, 8, 15, 'buddhist'))).toBe('2023-08-15');
  });
  it('lists consecutive periods', () => {
    const ps = listPeriods('month', 'gregorian', d('2024-01-15'), d('2024-04-01'));
    expect(ps.map((p) => p.key)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    for (let i = 1; i < ps.length; i++) expect(ps[i]!.start).toBe(ps[i - 1]!.end);
  });
});
