import { describe, expect, it } from 'vitest';
import {
  dayFromIso, dayFromCalendarYmd, likeForLikeWindow, periodOf, periodProgress, previousPeriod, samePeriodLastYear,
} from '../../src/shared/calendar/periods';

const d = (s: string) => dayFromIso(s)!;

describe('like-for-like periods', () => {
  it('gregorian: online retail as-of 2011-12-09 is 9 of 31 days of December', () => {
    const dec = periodOf(d('2011-12-09'), 'month', 'gregorian');
    expect(periodProgress(dec, d('2011-12-09'))).toEqual({ elapsedDays: 9, totalDays: 31, partial: true });
    // previous: November 1..9, balance on 9 November; last year: 2010-12-01..09.
    const nov = previousPeriod(dec, 'month', 'gregorian');
    expect(likeForLikeWindow(nov, 9)).toEqual({ start: d('2011-11-01'), end: d('2011-11-10'), balanceDay: d('2011-11-09') });
    const ly = samePeriodLastYear(dec, 'month', 'gregorian');
    expect(ly.key).toBe('2010-12');
    expect(likeForLikeWindow(ly, 9)).toEqual({ start: d('2010-12-01'), end: d('2010-12-10'), balanceDay: d('2010-12-09') });
    // 31 elapsed days against a 30-day November clamp to November's 30.
    expect(likeForLikeWindow(nov, 31).end).toBe(d('2011-12-01'));
    expect(periodProgress(dec, d('2011-12-31')).partial).toBe(false);
  });
  it('persian: quarter 11 days in (1403-Q1 starts 1 Farvardin = 2024-03-20)', () => {
    const asOf = d('2024-03-30'); // 11 Farvardin 1403
    const q = periodOf(asOf, 'quarter', 'persian');
    expect(q.key).toBe('1403-Q1');
    // Farvardin, Ordibehesht, Khordad: 31 days each.
    expect(periodProgress(q, asOf)).toEqual({ elapsedDays: 11, totalDays: 93, partial: true });
    const prev = previousPeriod(q, 'quarter', 'persian'); // 1402-Q4: 1 Dey 1402 = 2023-12-22
    expect(prev.key).toBe('1402-Q4');
    expect(likeForLikeWindow(prev, 11)).toEqual({ start: d('2023-12-22'), end: d('2024-01-02'), balanceDay: d('2024-01-01') });
    const ly = samePeriodLastYear(q, 'quarter', 'persian'); // 1 Farvardin 1402 = 2023-03-21
    expect(ly.key).toBe('1402-Q1');
    expect(likeForLikeWindow(ly, 11)).toEqual({ start: d('2023-03-21'), end: d('2023-04-01'), balanceDay: d('2023-03-31') });
  });
  it('buddhist: February 2567 (leap) 10 days in, last year February 2566', () => {
    const asOf = dayFromCalendarYmd(2567, 2, 10, 'buddhist');
    expect(asOf).toBe(d('2024-02-10'));
    const feb = periodOf(asOf, 'month', 'buddhist');
    expect(periodProgress(feb, asOf)).toEqual({ elapsedDays: 10, totalDays: 29, partial: true });
    const ly = samePeriodLastYear(feb, 'month', 'buddhist');
    expect(ly.key).toBe('2566-02');
    expect(likeForLikeWindow(ly, 29)).toEqual({ start: d('2023-02-01'), end: d('2023-03-01'), balanceDay: d('2023-02-28') });
  });
  it('roc: year 113 on 113/05/12 is day 133 of 366', () => {
    const asOf = d('2024-05-12');
    const y = periodOf(asOf, 'year', 'roc');
    expect(y.key).toBe('113');
    // Jan 31 + Feb 29 + Mar 31 + Apr 30 + 12 = 133.
    expect(periodProgress(y, asOf)).toEqual({ elapsedDays: 133, totalDays: 366, partial: true });
    const ly = samePeriodLastYear(y, 'year', 'roc');
    expect(likeForLikeWindow(ly, 133)).toEqual({ start: d('2023-01-01'), end: d('2023-05-14'), balanceDay: d('2023-05-13') });
  });
  it('day kind: 29 Feb a year back is 28 Feb', () => {
    expect(samePeriodLastYear(periodOf(d('2024-02-29'), 'day', 'gregorian'), 'day', 'gregorian').start).toBe(d('2023-02-28'));
  });
});
