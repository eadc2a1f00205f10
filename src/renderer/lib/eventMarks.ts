// Events (rows of tables mapped to `events`) as vertical lines on a time-series chart. Every label
// stays inside the plot: it runs along its line, down from the plot's top, and is cut with an
// ellipsis where it would pass the plot's bottom (measured by ECharts in the label's own font, so it
// holds for Persian, Thai or Han text alike); events of one period share one line, so labels never
// stack on top of each other. The full labels are in the line's tooltip.

export interface EventMark { date: string; label: string }

/** Room kept between a label and the plot's edges, in pixels. */
export const EVENT_LABEL_INSET = 6;
/** The grid's top padding with event lines: the rotated labels' ascent clears the chart's top edge. */
export const EVENT_GRID_TOP = 32;

/** The widest an event tooltip gets before its lines wrap, in pixels. */
const TOOLTIP_WIDTH = 280;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The markLine of a series: one line per period having events. `periodOf` maps a date to the
 * chart's period key (null outside the chart's range), `periodLabel` names a key as the category
 * axis does, `count` writes a number in the UI's digits; `plotHeight` is the chart's height less
 * the grid's top and bottom padding.
 */
export function eventMarkLine(events: readonly EventMark[], keys: readonly string[], opts: {
  periodOf: (date: string) => string | null; periodLabel: (key: string) => string; count: (n: number) => string;
  plotHeight: number; color: string; lineColor: string;
}): Record<string, unknown> | undefined {
  const inChart = new Set(keys);
  const byKey = new Map<string, string[]>();
  for (const e of events) {
    const key = opts.periodOf(e.date);
    const label = e.label.trim();
    if (key == null || !inChart.has(key) || !label) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), label]);
  }
  if (byKey.size === 0) return undefined;
  const data = [...byKey]
    .sort((a, b) => keys.indexOf(a[0]) - keys.indexOf(b[0]))
    .map(([key, labels]) => {
      // Several events in one period: their number, then the labels one after the other.
      const text = labels.length > 1 ? `${opts.count(labels.length)} · ${labels.join(' · ')}` : labels[0]!;
      return {
        xAxis: opts.periodLabel(key),
        name: labels.join('\n'),
        label: {
          // A function, so that a label's own braces are not read as ECharts' {b} templates.
          formatter: () => text,
          position: 'insideEndTop', distance: EVENT_LABEL_INSET,
          width: Math.max(24, opts.plotHeight - 2 * EVENT_LABEL_INSET), overflow: 'truncate', ellipsis: '…',
          color: opts.color, fontSize: 10,
        },
        tooltip: {
          // Wrapped (a long label would run past the chart), each label in its own direction.
          formatter: () => `<div style="white-space:normal;max-inline-size:${TOOLTIP_WIDTH}px"><b>${escapeHtml(opts.periodLabel(key))}</b>`
            + `${labels.map((l) => `<div dir="auto">${escapeHtml(l)}</div>`).join('')}</div>`,
        },
      };
    });
  return { symbol: 'none', lineStyle: { color: opts.lineColor, type: 'dashed' }, emphasis: { lineStyle: { width: 2 } }, tooltip: { trigger: 'item' }, data };
}
