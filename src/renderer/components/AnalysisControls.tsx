// As-of date, period, calendar and segment of the analysis (the toolbar), and what the KPIs are
// compared with (the KPI panel, next to the cards it changes). Changes recompute the KPIs in place.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CALENDARS, type PeriodKind } from '../../shared/types';
import { useWorkbench } from '../state/store';
import { useDateLabels } from '../i18n/useFormat';
import { CalendarDateInput } from './CalendarDateInput';
import type { ComparisonBasis } from '../lib/kpi';

const PERIODS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];

export function AnalysisControls() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const c = state.controls;
  const dates = useDateLabels();

  // Segment candidates: text columns of mapped tables (plan, country, channel, agent …), except
  // those holding identifiers or free text, which would give one segment per row.
  const segments = useMemo(() => {
    const out = new Set<string>();
    for (const table of state.tables) {
      const m = table.mapping?.entry;
      if (!m) continue;
      const notSegments = new Set(Object.entries(m.fields).filter(([f]) => /_id$|^comment$|^label$/.test(f)).map(([, col]) => col));
      for (const col of table.columns) if (col.type === 'text' && !notSegments.has(col.name)) out.add(col.name);
    }
    return [...out].sort((a, b) => a.localeCompare(b));
  }, [state.tables]);

  return (
    <div className="analysis-controls" role="group" aria-label={t('controls.label')}>
      <label>
        <span>{t('controls.asOf')}</span>
        {/* Shows the as-of date in effect (the latest in the data until one is chosen). */}
        <CalendarDateInput
          value={c.asOf ?? state.analysis?.dataAsOf ?? state.analysis?.asOf ?? ''}
          calendar={c.calendar}
          onChange={(asOf) => actions.setControls({ asOf })}
          title={c.asOf ? undefined : t('controls.asOfLatest', { date: state.analysis ? dates.date(state.analysis.asOf, c.calendar) : '' })}
          testId="control-asof"
        />
        {c.asOf && (
          <button type="button" className="link-button small" onClick={() => actions.setControls({ asOf: null })}>{t('controls.latest')}</button>
        )}
      </label>
      <label>
        <span>{t('controls.period')}</span>
        <select value={c.period} onChange={(e) => actions.setControls({ period: e.target.value as PeriodKind })} data-testid="control-period">
          {PERIODS.map((p) => <option key={p} value={p}>{t(`period.${p}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('controls.calendar')}</span>
        <select value={c.calendar} onChange={(e) => actions.setControls({ calendar: e.target.value as typeof c.calendar })} data-testid="control-calendar">
          {CALENDARS.map((cal) => <option key={cal} value={cal}>{t(`calendar.${cal}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('controls.segment')}</span>
        <select value={c.segment ?? ''} onChange={(e) => actions.setControls({ segment: e.target.value || null })} data-testid="control-segment">
          <option value="">{t('controls.noSegment')}</option>
          {segments.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
    </div>
  );
}

/** Previous period or last year, and the last complete period instead of a partial one. */
export function ComparisonControls() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const c = state.controls;
  return (
    <div className="comparison-controls" role="group" aria-label={t('controls.comparison')}>
      <label>
        <span>{t('controls.comparison')}</span>
        <select className="wide" value={c.comparison} onChange={(e) => actions.setControls({ comparison: e.target.value as ComparisonBasis })} data-testid="control-comparison">
          <option value="previous">{t('controls.comparePrevious')}</option>
          <option value="yoy">{t('controls.compareYoy')}</option>
          <option value="target">{t('controls.compareTarget')}</option>
        </select>
      </label>
      <label className="toggle" title={t('controls.lastCompleteHint')}>
        <input type="checkbox" checked={c.lastComplete} onChange={(e) => actions.setControls({ lastComplete: e.target.checked })} data-testid="control-last-complete" />
        <span>{t('controls.lastComplete')}</span>
      </label>
    </div>
  );
}
