// The formula, variant, SQL, benchmark and notes behind a metric. Keyboard accessible: opened by
// its button, focus moves in, Esc (or a click outside) closes it and gives focus back.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricResult } from '../../shared/types';
import { useWorkbench } from '../state/store';
import { useDateLabels } from '../i18n/useFormat';
import { fromTargetInput, toTargetInput } from '../lib/targets';
import { variantLabel } from '../lib/kpi';
import { foldSearchText, guideTermsOf } from '../../shared/i18n/guideTerms';
import { useLocaleTag } from '../i18n';
import { EngineMessage, NoteText, useEngineText } from './EngineMessage';
import { statMessage, statValueMessages } from '../../shared/i18n/stats';

/**
 * The metric's target for the shown period, typed in the unit people read (5 for 5 %, hours for
 * durations); Enter or Set saves it in the workspace, Clear removes it.
 */
function TargetEditor({ metric }: { metric: MetricResult }) {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const dates = useDateLabels();
  const calendar = state.analysis?.calendar ?? 'gregorian';
  const own = state.controls.targets.find((x) => x.metric === metric.id && x.period === metric.period && x.calendar === calendar && x.segment == null);
  const current = own?.value ?? metric.target?.value ?? null;
  const [text, setText] = useState(current == null ? '' : toTargetInput(current, metric.unit));
  const value = fromTargetInput(text, metric.unit);
  const invalid = text.trim() !== '' && value == null;
  const slot = { metric: metric.id, period: metric.period, calendar, segment: null };
  const save = () => { if (!invalid) actions.setTarget(slot, text.trim() === '' ? null : value); };
  const unitHint = metric.unit === 'ratio' ? t('kpi.targetInPercent') : metric.unit === 'duration' ? t('kpi.targetInHours') : '';
  return (
    <div className="target-editor">
      <label>
        <span>{t('kpi.targetFor', { period: dates.period(metric.period, calendar) })}{unitHint && <span className="muted"> ({unitHint})</span>}</span>
        <input type="text" inputMode="decimal" dir="ltr" value={text} aria-invalid={invalid} data-testid="target-input"
          onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); save(); } }} />
      </label>
      <button type="button" onClick={save} disabled={invalid} data-testid="target-set">{t('kpi.targetSet')}</button>
      {own && <button type="button" className="link-button" onClick={() => { setText(''); actions.setTarget(slot, null); }} data-testid="target-clear">{t('kpi.targetClear')}</button>}
      {invalid && <span className="inline-warning small" role="alert">{t('kpi.targetInvalid')}</span>}
      {!own && metric.target && metric.target.source !== 'workspace' && <span className="muted small">{t('kpi.targetFromTable', { table: metric.target.source })}</span>}
    </div>
  );
}

export function FormulaPopover({ metric, top, anchor, onClose, returnFocus }: {
  metric: MetricResult; top: number; anchor: RefObject<HTMLElement | null>; onClose: () => void; returnFocus: () => void;
}) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { e.stopPropagation(); onClose(); returnFocus(); }
    };
    const onPointer = (e: PointerEvent) => {
      // A click on the opening button toggles the popover there; anything else outside closes it.
      const target = e.target as Node;
      if (ref.current && !ref.current.contains(target) && !anchor.current?.contains(target)) onClose();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [onClose, returnFocus, anchor]);

  const locale = useLocaleTag();
  // The guides' own terms in the UI language, when they differ from our label (a reader of the guide finds it).
  const ownLabel = t(`metric.${metric.id}`, { defaultValue: metric.label });
  const guideTerms = guideTermsOf(metric.id, i18n.language).filter((x) => foldSearchText(x) !== foldSearchText(ownLabel));
  const stats = Object.entries(metric.stats ?? {}).filter(([, v]) => v != null);
  return (
    <div ref={ref} className="popover" style={{ insetBlockStart: top }} role="dialog" aria-label={t('kpi.detailsOf', { metric: t(`metric.${metric.id}`, { defaultValue: metric.label }) })} tabIndex={-1} data-testid="formula-popover">
      <div className="popover-head">
        <strong>{t(`metric.${metric.id}`, { defaultValue: metric.label })}</strong>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => { onClose(); returnFocus(); }}>×</button>
      </div>
      <dl className="popover-body">
        <dt>{t('kpi.formula')}</dt>
        {/* Formula, benchmark and the notes given as messages are localized from the resource files; other notes are the engine's English text (data-engine-text). */}
        <dd dir={metric.formulaMessage ? undefined : 'auto'} data-testid="formula-text">{metric.formulaMessage ? <EngineMessage message={metric.formulaMessage} />
          : metric.formula ? <span data-engine-text>{metric.formula}</span> : t('kpi.none')}</dd>
        <dt>{t('kpi.variant')}</dt>
        <dd dir="auto">{metric.variant ? variantLabel(t, metric.variant) : t('kpi.noVariant')}</dd>
        {guideTerms.length > 0 && (<><dt>{t('kpi.guideTerms')}</dt><dd dir="auto" data-testid="guide-terms">{guideTerms.join(' · ')}</dd></>)}
        {metric.benchmark && (<><dt>{t('kpi.benchmark')}</dt>{metric.benchmark.message
          ? <dd data-testid="benchmark-text"><EngineMessage message={metric.benchmark.message} /></dd>
          : <dd dir="auto" data-engine-text>{metric.benchmark.text}</dd>}</>)}
        {metric.unit !== 'table' && metric.status === 'ok' && (<><dt>{t('kpi.target')}</dt><dd><TargetEditor metric={metric} /></dd></>)}
        {stats.length > 0 && (
          <>
            <dt>{t('kpi.stats')}</dt>
            <dd className="stats" data-testid="stats">{stats.map(([k, v]) => (
              <span key={k} title={k}><span className="stat-name"><EngineMessage message={statMessage(k)} /></span>{' '}
                <bdi>{typeof v === 'number' ? new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(v) : typeof v === 'string' ? <StatValue stat={k} value={v} /> : v}</bdi></span>))}</dd>
          </>
        )}
        {metric.notes && metric.notes.length > 0 && (<><dt>{t('kpi.notes')}</dt><dd><ul className="notes" data-testid="notes">{metric.notes.map((n, i) => (metric.noteMessages?.[i]
          ? <li key={i}><NoteText note={n} message={metric.noteMessages[i]} /></li>
          : <li key={i} dir="auto"><NoteText note={n} /></li>))}</ul></dd></>)}
        {/* Text from the engine may be English in a Persian page: dir="auto" lays each out by its own script; SQL is always left to right. */}
        <dt>{t('kpi.sql')}</dt>
        <dd><pre className="sql" dir="ltr" tabIndex={0}>{metric.sql || t('kpi.none')}</pre></dd>
      </dl>
    </div>
  );
}

/** A stat's text value: a code in the UI language (a list joined the language's way), a value from the data as it is. */
function StatValue({ stat, value }: { stat: string; value: string }) {
  const { i18n } = useTranslation();
  const engineText = useEngineText();
  const locale = useLocaleTag();
  const messages = statValueMessages(stat, value, (key) => (i18n.exists(key) ? key : undefined));
  if (!messages) return <>{value}</>;
  return <>{new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format(messages.map(engineText))}</>;
}

