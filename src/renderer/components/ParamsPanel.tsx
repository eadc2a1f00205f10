// Parameter editors (variants, thresholds, targets — METRICS.md §3), grouped, in a collapsible
// section. Parameters a computed metric reads are listed first; values apply as they change.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/store';
import { PARAMS, PARAM_GROUPS, type ParamDef } from '../../shared/catalog/params';
import { changedParams, paramValue, secondsToUnit, unitToSeconds } from '../lib/params';
import { useNumberText } from '../i18n/useFormat';
import { CalendarDateInput } from './CalendarDateInput';
import { useLocaleTag } from '../i18n';
import { latinDigits } from '../../shared/digits';

/** A number input that applies on blur/Enter, so typing "12" does not compute with "1" first. */
function NumberInput({ id, value, onCommit, min, max, step, nullable }: {
  id: string; value: number | null; onCommit: (v: number | null) => void; min?: number; max?: number; step?: number; nullable?: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocaleTag();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Text, not type=number: a number box shows the browser's digits, not the UI's (۱۰۰, not 100).
  const format = useMemo(() => new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 10 }), [locale]);
  const shown = draft ?? (value == null ? '' : format.format(value));
  const parse = (text: string): number => Number(latinDigits(text.trim()).replace(/[\u066b,]/g, '.').replace(/\u2212/g, '-'));
  // Arrow steps stay in range (and off float noise: 0.1 + 0.2).
  const clamp = (n: number) => Math.round(Math.min(max ?? Infinity, Math.max(min ?? -Infinity, n)) * 1e9) / 1e9;
  const commit = () => {
    if (draft == null) return;
    const trimmed = draft.trim();
    if (trimmed === '') { setDraft(null); setError(null); if (nullable) onCommit(null); return; }
    const n = parse(trimmed);
    // Refused here, in the UI's words, what the engine would refuse: the text stays for correcting.
    if (!Number.isFinite(n)) { setError(t('params.notANumber')); return; }
    if (n < (min ?? -Infinity) || n > (max ?? Infinity)) {
      setError(t('params.outOfRange', { min: min === undefined ? '−∞' : format.format(min), max: max === undefined ? '∞' : format.format(max) }));
      return;
    }
    setDraft(null);
    setError(null);
    onCommit(n);
  };
  return (
    <span className="number-input">
    <input
      id={id}
      type="text"
      inputMode="decimal"
      className="number-box"
      value={shown}
      aria-invalid={error != null}
      placeholder={nullable ? t('params.auto') : undefined}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') { setDraft(null); setError(null); }
        // Arrow keys step the value, as a number box would.
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          const current = draft != null ? parse(draft) : value ?? 0;
          if (!Number.isFinite(current)) return;
          setDraft(null);
          setError(null);
          onCommit(clamp(current + (e.key === 'ArrowUp' ? 1 : -1) * (step ?? 1)));
        }
      }}
    />
    {error && <span className="inline-error small" role="alert">{error}</span>}
    </span>
  );
}

/** JSON text applied on blur when it parses; otherwise the mistake is said and nothing changes. */
function JsonInput({ id, value, onCommit }: { id: string; value: unknown; onCommit: (v: unknown) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft == null) return;
    try {
      onCommit(JSON.parse(draft));
      setDraft(null);
      setError(null);
    } catch (err) {
      setError(t('params.badJson', { message: err instanceof Error ? err.message : String(err) }));
    }
  };
  return (
    <span className="json-input">
      <textarea id={id} rows={3} spellCheck={false} value={draft ?? JSON.stringify(value ?? [], null, 1)} onChange={(e) => setDraft(e.target.value)} onBlur={commit} aria-invalid={error != null} />
      {error && <span className="inline-error small" role="alert">{error}</span>}
    </span>
  );
}

