// Predictive CLV tab. Purchases (transactions): BG/NBD + Gamma-Gamma with the calibration end,
// holdout end, time unit and horizon as controls, the calibration/holdout diagnostic chart and
// holdout MAE. Subscriptions: the sBG card, the projected retention against the observed survival
// by plan or start-year cohort, and CLV per segment. Both: the CLV variants side by side and the
// per-customer predictions in a sortable, exportable grid with a drill-down to each customer's
// rows. The fit is recomputed whenever a control changes; everything comes from computeClv.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';
import type { ClvCustomer, ClvRequest, ClvResult, ClvSegmentFit } from '../../shared/clv';
import type { SortSpec } from '../../shared/types';
import { analysisOptions, problemOf, useWorkbench, type Problem } from '../state/store';
import { useWorkspace } from '../state/workspace';
import { formatCurrency } from '../../shared/format';
import { EngineMessage, ProblemText } from './EngineMessage';
import { EChart } from './EChart';
import { ClvCustomerGrid, CLV_INITIAL_SORT } from './ClvCustomerGrid';
import { useLocaleTag } from '../i18n';
import { useNumberText } from '../i18n/useFormat';
import { CalendarDateInput } from './CalendarDateInput';

type Model = NonNullable<ClvRequest['model']>;
type TimeUnit = NonNullable<ClvRequest['timeUnit']>;
type Period = NonNullable<ClvRequest['period']>;
type SegmentBy = NonNullable<ClvRequest['segmentBy']>;

/** Controls wait this long after the last change before the models are fitted again. */
const REFIT_DELAY_MS = 400;
/** Segments drawn in the retention chart (the table lists all). */
const MAX_CHART_SEGMENTS = 6;
const PALETTE = ['#2f6fdf', '#2e9d6a', '#d9a43b', '#d0524a', '#8e5bd0', '#3aa6b9'];

/** Fixed decimals; estimates that ran off to the boundary (α, β → ∞) in exponent form so they stay readable. */
const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—'
  : Math.abs(v) >= 1e6 ? v.toExponential(2) : v.toFixed(digits));

