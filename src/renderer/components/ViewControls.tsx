// The saved-view menu of the toolbar: every KPI, the four presets (support, customer success,
// finance, executive) and the user's own views; "Save view" keeps the cards shown with the current
// period, calendar, segment and comparison under a name; a user view can be deleted.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/store';
import { findView, PRESET_VIEWS, type SavedView } from '../../shared/views';
import type { MetricResult } from '../../shared/types';

/** A view's name in the UI language (presets are translated, user views keep their name). */
export function viewName(view: SavedView, t: (key: string) => string): string {
  return view.name ?? t(`view.preset.${view.id}`);
}

/** The cards a view shows, in its order; without a view, every metric of the analysis. */
export function metricsOfView(metrics: readonly MetricResult[], view: SavedView | null): MetricResult[] {
  if (!view) return [...metrics];
  const byId = new Map(metrics.map((m) => [m.id, m]));
  return view.metrics.flatMap((id) => byId.get(id) ?? []);
}

export function ViewControls() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const c = state.controls;
  const view = findView(c.view, c.views);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => { if (naming) nameInput.current?.focus(); }, [naming]);

  const save = () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    // The cards shown now: the view's, or every KPI the data can compute.
    const shown = view ? view.metrics : (state.analysis?.metrics ?? []).filter((m) => m.status !== 'missing_inputs').map((m) => m.id);
    actions.saveViewAs(trimmed, shown);
    setNaming(false);
    setName('');
  };

  return (
    <div className="view-controls" role="group" aria-label={t('view.label')}>
      <label>
        <span>{t('view.label')}</span>
        <select value={view?.id ?? ''} onChange={(e) => actions.chooseView(e.target.value || null)} data-testid="view-menu">
          <option value="">{t('view.all')}</option>
          <optgroup label={t('view.presets')}>
            {PRESET_VIEWS.map((v) => <option key={v.id} value={v.id}>{viewName(v, t)}</option>)}
          </optgroup>
          {c.views.length > 0 && (
            <optgroup label={t('view.mine')}>
              {c.views.map((v) => <option key={v.id} value={v.id}>{viewName(v, t)}</option>)}
            </optgroup>
          )}
        </select>
      </label>
      {!naming && (
        <button type="button" className="icon-button" onClick={() => setNaming(true)} title={t('view.save')} aria-label={t('view.save')} data-testid="save-view">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2.5h8l2.5 2.5v8.5h-10.5z" fill="none" stroke="currentColor" strokeWidth="1.3" /><path d="M5.5 2.5v3h5v-3M5.5 13.5v-4h5v4" fill="none" stroke="currentColor" strokeWidth="1.1" /></svg>
        </button>
      )}
      {naming && (
        <form className="view-name" onSubmit={(e) => { e.preventDefault(); save(); }} onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setNaming(false); } }}>
          <input ref={nameInput} type="text" value={name} maxLength={200} placeholder={t('view.namePlaceholder')} aria-label={t('view.name')}
            onChange={(e) => setName(e.target.value)} data-testid="view-name" />
          <button type="submit" disabled={!name.trim()} data-testid="view-name-save">{t('view.saveShort')}</button>
          <button type="button" className="link-button" onClick={() => setNaming(false)}>{t('common.cancel')}</button>
        </form>
      )}
      {view && c.views.some((v) => v.id === view.id) && !naming && (
        <button type="button" className="icon-button" onClick={() => actions.deleteView(view.id)} title={t('view.delete', { name: viewName(view, t) })}
          aria-label={t('view.delete', { name: viewName(view, t) })} data-testid="delete-view">×</button>
      )}
    </div>
  );
}