function ParamEditor({ p }: { p: ParamDef }) {
  const { t } = useTranslation();
  const number = useNumberText();
  const { state, actions } = useWorkbench();
  const value = paramValue(state.controls.params, p.id);
  const inputId = `param-${p.id.replace(/\W/g, '-')}`;
  const set = (v: unknown) => actions.setParam(p.id, v);
  const e = p.editor;
  // A survey scale ("1-10") in the UI's digits, with an en dash.
  const rangeText = (o: string) => o.split('-').map((n) => number(Number(n))).join('–');
  let control: React.ReactNode;
  switch (e.kind) {
    case 'choice':
      control = (
        <select id={inputId} value={String(value)} onChange={(ev) => set(ev.target.value)}>
          {e.options.map((o) => <option key={o} value={o}>{/^\d+-\d+$/.test(o) ? rangeText(o) : t(`paramOption.${p.id}.${o}`, { defaultValue: t(`variant.${o}`, { defaultValue: o }) })}</option>)}
        </select>
      );
      break;
    case 'boolean':
      control = <input id={inputId} type="checkbox" checked={value === true} onChange={(ev) => set(ev.target.checked)} />;
      break;
    case 'date':
      // Cleared = null: the parameter's stated default (for customers.snapshot_date, the file's date).
      // In the chosen calendar, as the as-of picker; unset, it offers the analysis' as-of date to start from.
      control = typeof value === 'string' && value !== ''
        ? (<span className="param-date">
            <CalendarDateInput value={value} calendar={state.controls.calendar} onChange={(iso) => set(iso)} testId={inputId} />
            <button type="button" className="link-button small" onClick={() => set(null)}>{t('params.auto')}</button>
          </span>)
        : (<button type="button" id={inputId} className="link-button small" data-testid={inputId} disabled={!state.analysis}
            onClick={() => state.analysis && set(state.analysis.asOf)}>{t('params.auto')} · {t('params.setDate')}</button>);
      break;
    case 'number':
      control = <NumberInput id={inputId} value={typeof value === 'number' ? value : null} onCommit={set} min={e.min} max={e.max} step={e.step} nullable={e.nullable} />;
      break;
    case 'percent':
      control = (
        <span className="with-unit">
          <NumberInput id={inputId} value={typeof value === 'number' ? Math.round(value * 1000) / 10 : null} onCommit={(v) => v != null && set(v / 100)} min={0} max={100} />
          <span className="muted">%</span>
        </span>
      );
      break;
    case 'duration':
      control = (
        <span className="with-unit">
          <NumberInput id={inputId} value={typeof value === 'number' ? secondsToUnit(value, e.unit) : null} onCommit={(v) => v != null && set(unitToSeconds(v, e.unit))} min={0} />
          <span className="muted">{t(`params.unit.${e.unit}`)}</span>
        </span>
      );
      break;
    case 'numbers': {
      const obj = (value ?? {}) as Record<string, number>;
      control = (
        <span className="numbers">
          {e.keys.map((k) => (
            <label key={k} className="number-key">
              <span className="muted small">{t(`paramKey.${p.id}.${k}`, { defaultValue: k })}</span>
              <NumberInput id={`${inputId}-${k}`} value={typeof obj[k] === 'number' ? obj[k]! : null} onCommit={(v) => v != null && set({ ...obj, [k]: v })} min={0} max={100} />
            </label>
          ))}
        </span>
      );
      break;
    }
    case 'thresholds': {
      const obj = (value ?? {}) as Record<string, { bad: number; good: number }>;
      control = (
        <span className="thresholds">
          {e.keys.map((k) => (
            <span key={k} className="threshold-row">
              <span className="muted small">{t(`paramKey.health.weights.${k}`, { defaultValue: k })}</span>
              {(['bad', 'good'] as const).map((end) => (
                <label key={end} className="threshold-end">
                  <span className="visually-hidden">{t(`params.${end}`)}</span>
                  <NumberInput
                    id={`${inputId}-${k}-${end}`}
                    value={typeof obj[k]?.[end] === 'number' ? obj[k]![end] : null}
                    onCommit={(v) => v != null && set({ ...obj, [k]: { ...(obj[k] ?? { bad: 0, good: 0 }), [end]: v } })}
                  />
                </label>
              ))}
            </span>
          ))}
          <span className="threshold-row muted small"><span /><span>{t('params.bad')}</span><span>{t('params.good')}</span></span>
        </span>
      );
      break;
    }
    case 'json':
      control = <JsonInput id={inputId} value={value} onCommit={set} />;
      break;
  }
  return (
    <div className={`param-row${e.kind === 'thresholds' || e.kind === 'json' ? ' wide' : ''}`} data-testid={`param-${p.id}`}>
      <label className="param-label" htmlFor={e.kind === 'numbers' || e.kind === 'thresholds' ? undefined : inputId} title={t(`param.${p.id}.help`)}>{t(`param.${p.id}.label`)}</label>
      <div className="param-control">{control}</div>
    </div>
  );
}

export function ParamsPanel() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const changed = Object.keys(changedParams(state.controls.params)).length;
  return (
    <details className="params">
      <summary>
        {t('params.title')}
        {changed > 0 && <span className="badge">{t('params.changed', { count: changed })}</span>}
      </summary>
      {changed > 0 && (
        <button type="button" className="link-button small" onClick={() => actions.setControls({ params: {} })}>{t('params.reset')}</button>
      )}
      {PARAM_GROUPS.map((g) => (
        <fieldset key={g} className="param-group">
          <legend>{t(`paramGroup.${g}`)}</legend>
          {PARAMS.filter((p) => p.group === g).map((p) => <ParamEditor key={p.id} p={p} />)}
        </fieldset>
      ))}
    </details>
  );
}
