// KPI panel: one card per metric, grouped by family. A card shows the current period's value in
// its unit, the change against the previous period (like for like on a partial period, "9 of 31
// days") or the same period last year, a sparkline, the benchmark badge and its
// status; clicking it shows the rows behind the value in the grid; ⓘ opens formula, variant, SQL.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricResult } from '../../shared/types';
import { useWorkbench } from '../state/store';
import { baseName } from '../lib/datasets';
import { datasetsNeedingSourceOfTruth } from '../lib/reconcile';
import { ALL_TABLES } from '../../shared/types';
import { benchmarkLevel, changeTone, groupByFamily, metricChange, variantLabel, type ComparisonBasis } from '../lib/kpi';
import { formatChange, formatRatio, formatValue, type FormatOptions } from '../../shared/format';
import { useDateLabels, useFormatOptions } from '../i18n/useFormat';
import { Sparkline } from './Sparkline';
import { FormulaPopover } from './FormulaPopover';
import { NoteText, useEngineText, useProblemText } from './EngineMessage';
import { MetricTable } from './MetricTable';
import { SegmentTable } from './SegmentTable';
import { ComparisonControls } from './AnalysisControls';
import { ParamsPanel } from './ParamsPanel';
import { metricsOfView, viewName, ViewControls } from './ViewControls';
import { findView } from '../../shared/views';
import { foldSearchText, guideTermsOf } from '../../shared/i18n/guideTerms';
import { LANGUAGES, resources } from '../../shared/i18n';

/**
 * What a card waiting for a mapping needs, grouped by dataset:
 * ["tickets.ticket_id", "tickets.created_at", "calls.call_id"] → "Tickets: Ticket, Created; Calls: Call".
 */
function useMissingText() {
  const { t } = useTranslation();
  return (missing: string[]) => {
    const byDataset = new Map<string, string[]>();
    for (const m of missing) {
      const dot = m.indexOf('.');
      const ds = dot > 0 ? m.slice(0, dot) : '';
      const field = dot > 0 ? m.slice(dot + 1) : m;
      byDataset.set(ds, [...(byDataset.get(ds) ?? []), t(`field.${field}`, { defaultValue: field })]);
    }
    return [...byDataset].map(([ds, fields]) => (ds ? `${t(`dataset.${ds}`, { defaultValue: ds })}: ${fields.join(', ')}` : fields.join(', '))).join('; ');
  };
}

/**
 * A dataset of balances mapped from two tables (billing and CRM): the KPIs must not add them
 * together, so the panel asks which one is the source of truth (kept in the mapping).
 */
function SourceOfTruthPrompt() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  return (
    <>
      {datasetsNeedingSourceOfTruth(state.tables).map(({ dataset, tables }) => {
        const ref = state.mapping.sourceOfTruth?.[dataset];
        const all = ref?.source === ALL_TABLES;
        const chosen = ref && !all ? tables.find((x) => baseName(x.source).toLowerCase() === baseName(ref.source).toLowerCase() && (x.sheet ?? null) === (ref.sheet ?? null)) : undefined;
        // Until one is chosen the engine uses the first mapped table (never the tables added together).
        const first = [...tables].sort((a, b) => (a.mapping?.index ?? 0) - (b.mapping?.index ?? 0))[0]!;
        const asked = !chosen && !all;
        const name = t(`dataset.${dataset}`);
        return (
          <div key={dataset} className={asked ? 'source-of-truth inline-warning' : 'source-of-truth'} role={asked ? 'alert' : undefined} data-testid={`source-of-truth-${dataset}`}>
            <label>
              <span>{all ? t('kpi.truthAllChosen', { dataset: name }) : chosen ? t('kpi.truthChosen', { dataset: name }) : t('kpi.truthDefault', { count: tables.length, dataset: name })}</span>
              <select value={all ? ALL_TABLES : (chosen ?? first).name}
                onChange={(e) => void actions.setSourceOfTruth(dataset, e.target.value === ALL_TABLES ? 'all' : tables.find((x) => x.name === e.target.value) ?? null)}>
                {tables.map((x) => <option key={x.name} value={x.name}>{x.sheet ? `${baseName(x.source)} [${x.sheet}]` : baseName(x.source)}</option>)}
                <option value={ALL_TABLES}>{t('kpi.truthAll')}</option>
              </select>
            </label>
          </div>
        );
      })}
    </>
  );
}

