// A KPI by segment as a ranked, sortable table under its card: plans, countries, sales agents —
// churn by agent reads as a leaderboard. Ranked best first by the metric's direction (the best
// segment highlighted); the change against the previous period only when the current one is
// complete (a segment's series is not like for like on a partial period); the target attainment
// where a segment has a target.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricResult, MetricTableCell } from '../../shared/types';
import { changeVsPrevious } from '../lib/kpi';
import { formatChange, formatRatio, formatValue, type FormatOptions } from '../../shared/format';
import { SortableHead, sortRows, type SortState } from './MetricTable';

type Cell = MetricTableCell;

/** Rank 1 = best: highest first where higher is better, lowest first where lower is; by size otherwise. */
export function rankSegments(metric: Pick<MetricResult, 'better' | 'segments'>): Array<{ rank: number; segment: MetricResult['segments'][number] }> {
  const sign = metric.better === 'lower' ? 1 : -1;
  const ranked = [...metric.segments].sort((a, b) => {
    if (a.value == null || b.value == null) return a.value === b.value ? 0 : a.value == null ? 1 : -1;
    return sign * (a.value - b.value);
  });
  return ranked.map((segment, i) => ({ rank: i + 1, segment }));
}

export function SegmentTable({ metric, format, segmentColumn }: { metric: MetricResult; format: FormatOptions; segmentColumn: string }) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<SortState | null>(null);
  const complete = !metric.periodProgress?.partial;
  const hasTargets = metric.segments.some((s) => s.target);
  // Raw cells (numbers stay numbers so that sorting is numeric), shown through `show`.
  const rows = useMemo<Cell[][]>(() => rankSegments(metric).map(({ rank, segment }) => {
    const change = complete ? changeVsPrevious(segment.series, metric.period, metric.unit) : null;
    return [rank, segment.segment, segment.value, change ? change.delta : null, ...(hasTargets ? [segment.target?.attainment ?? null] : [])];
  }), [metric, complete, hasTargets]);
  const shown = useMemo(() => (sort ? sortRows(rows, sort.column, sort.direction, i18n.language) : rows), [rows, sort, i18n.language]);
  const columns = [t('tableColumn.rank'), segmentColumn, t(`metric.${metric.id}`, { defaultValue: metric.label }), t('segmentTable.change'), ...(hasTargets ? [t('segmentTable.attainment')] : [])];
  const changeKind = ['ratio', 'nps', 'score'].includes(metric.unit) ? 'points' : 'relative';
  const show = (v: Cell, i: number) => {
    if (v === null) return '—';
    if (i === 1) return <bdi>{String(v)}</bdi>;
    if (i === 2) return formatValue(v as number, metric.unit, format);
    if (i === 3) return formatChange({ kind: changeKind, delta: v as number, direction: 'flat', previousPeriod: '' }, metric.unit, format);
    if (i === 4) return formatRatio(v as number, format);
    return new Intl.NumberFormat(format.locale).format(v as number);
  };
  const toggle = (column: number) => setSort((s) => (s?.column === column
    ? { column, direction: s.direction === 'asc' ? 'desc' : 'asc' }
    : { column, direction: column === 1 ? 'asc' : column === 0 ? 'asc' : 'desc' }));
  const best = metric.better !== 'neither';
  return (
    <div className="metric-table" data-testid={`segment-table-${metric.id}`}>
      <table>
        <caption>{t('segmentTable.caption', { metric: t(`metric.${metric.id}`, { defaultValue: metric.label }), segment: segmentColumn })}</caption>
        <SortableHead columns={columns.map((c, i) => (i === 1 ? <bdi key={i}>{c}</bdi> : c))} sort={sort} onSort={toggle} />
        <tbody>
          {shown.map((r) => (
            <tr key={String(r[1])} className={best && r[0] === 1 && r[2] != null ? 'best' : undefined}>
              {r.map((v, i) => <td key={i} className={i === 1 ? undefined : 'num'}>{show(v, i)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
