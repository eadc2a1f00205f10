// The formula, variant, SQL, benchmark and notes behind a metric. Keyboard accessible: opened by
// its button, focus moves in, Esc (or a click outside) closes it and gives focus back.
import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricResult } from '../../shared/types';

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

  const stats = Object.entries(metric.stats ?? {}).filter(([, v]) => v != null);
  return (
    <div ref={ref} className="popover" style={{ insetBlockStart: top }} role="dialog" aria-label={t('kpi.detailsOf', { metric: t(`metric.${metric.id}`, { defaultValue: metric.label }) })} tabIndex={-1} data-testid="formula-popover">
      <div className="popover-head">
        <strong>{t(`metric.${metric.id}`, { defaultValue: metric.label })}</strong>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => { onClose(); returnFocus(); }}>×</button>
      </div>
      <dl className="popover-body">
        <dt>{t('kpi.formula')}</dt>
        <dd dir="auto">{metric.formula || t('kpi.none')}</dd>
        <dt>{t('kpi.variant')}</dt>
        <dd dir="auto">{metric.variant ? t(`variant.${metric.variant}`, { defaultValue: metric.variant }) : t('kpi.noVariant')}</dd>
        {metric.benchmark && (<><dt>{t('kpi.benchmark')}</dt><dd dir="auto">{metric.benchmark.text}</dd></>)}
        {stats.length > 0 && (
          <>
            <dt>{t('kpi.stats')}</dt>
            <dd className="stats">{stats.map(([k, v]) => <span key={k}><code>{k}</code> {typeof v === 'number' ? new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 4 }).format(v) : v}</span>)}</dd>
          </>
        )}
        {metric.notes && metric.notes.length > 0 && (<><dt>{t('kpi.notes')}</dt><dd><ul className="notes">{metric.notes.map((n, i) => <li key={i} dir="auto">{n}</li>)}</ul></dd></>)}
        {/* Text from the engine may be English in a Persian page: dir="auto" lays each out by its own script; SQL is always left to right. */}
        <dt>{t('kpi.sql')}</dt>
        <dd><pre className="sql" dir="ltr" tabIndex={0}>{metric.sql || t('kpi.none')}</pre></dd>
      </dl>
    </div>
  );
}
