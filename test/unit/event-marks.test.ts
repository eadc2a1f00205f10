// Event lines on the trend charts: one line per period (events of one period share it, counted),
// labels cut to the plot's height with an ellipsis and kept whole in the tooltip, escaped there;
// events outside the chart's periods or without a label are left out.
import { describe, expect, it } from 'vitest';
import { eventMarkLine, EVENT_LABEL_INSET } from '../../src/renderer/lib/eventMarks';

type Item = { xAxis: string; name: string; label: { formatter: () => string; width: number; overflow: string; position: string }; tooltip: { formatter: () => string } };

const opts = {
  periodOf: (date: string) => date.slice(0, 7), periodLabel: (key: string) => `M ${key}`, count: (n: number) => `#${n}`,
  plotHeight: 176, color: '#444', lineColor: '#d9a43b',
};
const keys = ['2024-01', '2024-02', '2024-03'];

describe('eventMarkLine', () => {
  it('no events in the chart: no mark line', () => {
    expect(eventMarkLine([], keys, opts)).toBeUndefined();
    expect(eventMarkLine([{ date: '2023-05-01', label: 'before' }, { date: '2024-02-01', label: '  ' }], keys, opts)).toBeUndefined();
  });

  it('one line per period, in the axis order; several events of a period counted and listed', () => {
    const line = eventMarkLine([
      { date: '2024-03-02', label: 'Launch' },
      { date: '2024-01-10', label: 'Price change {b} <b>' },
      { date: '2024-01-20', label: 'Outage' },
    ], keys, opts)!;
    const data = line.data as Item[];
    expect(data.map((d) => d.xAxis)).toEqual(['M 2024-01', 'M 2024-03']);
    expect(data[0]!.label.formatter()).toBe('#2 · Price change {b} <b> · Outage');
    expect(data[1]!.label.formatter()).toBe('Launch');
    expect(data[0]!.name).toBe('Price change {b} <b>\nOutage');
    // The tooltip has every label whole, as text.
    expect(data[0]!.tooltip.formatter()).toContain('<b>M 2024-01</b><div dir="auto">Price change {b} &#60;b&#62;</div><div dir="auto">Outage</div>');
  });

  it('labels are cut to the plot height, along their line, from the top', () => {
    const [item] = eventMarkLine([{ date: '2024-02-01', label: 'x'.repeat(300) }], keys, opts)!.data as Item[];
    expect(item!.label).toMatchObject({ width: 176 - 2 * EVENT_LABEL_INSET, overflow: 'truncate', position: 'insideEndTop' });
  });
});
