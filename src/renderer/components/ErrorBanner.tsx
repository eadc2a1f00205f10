// Errors that belong to no panel (the engine connection, an unexpected failure), in plain words.
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../state/store';
import { useProblemText } from './EngineMessage';

export function ErrorBanner() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const problemText = useProblemText();
  const errors = state.errors.filter((e) => e.where === 'app' || e.where === 'grid');
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="error-line">
          <span>{t(`error.${e.where}`, { message: problemText(e) })}</span>
          <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => actions.dismissError(e.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
