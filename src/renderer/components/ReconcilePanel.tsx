// Reconciliation tab (issue 11): two tables of one dataset, the bridge from the left total to the
// right total as a table and a waterfall, the series per month, the customer list (AG Grid) with
// filters by category and match rule, each customer's source rows of both sides side by side,
// manual match / unmatch, the reconcile.* parameters and the workbook export. Everything comes
// from the engine API's reconcile and exportReconciliation.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, RowClickedEvent } from 'ag-grid-community';
import type { EChartsCoreOption } from 'echarts/core';
import {
  MATCH_RULES, RECONCILE_CATEGORIES,
  type ManualMatchSpec, type ReconcileCategory, type ReconcileCustomer, type ReconcileRequest, type ReconcileResult,
} from '../../shared/api';
import type { RowsPage, TableInfo } from '../../shared/types';
import { useWorkbench, problemOf, type Problem } from '../state/store';
import { baseName } from '../lib/datasets';
import { defaultPair, isReconcilable, manualMatchesOf, withManual } from '../lib/reconcile';
import { paramValue } from '../lib/params';
import { reconcileWaterfall, bridgeAxisMin } from '../lib/chartData';
import { useWorkspace } from '../state/workspace';
import { EChart } from './EChart';

const tableLabel = (t: TableInfo): string => (t.sheet ? `${baseName(t.source)} [${t.sheet}]` : baseName(t.source));
import { darkTheme, lightTheme } from './DataGrid';
import { useLocaleTag } from '../i18n';
import { useNumberText } from '../i18n/useFormat';
import { CalendarDateInput } from './CalendarDateInput';
import { EngineMessage, ProblemText } from './EngineMessage';

const COLORS = { up: '#2e9d6a', down: '#d0524a', total: '#2f6fdf' };
const SIDE_ROWS = 200;

type CustomerRow = ReconcileCustomer & { index: number };

