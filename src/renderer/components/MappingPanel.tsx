// Mapping panel: the shown table's dataset and each field's column, with the engine's suggestions
// and their confidence; validation issues listed, each filtering the grid to its rows.
import { useTranslation } from 'react-i18next';
import { IssueMessage, useIssueParts } from './IssueMessage';
import type { DatasetId, Issue, SurveyKind, TableInfo, TableMapping } from '../../shared/types';
import { issueFilter, issuePlainText } from '../lib/issues';
import { CONFIDENT_SUGGESTION } from '../../shared/types';
import { useWorkbench } from '../state/store';
import { DATASETS, DATASET_BY_ID, missingFields } from '../../shared/catalog/datasets';
import { SURVEY_KINDS } from '../../shared/types';
import { ProblemText } from './EngineMessage';

function Confidence({ value }: { value: number }) {
  const { t } = useTranslation();
  const level = value >= CONFIDENT_SUGGESTION ? 'high' : value >= 0.4 ? 'medium' : 'low';
  return (
    <span className={`confidence ${level}`} title={t('mapping.confidenceHint')}>
      {t('mapping.confidence', { pct: Math.round(value * 100) })}
    </span>
  );
}

function IssueList({ table, issues }: { table: TableInfo; issues: Array<Issue & { fromImport: boolean }> }) {
  const { t } = useTranslation();
  const { actions } = useWorkbench();
  const partsOf = useIssueParts();
  if (issues.length === 0) return <p className="muted small">{t('mapping.noIssues')}</p>;
  return (
    <ul className="issue-list">
      {issues.map((issue, i) => {
        const parts = partsOf(issue);
        const label = issuePlainText(parts);
        const count = issue.count ?? issue.rows.length;
        const filter = issueFilter(issue, issue.fromImport);
        return (
          <li key={i} className={`issue ${issue.severity}`}>
            {filter ? (
              <button type="button" className="issue-button" onClick={() => actions.showFiltered(issue.table ?? table.name, filter, label)} title={t('mapping.showIssueRows')}>
                <span className="issue-sev" aria-hidden="true">{issue.severity === 'error' ? '⛔' : issue.severity === 'warning' ? '⚠' : 'ℹ'}</span>
                <span className="issue-text" data-testid="issue-text"><IssueMessage parts={parts} /></span>
                <span className="badge">{t('mapping.issueRows', { count })}</span>
              </button>
            ) : (
              <div className="issue-button static">
                <span className="issue-sev" aria-hidden="true">{issue.severity === 'error' ? '⛔' : issue.severity === 'warning' ? '⚠' : 'ℹ'}</span>
                <span className="issue-text" data-testid="issue-text"><IssueMessage parts={parts} /></span>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function MappingPanel() {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const table = state.grid ? state.tables.find((x) => x.name === state.grid!.table) : undefined;
  const mappingErrors = state.errors.filter((e) => e.where === 'mapping');

  if (!table) {
    return (
      <section className="panel mapping" data-testid="mapping-panel" aria-labelledby="mapping-title">
        <h2 id="mapping-title" className="panel-title" tabIndex={-1}>{t('mapping.title')}</h2>
        <p className="muted">{t('mapping.noTable')}</p>
      </section>
    );
  }

  const current: TableMapping | undefined = table.mapping?.entry;
  const suggestion = state.suggestions.find((s) => s.table === table.name);
  const dataset: DatasetId | null = current?.dataset ?? null;
  const def = dataset ? DATASET_BY_ID.get(dataset) : undefined;
  const fields = current?.fields ?? {};
  const missing = dataset ? missingFields(dataset, fields) : [];
  const issues = [
    ...table.issues.map((i) => ({ ...i, table: table.name, fromImport: true })),
    ...state.issues.filter((i) => i.table === table.name).map((i) => ({ ...i, fromImport: false })),
  ];

  // "Tickets (92 %)" for the suggested dataset and its alternatives, so the choice shows how sure each is.
  const optionLabel = (id: DatasetId) => {
    const pct = suggestion?.dataset === id ? suggestion.confidence : suggestion?.alternatives.find((a) => a.dataset === id)?.confidence;
    return pct == null ? t(`dataset.${id}`) : t('mapping.datasetWithPct', { dataset: t(`dataset.${id}`), pct: Math.round(pct * 100) });
  };

  const fieldSuggestion = (field: string) => (suggestion && suggestion.dataset === dataset ? suggestion.fields.find((f) => f.field === field) : undefined);

  const chooseDataset = (value: string) => {
    if (!value) { void actions.setTableMapping(table, null); return; }
    const ds = value as DatasetId;
    // Start from the engine's field suggestions for this dataset: the best guess's, or what the same
    // evidence fills for a dataset picked by hand.
    const filled = suggestion && suggestion.dataset === ds ? { fields: suggestion.fields, survey: suggestion.survey } : suggestion?.byDataset?.[ds];
    const suggested = Object.fromEntries((filled?.fields ?? []).map((f) => [f.field, f.column]));
    const survey: SurveyKind | undefined = ds === 'survey_responses' ? (filled?.survey ?? 'nps') : undefined;
    void actions.setTableMapping(table, { source: table.source, sheet: table.sheet, dataset: ds, fields: suggested, ...(survey ? { survey } : {}) });
  };

  const chooseField = (field: string, column: string) => {
    if (!current) return;
    const next = { ...current.fields };
    if (column) next[field] = column; else delete next[field];
    void actions.setTableMapping(table, { ...current, fields: next });
  };

  const chooseSurvey = (survey: SurveyKind) => {
    if (current) void actions.setTableMapping(table, { ...current, survey });
  };

  return (
    <section className="panel mapping" data-testid="mapping-panel" aria-labelledby="mapping-title">
      <h2 id="mapping-title" className="panel-title" tabIndex={-1}>{t('mapping.title')}</h2>
      {mappingErrors.map((e) => (
        <div key={e.id} className="inline-error" role="alert">
          <ProblemText problem={e} />
          <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => actions.dismissError(e.id)}>×</button>
        </div>
      ))}
      <div className="mapping-table-name truncate" title={table.source}>{table.sheet ?? table.name}</div>

      <label className="field-row">
        <span className="field-label">{t('mapping.dataset')}</span>
        <select value={dataset ?? ''} onChange={(e) => chooseDataset(e.target.value)} data-testid="mapping-dataset">
          <option value="">{t('mapping.notMapped')}</option>
          {DATASETS.map((d) => (
            <option key={d.id} value={d.id}>
              {optionLabel(d.id)}
            </option>
          ))}
        </select>
      </label>
      {suggestion?.dataset && (
        <p className="muted small suggestion-line">
          {t('mapping.suggestion', { dataset: t(`dataset.${suggestion.dataset}`) })} <Confidence value={suggestion.confidence} />
          {!current && (
            <button type="button" className="link-button small" onClick={() => chooseDataset(suggestion.dataset!)}>{t('mapping.apply')}</button>
          )}
        </p>
      )}
      {!suggestion?.dataset && !current && <p className="muted small">{t('mapping.noSuggestion')}</p>}

      {dataset === 'survey_responses' && (
        <label className="field-row">
          <span className="field-label">{t('mapping.surveyKind')}</span>
          <select value={current?.survey ?? 'nps'} onChange={(e) => chooseSurvey(e.target.value as SurveyKind)}>
            {SURVEY_KINDS.map((k) => <option key={k} value={k}>{t(`survey.${k}`)}</option>)}
          </select>
        </label>
      )}

      {def && (
        <div className="field-list" role="group" aria-label={t('mapping.fields')}>
          {def.fields.map((f) => {
            const s = fieldSuggestion(f.id);
            const value = fields[f.id] ?? '';
            return (
              <div key={f.id} className="field-row">
                <label className="field-label" htmlFor={`map-${f.id}`}>
                  {t(`field.${f.id}`)}{f.required && <span className="required" title={t('mapping.required')}> *</span>}
                </label>
                <div className="field-control">
                  <select id={`map-${f.id}`} value={value} onChange={(e) => chooseField(f.id, e.target.value)} data-testid={`mapping-field-${f.id}`}>
                    <option value="">{t('mapping.noColumn')}</option>
                    {/* The engine may map a field to an expression of columns (Quantity * UnitPrice). */}
                    {value && !table.columns.some((c) => c.name === value) && <option value={value}>{t('mapping.expression', { expr: value })}</option>}
                    {table.columns.map((c) => (
                      <option key={c.sqlName} value={c.name}>{c.name} ({t(`columnType.${c.type}`)})</option>
                    ))}
                  </select>
                  {s && (
                    <span className="field-suggestion small" title={s.reason}>
                      {s.column === value ? '✓' : t('mapping.suggestedColumn', { column: s.column })} <Confidence value={s.confidence} />
                    </span>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
      {missing.length > 0 && (
        <p className="inline-warning small" role="status">{t('mapping.missing', { fields: missing.map((m) => m.split(' | ').map((x) => t(`field.${x}`)).join(t('common.or'))).join(', ') })}</p>
      )}

      <h3 className="subhead">{t('mapping.issues')}</h3>
      <IssueList table={table} issues={issues} />
    </section>
  );
}