/** Metric names in every UI language and the guides' terms, folded, built on first search of each metric. */
const NAMES_OF = new Map<string, string>();
function namesOf(id: string, label: string): string {
  let names = NAMES_OF.get(id);
  if (names === undefined) {
    names = foldSearchText([id, label, ...LANGUAGES.map((l) => (resources[l].translation as { metric?: Record<string, string> }).metric?.[id] ?? ''), ...guideTermsOf(id)].join('\u0000'));
    NAMES_OF.set(id, names);
  }
  return names;
}

/** A metric matches a search by its id, its name in any UI language, or a term the guides use for it. */
export function metricMatches(m: Pick<MetricResult, 'id' | 'label'>, query: string): boolean {
  const q = foldSearchText(query);
  return q === '' || namesOf(m.id, m.label).includes(q);
}

/** The largest segments first (blank and empty ones last), at most four on a card. */
function topSegments(segments: MetricResult['segments']): MetricResult['segments'] {
  const rank = (v: number | null) => (v == null ? -Infinity : v);
  return [...segments].sort((a, b) => rank(b.value) - rank(a.value)).slice(0, 4);
}

/** "Target 5,000 · 92 % · behind": the target of the period, attainment and pace (or met/missed). */
function TargetLine({ metric, format }: { metric: MetricResult; format: FormatOptions }) {
  const { t } = useTranslation();
  const target = metric.target!;
  const tone = target.status === 'met' || target.status === 'on_track' ? 'good' : target.status ? 'bad' : 'neutral';
  // On a partial period the projection's attainment says more than the share reached so far.
  const pace = target.projectedAttainment;
  const pct = pace != null ? t('kpi.targetPace', { pct: formatRatio(pace, format) }) : target.attainment == null ? null : formatRatio(target.attainment, format);
  return (
    <span className={`kpi-target small ${tone}`} data-testid="kpi-target" data-status={target.status ?? ''}
      title={target.projected != null && target.status && (target.status === 'on_track' || target.status === 'behind')
        ? t('kpi.targetProjected', { value: formatValue(target.projected, metric.unit, format) }) : undefined}>
      <span>{t('kpi.targetOf', { value: formatValue(target.value, metric.unit, format) })}</span>
      {pct && <span> · {pct}</span>}
      {target.status && <span> · {t(`kpi.targetStatus.${target.status}`)}</span>}
    </span>
  );
}

