// Card change against the engine's like-for-like comparisons, and the chart lines of a partial
// period and of last year. Values by hand.
import { describe, expect, it } from 'vitest';
import { metricChange } from '../../src/renderer/lib/kpi';
import { trendLines, yearAgoLine } from '../../src/renderer/lib/chartData';
import { formatChange } from '../../src/shared/format';
import type { MetricResult } from '../../src/shared/types';

const metric = (over: Partial<MetricResult>): MetricResult => ({
  id: 'ticket_volume', label: 'Ticket volume', family: 'support', unit: 'count', better: 'neither', value: 2, period: '2011-12', status: 'ok', missing: [],
  variant: null, benchmark: null, formula: '', sql: '', segments: [], stats: {},
  series: [{ period: '2011-10', value: 6 }, { period: '2011-11', value: 5 }, { period: '2011-12', value: 2 }],
  periodProgress: { elapsedDays: 9, totalDays: 31, partial: true }, ...over,
});
const en = { locale: 'en-US' };

describe('metricChange', () => {
  it('a partial December against November 1–9 (3), not the whole November (5)', () => {
    const m = metric({ comparisons: { previous: { period: '2011-11', value: 3, from: '2011-11-01', to: '2011-11-09', partial: true } } });
    const c = metricChange(m)!;
    expect(c.delta).toBeCloseTo(2 / 3 - 1, 12); // −33.3 %, where the naive 2 vs 5 reads −60 %
    expect(c.window).toEqual({ from: '2011-11-01', to: '2011-11-09' });
    expect(formatChange(c, 'count', en)).toBe('-33.3%');
    expect(metricChange(m, 'yoy')).toBeNull(); // no year-ago value
  });
  it('year over year in points for a rate', () => {
    const m = metric({ unit: 'ratio', value: 0.12, comparisons: { yoy: { period: '2010-12', value: 0.1, from: '2010-12-01', to: '2010-12-09', partial: true } } });
    const c = metricChange(m, 'yoy')!;
    expect(c.kind).toBe('points');
    expect(formatChange(c, 'ratio', en)).toBe('+2.0 pp');
  });
  it('without engine comparisons, the previous point of the series', () => {
    const c = metricChange(metric({ periodProgress: undefined }))!;
    expect(c.delta).toBeCloseTo(-0.6, 12);
    expect(c.window).toBeUndefined();
  });
});

describe('trend lines', () => {
  it('the partial current period is a separate dashed segment from the last complete point', () => {
    expect(trendLines(metric({}))).toEqual({ solid: [6, 5, null], partial: [null, 5, 2] });
    expect(trendLines(metric({ periodProgress: { elapsedDays: 31, totalDays: 31, partial: false } }))).toEqual({ solid: [6, 5, 2], partial: null });
  });
  it('last year\'s line: 12 months back, the partial month like for like', () => {
    const series = Array.from({ length: 14 }, (_, i) => ({ period: `p${i}`, value: i + 1 }));
    const m = metric({ series, period: 'p13', comparisons: { yoy: { period: 'p1', value: 0.5, from: '', to: '', partial: true } } });
    const line = yearAgoLine(m, 'month')!;
    expect(line.slice(0, 12)).toEqual(new Array(12).fill(null));
    expect(line[12]).toBe(1); // p12 ← p0
    expect(line[13]).toBe(0.5); // p13 partial ← the engine's like-for-like p1 value, not p1's whole 2
    expect(yearAgoLine(metric({}), 'quarter')).toBeNull(); // 3 quarters: nothing a year back
    expect(yearAgoLine(m, 'day')).toBeNull();
  });
});
