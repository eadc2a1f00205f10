// Charts read in the page's direction: in a right-to-left language time runs from right to left
// (the first period at the right, as in a mirrored Excel sheet), value axes stand at the right and
// legends and visual maps sit on the other side, event labels on the other side of their lines. One transform over every chart's option, so no
// chart forgets it.
import type { EChartsCoreOption } from 'echarts/core';

type Part = Record<string, unknown>;

const each = (v: unknown, f: (part: Part) => Part): unknown => (Array.isArray(v) ? v.map((p) => f(p as Part)) : v && typeof v === 'object' ? f(v as Part) : v);

/** Left and right swapped (grid padding, a legend's anchor). */
function swapSides(part: Part): Part {
  const { left, right, ...rest } = part;
  return { ...rest, ...(right !== undefined ? { left: right } : {}), ...(left !== undefined ? { right: left } : {}) };
}

/** A vertical mark line's label (an event on a time axis) on the line's other side: its right. */
function mirrorMarkLine(series: Part): Part {
  const markLine = series.markLine as Part | undefined;
  if (!markLine || !Array.isArray(markLine.data)) return series;
  const data = (markLine.data as Part[]).map((item) => {
    const label = item.label as Part | undefined;
    if (!('xAxis' in item) || !label || typeof label.position !== 'string') return item;
    const position = label.position.replace(/(Top|Bottom)$/, (side) => (side === 'Top' ? 'Bottom' : 'Top'));
    return { ...item, label: { ...label, position } };
  });
  return { ...series, markLine: { ...markLine, data } };
}

export function chartForDirection(option: EChartsCoreOption, direction: 'ltr' | 'rtl'): EChartsCoreOption {
  if (direction === 'ltr') return option;
  const o = option as Part;
  const out: Part = { ...o };
  // The horizontal axis runs right to left; the vertical axis stands at the right.
  if (o.xAxis) out.xAxis = each(o.xAxis, (a) => ({ ...a, inverse: !a.inverse }));
  if (o.yAxis) out.yAxis = each(o.yAxis, (a) => ({ ...a, position: a.position === 'right' ? 'left' : 'right' }));
  if (o.grid) out.grid = each(o.grid, swapSides);
  if (o.legend) out.legend = each(o.legend, swapSides);
  if (o.visualMap) out.visualMap = each(o.visualMap, swapSides);
  if (o.series) out.series = each(o.series, mirrorMarkLine);
  return out as EChartsCoreOption;
}
