import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuActions } from '../../src/main/menu';

function recordingActions(calls: string[]): MenuActions {
  const rec = (name: string) => (...args: unknown[]) => { calls.push([name, ...args].join(':')); };
  return {
    open: rec('open'), openRecent: rec('openRecent'), clearRecent: rec('clearRecent'), openSample: rec('openSample'),
    openWorkspace: rec('openWorkspace'), saveWorkspace: rec('saveWorkspace'), saveWorkspaceAs: rec('saveWorkspaceAs'),
    exportReport: rec('exportReport'), exportCsv: rec('exportCsv'),
    close: rec('close'), copySelectionAsTsv: rec('copySelectionAsTsv'), setTheme: rec('setTheme'), about: rec('about'),
  };
}

function items(menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return (menu.submenu ?? []) as MenuItemConstructorOptions[];
}
function find(list: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = list.find((i) => i.label === label);
  if (!found) throw new Error(`no menu item "${label}" in ${list.map((i) => i.label ?? i.role).join(', ')}`);
  return found;
}
function click(item: MenuItemConstructorOptions): void {
  (item.click as unknown as () => void)();
}

const ctx = { platform: 'linux' as NodeJS.Platform, appName: 'KPI Workbench', recent: ['/data/subs.csv', '/data/tickets.xlsx'], theme: 'dark' as const };

describe('application menu', () => {
  it('has File, Edit, View and Help (and the app menu first on macOS)', () => {
    const t = buildMenuTemplate(ctx, recordingActions([]));
    expect(t.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', 'help']);
    const mac = buildMenuTemplate({ ...ctx, platform: 'darwin' }, recordingActions([]));
    expect(mac[0].role).toBe('appMenu');
    expect(items(mac[1]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('File has Open (Ctrl/Cmd+O), Open Recent, Save Workspace (Ctrl/Cmd+S), Export Report, Close, wired to the actions', () => {
    const calls: string[] = [];
    const file = items(buildMenuTemplate(ctx, recordingActions(calls))[0]);
    expect(find(file, 'Open…').accelerator).toBe('CmdOrCtrl+O');
    expect(find(file, 'Save Workspace').accelerator).toBe('CmdOrCtrl+S');
    for (const label of ['Open…', 'Save Workspace', 'Save Workspace As…', 'Export Report…', 'Close', 'Open Sample Workspace']) click(find(file, label));
    expect(calls).toEqual(['open', 'saveWorkspace', 'saveWorkspaceAs', 'exportReport', 'close', 'openSample']);
  });

  it('Open Recent lists the files by name and opens the full path', () => {
    const calls: string[] = [];
    const recent = items(find(items(buildMenuTemplate(ctx, recordingActions(calls))[0]), 'Open Recent'));
    expect(recent[0]).toMatchObject({ label: '1. subs.csv', sublabel: '/data/subs.csv' });
    expect(recent[1]).toMatchObject({ label: '2. tickets.xlsx' });
    click(recent[1]);
    click(find(recent, 'Clear Recent'));
    expect(calls).toEqual(['openRecent:/data/tickets.xlsx', 'clearRecent']);
    const empty = items(find(items(buildMenuTemplate({ ...ctx, recent: [] }, recordingActions([]))[0]), 'Open Recent'));
    expect(empty).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });

  it('Edit sends "copy selection as TSV"; View has zoom and a theme choice with the current one checked', () => {
    const calls: string[] = [];
    const t = buildMenuTemplate(ctx, recordingActions(calls));
    click(find(items(t[1]), 'Copy Selection as Tab-Separated Text'));
    const view = items(t[2]);
    expect(view.filter((i) => i.role).map((i) => i.role)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));
    const themes = items(find(view, 'Theme'));
    expect(themes.map((i) => [i.label, i.checked])).toEqual([['Follow System', false], ['Light', false], ['Dark', true]]);
    click(find(themes, 'Light'));
    click(find(items(t[3]), 'About KPI Workbench'));
    expect(calls).toEqual(['copySelectionAsTsv', 'setTheme:light', 'about']);
  });
});
