// Charts over the analysis: MRR trend and waterfall, cohort retention heat map, NPS distribution,
// first response time against channel targets, agent leaderboard, health-score distribution.
// Rows of tables mapped to the `events` dataset are drawn as vertical lines on the trends.
import { useEffect, useMemo, useState } from 'react';
import { findView } from '../../shared/views';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';
import type { MetricResult } from '../../shared/types';
import { useWorkbench, problemOf } from '../state/store';
import {
  bridgeAxisMin, cohortBases, cohortMatrix, columnIndex, histogram, mrrBridge, previousKey, trendLines, valueAt, yearAgoLine,
} from '../lib/chartData';
import { periodKeyOf } from '../lib/periodKey';
import { paramValue } from '../lib/params';
import { formatValue } from '../../shared/format';
import { useDateLabels, useFormatOptions, useNumberText } from '../i18n/useFormat';
import { EChart } from './EChart';
import { EVENT_GRID_TOP, eventMarkLine, type EventMark } from '../lib/eventMarks';

/** The height of the two trend charts (the event labels are cut to fit in it). */
const TREND_HEIGHT = 240;

/** The font list the page uses in the current language (app.css :lang rules), for ECharts' own text. */
function chartFont(): string {
  const family = typeof document === 'undefined' ? '' : getComputedStyle(document.body).fontFamily;
  return family || 'system-ui, sans-serif';
}

const COLORS = { up: '#2e9d6a', down: '#d0524a', neutral: '#6b7c93', accent: '#2f6fdf', passive: '#d9a43b' };

/** Dated labels from every table mapped to `events`. */
function useEvents(): EventMark[] {
  const { state, engine, actions } = useWorkbench();
  const [events, setEvents] = useState<EventMark[]>([]);
  useEffect(() => {
    let live = true;
    // Each table's mapping entry as the engine resolved it (TableInfo.mapping).
    const mapped = state.tables.filter((t) => t.mapping?.entry.dataset === 'events' && t.mapping.entry.fields.date && t.mapping.entry.fields.label);
    (async () => {
      const out: EventMark[] = [];
      for (const table of mapped) {
        const m = table.mapping!.entry;
        const page = await engine.getRows({ table: table.name, offset: 0, limit: 500 });
        const di = page.columns.indexOf(m.fields.date!);
        const li = page.columns.indexOf(m.fields.label!);
        if (di < 0 || li < 0) continue;
        for (const r of page.rows) if (typeof r[di] === 'string') out.push({ date: r[di] as string, label: String(r[li] ?? '') });
      }
      if (live) setEvents(out);
    })().catch((err) => actions.reportError('analysis', problemOf(err)));
    return () => { live = false; };
  }, [state.mapping, state.tables, engine, actions]);
  return events;
}

function ChartCard({ title, children, empty, hint }: { title: string; children?: React.ReactNode; empty?: string | null; hint?: string }) {
  return (
    <section className={`chart-card${empty ? ' waiting' : ''}`} aria-label={title}>
      <h3 className="subhead">{title}{hint && !empty && <span className="muted small chart-hint">{hint}</span>}</h3>
      {empty ? <p className="muted small chart-empty">{empty}</p> : children}
    </section>
  );
}

