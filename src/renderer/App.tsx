// The workbench layout: toolbar with the analysis controls; sources and mapping on one side, the
// grid (or charts) in the middle, the KPI cards on the other side. Logical CSS properties only,
// so the whole layout mirrors under dir="rtl".
import { useCallback, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ALTERNATE_DIGITS, LANGUAGES, LANGUAGE_NAMES, matchLanguage, setDigits, setLanguage, useDigits, type DigitsChoice } from './i18n';
import { useWorkbench } from './state/store';
import { useWorkspace } from './state/workspace';
import { AnalysisControls } from './components/AnalysisControls';
import { SourcesSidebar } from './components/SourcesSidebar';
import { MappingPanel } from './components/MappingPanel';
import { DataGrid } from './components/DataGrid';
import { KpiPanel } from './components/KpiPanel';
import { Charts } from './components/Charts';
import { ClvPanel } from './components/ClvPanel';
import { ReconcilePanel } from './components/ReconcilePanel';
import { EmptyState } from './components/EmptyState';
import { ErrorBanner } from './components/ErrorBanner';
import { RecoveryPrompt, SourcesPrompt, WorkspaceDialogs, WorkspaceStatus, WorkspaceToolbar } from './components/WorkspaceActions';

type CenterTab = 'data' | 'charts' | 'clv' | 'reconcile';
type SidePanel = 'sources' | 'kpis';

const PANELS_KEY = 'kpiw.panels';

/** Which side panels are collapsed, remembered across sessions (a small screen keeps them closed). */
function usePanels(): [Record<SidePanel, boolean>, (panel: SidePanel, open: boolean) => void] {
  const [open, setOpen] = useState<Record<SidePanel, boolean>>(() => {
    try {
      const saved = JSON.parse(globalThis.localStorage?.getItem(PANELS_KEY) ?? '{}') as Partial<Record<SidePanel, unknown>>;
      return { sources: saved.sources !== false, kpis: saved.kpis !== false };
    } catch { return { sources: true, kpis: true }; }
  });
  const set = useCallback((panel: SidePanel, value: boolean) => {
    setOpen((prev) => {
      const next = { ...prev, [panel]: value };
      try { globalThis.localStorage?.setItem(PANELS_KEY, JSON.stringify(next)); } catch { /* not remembered */ }
      return next;
    });
  }, []);
  return [open, set];
}

/** Moves focus to a skip-link target once React has rendered it (an expanded panel appears a frame later). */
function focusSoon(id: string): void {
  requestAnimationFrame(() => {
    if (id === 'grid-region') window.dispatchEvent(new Event('kpiw:focus-grid'));
    else document.getElementById(id)?.focus();
  });
}