function KpiCard({ metric, format, basis }: { metric: MetricResult; format: FormatOptions; basis: ComparisonBasis }) {
  const { t } = useTranslation();
  const { actions, state } = useWorkbench();
  const [open, setOpen] = useState(false);
  const [popoverTop, setPopoverTop] = useState(0);
  const cardRef = useRef<HTMLDivElement>(null);
  const infoRef = useRef<HTMLButtonElement>(null);
  const missingText = useMissingText();
  const engineText = useEngineText();
  const dates = useDateLabels();
  const calendar = state.analysis?.calendar ?? 'gregorian';
  const label = t(`metric.${metric.id}`, { defaultValue: metric.label });
  const change = metricChange(metric, basis);
  const progress = metric.status === 'ok' && metric.unit !== 'table' && metric.periodProgress?.partial ? metric.periodProgress : null;
  const tone = changeTone(metric.better, change);
  const bench = metric.status === 'ok' ? benchmarkLevel(metric.value, metric.benchmark) : null;
  const drilled = state.grid?.drill?.request.metric === metric.id;
  const isTable = metric.unit === 'table';
  const valueText = isTable
    ? (metric.table ? t('kpi.tableRows', { count: metric.table.rows.length }) : '—')
    : formatValue(metric.value, metric.unit, format);
  const [tableShown, setTableShown] = useState(false);
  const hasTable = isTable && metric.status === 'ok' && !!metric.table && metric.table.rows.length > 0;
  // A KPI split by a segment column opens as a ranked table of its segments (churn by sales agent).
  const segmentColumn = state.analysis?.metrics.length ? state.controls.segment : null;
  const hasSegmentTable = !isTable && metric.status === 'ok' && !!segmentColumn && metric.segments.length > 1;
  const close = useCallback(() => setOpen(false), []);
  const refocus = useCallback(() => infoRef.current?.focus(), []);

  const openPopover = () => {
    // The popover spans the card grid under this card (cards are narrower than formula and SQL).
    const card = cardRef.current;
    setPopoverTop(card ? card.offsetTop + card.offsetHeight + 4 : 0);
    setOpen((o) => !o);
  };

  return (
    <>
    <div ref={cardRef} className={`kpi-card status-${metric.status}${drilled ? ' drilled' : ''}`} data-testid={`kpi-card-${metric.id}`} data-status={metric.status}>
      <button
        type="button"
        className="kpi-drill"
        onClick={() => void actions.drillInto(metric)}
        disabled={metric.status === 'missing_inputs'}
        aria-label={t('kpi.drillLabel', { metric: label, value: valueText, period: dates.period(metric.period, calendar) })}
      >
        <span className="kpi-label" title={label}>{label}</span>
        <span className="kpi-main">
          <span className="kpi-value" data-testid="kpi-value">{valueText}</span>
          {change && (
            <span
              className={`kpi-change ${tone}`} data-testid="kpi-change"
              title={basis === 'target' && metric.target
                ? t('kpi.changeVsTarget', { target: formatValue(metric.target.value, metric.unit, format) })
                : change.window
                ? t(basis === 'yoy' ? 'kpi.changeVsYoyDays' : 'kpi.changeVsDays', { period: dates.period(change.previousPeriod, calendar), from: change.window.from, to: change.window.to })
                : t(basis === 'yoy' ? 'kpi.changeVsYoy' : 'kpi.changeVs', { period: dates.period(change.previousPeriod, calendar) })}
            >
              <span aria-hidden="true">{change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '■'}</span> {formatChange(change, metric.unit, format)}
            </span>
          )}
        </span>
        {metric.status === 'ok' && metric.target && <TargetLine metric={metric} format={format} />}
        {progress && (
          <span className="kpi-progress small" data-testid="kpi-progress" title={t('kpi.partialHint')}>
            {t('kpi.partialDays', { elapsed: progress.elapsedDays, total: progress.totalDays })}
          </span>
        )}
        {metric.status === 'missing_inputs' && (
          <span className="kpi-status small">
            {metric.missing.length > 0 ? t('kpi.missing', { fields: missingText(metric.missing) }) : metric.notes?.[0] ? <NoteText note={metric.notes[0]} message={metric.noteMessages?.[0]} /> : t('kpi.missingUnknown')}
          </span>
        )}
        {metric.status === 'not_applicable' && (
          <span className="kpi-status small">{metric.notes?.[0] ? <NoteText note={metric.notes[0]} message={metric.noteMessages?.[0]} /> : t('kpi.notApplicable')}</span>
        )}
        {metric.status === 'ok' && typeof metric.stats.snapshot_date === 'string' && (
          // A snapshot's date is an assumption unless set: stated on the card, editable in the parameters.
          <span className="kpi-status small" data-testid="kpi-snapshot-date">
            {t('kpi.snapshotDate', { date: metric.stats.snapshot_date, source: t(`kpi.snapshotSource.${String(metric.stats.snapshot_date_source ?? 'as_of')}`) })}
          </span>
        )}
        {metric.status === 'ok' && metric.segments.length > 0 && (
          <span className="kpi-segments small">
            {topSegments(metric.segments).map((s) => (
              <span key={s.segment} className="seg"><span className="truncate">{s.segment}</span> {formatValue(s.value, metric.unit, format)}</span>
            ))}
          </span>
        )}
        {metric.status === 'ok' && (
          <span className="kpi-foot">
            {!isTable && <Sparkline series={metric.series} width={72} label={t('kpi.trendOf', { metric: label })} />}
            <span className="kpi-badges">
              {bench && bench !== 'info' && metric.benchmark && (
                <span className={`badge bench-${bench}`} title={metric.benchmark.message ? engineText(metric.benchmark.message) : metric.benchmark.text}>{t(`kpi.bench.${bench}`)}</span>
              )}
              {metric.variant && <span className="badge variant" title={t('kpi.variant')}>{variantLabel(t, metric.variant)}</span>}
            </span>
          </span>
        )}
      </button>
      {hasTable && (
        <button type="button" className="icon-button table-toggle" aria-expanded={tableShown} data-testid={`table-toggle-${metric.id}`}
          aria-label={t(tableShown ? 'kpi.hideTable' : 'kpi.showTable', { metric: label })} title={t(tableShown ? 'kpi.hideTable' : 'kpi.showTable', { metric: label })}
          onClick={() => setTableShown((v) => !v)}>
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><rect x="1.5" y="2.5" width="13" height="11" rx="1" fill="none" stroke="currentColor" strokeWidth="1.3" /><path d="M1.5 6.5h13M1.5 10h13M6 6.5v7" stroke="currentColor" strokeWidth="1.1" /></svg>
        </button>
      )}
      {hasSegmentTable && (
        <button type="button" className="icon-button table-toggle" aria-expanded={tableShown} data-testid={`segment-toggle-${metric.id}`}
          aria-label={t(tableShown ? 'segmentTable.hide' : 'segmentTable.show', { metric: label })} title={t(tableShown ? 'segmentTable.hide' : 'segmentTable.show', { metric: label })}
          onClick={() => setTableShown((v) => !v)}>
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path d="M2 13.5h12" stroke="currentColor" strokeWidth="1.3" /><rect x="3" y="7" width="2.4" height="5.5" fill="currentColor" /><rect x="6.8" y="3" width="2.4" height="9.5" fill="currentColor" /><rect x="10.6" y="9" width="2.4" height="3.5" fill="currentColor" /></svg>
        </button>
      )}
      <button ref={infoRef} type="button" className="icon-button info" aria-haspopup="dialog" aria-expanded={open} aria-label={t('kpi.showFormula', { metric: label })} title={t('kpi.showFormula', { metric: label })} onClick={openPopover}>
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.3" /><rect x="7.25" y="7" width="1.5" height="5" rx="0.5" fill="currentColor" /><circle cx="8" cy="4.8" r="0.95" fill="currentColor" /></svg>
      </button>
    </div>
    {open && <FormulaPopover metric={metric} top={popoverTop} anchor={infoRef} onClose={close} returnFocus={refocus} />}
    {hasTable && tableShown && <MetricTable metric={metric} locale={format.locale} />}
    {hasSegmentTable && tableShown && <SegmentTable metric={metric} format={format} segmentColumn={segmentColumn!} />}
    </>
  );
}