export function Charts() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const dark = state.theme === 'dark';
  const analysis = state.analysis;
  const events = useEvents();
  const fmt = useFormatOptions();
  // Value axes in the UI's digits (Persian ۱۲۳ or Latin, as chosen).
  const axisNumber = useNumberText();
  const dates = useDateLabels();
  // Category axes show periods in the calendar they were cut in; clicks map back to the keys by index.
  const calendar = analysis?.calendar ?? 'gregorian';
  const periodLabel = (key: string) => dates.period(key, calendar);
  const byId = useMemo(() => new Map((analysis?.metrics ?? []).map((m) => [m.id, m])), [analysis]);
  const ok = (id: string): MetricResult | undefined => {
    const m = byId.get(id);
    return m && m.status !== 'missing_inputs' ? m : undefined;
  };
  const axisText = dark ? '#c7cfdb' : '#4a5568';
  // ECharts measures text itself: give it a real font list (not 'inherit') so legends do not overlap —
  // the page's own, which app.css picks per language (Thai, Traditional or Simplified Han faces).
  const base = { textStyle: { fontFamily: chartFont() }, grid: { left: 56, right: 16, top: 24, bottom: 32 }, tooltip: { trigger: 'axis' } };

  // The event lines on a trend's first series, their labels inside the plot; with events the grid's
  // top padding grows so that the labels clear the chart's top edge. Returns the grid to use.
  const withEvents = <G extends { top: number; bottom: number }>(series: Array<Record<string, unknown>>, keys: string[], grid: G): G => {
    if (!analysis || !series[0]) return grid;
    const top = Math.max(grid.top, EVENT_GRID_TOP);
    const markLine = eventMarkLine(events, keys, {
      periodOf: (date) => periodKeyOf(date, analysis.period, analysis.calendar), periodLabel, count: axisNumber,
      plotHeight: TREND_HEIGHT - top - grid.bottom, color: axisText, lineColor: COLORS.passive,
    });
    if (!markLine) return grid;
    series[0].markLine = markLine;
    return { ...grid, top };
  };

  // A trend's lines: complete periods solid, a partial current period dashed (named "9 of 31 days"),
  // and with the year-over-year comparison chosen, last year's line beside it.
  const comparison = state.controls.comparison;
  const trendSeries = (m: MetricResult, name: string, extra: Record<string, unknown>) => {
    const lines = trendLines(m);
    const out: Array<Record<string, unknown>> = [{ type: 'line', name, data: lines.solid, showSymbol: false, connectNulls: false, color: COLORS.accent, ...extra }];
    if (lines.partial && m.periodProgress) {
      out.push({
        type: 'line', name: `${m.period}: ${t('kpi.partialDays', { elapsed: m.periodProgress.elapsedDays, total: m.periodProgress.totalDays })}`,
        data: lines.partial, showSymbol: true, symbol: 'emptyCircle', symbolSize: 7, color: COLORS.accent, lineStyle: { type: 'dashed' },
      });
    }
    const yearAgo = comparison === 'yoy' && analysis ? yearAgoLine(m, analysis.period) : null;
    if (yearAgo) out.push({ type: 'line', name: t('chart.lastYear'), data: yearAgo, showSymbol: false, connectNulls: false, color: COLORS.neutral, lineStyle: { type: 'dotted', width: 2 } });
    // The target of each period, as a short bar at its level (targets are per period, not a curve).
    if (m.targetSeries) {
      const byKey = new Map(m.targetSeries.map((p) => [p.period, p.value]));
      out.push({
        type: 'scatter', name: t('chart.target'), data: m.series.map((p) => byKey.get(p.period) ?? null),
        symbol: 'rect', symbolSize: [22, 3], color: COLORS.up, z: 4,
      });
    }
    return out;
  };
  const legendFor = (series: Array<Record<string, unknown>>) => (series.length > 1
    ? { legend: { top: 0, right: 8, textStyle: { color: axisText, fontSize: 10 }, itemWidth: 18, itemHeight: 8 } } : {});

  // MRR trend
  const mrr = ok('mrr');
  const trendOption = useMemo<EChartsCoreOption | null>(() => {
    if (!mrr) return null;
    const keys = mrr.series.map((p) => p.period);
    const series = trendSeries(mrr, t('metric.mrr', { defaultValue: mrr.label }), { areaStyle: { opacity: 0.08 } });
    const grid = withEvents(series, keys, { ...base.grid, top: series.length > 1 ? 32 : 24 });
    return {
      ...base,
      ...legendFor(series),
      grid,
      xAxis: { type: 'category', data: keys.map(periodLabel), axisLabel: { color: axisText } },
      yAxis: { type: 'value', axisLabel: { color: axisText, formatter: axisNumber } },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number) => formatValue(v, 'currency', fmt) },
      series,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mrr, events, dark, fmt, dates, comparison]);

  // MRR waterfall of the current period
  const waterfallOption = useMemo<EChartsCoreOption | null>(() => {
    if (!mrr) return null;
    const period = mrr.period;
    const moveIds = {
      new: 'mrr_new', reactivation: 'mrr_reactivation', expansion: 'mrr_expansion', contraction: 'mrr_contraction', churn: 'mrr_churn',
      moved_in: 'mrr_moved_in', moved_out: 'mrr_moved_out',
    } as const;
    type Moves = Record<keyof typeof moveIds, number>;
    let start: number;
    let moves: Moves;
    // The net_new_mrr table has the period's movements in one row; otherwise the movement metrics.
    const table = byId.get('net_new_mrr')?.table;
    const pi = table ? table.columns.indexOf('period') : -1;
    const row = table && pi >= 0 ? table.rows.find((r) => r[pi] === period) : undefined;
    if (table && row) {
      const num = (name: string) => Math.abs(Number(row[table.columns.indexOf(name)] ?? 0) || 0);
      start = num('starting_mrr');
      moves = {
        new: num('new'), reactivation: num('reactivation'), expansion: num('expansion'), contraction: num('contraction'), churn: num('churn'),
        moved_in: num('moved_in'), moved_out: num('moved_out'),
      };
    } else {
      const prev = previousKey(mrr, period);
      start = prev ? valueAt(mrr, prev) ?? 0 : 0;
      moves = Object.fromEntries(Object.entries(moveIds).map(([k, id]) => [k, Math.abs(valueAt(byId.get(id), period) ?? 0)])) as Moves;
    }
    const steps = mrrBridge(start, moves);
    return {
      ...base,
      xAxis: { type: 'category', data: steps.map((s) => t(`chart.bridge.${s.key}`)), axisLabel: { color: axisText, interval: 0, fontSize: 10 } },
      // Movements are small next to the balance: the axis starts a little below the lowest level.
      yAxis: { type: 'value', min: bridgeAxisMin(steps), axisLabel: { color: axisText, formatter: axisNumber } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => formatValue(v, 'currency', fmt) },
      series: [
        { type: 'bar', stack: 'b', silent: true, itemStyle: { color: 'transparent' }, data: steps.map((s) => s.base), tooltip: { show: false } },
        {
          type: 'bar', stack: 'b', name: periodLabel(period),
          data: steps.map((s) => ({ value: s.value, itemStyle: { color: s.sign > 0 ? COLORS.up : s.sign < 0 ? COLORS.down : COLORS.accent } })),
          label: { show: true, position: 'top', fontSize: 10, color: axisText, formatter: (p: { value: number }) => formatValue(p.value, 'currency', fmt) },
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mrr, byId, dark, fmt, dates]);

  // Cohort retention heat map
  const cohort = ok('cohort_retention');
  const bases = useMemo(() => (cohort?.table ? cohortBases(cohort.table) : []), [cohort]);
  const [basisChoice, setBasis] = useState<string | null>(null);
  const basis = basisChoice != null && bases.includes(basisChoice) ? basisChoice : bases[0];
  const cohortRows = useMemo(() => (cohort?.table ? cohortMatrix(cohort.table, basis).cohorts.length : 0), [cohort, basis]);
  const cohortOption = useMemo<EChartsCoreOption | null>(() => {
    if (!cohort?.table || cohort.table.rows.length === 0) return null;
    const m = cohortMatrix(cohort.table, basis);
    if (m.cells.length === 0) return null;
    return {
      ...base,
      grid: { left: 72, right: 16, top: 16, bottom: 56 },
      tooltip: { trigger: 'item', formatter: (p: { value: [number, number, number] }) => `${periodLabel(m.cohorts[p.value[1]]!)} · ${m.offsets[p.value[0]]}: ${formatValue(p.value[2], 'ratio', fmt)}` },
      xAxis: { type: 'category', data: m.offsets, axisLabel: { color: axisText, fontSize: 10 } },
      yAxis: { type: 'category', data: m.cohorts.map(periodLabel), inverse: true, axisLabel: { color: axisText, fontSize: 10 } },
      visualMap: { min: 0, max: 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, textStyle: { color: axisText }, inRange: { color: dark ? ['#1f2a3a', '#2f6fdf'] : ['#f1f5fb', '#1f5fcf'] }, formatter: (v: number) => formatValue(v, 'ratio', fmt) },
      series: [{ type: 'heatmap', data: m.cells, label: { show: m.offsets.length <= 13, fontSize: 9, formatter: (p: { value: [number, number, number] }) => `${Math.round(p.value[2] * 100)}` } }],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cohort, basis, dark, fmt, dates]);

  // NPS distribution (0–10), coloured by band
  const nps = ok('nps');
  const npsOption = useMemo<EChartsCoreOption | null>(() => {
    if (!nps) return null;
    const promoterMin = Number(paramValue(state.controls.params, 'nps.promoter_min'));
    const detractorMax = Number(paramValue(state.controls.params, 'nps.detractor_max'));
    let counts: number[] | null = null;
    if (nps.table) {
      const si = columnIndex(nps.table.columns, 'score');
      const ci = columnIndex(nps.table.columns, 'count', 'responses', 'n');
      if (si >= 0 && ci >= 0) {
        counts = new Array<number>(11).fill(0);
        for (const r of nps.table.rows) {
          const s = Number(r[si]);
          if (Number.isInteger(s) && s >= 0 && s <= 10) counts[s] = Number(r[ci]) || 0;
        }
      }
    }
    if (!counts) {
      // Distribution in stats as score_0 … score_10 or "0" … "10".
      const fromStats = Array.from({ length: 11 }, (_, s) => nps.stats[`score_${s}`] ?? nps.stats[String(s)]);
      if (fromStats.some((v) => typeof v === 'number')) counts = fromStats.map((v) => (typeof v === 'number' ? v : 0));
    }
    if (!counts) return null;
    return {
      ...base,
      xAxis: { type: 'category', data: counts.map((_, s) => String(s)), axisLabel: { color: axisText } },
      yAxis: { type: 'value', axisLabel: { color: axisText, formatter: axisNumber } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      series: [{ type: 'bar', name: t('chart.responses'), data: counts.map((c, s) => ({ value: c, itemStyle: { color: s >= promoterMin ? COLORS.up : s <= detractorMax ? COLORS.down : COLORS.passive } })) }],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nps, state.controls.params, dark]);

  // First response time against the channel targets: per channel (segment = the channel column)
  // the response time next to its target; otherwise the share of first responses on target.
  const frt = ok('first_response_time');
  const frtMet = ok('frt_target_met');
  const frtOption = useMemo<EChartsCoreOption | null>(() => {
    const targetOf = (channel: string) => {
      const v = paramValue(state.controls.params, `frt.target.${channel.toLowerCase().replace(/[\s-]+/g, '_')}`) ?? paramValue(state.controls.params, 'frt.target.default');
      return Number(v);
    };
    if (frt && frt.segments.some((x) => x.value != null)) {
      const rows = frt.segments.filter((x) => x.value != null).map((x) => ({ channel: x.segment, seconds: x.value! }));
      // Hours, floored at a second so a zero response time stays on the log axis.
      const hours = (sec: number) => Math.max(sec, 1) / 3600;
      return {
        ...base,
        legend: { top: 0, textStyle: { color: axisText } },
        grid: { left: 56, right: 16, top: 32, bottom: 32 },
        xAxis: { type: 'category', data: rows.map((r) => r.channel), axisLabel: { color: axisText } },
        // Chat targets are seconds, email targets a day: a log axis keeps both readable.
        yAxis: { type: 'log', logBase: 10, name: t('chart.hours'), nameTextStyle: { color: axisText }, axisLabel: { color: axisText, formatter: axisNumber } },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatValue(v * 3600, 'duration', fmt) },
        series: [
          { type: 'bar', name: t('chart.frtActual'), data: rows.map((r) => ({ value: hours(r.seconds), itemStyle: { color: r.seconds <= targetOf(r.channel) ? COLORS.up : COLORS.down } })) },
          { type: 'line', name: t('chart.frtTarget'), data: rows.map((r) => hours(targetOf(r.channel))), symbol: 'rect', symbolSize: [30, 3], lineStyle: { opacity: 0 }, color: COLORS.neutral, z: 3 },
        ],
      };
    }
    const table = frtMet?.table;
    if (!table) return null;
    const ci = table.columns.indexOf('channel');
    const ti = table.columns.indexOf('target_seconds');
    const cols = (['met', 'missed', 'pending'] as const).map((name) => ({ name, i: table.columns.indexOf(name) })).filter((c) => c.i >= 0);
    if (ci < 0 || cols.length === 0) return null;
    const label = (r: (typeof table.rows)[number]) => (ti >= 0 && typeof r[ti] === 'number'
      ? `${String(r[ci])}\n≤ ${formatValue(r[ti] as number, 'duration', fmt)}` : String(r[ci]));
    const color = { met: COLORS.up, missed: COLORS.down, pending: COLORS.neutral };
    return {
      ...base,
      legend: { top: 0, textStyle: { color: axisText } },
      grid: { left: 48, right: 16, top: 32, bottom: 44 },
      xAxis: { type: 'category', data: table.rows.map(label), axisLabel: { color: axisText, fontSize: 10, interval: 0 } },
      yAxis: { type: 'value', name: t('chart.tickets'), nameTextStyle: { color: axisText }, axisLabel: { color: axisText, formatter: axisNumber } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      series: cols.map((c) => ({ type: 'bar', stack: 'frt', name: t(`chart.frt_${c.name}`), color: color[c.name], data: table.rows.map((r) => r[c.i]) })),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frt, frtMet, state.controls.params, dark, fmt]);

  // Agent leaderboard: one numeric column at a time, ranked
  const board = ok('agent_leaderboard');
  const numericCols = useMemo(() => {
    if (!board?.table) return [] as number[];
    return board.table.columns.map((_, i) => i)
      .filter((i) => !/^(rank|bottom_performer)$/.test(board.table!.columns[i]!) && board.table!.rows.some((r) => typeof r[i] === 'number'));
  }, [board]);
  const [boardCol, setBoardCol] = useState<number | null>(null);
  const scoreCol = board?.table ? board.table.columns.indexOf('score') : -1;
  const boardIndex = boardCol != null && numericCols.includes(boardCol) ? boardCol : numericCols.includes(scoreCol) ? scoreCol : numericCols[0] ?? -1;
  const boardOption = useMemo<EChartsCoreOption | null>(() => {
    if (!board?.table || boardIndex < 0) return null;
    const ai = Math.max(0, columnIndex(board.table.columns, 'agent'));
    const lowerIsBetter = /time/.test(board.table.columns[boardIndex]!);
    const rows = board.table.rows.filter((r) => typeof r[boardIndex] === 'number')
      .sort((x, y) => ((y[boardIndex] as number) - (x[boardIndex] as number)) * (lowerIsBetter ? -1 : 1)).slice(0, 15);
    return {
      ...base,
      grid: { left: 110, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { color: axisText } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => String(r[ai])), axisLabel: { color: axisText, width: 100, overflow: 'truncate' } },
      series: [{ type: 'bar', name: t(`chart.column.${board.table.columns[boardIndex]}`, { defaultValue: board.table.columns[boardIndex] }), data: rows.map((r) => r[boardIndex]), color: COLORS.accent }],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [board, boardIndex, dark]);

  // Health-score distribution with the red / yellow / green bands
  const health = ok('health_score');
  const healthOption = useMemo<EChartsCoreOption | null>(() => {
    if (!health?.table) return null;
    const si = columnIndex(health.table.columns, 'score', 'health');
    if (si < 0) return null;
    const scores = health.table.rows.map((r) => r[si]).filter((v): v is number => typeof v === 'number');
    if (scores.length === 0) return null;
    const bands = paramValue(state.controls.params, 'health.bands') as { red: number; green: number };
    const counts = histogram(scores, 0, 100, 10);
    return {
      ...base,
      xAxis: { type: 'category', data: counts.map((_, i) => `${i * 10}–${i * 10 + 10}`), axisLabel: { color: axisText, fontSize: 10 } },
      yAxis: { type: 'value', name: t('chart.customers'), nameTextStyle: { color: axisText }, axisLabel: { color: axisText, formatter: axisNumber } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      series: [{ type: 'bar', name: t('chart.customers'), data: counts.map((c, i) => ({ value: c, itemStyle: { color: i * 10 + 10 <= bands.red ? COLORS.down : i * 10 >= bands.green ? COLORS.up : COLORS.passive } })) }],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [health, state.controls.params, dark]);

  // Any computed KPI over time (with the events), so every dataset has a trend to look at.
  const trendable = useMemo(() => (analysis?.metrics ?? []).filter((m) => m.status === 'ok' && m.unit !== 'table' && m.series.filter((p) => p.value != null).length >= 2), [analysis]);
  const [trendChoice, setTrendChoice] = useState<string | null>(null);
  // By default a KPI the other charts do not show already: outside revenue when MRR is charted.
  const view = findView(state.controls.view, state.controls.views);
  const trendMetric = trendable.find((m) => m.id === trendChoice) ?? trendable.find((m) => m.id === view?.trend)
    ?? (mrr ? trendable.find((m) => m.family !== 'revenue') : undefined) ?? trendable.find((m) => m.id !== 'mrr') ?? trendable[0];
  const kpiTrendOption = useMemo<EChartsCoreOption | null>(() => {
    if (!trendMetric) return null;
    const keys = trendMetric.series.map((p) => p.period);
    const label = t(`metric.${trendMetric.id}`, { defaultValue: trendMetric.label });
    const series = trendSeries(trendMetric, label, {});
    const grid = withEvents(series, keys, { left: 72, right: 16, top: series.length > 1 ? 32 : 24, bottom: 32 });
    return {
      ...base,
      ...legendFor(series),
      xAxis: { type: 'category', data: keys.map(periodLabel), axisLabel: { color: axisText } },
      yAxis: { type: 'value', scale: trendMetric.unit !== 'count', axisLabel: { color: axisText, formatter: (v: number) => formatValue(v, trendMetric.unit, fmt) } },
      grid,
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number) => formatValue(v, trendMetric.unit, fmt) },
      series,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trendMetric, events, dark, fmt, dates, comparison]);

  if (!analysis) return <div className="charts"><p className="muted pad">{t('chart.nothingYet')}</p></div>;

  return (
    <div className="charts">
      <ChartCard title={t('chart.mrrTrend')} hint={t('chart.clickToDrill')} empty={trendOption ? null : t('chart.needs', { what: t('dataset.subscriptions') })}>
        {trendOption && mrr && <EChart option={trendOption} dark={dark} height={TREND_HEIGHT} label={t('chart.mrrTrend')} onClick={(e) => { const key = mrr.series[e.dataIndex]?.period; if (key) void actions.drillInto(mrr, key); }} />}
      </ChartCard>
      <ChartCard title={t('chart.kpiTrend')} hint={t('chart.clickToDrill')} empty={kpiTrendOption ? null : t('chart.noTrend')}>
        {trendable.length > 1 && trendMetric && (
          <label className="chart-select small">
            <span>{t('chart.metric')}</span>
            <select value={trendMetric.id} onChange={(e) => setTrendChoice(e.target.value)}>
              {trendable.map((m) => <option key={m.id} value={m.id}>{t(`metric.${m.id}`, { defaultValue: m.label })}</option>)}
            </select>
          </label>
        )}
        {kpiTrendOption && trendMetric && <EChart option={kpiTrendOption} dark={dark} height={TREND_HEIGHT} label={t('chart.kpiTrend')} onClick={(e) => { const key = trendMetric.series[e.dataIndex]?.period; if (key) void actions.drillInto(trendMetric, key); }} />}
      </ChartCard>
      <ChartCard title={t('chart.mrrWaterfall', { period: mrr ? periodLabel(mrr.period) : '' })} empty={waterfallOption ? null : t('chart.needs', { what: t('dataset.subscriptions') })}>
        {waterfallOption && <EChart option={waterfallOption} dark={dark} label={t('chart.mrrWaterfall', { period: mrr ? periodLabel(mrr.period) : '' })} />}
      </ChartCard>
      <ChartCard title={t('chart.cohorts')} empty={cohortOption ? null : t('chart.needs', { what: t('dataset.subscriptions') })}>
        {bases.length > 1 && (
          <label className="chart-select small">
            <span>{t('chart.basis')}</span>
            <select value={basis} onChange={(e) => setBasis(e.target.value)}>
              {bases.map((b) => <option key={b} value={b}>{t(`chart.basisOption.${b}`, { defaultValue: b })}</option>)}
            </select>
          </label>
        )}
        {cohortOption && <EChart option={cohortOption} dark={dark} height={Math.max(220, 80 + 16 * cohortRows)} label={t('chart.cohorts')} />}
      </ChartCard>
      <ChartCard title={t('chart.npsDistribution')} empty={npsOption ? null : t('chart.needs', { what: t('survey.nps') })}>
        {npsOption && <EChart option={npsOption} dark={dark} label={t('chart.npsDistribution')} />}
      </ChartCard>
      <ChartCard title={t('chart.frt')} empty={frtOption ? null : t('chart.needs', { what: `${t('dataset.tickets')} → ${t('field.first_response_at')}, ${t('field.channel')}` })}>
        {frtOption && <EChart option={frtOption} dark={dark} label={t('chart.frt')} />}
      </ChartCard>
      <ChartCard title={t('chart.leaderboard')} empty={boardOption ? null : t('chart.needs', { what: `${t('dataset.tickets')} → ${t('field.agent')}` })}>
        {board?.table && numericCols.length > 1 && (
          <label className="chart-select small">
            <span>{t('chart.rankBy')}</span>
            <select value={boardIndex} onChange={(e) => setBoardCol(Number(e.target.value))}>
              {numericCols.map((i) => <option key={i} value={i}>{t(`chart.column.${board.table!.columns[i]}`, { defaultValue: board.table!.columns[i] })}</option>)}
            </select>
          </label>
        )}
        {boardOption && <EChart option={boardOption} dark={dark} label={t('chart.leaderboard')} />}
      </ChartCard>
      <ChartCard title={t('chart.health')} empty={healthOption ? null : t('chart.needs', { what: t('metric.health_score') })}>
        {healthOption && <EChart option={healthOption} dark={dark} label={t('chart.health')} />}
      </ChartCard>
    </div>
  );
}
