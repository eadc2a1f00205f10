// Sources: each opened file with its tables (sheets), row counts, dataset and issue counts; the
// import progress with a cancel button; a file that failed says so here, by name.
import { useTranslation } from 'react-i18next';
import type { TableInfo } from '../../shared/types';
import { useWorkbench, type FileEntry } from '../state/store';
import { baseName } from '../lib/datasets';
import { counterparts } from '../lib/reconcile';
import { formatBytes, formatInteger } from '../../shared/format';
import { useLocaleTag } from '../i18n';
import { ProblemText } from './EngineMessage';

/** Encodings offered for a text file: the Unicode ones and the code pages our users' files come in. */
const ENCODING_CHOICES = [
  'utf-8', 'utf-16le', 'utf-16be', 'windows-874', 'windows-1256', 'iso-8859-6', 'big5', 'gb18030', 'shift_jis', 'euc-kr', 'windows-1252',
] as const;

interface SourceGroup { source: string; entry: FileEntry | null; tables: TableInfo[] }

function groupSources(files: FileEntry[], tables: TableInfo[]): SourceGroup[] {
  const groups = new Map<string, SourceGroup>();
  for (const f of files) groups.set(f.source, { source: f.source, entry: f, tables: [] });
  for (const t of tables) {
    // The web host names a file by its base name, Electron by its path: match either.
    const key = groups.has(t.source) ? t.source : [...groups.keys()].find((k) => baseName(k) === baseName(t.source)) ?? t.source;
    const g = groups.get(key) ?? { source: key, entry: null, tables: [] };
    g.tables.push(t);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** A delimited-text file is one table: shown as one line, not a file with a table under it. */
function isSingleTable(g: SourceGroup): boolean {
  return g.tables.length === 1 && g.tables[0]!.sheet == null;
}

export function SourcesSidebar({ onReconcile }: { onReconcile?: (table: string) => void } = {}) {
  const { t } = useTranslation();
  const { state, actions } = useWorkbench();
  const locale = useLocaleTag();
  const groups = groupSources(state.files, state.tables);
  const sourceErrors = state.errors.filter((e) => e.where === 'sources');

  return (
    <section className="panel sources" aria-labelledby="sources-title">
      <h2 id="sources-title" className="panel-title" tabIndex={-1}>{t('sources.title')}</h2>
      {sourceErrors.map((e) => (
        <div key={e.id} className="inline-error" role="alert">
          <ProblemText problem={e} />
          <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => actions.dismissError(e.id)}>×</button>
        </div>
      ))}
      {groups.length === 0 && <p className="muted">{t('sources.none')}</p>}
      <ul className="source-list">
        {groups.map((g) => (
          <li key={g.source} className={`source${isSingleTable(g) ? ' single' : ''}`}>
            {!isSingleTable(g) && (
              <div className="source-name" title={g.source}>
                <span className="file-icon" aria-hidden="true">▤</span>
                <span className="truncate">{baseName(g.source)}</span>
              </div>
            )}
            {g.entry?.status === 'importing' && (
              <div className="import-progress">
                <progress
                  max={1}
                  value={g.entry.progress?.fraction ?? undefined}
                  aria-label={t('sources.importing', { file: baseName(g.source) })}
                />
                <div className="import-progress-line">
                  <span className="muted small">
                    {g.entry.progress
                      ? t('sources.progress', {
                        phase: t(`sources.phase.${g.entry.progress.phase}`),
                        pct: Math.round(g.entry.progress.fraction * 100),
                        rows: formatInteger(g.entry.progress.rows, locale),
                        total: formatBytes(g.entry.progress.totalBytes, locale),
                      })
                      : t('sources.starting')}
                  </span>
                  <button type="button" className="link-button small" onClick={() => actions.cancelImport(g.entry!.id)}>
                    {t('common.cancel')}
                  </button>
                </div>
              </div>
            )}
            {g.entry?.status === 'cancelled' && (
              <p className="muted small dismissable">
                {t('sources.cancelled')}
                <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => actions.dismissFile(g.entry!.id)}>×</button>
              </p>
            )}
            {g.entry?.status === 'failed' && (
              <div className="inline-error" role="alert">
                <span className="dismissable">
                  <strong>{t('sources.failed', { file: baseName(g.source) })}</strong>
                  <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => actions.dismissFile(g.entry!.id)}>×</button>
                </span>
                {g.entry.error && <ProblemText problem={g.entry.error} />}
                {g.entry.failures.map((f, i) => <ProblemText key={i} problem={f} />)}
              </div>
            )}
            {g.entry?.status === 'done' && g.entry.failures.length > 0 && (
              <div className="inline-error" role="alert">
                {g.entry.failures.map((f, i) => (
                  <ProblemText key={i} problem={f} />
                ))}
              </div>
            )}
            {g.tables.length > 0 && (
              <ul className="table-list">
                {g.tables.map((tb) => {
                  const m = tb.mapping?.entry;
                  const issueCount = tb.issues.length + state.issues.filter((i) => i.table === tb.name).length;
                  const selected = state.grid?.table === tb.name;
                  return (
                    <li key={tb.name} className={`table-item${selected ? ' selected' : ''}`}>
                      <button
                        type="button"
                        className="table-button"
                        aria-current={selected ? 'true' : undefined}
                        onClick={() => actions.showTable(tb.name)}
                        title={tb.sheet ? `${tb.sheet}${tb.hiddenSheet ? ` (${t('sources.hidden')})` : ''}` : tb.name}
                      >
                        <span className="table-name truncate">
                          {isSingleTable(g) && <span className="file-icon" aria-hidden="true">▤ </span>}
                          {tb.sheet ?? baseName(g.source)}
                        </span>
                        <span className="table-meta">
                          <span className="muted small">{t('sources.rows', { count: tb.rowCount, n: formatInteger(tb.rowCount, locale) })}</span>
                          {m ? <span className="badge dataset">{t(`dataset.${m.dataset}`)}</span> : <span className="badge unmapped">{t('sources.unmapped')}</span>}
                          {issueCount > 0 && <span className="badge warn" title={t('sources.issuesHint')}>{t('sources.issues', { count: issueCount })}</span>}
                        </span>
                      </button>
                      {tb.sheet == null && tb.encoding !== 'xlsx' && actions.canReencode(tb.source) && (
                        <select
                          className="encoding-picker small"
                          data-testid="encoding-picker"
                          aria-label={t('sources.encoding', { file: baseName(tb.source) })}
                          title={t('sources.encodingHint')}
                          value={tb.encoding}
                          onChange={(e) => void actions.reencodeSource(tb.source, e.target.value)}
                        >
                          {[...new Set([tb.encoding, ...ENCODING_CHOICES])].map((enc) => <option key={enc} value={enc}>{enc}</option>)}
                        </select>
                      )}
                      {onReconcile && counterparts(state.tables, tb).length > 0 && (
                        <button type="button" className="icon-button reconcile-link" data-testid="reconcile-table" title={t('reconcile.withHint')}
                          aria-label={t('reconcile.with')} onClick={() => onReconcile(tb.name)}>⇄</button>
                      )}
                      <button type="button" className="icon-button remove" aria-label={t('sources.remove', { table: tb.sheet ?? tb.name })} onClick={() => void actions.removeTable(tb.name)}>×</button>
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