export function KpiPanel() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const [hideMissing, setHideMissing] = useState(false);

  // The currency symbol of the first mapped amount column, so money reads as the file wrote it.
  const currency = useMemo(() => {
    // Mapped tables in the mapping's order, each with the entry the engine resolved for it.
    const mapped = state.tables.filter((t) => t.mapping).sort((x, y) => x.mapping!.index - y.mapping!.index);
    for (const table of mapped) {
      const m = table.mapping!.entry;
      const header = m.fields.mrr ?? m.fields.amount;
      if (!header) continue;
      const col = table.columns.find((c) => c.name === header);
      if (col?.currency) return col.currency;
    }
    return null;
  }, [state.tables]);
  const format = useFormatOptions(currency);
  const dates = useDateLabels();
  const view = findView(state.controls.view, state.controls.views);
  const ownView = view && state.controls.views.some((v) => v.id === view.id) ? view : null;
  const allMetrics = useMemo(() => state.analysis?.metrics ?? [], [state.analysis]);
  const [query, setQuery] = useState('');
  const metrics = useMemo(() => metricsOfView(allMetrics, view).filter((m) => metricMatches(m, query)), [allMetrics, view, query]);
  const computable = metrics.filter((m) => m.status !== 'missing_inputs');
  const shown = hideMissing ? computable : metrics;
  const groups = groupByFamily(shown);
  const errors = state.errors.filter((e) => e.where === 'analysis');
  const problemText = useProblemText();
  // Every metric shares the current period; the first computed one says whether it is partial.
  const partial = metrics.find((m) => m.status === 'ok' && m.periodProgress?.partial);

  return (
    <section className="panel kpis" aria-labelledby="kpi-title" aria-busy={state.analyzing}>
      <div className="panel-title-row">
        <h2 id="kpi-title" className="panel-title" tabIndex={-1}>{t('kpi.title')}</h2>
        {state.analyzing && (
          <span className="computing muted" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('kpi.computing')}
          </span>
        )}
        {state.analysis && <span className="muted small" data-testid="kpi-asof" data-as-of={state.analysis.asOf}>{t('kpi.asOf', { date: dates.date(state.analysis.asOf, state.analysis.calendar), period: t(`period.${state.analysis.period}`) })}</span>}
        {partial?.periodProgress && (
          <span className="kpi-progress small" data-testid="kpi-period-progress" title={t('kpi.partialHint')}>
            {dates.period(partial.period, state.analysis?.calendar ?? 'gregorian')}: {t('kpi.partialDays', { elapsed: partial.periodProgress.elapsedDays, total: partial.periodProgress.totalDays })}
          </span>
        )}
        {state.analysis?.dataAsOf && (
          <span className="muted small" data-testid="kpi-last-complete">{t('kpi.lastCompleteNote', { date: dates.date(state.analysis.dataAsOf, state.analysis.calendar) })}</span>
        )}
      </div>
      {state.analysis && <ViewControls />}
      {state.analysis && <ComparisonControls />}
      <SourceOfTruthPrompt />
      {errors.map((e) => (
        <div key={e.id} className="inline-error" role="alert">
          <span>{t('kpi.failed', { message: problemText(e) })}</span>
          <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => actions.dismissError(e.id)}>×</button>
        </div>
      ))}
      <ParamsPanel />
      {state.analysis && (
        <input type="search" className="kpi-search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="kpi-search"
          placeholder={t('kpi.searchPlaceholder')} aria-label={t('kpi.search')} />
      )}
      {state.analysis && query && metrics.length === 0 && <p className="muted small">{t('kpi.searchNone')}</p>}
      {state.analysis && metrics.length > 0 && (
        <label className="toggle small">
          <input type="checkbox" checked={hideMissing} onChange={(e) => setHideMissing(e.target.checked)} />
          {t('kpi.hideMissing', { count: metrics.length - computable.length })}
        </label>
      )}
      {!state.analysis && !state.analyzing && <p className="muted">{t('kpi.nothingYet')}</p>}
      {state.analysis && computable.length === 0 && <p className="muted">{t('kpi.noneComputable')}</p>}
      {/* A view shows its cards in its own order; without one, every KPI by family. */}
      {view && state.analysis && (
        <section className="kpi-family" aria-labelledby="view-cards-title" data-testid="view-cards">
          <h3 id="view-cards-title" className="subhead">{viewName(view, t)}</h3>
          <div className="kpi-grid">
            {shown.map((m) => (
              <div key={m.id} className={`view-card${ownView ? ' own' : ''}${m.unit === 'table' && m.table?.rows.length ? ' with-table' : ''}`}>
                <KpiCard metric={m} format={format} basis={state.controls.comparison} />
                {ownView && (
                  <button type="button" className="icon-button view-remove" data-testid={`view-remove-${m.id}`}
                    aria-label={t('view.remove', { metric: t(`metric.${m.id}`, { defaultValue: m.label }) })} title={t('view.remove', { metric: t(`metric.${m.id}`, { defaultValue: m.label }) })}
                    onClick={() => actions.setViewMetrics(ownView.id, ownView.metrics.filter((id) => id !== m.id))}>×</button>
                )}
              </div>
            ))}
          </div>
          {ownView && (
            <label className="view-add small">
              <span>{t('view.add')}</span>
              <select value="" data-testid="view-add" onChange={(e) => { if (e.target.value) actions.setViewMetrics(ownView.id, [...ownView.metrics, e.target.value]); }}>
                <option value="">—</option>
                {allMetrics.filter((m) => !ownView.metrics.includes(m.id) && m.status !== 'missing_inputs').map((m) => (
                  <option key={m.id} value={m.id}>{t(`metric.${m.id}`, { defaultValue: m.label })}</option>
                ))}
              </select>
            </label>
          )}
        </section>
      )}
      {!view && groups.map((g) => (
        <section key={g.family} className="kpi-family" aria-labelledby={`family-${g.family}`}>
          <h3 id={`family-${g.family}`} className="subhead">{t(`family.${g.family}`)}</h3>
          <div className="kpi-grid">
            {g.metrics.map((m) => <KpiCard key={m.id} metric={m} format={format} basis={state.controls.comparison} />)}
          </div>
        </section>
      ))}
    </section>
  );
}
