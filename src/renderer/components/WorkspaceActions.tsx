// The workspace actions in the UI: toolbar buttons (open, save, save as, export report, recent
// workspaces in the desktop app), Export CSV above the grid, the busy indicator, the report and
// save-as dialogs, and the prompts for crash recovery and for changed source files.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findView } from '../../shared/views';
import { viewName } from './ViewControls';
import { useWorkbench } from '../state/store';
import { useWorkspace } from '../state/workspace';
import { LANGUAGES, LANGUAGE_NAMES, matchLanguage } from '../i18n';
import { currentDigits } from '../i18n';
import { localeTag } from '../../shared/i18n';

function fileNameOf(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

/**
 * The Workspace menu in the toolbar (one button, so the analysis controls keep their row at
 * 1280 px): open, recent (desktop), save, save as, export report — with their shortcuts.
 */
export function WorkspaceToolbar({ empty }: { empty: boolean }) {
  const { t } = useTranslation();
  const { ui, actions } = useWorkspace();
  const { state, actions: workbench } = useWorkbench();
  const input = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const busy = ui.busy !== null;
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const choose = (fn: () => void) => () => { setOpen(false); fn(); };
  const onMenuKey = (e: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') { e.stopPropagation(); setOpen(false); button.current?.focus(); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length]?.focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length]?.focus(); }
  };
  const item = (testId: string, label: string, shortcut: string | null, onClick: () => void, disabled = false, title?: string) => (
    <button type="button" role="menuitem" data-testid={testId} disabled={disabled || busy} title={title} onClick={choose(onClick)}>
      <span>{label}</span>
      {shortcut && <kbd>{shortcut}</kbd>}
    </button>
  );

  return (
    <div className="workspace-menu-wrap">
      <input
        ref={input}
        type="file"
        accept=".kpiw,.csv,.tsv,.txt,.xlsx,.xlsm"
        className="visually-hidden"
        data-testid="open-workspace-input"
        aria-label={t('workspace.open')}
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same workspace can be opened again
          if (file) void actions.open(file);
        }}
      />
      <button
        ref={button}
        type="button"
        data-testid="workspace-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        title={ui.name ?? undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {t('workspace.group')}
        {ui.dirty && <span className="dirty-dot" aria-label={t('workspace.unsaved')} title={t('workspace.unsaved')}>●</span>}
        <span className="caret" aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="workspace-menu" role="menu" aria-label={t('workspace.group')} ref={menu} onKeyDown={onMenuKey}>
          {item('open-workspace', t('workspace.open'), `${mod}O`, () => (ui.host === 'electron' ? void actions.open() : input.current?.click()), false, t('workspace.openHint'))}
          {ui.host === 'electron' && ui.recent.length > 0 && (
            <>
              <div className="menu-label" role="presentation">{t('workspace.recent')}</div>
              {ui.recent.map((p) => (
                <button key={p} type="button" role="menuitem" className="recent-item" title={p} disabled={busy} onClick={choose(() => void actions.openRecent(p))}>
                  <span className="truncate">{fileNameOf(p)}</span>
                </button>
              ))}
            </>
          )}
          {!empty && item('menu-sample', t('empty.sample'), null, () => void workbench.openSample(), state.sampleLoading)}
          <div className="menu-separator" role="separator" />
          {item('save-workspace', t('workspace.save'), `${mod}S`, () => void actions.save(false), empty || ui.importing, t('workspace.saveHint'))}
          {item('save-workspace-as', t('workspace.saveAs'), `${mod}⇧S`, () => (ui.host === 'electron' ? void actions.save(true) : actions.showDialog('saveAs')), empty || ui.importing)}
          <div className="menu-separator" role="separator" />
          {item('export-report', t('workspace.exportReport'), `${mod}E`, () => actions.showDialog('report'), empty || ui.importing, t('workspace.exportReportHint'))}
        </div>
      )}
    </div>
  );
}

/** Above the grid: exports the view shown (sort and filters applied), or the drill-down. */
export function ExportCsvButton() {
  const { t } = useTranslation();
  const { state } = useWorkbench();
  const { ui, actions } = useWorkspace();
  const drill = !!state.grid?.drill;
  return (
    <button
      type="button"
      className="export-csv"
      data-testid="export-csv"
      disabled={ui.busy !== null || ui.importing || !state.grid}
      title={drill ? t('workspace.exportCsvDrillHint') : t('workspace.exportCsvHint')}
      onClick={() => void actions.exportCsv()}
    >
      {t('workspace.exportCsv')}
    </button>
  );
}

/** What is running (long exports take seconds) and what just finished. */
export function WorkspaceStatus() {
  const { t } = useTranslation();
  const { ui, actions } = useWorkspace();
  if (!ui.busy && !ui.notice) return null;
  return (
    <div className="workspace-status" role="status" aria-live="polite">
      {ui.busy ? (
        <span className="busy" data-testid="busy-indicator" data-action={ui.busy}>
          <span className="spinner" aria-hidden="true" />
          {t(`workspace.busy.${ui.busy}`)}
        </span>
      ) : (
        <span className="notice" data-testid="workspace-notice">
          {ui.notice}
          <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={actions.dismissNotice}>×</button>
        </span>
      )}
    </div>
  );
}