export function ClvPanel({ onShowRows }: { onShowRows: () => void }) {
  const { t, i18n } = useTranslation();
  const { state, engine, actions } = useWorkbench();
  const locale = useLocaleTag();
  // Value axes and counts in the UI's digits.
  const axisNumber = useNumberText();
  // A variant's inputs (churn 0.0123, α 0.81) to six significant digits, in the UI's digits.
  const inputNumber = useMemo(() => new Intl.NumberFormat(locale, { maximumSignificantDigits: 6 }), [locale]);
  const money = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : formatCurrency(v, { locale }));
  const { ui, actions: workspace } = useWorkspace();
  const hasTransactions = state.mapping.tables.some((m) => m.dataset === 'transactions');
  const hasSubscriptions = state.mapping.tables.some((m) => m.dataset === 'subscriptions');
  const [chosenModel, setModel] = useState<Model | null>(null);
  const model: Model | null = chosenModel === 'sbg' && hasSubscriptions ? 'sbg' : chosenModel === 'bg_nbd' && hasTransactions ? 'bg_nbd'
    : hasTransactions ? 'bg_nbd' : hasSubscriptions ? 'sbg' : null;
  const [calibrationEnd, setCalibrationEnd] = useState('');
  const [holdoutEnd, setHoldoutEnd] = useState('');
  const [timeUnit, setTimeUnit] = useState<TimeUnit>('week');
  const [horizonBg, setHorizonBg] = useState('52');
  const [period, setPeriod] = useState<Period>('month');
  const [segmentBy, setSegmentBy] = useState<SegmentBy>('plan');
  const [horizonSbg, setHorizonSbg] = useState('12');
  const [result, setResult] = useState<ClvResult | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const sort = useRef<SortSpec[]>(CLV_INITIAL_SORT);

  const request = useMemo((): ClvRequest | null => {
    if (!model) return null;
    const { asOf, params } = analysisOptions(state.controls);
    const horizon = Number(model === 'sbg' ? horizonSbg : horizonBg);
    const common = { model, ...(horizon > 0 ? { horizon } : {}), params };
    return model === 'sbg'
      ? { ...common, period, segmentBy, ...(asOf ? { asOf } : {}) }
      : { ...common, timeUnit, ...(calibrationEnd ? { calibrationEnd } : asOf ? { asOf } : {}), holdoutEnd: holdoutEnd || null };
  }, [model, state.controls, horizonBg, horizonSbg, period, segmentBy, timeUnit, calibrationEnd, holdoutEnd]);
  const requestKey = JSON.stringify(request) + JSON.stringify(state.mapping);

  // Refit on every change of the controls or the mapping; a newer request wins over a slower older one.
  const latest = useRef(0);
  useEffect(() => {
    if (!request) return;
    const id = ++latest.current;
    const timer = setTimeout(() => {
      setBusy(true);
      engine.computeClv(request).then(
        (r) => { if (id === latest.current) { setResult(r); setError(null); } },
        (e: unknown) => { if (id === latest.current) { setResult(null); setError(problemOf(e)); } },
      ).finally(() => { if (id === latest.current) setBusy(false); });
    }, REFIT_DELAY_MS);
    return () => clearTimeout(timer);
    // requestKey stands for request and the mapping it is fitted on
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey, engine]);

  const dark = state.theme === 'dark';
  const axisText = dark ? '#c7cfdb' : '#4a5568';
  const diagnostic = useMemo((): EChartsCoreOption | null => {
    const buckets = result?.model === 'bg_nbd' ? result.holdout?.byFrequency : null;
    if (!buckets) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('clvModel.actual'), t('clvModel.predicted')], textStyle: { color: axisText } },
      grid: { left: 56, right: 24, top: 48, bottom: 48 },
      xAxis: { type: 'category', name: t('clvModel.calibrationFrequency'), nameLocation: 'middle', nameGap: 28, data: buckets.map((b) => b.frequency), axisLabel: { color: axisText } },
      yAxis: { type: 'value', name: t('clvModel.holdoutMean'), nameTextStyle: { align: 'left' }, axisLabel: { color: axisText, formatter: axisNumber } },
      series: [
        { name: t('clvModel.actual'), type: 'bar', data: buckets.map((b) => b.actual), color: PALETTE[0] },
        { name: t('clvModel.predicted'), type: 'line', data: buckets.map((b) => b.predicted), color: PALETTE[2] },
      ],
    };
  }, [result, t, axisText, axisNumber]);

  const retention = useMemo((): EChartsCoreOption | null => {
    const segments = result?.model === 'sbg' ? result.segments?.slice(0, MAX_CHART_SEGMENTS) : null;
    if (!segments?.length) return null;
    const label = (s: ClvSegmentFit) => (s.segment === 'all' ? t('clvModel.allCustomers') : s.segment);
    const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—') },
      legend: { type: 'scroll', top: 0, textStyle: { color: axisText } },
      grid: { left: 56, right: 24, top: 40, bottom: 48 },
      xAxis: { type: 'category', name: t('clvModel.renewalsAxis', { period: t(`clvModel.period.${result!.timeUnit}`) }), nameLocation: 'middle', nameGap: 28, data: segments[0].retention.map((_, i) => String(i)), axisLabel: { color: axisText } },
      // from the 10 % step below the lowest point, so curves near 100 % stay apart
      yAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 10) / 10), max: 1, axisLabel: { color: axisText, formatter: pct } },
      // a fit that did not converge has no projection to draw, only its observed survival
      series: segments.flatMap((s, i) => [
        ...(s.converged ? [{ name: `${label(s)} · ${t('clvModel.projected')}`, type: 'line', data: s.retention, showSymbol: false, color: PALETTE[i % PALETTE.length], lineStyle: { width: 2 } }] : []),
        { name: `${label(s)} · ${t('clvModel.observed')}`, type: 'line', data: s.observed, connectNulls: false, symbol: 'circle', symbolSize: 5, color: PALETTE[i % PALETTE.length], lineStyle: { type: 'dashed', width: 1 } },
      ]),
    };
  }, [result, t, axisText]);

  const showRows = useCallback((c: ClvCustomer) => {
    engine.clvCustomerRows({ model: result?.model ?? 'bg_nbd', customer: c.customer_id }).then(({ table, rows }) => {
      actions.showFiltered(table, { column: '__row', kind: 'rows', rows }, t('clvModel.customerRows', { customer: c.customer_id }));
      onShowRows();
    }, (e: unknown) => actions.reportError('grid', problemOf(e)));
  }, [engine, actions, result?.model, t, onShowRows]);

  if (!model) return <p className="clv-empty">{t('clvModel.needsData')}</p>;
  const exportCsv = () => {
    if (!request || !result) return;
    void workspace.exportCsv({ request: { clv: request, sort: sort.current, language: i18n.language }, fileName: `clv ${result.model} ${result.calibrationEnd}.csv` });
  };
  const noRepeat = result?.model === 'bg_nbd' ? result.perCustomer.filter((c) => c.frequency === 0).length : 0;

  return (
    <section className="clv-panel" aria-label={t('clvModel.title')} aria-busy={busy}>
      <form className="clv-controls" onSubmit={(e) => e.preventDefault()} data-testid="clv-controls">
        <label>{t('clvModel.model')}
          <select value={model} onChange={(e) => setModel(e.target.value as Model)} data-testid="clv-model">
            {hasTransactions && <option value="bg_nbd">{t('clvModel.bgNbd')}</option>}
            {hasSubscriptions && <option value="sbg">{t('clvModel.sbg')}</option>}
          </select>
        </label>
        {model === 'bg_nbd' ? (
          <>
            <label>{t('clvModel.calibrationEnd')} <CalendarDateInput value={calibrationEnd || result?.calibrationEnd || ''} calendar={state.controls.calendar}
              onChange={(iso) => setCalibrationEnd(iso ?? '')} testId="clv-calibration-end" reference={state.analysis?.asOf} /></label>
            <label>{t('clvModel.holdoutEnd')} <CalendarDateInput value={holdoutEnd} calendar={state.controls.calendar} onChange={(iso) => setHoldoutEnd(iso ?? '')} testId="clv-holdout-end"
              reference={calibrationEnd || result?.calibrationEnd || state.analysis?.asOf} clearable /></label>
            <label>{t('clvModel.timeUnit')}
              <select value={timeUnit} onChange={(e) => setTimeUnit(e.target.value as TimeUnit)} data-testid="clv-time-unit">
                {(['day', 'week', 'month'] as const).map((u) => <option key={u} value={u}>{t(`clvModel.unit.${u}`)}</option>)}
              </select>
            </label>
            <label>{t('clvModel.horizon')} <input type="number" min={1} value={horizonBg} onChange={(e) => setHorizonBg(e.target.value)} data-testid="clv-horizon" /></label>
          </>
        ) : (
          <>
            <label>{t('clvModel.renewalPeriod')}
              <select value={period} onChange={(e) => setPeriod(e.target.value as Period)} data-testid="clv-period">
                {(['month', 'quarter', 'year'] as const).map((p) => <option key={p} value={p}>{t(`clvModel.period.${p}`)}</option>)}
              </select>
            </label>
            <label>{t('clvModel.segmentBy')}
              <select value={segmentBy} onChange={(e) => setSegmentBy(e.target.value as SegmentBy)} data-testid="clv-segment-by">
                <option value="plan">{t('clvModel.byPlan')}</option>
                <option value="cohort">{t('clvModel.byCohort')}</option>
              </select>
            </label>
            <label>{t('clvModel.horizonPeriods')} <input type="number" min={1} value={horizonSbg} onChange={(e) => setHorizonSbg(e.target.value)} data-testid="clv-horizon" /></label>
          </>
        )}
        <span className="clv-status muted" role="status">{busy ? t('clvModel.fitting') : ''}</span>
      </form>
      {error && <p role="alert" className="clv-error"><ProblemText problem={error} /></p>}
      {result && (
        <>
          <div className="kpi-card clv-card" data-testid="clv-card">
            <h3>{result.model === 'sbg'
              ? t('clvModel.cardSbg', { customers: result.customers, end: result.calibrationEnd, period: t(`clvModel.period.${result.timeUnit}`) })
              : t('clvModel.card', { customers: result.customers, end: result.calibrationEnd, unit: t(`clvModel.unit.${result.timeUnit}`) })}</h3>
            <p data-testid="clv-params" data-engine-text>{result.converged
              ? Object.keys(result.params).map((k) => `${k} = ${num(result.params[k])} ± ${num(result.stdErrors[k])}`).join(' · ')
              : t('clvModel.noEstimates')}</p>
            {result.gammaGamma && <p data-testid="clv-gamma-gamma">Gamma-Gamma: p = {num(result.gammaGamma.p)} · q = {num(result.gammaGamma.q)} · v = {num(result.gammaGamma.v)}</p>}
            <p data-testid="clv-fit">{result.converged ? `${t('clvModel.logLikelihood')}: ${num(result.logLikelihood, 1)} · ${t('clvModel.converged')}` : t('clvModel.notConverged')}</p>
            {result.holdout && <p data-testid="clv-holdout">{t('clvModel.holdout', { end: result.holdoutEnd, actual: result.holdout.actual, predicted: num(result.holdout.predicted, 1), mae: num(result.holdout.mae) })}</p>}
            <p className="muted">{t('clvModel.clvBasis', { horizon: result.horizon, unit: t(`clvModel.${result.model === 'sbg' ? 'period' : 'unit'}.${result.timeUnit}`), discount: (result.discount * 100).toFixed(1), margin: (result.margin * 100).toFixed(0) })}</p>
            {result.problems.map((p, i) => {
              const message = result.problemMessages?.[i];
              return message
                ? <p key={p} role="alert" className="clv-error"><EngineMessage message={message} /></p>
                : <p key={p} role="alert" className="clv-error" data-engine-text>{p}</p>;
            })}
          </div>
          {diagnostic && <EChart option={diagnostic} label={t('clvModel.diagnostic')} dark={dark} height={280} />}
          {retention && <EChart option={retention} label={t('clvModel.retentionChart')} dark={dark} height={300} />}
          {result.segments && (
            <div className="clv-table-wrap"><table className="clv-table clv-segments" data-testid="clv-segments">
              <caption>{t('clvModel.segmentsCaption')}</caption>
              <thead><tr>
                <th scope="col">{t('clvModel.segment')}</th><th scope="col">{t('clvModel.customers')}</th><th scope="col">α</th><th scope="col">β</th>
                <th scope="col">{t('clvModel.logLikelihood')}</th><th scope="col">{t('clvModel.fitStatus')}</th><th scope="col">{t('clvModel.activeCustomers')}</th>
                <th scope="col">{t('clvModel.clvTotal')}</th><th scope="col">{t('clvModel.clvMean')}</th>
              </tr></thead>
              <tbody>{result.segments.map((s) => (
                <tr key={s.segment}>
                  <th scope="row">{s.segment === 'all' ? t('clvModel.allCustomers') : <bdi>{s.segment}</bdi>}</th><td>{s.customers}</td>
                  {s.converged
                    ? <><td>{num(s.params.alpha)} <span className="se">± {num(s.stdErrors.alpha)}</span></td><td>{num(s.params.beta)} <span className="se">± {num(s.stdErrors.beta)}</span></td><td>{num(s.logLikelihood, 1)}</td></>
                    : <><td>—</td><td>—</td><td>—</td></>}<td>{s.converged ? t('clvModel.converged') : t('clvModel.notConverged')}</td>
                  <td>{s.activeCustomers}</td><td>{money(s.clvTotal)}</td><td>{money(s.clvMean)}</td>
                </tr>
              ))}</tbody>
            </table></div>
          )}
          <table className="clv-table clv-variants" data-testid="clv-variants">
            <caption>{t('clvModel.variantsCaption')}</caption>
            <thead><tr><th scope="col">{t('clvModel.variant')}</th><th scope="col">{t('clvModel.value')}</th><th scope="col">{t('clvModel.inputs')}</th><th scope="col">{t('clvModel.assumptions')}</th></tr></thead>
            <tbody>{result.variants.map((v) => (
              <tr key={v.id} data-variant={v.id}>
                <th scope="row">{t(`clvModel.variantLabel.${result.model}.${v.id}`, { defaultValue: v.label })}</th><td className="clv-number">{money(v.value)}</td>
                <td>{Object.entries(v.inputs).map(([k, x]) => <div key={k}><bdi>{t(`clvModel.input.${k}`, { defaultValue: k })}</bdi> = <bdi>{x === null ? '—' : inputNumber.format(x)}</bdi></div>)}</td>
                <td>{t(`clvModel.assumption.${result.model}.${v.id}`, { defaultValue: v.assumptions })}</td>
              </tr>
            ))}</tbody>
          </table>
          <div className="clv-customers-bar">
            <h3>{t('clvModel.perCustomer', { count: result.perCustomer.length })}</h3>
            <span className="spacer" />
            <button type="button" className="export-csv" data-testid="clv-export-csv" disabled={ui.busy !== null || ui.importing} onClick={exportCsv}>{t('workspace.exportCsv')}</button>
          </div>
          {noRepeat > 0 && <p className="muted clv-no-repeat" data-testid="clv-no-repeat">† {t('clvModel.noRepeatSummary', { count: noRepeat })}</p>}
          <ClvCustomerGrid result={result} dark={dark} onSort={(s) => { sort.current = s; }} onShowRows={showRows} />
        </>
      )}
    </section>
  );
}
