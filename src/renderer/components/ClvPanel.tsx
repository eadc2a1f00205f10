// Predictive CLV tab: the calibration end, holdout end and horizon as controls; a model card with
// the BG/NBD and Gamma-Gamma parameters (± standard errors), fit quality and holdout MAE; the
// calibration/holdout diagnostic chart; the CLV variants side by side; and the per-customer
// predictions, sortable. Everything comes from the engine API's computeClv.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';
import type { ClvCustomer, ClvResult } from '../../shared/clv';
import { useWorkbench } from '../state/store';
import { EChart } from './EChart';

type SortKey = 'customer_id' | 'frequency' | 'p_alive' | 'expected_purchases' | 'expected_value' | 'clv';
const SHOWN_ROWS = 500;
const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

export function ClvPanel() {
  const { t } = useTranslation();
  const { state, engine } = useWorkbench();
  const [calibrationEnd, setCalibrationEnd] = useState('');
  const [holdoutEnd, setHoldoutEnd] = useState('');
  const [horizon, setHorizon] = useState('52');
  const [result, setResult] = useState<ClvResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'clv', desc: true });
  const mapped = state.mapping.tables.some((m) => m.dataset === 'transactions');

  const fit = () => {
    setBusy(true);
    setError(null);
    engine.computeClv({
      model: 'bg_nbd',
      calibrationEnd: calibrationEnd || undefined,
      holdoutEnd: holdoutEnd || null,
      horizon: Number(horizon) > 0 ? Number(horizon) : undefined,
      params: state.mapping.params,
    }).then(setResult, (e: unknown) => setError(e instanceof Error ? e.message : String(e))).finally(() => setBusy(false));
  };

  const rows = useMemo(() => {
    if (!result) return [];
    const k = sort.key, sign = sort.desc ? -1 : 1;
    const value = (c: ClvCustomer) => c[k];
    return [...result.perCustomer].sort((a, b) => {
      const x = value(a), y = value(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }).slice(0, SHOWN_ROWS);
  }, [result, sort]);

  const dark = state.theme === 'dark';
  const chart = useMemo((): EChartsCoreOption | null => {
    const buckets = result?.holdout?.byFrequency;
    if (!buckets) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('clvModel.actual'), t('clvModel.predicted')] },
      xAxis: { type: 'category', name: t('clvModel.calibrationFrequency'), data: buckets.map((b) => b.frequency) },
      yAxis: { type: 'value', name: t('clvModel.holdoutMean') },
      series: [
        { name: t('clvModel.actual'), type: 'bar', data: buckets.map((b) => b.actual) },
        { name: t('clvModel.predicted'), type: 'line', data: buckets.map((b) => b.predicted) },
      ],
    };
  }, [result, t]);

  if (!mapped) return <p className="clv-empty">{t('clvModel.needsTransactions')}</p>;
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : true })}>{label}</button>
    </th>
  );
  return (
    <section className="clv-panel" aria-label={t('clvModel.title')}>
      <form className="clv-controls" onSubmit={(e) => { e.preventDefault(); fit(); }}>
        <label>{t('clvModel.calibrationEnd')} <input type="date" value={calibrationEnd} onChange={(e) => setCalibrationEnd(e.target.value)} /></label>
        <label>{t('clvModel.holdoutEnd')} <input type="date" value={holdoutEnd} onChange={(e) => setHoldoutEnd(e.target.value)} /></label>
        <label>{t('clvModel.horizon')} <input type="number" min={1} value={horizon} onChange={(e) => setHorizon(e.target.value)} /></label>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('clvModel.fitting') : t('clvModel.fit')}</button>
      </form>
      {error && <p role="alert" className="clv-error">{error}</p>}
      {result && (
        <>
          <div className="kpi-card clv-card">
            <h3>{t('clvModel.card', { customers: result.customers, end: result.calibrationEnd, unit: result.timeUnit })}</h3>
            <p>{Object.keys(result.params).map((k) => `${k} = ${num(result.params[k])} ± ${num(result.stdErrors[k])}`).join(' · ')}</p>
            {result.gammaGamma && <p>Gamma-Gamma: p = {num(result.gammaGamma.p)} · q = {num(result.gammaGamma.q)} · v = {num(result.gammaGamma.v)}</p>}
            <p>{t('clvModel.logLikelihood')}: {num(result.logLikelihood, 1)} · {result.converged ? t('clvModel.converged') : t('clvModel.notConverged')}</p>
            {result.holdout && <p>{t('clvModel.holdout', { actual: result.holdout.actual, predicted: num(result.holdout.predicted, 1), mae: num(result.holdout.mae) })}</p>}
            {result.problems.map((p) => <p key={p} role="alert" className="clv-error">{p}</p>)}
          </div>
          {chart && <EChart option={chart} label={t('clvModel.diagnostic')} dark={dark} />}
          <table className="clv-variants">
            <thead><tr><th scope="col">{t('clvModel.variant')}</th><th scope="col">{t('clvModel.value')}</th><th scope="col">{t('clvModel.assumptions')}</th></tr></thead>
            <tbody>{result.variants.map((v) => <tr key={v.id}><td>{v.label}</td><td>{num(v.value, 2)}</td><td>{v.assumptions}</td></tr>)}</tbody>
          </table>
          <table className="clv-customers">
            <thead><tr>
              {header('customer_id', t('clvModel.customer'))}{header('frequency', t('clvModel.frequency'))}{header('p_alive', 'P(alive)')}
              {header('expected_purchases', t('clvModel.expectedPurchases'))}{header('expected_value', t('clvModel.expectedValue'))}{header('clv', 'CLV')}
              <th scope="col">{t('clvModel.note')}</th>
            </tr></thead>
            <tbody>{rows.map((c) => (
              <tr key={c.customer_id}>
                <td>{c.customer_id}</td><td>{c.frequency}</td><td>{num(c.p_alive)}</td><td>{num(c.expected_purchases)}</td>
                <td>{num(c.expected_value, 2)}</td><td>{num(c.clv, 2)}</td><td>{c.note ?? ''}</td>
              </tr>
            ))}</tbody>
          </table>
          {result.perCustomer.length > SHOWN_ROWS && <p>{t('clvModel.moreRows', { shown: SHOWN_ROWS, total: result.perCustomer.length })}</p>}
        </>
      )}
    </section>
  );
}