export function App() {
  const { t, i18n } = useTranslation();
  const digits = useDigits();
  const language = matchLanguage(i18n.language) ?? 'en';
  const languageChoice = digits !== 'auto' && ALTERNATE_DIGITS[language]?.choice === digits ? `${language}:${digits}` : language;
  const { state, actions } = useWorkbench();
  const { actions: workspace } = useWorkspace();
  const fileInput = useRef<HTMLInputElement>(null);
  const [tab, setTab] = useState<CenterTab>('data');
  const [clvOpened, setClvOpened] = useState(false);
  if (tab === 'clv' && !clvOpened) setClvOpened(true);
  const [dragging, setDragging] = useState(false);
  const [panels, setPanel] = usePanels();
  // The reconciliation's right side picked with "Reconcile…" in the sources.
  const [reconcileRight, setReconcileRight] = useState<string | null>(null);
  const empty = state.tables.length === 0 && !state.files.some((f) => f.status === 'importing' || f.status === 'failed');

  const openPicker = () => fileInput.current?.click();
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    // A dropped workspace opens as a workspace; data files are imported.
    const workspaceFile = files.find((f) => f.name.toLowerCase().endsWith('.kpiw'));
    const dataFiles = files.filter((f) => f !== workspaceFile);
    if (workspaceFile) void workspace.open(workspaceFile);
    else if (dataFiles.length) void actions.openFiles(dataFiles);
  };

  const skipTo = (id: string, panel?: SidePanel, center?: CenterTab) => (e: React.MouseEvent) => {
    e.preventDefault();
    if (panel) setPanel(panel, true);
    if (center) setTab(center);
    focusSoon(id);
  };
  const panelToggle = (panel: SidePanel, label: string) => (
    <button
      type="button"
      className="icon-button panel-toggle"
      aria-expanded={panels[panel]}
      aria-controls={`panel-${panel}`}
      aria-label={label}
      title={label}
      data-testid={`toggle-${panel}`}
      onClick={() => setPanel(panel, !panels[panel])}
    >
      {/* Points to where the panel goes: logical, so it mirrors under dir="rtl" via CSS. */}
      <span aria-hidden="true" className={`chevron ${panel}${panels[panel] ? ' open' : ''}`}>‹</span>
    </button>
  );

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => { if (e.dataTransfer.types.includes('Files')) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDrop={onDrop}
    >
      {!empty && (
        <nav className="skip-links" aria-label={t('skip.label')}>
          <a href="#grid-region" onClick={skipTo('grid-region', undefined, 'data')}>{t('skip.grid')}</a>
          <a href="#kpi-title" onClick={skipTo('kpi-title', 'kpis')}>{t('skip.kpis')}</a>
          <a href="#mapping-title" onClick={skipTo('mapping-title', 'sources')}>{t('skip.mapping')}</a>
          <a href="#sources-title" onClick={skipTo('sources-title', 'sources')}>{t('skip.sources')}</a>
        </nav>
      )}
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        {!empty && <button type="button" className="primary" onClick={openPicker}>{t('toolbar.open')}</button>}
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".csv,.tsv,.txt,.xlsx,.xlsm,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="visually-hidden"
          data-testid="open-file-input"
          aria-label={t('toolbar.open')}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = ''; // the same file can be opened again
            if (files.length) void actions.openFiles(files);
          }}
        />
        {/* Workspace files, exports and the sample data: one menu, so the toolbar keeps one row. */}
        <WorkspaceToolbar empty={empty} />
        <div className="spacer" />
        {!empty && <AnalysisControls />}
        <label className="language-menu">
          <span className="visually-hidden">{t('toolbar.language')}</span>
          {/* A language with other digits in use (Persian with Latin 123, Thai with ๑๒๓) is listed twice. */}
          <select
            value={languageChoice}
            onChange={(e) => {
              const [lng, choice] = e.target.value.split(':') as [(typeof LANGUAGES)[number], DigitsChoice | undefined];
              setDigits(choice ?? 'auto');
              setLanguage(lng);
            }}
            title={t('toolbar.language')}
            data-testid="language-menu"
          >
            {LANGUAGES.flatMap((lng) => {
              const alt = ALTERNATE_DIGITS[lng];
              return [
                <option key={lng} value={lng} lang={lng}>{LANGUAGE_NAMES[lng]}</option>,
                ...(alt ? [<option key={`${lng}:${alt.choice}`} value={`${lng}:${alt.choice}`} lang={lng}>{`${LANGUAGE_NAMES[lng]} · ${alt.sample}`}</option>] : []),
              ];
            })}
          </select>
        </label>
        <button
          type="button"
          className="icon-button theme-toggle"
          onClick={actions.toggleTheme}
          aria-label={state.theme === 'dark' ? t('toolbar.lightTheme') : t('toolbar.darkTheme')}
          title={state.theme === 'dark' ? t('toolbar.lightTheme') : t('toolbar.darkTheme')}
          data-testid="theme-toggle"
        >
          {state.theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      <WorkspaceStatus />
      <ErrorBanner />
      <SourcesPrompt />
      {empty ? (
        <EmptyState onOpen={openPicker} />
      ) : (
        <div className={`workspace${panels.sources ? '' : ' sources-collapsed'}${panels.kpis ? '' : ' kpis-collapsed'}`}>
          <aside className="sidebar" aria-label={t('panels.sources')}>
            {panelToggle('sources', panels.sources ? t('panels.hideSources') : t('panels.showSources'))}
            <div id="panel-sources" hidden={!panels.sources}>
              {panels.sources && <><SourcesSidebar onReconcile={(table) => { setReconcileRight(table); setTab('reconcile'); }} /><MappingPanel /></>}
            </div>
          </aside>
          <main className="center">
            <div className="tabs" role="tablist" aria-label={t('tabs.label')}>
              {(['data', 'charts', 'clv', 'reconcile'] as const).map((id) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={`tab-${id}`}
                  aria-selected={tab === id}
                  aria-controls={`tabpanel-${id}`}
                  className={tab === id ? 'tab active' : 'tab'}
                  onClick={() => setTab(id)}
                >
                  {t(`tabs.${id}`)}
                </button>
              ))}
            </div>
            <div id="tabpanel-data" role="tabpanel" aria-labelledby="tab-data" className="tabpanel" hidden={tab !== 'data'}>
              <DataGrid />
            </div>
            {tab === 'charts' && (
              <div id="tabpanel-charts" role="tabpanel" aria-labelledby="tab-charts" className="tabpanel scroll">
                <Charts />
              </div>
            )}
            {/* Kept once opened, so a drill to a customer's rows and back finds the same fit and controls. */}
            {clvOpened && (
              <div id="tabpanel-clv" role="tabpanel" aria-labelledby="tab-clv" className="tabpanel scroll" hidden={tab !== 'clv'}>
                <ClvPanel onShowRows={() => setTab('data')} />
              </div>
            )}
            {/* Kept mounted (its tables, date and parameters stay); it computes only while shown. */}
            <div id="tabpanel-reconcile" role="tabpanel" aria-labelledby="tab-reconcile" className="tabpanel scroll" hidden={tab !== 'reconcile'}>
              <ReconcilePanel requestedRight={reconcileRight} active={tab === 'reconcile'} />
            </div>
          </main>
          <aside className="kpi-side-panel" aria-label={t('kpi.title')}>
            {panelToggle('kpis', panels.kpis ? t('panels.hideKpis') : t('panels.showKpis'))}
            <div id="panel-kpis" hidden={!panels.kpis}>
              {panels.kpis && <KpiPanel />}
            </div>
          </aside>
        </div>
      )}
      {dragging && <div className="drop-overlay" aria-hidden="true">{t('toolbar.drop')}</div>}
      <WorkspaceDialogs />
      <RecoveryPrompt />
    </div>
  );
}
