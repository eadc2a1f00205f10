// Charts mirror in a right-to-left UI: the horizontal axis reversed (time from right to left),
// value axes at the right, grid padding and legends on the other side; left-to-right untouched.
import { describe, expect, it } from 'vitest';
import { chartForDirection } from '../../src/renderer/lib/chartDirection';

describe('chartForDirection', () => {
  const trend = {
    grid: { left: 56, right: 16, top: 24 },
    legend: { top: 0, right: 8 },
    xAxis: { type: 'category', data: ['Jan', 'Feb'] },
    yAxis: { type: 'value' },
  };

  it('leaves a left-to-right chart as it is', () => {
    expect(chartForDirection(trend, 'ltr')).toBe(trend);
  });

  it('mirrors a trend: axis reversed, value axis right, padding and legend swapped', () => {
    expect(chartForDirection(trend, 'rtl')).toEqual({
      grid: { left: 16, right: 56, top: 24 },
      legend: { top: 0, left: 8 },
      xAxis: { type: 'category', data: ['Jan', 'Feb'], inverse: true },
      yAxis: { type: 'value', position: 'right' },
    });
    // The input is not changed (options are memoized by the charts).
    expect(trend.xAxis).toEqual({ type: 'category', data: ['Jan', 'Feb'] });
  });

  it('an axis already reversed (cohort rows, ranked bars) turns back; arrays of axes; a centred legend stays centred', () => {
    const out = chartForDirection({
      xAxis: [{ type: 'value', inverse: true }], yAxis: [{ type: 'category', inverse: true }], legend: { top: 0 }, visualMap: { left: 'center' },
    }, 'rtl') as Record<string, unknown>;
    expect(out.xAxis).toEqual([{ type: 'value', inverse: false }]);
    expect(out.yAxis).toEqual([{ type: 'category', inverse: true, position: 'right' }]);
    expect(out.legend).toEqual({ top: 0 });
    expect(out.visualMap).toEqual({ right: 'center' });
  });

  it('an event line\'s label goes to the line\'s other side; horizontal mark lines and series without marks stay', () => {
    const series = [
      { type: 'line', markLine: { data: [{ xAxis: 'Feb', label: { position: 'insideEndTop', width: 100 } }, { yAxis: 10, label: { position: 'insideEndTop' } }] } },
      { type: 'line', name: 'last year' },
    ];
    const out = chartForDirection({ ...trend, series }, 'rtl') as { series: typeof series };
    expect(out.series[0]!.markLine!.data).toEqual([{ xAxis: 'Feb', label: { position: 'insideEndBottom', width: 100 } }, { yAxis: 10, label: { position: 'insideEndTop' } }]);
    expect(out.series[1]).toBe(series[1]);
    expect(series[0]!.markLine!.data[0]!.label.position).toBe('insideEndTop');
  });
});
