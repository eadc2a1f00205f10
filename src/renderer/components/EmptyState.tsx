// The first screen: what to do first, and a one-click sample workspace.
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/store';
import { ProblemText } from './EngineMessage';

export function EmptyState({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const errors = state.errors.filter((e) => e.where === 'sources');
  return (
    <div className="empty-state">
      <div className="empty-card">
        <h1>{t('empty.title')}</h1>
        <p>{t('empty.lead')}</p>
        <ol className="steps">
          <li>{t('empty.step1')}</li>
          <li>{t('empty.step2')}</li>
          <li>{t('empty.step3')}</li>
        </ol>
        <div className="empty-actions">
          <button type="button" className="primary" onClick={onOpen}>{t('toolbar.open')}</button>
          <button type="button" onClick={() => void actions.openSample()} disabled={state.sampleLoading} data-testid="try-sample">
            {state.sampleLoading ? t('empty.sampleLoading') : t('empty.sample')}
          </button>
        </div>
        <p className="muted small">{t('empty.formats')}</p>
        {state.files.filter((f) => f.status === 'cancelled').map((f) => (
          <p key={f.id} className="muted small" role="status">{t('empty.cancelled', { file: f.source })}</p>
        ))}
        {errors.map((e) => <p key={e.id} className="inline-error" role="alert"><ProblemText problem={e} /></p>)}
      </div>
    </div>
  );
}