export function ReconcilePanel({ requestedRight, active }: {
  /** A table picked with "Reconcile…" in the sources sidebar (the right side). */
  requestedRight: string | null;
  /** Whether the tab is shown: a hidden panel does not recompute. */
  active: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { state, engine, actions } = useWorkbench();
  const { actions: workspace } = useWorkspace();
  const dark = state.theme === 'dark';
  const locale = useLocaleTag();
  // Value axes and counts in the UI's digits.
  const axisNumber = useNumberText();
  const money = useMemo(() => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }), [locale]);
  const fm = (v: number | null | undefined) => (v === null || v === undefined ? '—' : money.format(v));
  const candidates = state.tables.filter(isReconcilable);
  const [pair, setPair] = useState<{ left: string; right: string } | null>(() => defaultPair(state.tables, requestedRight));
  const [asOf, setAsOf] = useState('');
  const [tolerance, setTolerance] = useState(String(paramValue(state.controls.params, 'reconcile.tolerance')));
  const [timingDays, setTimingDays] = useState(String(paramValue(state.controls.params, 'reconcile.timing_days')));
  const [threshold, setThreshold] = useState(String(paramValue(state.controls.params, 'reconcile.name_threshold')));
  const [result, setResult] = useState<ReconcileResult | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [category, setCategory] = useState<ReconcileCategory | ''>('');
  const [rule, setRule] = useState<string>('');
  const [selected, setSelected] = useState<number | null>(null);

  // "Reconcile…" on a table, or tables that appeared: pick a pair again when the current one is gone.
  useEffect(() => {
    if (requestedRight) { setPair(defaultPair(state.tables, requestedRight)); return; }
    setPair((p) => (p && state.tables.some((x) => x.name === p.left) && state.tables.some((x) => x.name === p.right) ? p : defaultPair(state.tables, null)));
  }, [requestedRight, state.tables]);

  // The matches made by hand for this pair, as the mapping (and so the workspace) keeps them.
  const leftTable = pair ? state.tables.find((x) => x.name === pair.left) : undefined;
  const rightTable = pair ? state.tables.find((x) => x.name === pair.right) : undefined;
  const manual = useMemo(() => (leftTable && rightTable ? manualMatchesOf(state.mapping, leftTable, rightTable) : []), [state.mapping, leftTable, rightTable]);
  const onManualChange = (next: ManualMatchSpec[]) => { if (leftTable && rightTable) void actions.setManualMatches(leftTable, rightTable, next); };

  const request = useMemo((): ReconcileRequest | null => {
    if (!pair) return null;
    const params: Record<string, unknown> = {};
    for (const [id, text] of [['reconcile.tolerance', tolerance], ['reconcile.timing_days', timingDays], ['reconcile.name_threshold', threshold]] as const) {
      if (text.trim() !== '' && Number.isFinite(Number(text))) params[id] = Number(text);
    }
    return { left: pair.left, right: pair.right, ...(asOf ? { asOf } : {}), params, manual: [...manual] };
  }, [pair, asOf, tolerance, timingDays, threshold, manual]);

  useEffect(() => {
    if (!request) { setResult(null); return; }
    if (!active) return;
    let live = true;
    setBusy(true);
    const timer = setTimeout(() => {
      engine.reconcile(request).then(
        (r) => { if (live) { setResult(r); setError(null); } },
        (e: unknown) => { if (live) { setError(problemOf(e)); setResult(null); } },
      ).finally(() => { if (live) setBusy(false); });
    }, 250);
    return () => { live = false; clearTimeout(timer); };
  }, [request, engine, state.mapping, active]);

  const rows = useMemo((): CustomerRow[] => (result?.customers ?? []).map((c, index) => ({ ...c, index })), [result]);
  const shown = useMemo(() => rows.filter((c) => (!category || c.category === category) && (!rule || (rule === 'none' ? c.match === null : c.match === rule))), [rows, category, rule]);
  const current = selected !== null && result ? rows[selected] ?? null : null;

  const waterfall = useMemo((): EChartsCoreOption | null => {
    if (!result) return null;
    const steps = reconcileWaterfall(result.left.mrr, result.right.mrr, result.bridge);
    const axisText = dark ? '#aab3c2' : '#5b6472';
    const label = (key: string) => (key === 'left' || key === 'right' ? t(`reconcile.${key}Total`) : t(`reconcile.category.${key}`));
    return {
      grid: { left: 64, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: steps.map((s) => label(s.key)), axisLabel: { color: axisText, interval: 0, fontSize: 10, width: 56, overflow: 'break' } },
      yAxis: { type: 'value', min: bridgeAxisMin(steps), axisLabel: { color: axisText, formatter: axisNumber } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => fm(v) },
      series: [
        { type: 'bar', stack: 'w', silent: true, itemStyle: { color: 'transparent' }, data: steps.map((s) => s.base), tooltip: { show: false } },
        {
          type: 'bar', stack: 'w', name: result.period,
          data: steps.map((s, i) => ({
            value: s.value,
            itemStyle: { color: i === 0 || i === steps.length - 1 ? COLORS.total : s.sign < 0 ? COLORS.down : COLORS.up },
          })),
          label: {
            show: true, position: 'top', fontSize: 10, color: axisText,
            formatter: (p: { dataIndex: number; value: number }) => {
              const s = steps[p.dataIndex]!;
              return s.sign < 0 && p.dataIndex > 0 && p.dataIndex < steps.length - 1 ? `−${fm(s.value)}` : fm(s.value);
            },
          },
        },
      ],
    };
    // fm depends only on the locale
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result, dark, t, money]);

  const columns = useMemo((): ColDef<CustomerRow>[] => [
    { field: 'left_id', headerName: t('reconcile.leftId'), filter: 'agTextColumnFilter', flex: 1, minWidth: 100 },
    { field: 'right_id', headerName: t('reconcile.rightId'), filter: 'agTextColumnFilter', flex: 1, minWidth: 100 },
    { field: 'match', headerName: t('reconcile.match'), valueFormatter: (p) => (p.value ? t(`reconcile.rule.${p.value as string}`) : '—'), flex: 1, minWidth: 90 },
    { field: 'confidence', headerName: t('reconcile.confidence'), flex: 1, minWidth: 70, type: 'numericColumn', valueFormatter: (p) => (typeof p.value === 'number' ? axisNumber(p.value) : '') },
    { field: 'category', headerName: t('reconcile.categoryLabel'), valueFormatter: (p) => t(`reconcile.category.${p.value as string}`), flex: 1, minWidth: 90 },
    { field: 'left_mrr', headerName: t('reconcile.leftMrr'), type: 'numericColumn', filter: 'agNumberColumnFilter', valueFormatter: (p) => fm(p.value as number), flex: 1, minWidth: 90 },
    { field: 'right_mrr', headerName: t('reconcile.rightMrr'), type: 'numericColumn', filter: 'agNumberColumnFilter', valueFormatter: (p) => fm(p.value as number), flex: 1, minWidth: 90 },
    { field: 'difference', headerName: t('reconcile.difference'), type: 'numericColumn', filter: 'agNumberColumnFilter', valueFormatter: (p) => fm(p.value as number), flex: 1, minWidth: 90, sort: 'desc', comparator: (a: number, b: number) => Math.abs(a) - Math.abs(b) },
    // eslint-disable-next-line react-hooks/exhaustive-deps
  ], [t, money, axisNumber]);

  const exportWorkbook = () => {
    if (!request || !result) return;
    void workspace.exportReconciliation(request, `reconciliation ${result.period}.xlsx`);
  };

  if (!pair) return <p className="muted reconcile-empty" data-testid="reconcile-empty">{t('reconcile.needsTwo')}</p>;
  const tableSelect = (which: 'left' | 'right') => (
    <label>
      <span>{t(`reconcile.${which}`)}</span>
      <select value={pair[which]} data-testid={`reconcile-${which}`} onChange={(e) => { setPair({ ...pair, [which]: e.target.value }); setSelected(null); }}>
        {candidates.map((c) => <option key={c.name} value={c.name}>{tableLabel(c)} · {t(`dataset.${c.mapping!.entry.dataset}`)}</option>)}
      </select>
    </label>
  );
  const total = result ? { customers: result.bridge.reduce((a, b) => a + b.customers, 0) } : null;

  return (
    <section className="reconcile-panel" aria-label={t('reconcile.title')}>
      <form className="clv-controls" onSubmit={(e) => e.preventDefault()}>
        {tableSelect('left')}
        {tableSelect('right')}
        <label><span>{t('reconcile.asOf')}</span><CalendarDateInput value={asOf || result?.asOf || ''} calendar={state.controls.calendar} onChange={(iso) => setAsOf(iso ?? '')} testId="reconcile-asof" reference={state.analysis?.asOf} /></label>
        <label><span>{t('param.reconcile.tolerance.label')}</span><input type="number" min={0} step="0.01" value={tolerance} onChange={(e) => setTolerance(e.target.value)} data-testid="reconcile-tolerance" /></label>
        <label><span>{t('param.reconcile.timing_days.label')}</span><input type="number" min={0} max={366} step={1} value={timingDays} onChange={(e) => setTimingDays(e.target.value)} data-testid="reconcile-timing" /></label>
        <label><span>{t('param.reconcile.name_threshold.label')}</span><input type="number" min={0} max={1} step="0.05" value={threshold} onChange={(e) => setThreshold(e.target.value)} data-testid="reconcile-threshold" /></label>
        <button type="button" onClick={exportWorkbook} disabled={!result} data-testid="reconcile-export">{t('reconcile.export')}</button>
        {busy && <span className="muted small">{t('reconcile.computing')}</span>}
      </form>
      {error && <p role="alert" className="clv-error"><ProblemText problem={error} /></p>}
      {result && (
        <>
          <p className="reconcile-summary" data-testid="reconcile-summary">
            {t('reconcile.summary', { period: result.period, left: fm(result.left.mrr), right: fm(result.right.mrr), difference: fm(result.right.mrr - result.left.mrr) })}
          </p>
          {result.issues.length > 0 && (
            <ul className="reconcile-issues small">
              {result.issues.slice(0, 5).map((x, i) => {
                const message = result.issueMessages?.[i];
                return message ? <li key={i}><EngineMessage message={message} /></li> : <li key={i} data-engine-text>{x}</li>;
              })}
              {result.issues.length > 5 && <li>{t('reconcile.moreIssues', { count: result.issues.length - 5 })}</li>}
            </ul>
          )}
          <div className="reconcile-top">
            <table className="clv-variants reconcile-bridge" data-testid="reconcile-bridge">
              <thead><tr>
                <th scope="col">{t('reconcile.categoryLabel')}</th><th scope="col">{t('reconcile.customers')}</th>
                <th scope="col">{t('reconcile.leftMrr')}</th><th scope="col">{t('reconcile.rightMrr')}</th><th scope="col">{t('reconcile.difference')}</th>
              </tr></thead>
              <tbody>
                {result.bridge.map((b) => (
                  <tr key={b.category} data-category={b.category} className={category === b.category ? 'selected' : undefined}>
                    <th scope="row">
                      <button type="button" className="link-button" title={t('reconcile.drillHint')} onClick={() => { setCategory(category === b.category ? '' : b.category); setSelected(null); }}>
                        {t(`reconcile.category.${b.category}`)}
                      </button>
                    </th>
                    <td>{axisNumber(b.customers)}</td><td>{fm(b.left_mrr)}</td><td>{fm(b.right_mrr)}</td><td>{fm(b.difference)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot><tr data-category="total">
                <th scope="row">{t('reconcile.total')}</th><td>{axisNumber(total!.customers)}</td><td>{fm(result.left.mrr)}</td><td>{fm(result.right.mrr)}</td><td>{fm(result.right.mrr - result.left.mrr)}</td>
              </tr></tfoot>
            </table>
            {waterfall && (
              <div className="chart-card reconcile-chart">
                <EChart option={waterfall} label={t('reconcile.waterfall')} dark={dark} height={220}
                  onClick={(e) => { const c = RECONCILE_CATEGORIES.find((k) => t(`reconcile.category.${k}`) === e.name); if (c) setCategory(c); }} />
              </div>
            )}
          </div>
          <details className="reconcile-series">
            <summary>{t('reconcile.series', { count: result.series.length })}</summary>
            <table className="clv-variants" data-testid="reconcile-series">
              <thead><tr>
                <th scope="col">{t('reconcile.period')}</th><th scope="col">{t('reconcile.leftMrr')}</th><th scope="col">{t('reconcile.rightMrr')}</th><th scope="col">{t('reconcile.difference')}</th>
                {RECONCILE_CATEGORIES.filter((c) => c !== 'matched').map((c) => <th key={c} scope="col">{t(`reconcile.category.${c}`)}</th>)}
              </tr></thead>
              <tbody>{[...result.series].reverse().map((s) => (
                <tr key={s.period}>
                  <td>{s.period.slice(0, 7)}</td><td>{fm(s.left_mrr)}</td><td>{fm(s.right_mrr)}</td><td>{fm(s.difference)}</td>
                  {s.bridge.filter((b) => b.category !== 'matched').map((b) => <td key={b.category}>{fm(b.difference)}</td>)}
                </tr>
              ))}</tbody>
            </table>
          </details>
          <div className="reconcile-filters">
            <label><span>{t('reconcile.categoryLabel')}</span>
              <select value={category} onChange={(e) => { setCategory(e.target.value as ReconcileCategory | ''); setSelected(null); }} data-testid="reconcile-filter-category">
                <option value="">{t('reconcile.all')}</option>
                {RECONCILE_CATEGORIES.map((c) => <option key={c} value={c}>{t(`reconcile.category.${c}`)}</option>)}
              </select>
            </label>
            <label><span>{t('reconcile.match')}</span>
              <select value={rule} onChange={(e) => { setRule(e.target.value); setSelected(null); }} data-testid="reconcile-filter-rule">
                <option value="">{t('reconcile.all')}</option>
                {MATCH_RULES.map((r) => <option key={r} value={r}>{t(`reconcile.rule.${r}`)}</option>)}
                <option value="none">{t('reconcile.rule.none')}</option>
              </select>
            </label>
            <span className="muted small" data-testid="reconcile-count">{t('reconcile.shown', { shown: shown.length, total: rows.length })}</span>
            {manual.length > 0 && (
              <button type="button" className="link-button" onClick={() => onManualChange([])} data-testid="reconcile-clear-manual">{t('reconcile.clearManual', { count: manual.length })}</button>
            )}
          </div>
          <div className="reconcile-grid" data-testid="reconcile-customers">
            <AgGridReact<CustomerRow>
              theme={dark ? darkTheme : lightTheme}
              rowData={shown}
              columnDefs={columns}
              getRowId={(p) => String(p.data.index)}
              rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
              onRowClicked={(e: RowClickedEvent<CustomerRow>) => setSelected(e.data?.index ?? null)}
              enableRtl={i18n.dir() === 'rtl'}
            />
          </div>
          {current && (
            <CustomerDetail
              key={current.index}
              customer={current}
              rows={result.rows[current.index]!}
              tables={result.tables}
              result={result}
              onMatch={(m) => { onManualChange(withManual(manual, m)); setSelected(null); }}
              format={fm}
            />
          )}
        </>
      )}
    </section>
  );
}

/** One customer: its rows in both sources side by side, and matching it by hand. */
function CustomerDetail({ customer, rows, tables, result, onMatch, format }: {
  customer: CustomerRow; rows: { left: number[]; right: number[] }; tables: { left: string; right: string }; result: ReconcileResult;
  onMatch: (m: ManualMatchSpec) => void; format: (v: number) => string;
}) {
  const { t } = useTranslation();
  const { engine } = useWorkbench();
  const [pages, setPages] = useState<{ left: RowsPage | null; right: RowsPage | null }>({ left: null, right: null });
  const [pick, setPick] = useState('');
  const ref = useRef<HTMLElement>(null);
  // The rows open below the customer grid: bring them into view.
  useEffect(() => { ref.current?.scrollIntoView?.({ block: 'nearest' }); }, [pages]);
  useEffect(() => {
    let live = true;
    const page = (table: string, r: number[]) => (r.length === 0 ? Promise.resolve(null)
      : engine.getRows({ table, offset: 0, limit: SIDE_ROWS, filters: [{ column: '__row', kind: 'rows', rows: r }] }));
    void Promise.all([page(tables.left, rows.left), page(tables.right, rows.right)]).then(([left, right]) => { if (live) setPages({ left, right }); });
    return () => { live = false; };
  }, [engine, tables, rows]);
  // Counterparts a one-sided customer could be matched with: the other side's unmatched customers.
  const options = useMemo(() => {
    if (customer.left_id !== null && customer.right_id === null) return result.customers.filter((c) => c.left_id === null && c.right_id !== null).map((c) => c.right_id!);
    if (customer.right_id !== null && customer.left_id === null) return result.customers.filter((c) => c.right_id === null && c.left_id !== null).map((c) => c.left_id!);
    return [];
  }, [customer, result]);
  const side = (which: 'left' | 'right', page: RowsPage | null) => (
    <div className="reconcile-side" data-testid={`reconcile-rows-${which}`}>
      <h4 className="subhead">{t(`reconcile.${which}`)} · {(which === 'left' ? customer.left_id : customer.right_id) ?? '—'} · {format(which === 'left' ? customer.left_mrr : customer.right_mrr)}</h4>
      {page === null ? <p className="muted small">{t('reconcile.noRows')}</p> : (
        <div className="reconcile-side-scroll">
          <table className="clv-variants">
            <thead><tr>{page.columns.map((c) => <th key={c} scope="col">{c === '__row' ? '#' : c}</th>)}</tr></thead>
            <tbody>{page.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{v === null ? '' : String(v)}</td>)}</tr>)}</tbody>
          </table>
        </div>
      )}
    </div>
  );
  return (
    <section ref={ref} className="reconcile-detail" aria-label={t('reconcile.detail')} data-testid="reconcile-detail">
      <div className="reconcile-match">
        <strong>{t(`reconcile.category.${customer.category}`)}</strong>
        <span className="muted small">{customer.match ? t('reconcile.matchedBy', { rule: t(`reconcile.rule.${customer.match}`), confidence: customer.confidence ?? '' }) : t('reconcile.unmatched')}</span>
        {customer.left_id !== null && customer.right_id !== null && (
          <button type="button" onClick={() => onMatch({ leftId: customer.left_id!, rightId: null })} data-testid="reconcile-unmatch">{t('reconcile.unmatch')}</button>
        )}
        {options.length > 0 && (
          <>
            <select value={pick} onChange={(e) => setPick(e.target.value)} aria-label={t('reconcile.matchWith')} data-testid="reconcile-match-with">
              <option value="">{t('reconcile.matchWith')}</option>
              {options.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
            <button type="button" disabled={!pick} data-testid="reconcile-match"
              onClick={() => onMatch(customer.left_id !== null ? { leftId: customer.left_id, rightId: pick } : { leftId: pick, rightId: customer.right_id! })}>
              {t('reconcile.matchButton')}
            </button>
          </>
        )}
      </div>
      <div className="reconcile-sides">
        {side('left', pages.left)}
        {side('right', pages.right)}
      </div>
    </section>
  );
}