function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: React.ReactNode; testId: string }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, button')?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={id} ref={ref} data-testid={testId}>
        <h2 id={id} className="modal-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}

export function WorkspaceDialogs() {
  const { ui, actions } = useWorkspace();
  const close = () => actions.showDialog(null);
  if (ui.dialog === 'report') return <ReportDialog onClose={close} />;
  if (ui.dialog === 'saveAs') return <SaveAsDialog onClose={close} />;
  return null;
}

function ReportDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { ui, actions } = useWorkspace();
  const [includeData, setIncludeData] = useState(false);
  const [currentPeriod, setCurrentPeriod] = useState(false);
  const [language, setLanguage] = useState<string>(matchLanguage(i18n.language) ?? 'en');
  const { state } = useWorkbench();
  const view = findView(state.controls.view, state.controls.views);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void actions.exportReport({ includeData, language, currentPeriod });
  };
  return (
    <Modal title={t('workspace.reportTitle')} onClose={onClose} testId="report-dialog">
      <form onSubmit={submit} className="modal-form">
        <p className="muted small">{t('workspace.reportLead')}</p>
        {view && <p className="small" data-testid="report-view">{t('view.reportFollows', { name: viewName(view, t), count: view.metrics.length })}</p>}
        <label className="check">
          <input type="checkbox" checked={includeData} onChange={(e) => setIncludeData(e.target.checked)} data-testid="report-include-data" />
          <span>{t('workspace.includeData')}</span>
        </label>
        <label className="check" title={t('workspace.reportCurrentPeriodHint')}>
          <input type="checkbox" checked={currentPeriod} onChange={(e) => setCurrentPeriod(e.target.checked)} data-testid="report-current-period" />
          <span>{t('workspace.reportCurrentPeriod')}</span>
        </label>
        <label className="field">
          <span>{t('workspace.reportLanguage')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="report-language">
            {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>)}
          </select>
        </label>
        <div className="modal-buttons">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={ui.busy !== null} data-testid="export-report-confirm">{t('workspace.exportReportConfirm')}</button>
        </div>
      </form>
    </Modal>
  );
}

function SaveAsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { ui, actions } = useWorkspace();
  const [name, setName] = useState(ui.name ? fileNameOf(ui.name) : 'workspace.kpiw');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) void actions.save(true, name.trim());
  };
  return (
    <Modal title={t('workspace.saveAsTitle')} onClose={onClose} testId="save-as-dialog">
      <form onSubmit={submit} className="modal-form">
        <label className="field">
          <span>{t('workspace.fileName')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="save-as-name" />
        </label>
        <div className="modal-buttons">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={ui.busy !== null || !name.trim()} data-testid="save-as-confirm">{t('workspace.save')}</button>
        </div>
      </form>
    </Modal>
  );
}

/** After a crash: the autosaved workspace can be recovered or discarded. */
export function RecoveryPrompt() {
  const { t, i18n } = useTranslation();
  const { ui, actions } = useWorkspace();
  if (!ui.recovery) return null;
  const when = ui.recovery.savedAt
    ? new Intl.DateTimeFormat(localeTag(i18n.language, currentDigits()), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ui.recovery.savedAt))
    : null;
  return (
    <Modal title={t('workspace.recoveryTitle')} onClose={() => undefined} testId="recovery-prompt">
      <p>{when ? t('workspace.recoveryLead', { when }) : t('workspace.recoveryLeadNoTime')}</p>
      <div className="modal-buttons">
        <button type="button" data-testid="discard-autosave" onClick={() => void actions.discardRecovery()}>{t('workspace.discard')}</button>
        <button type="button" className="primary" data-testid="recover-autosave" disabled={ui.busy !== null} onClick={() => void actions.recover()}>
          {t('workspace.recover')}
        </button>
      </div>
    </Modal>
  );
}

/**
 * Sources that changed since the workspace was saved or were not read to check (re-import offered),
 * or are not there (fine).
 */
export function SourcesPrompt() {
  const { t } = useTranslation();
  const { ui, actions } = useWorkspace();
  const s = ui.sources;
  if (!s) return null;
  return (
    <div className="sources-prompt" role="status" data-testid="sources-prompt">
      <div className="sources-prompt-body">
        {([['changed', 'workspace.changedTitle'], ['unverified', 'workspace.unverifiedTitle']] as const).map(([list, title]) => s[list].length > 0 && (
          <div key={list}>
            <p className="sources-prompt-title">{t(title, { count: s[list].length })}</p>
            <ul>
              {s[list].map((p) => (
                <li key={p}>
                  <span className="truncate" title={p}>{fileNameOf(p)}</span>
                  {ui.canReimport && (
                    <button type="button" className="link-button" data-testid="reimport-source" disabled={ui.busy !== null} onClick={() => void actions.reimport(p)}>
                      {t('workspace.reimport')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
        {s.reimported.length > 0 && <p className="muted small">{t('workspace.reimportedList', { files: s.reimported.map(fileNameOf).join(', ') })}</p>}
        {s.missing.length > 0 && (
          <p className="muted small" title={s.missing.join('\n')}>
            {t('workspace.missingNote', { count: s.missing.length, files: s.missing.map(fileNameOf).join(', ') })}
          </p>
        )}
      </div>
      <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={actions.dismissSources}>×</button>
    </div>
  );
}
