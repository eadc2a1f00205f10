// The application menu as a plain template (Electron's MenuItemConstructorOptions), built from
// the actions index.ts provides. No Electron import at run time, so the template is unit-tested.
import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { Theme } from '../shared/bridge';

export interface MenuActions {
  open(): void;
  openRecent(filePath: string): void;
  clearRecent(): void;
  openSample(): void;
  openWorkspace(): void;
  saveWorkspace(): void;
  saveWorkspaceAs(): void;
  exportReport(): void;
  exportCsv(): void;
  close(): void;
  copySelectionAsTsv(): void;
  setTheme(theme: Theme): void;
  about(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly string[];
  theme: Theme;
}

export function buildMenuTemplate(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  // Workspaces and data files share the list; the label says which is which by its extension.
  const recentItems: MenuItemConstructorOptions[] = ctx.recent.length
    ? [
      ...ctx.recent.map((p, i): MenuItemConstructorOptions => ({
        // The file name as label, the full path below it.
        label: `${i + 1}. ${path.basename(p)}`,
        sublabel: p,
        click: () => actions.openRecent(p),
      })),
      { type: 'separator' },
      { label: 'Clear Recent', click: () => actions.clearRecent() },
    ]
    : [{ label: 'No Recent Files', enabled: false }];

  const themeItem = (theme: Theme, label: string): MenuItemConstructorOptions => ({
    label, type: 'radio', checked: ctx.theme === theme, click: () => actions.setTheme(theme),
  });

  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openWorkspace() },
        { label: 'Open Recent', submenu: recentItems },
        { label: 'Open Sample Workspace', click: () => actions.openSample() },
        { type: 'separator' },
        { label: 'Save Workspace', accelerator: 'CmdOrCtrl+S', click: () => actions.saveWorkspace() },
        { label: 'Save Workspace As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.saveWorkspaceAs() },
        { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportReport() },
        { label: 'Export CSV…', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.exportCsv() },
        { type: 'separator' },
        { label: 'Close', accelerator: 'CmdOrCtrl+W', click: () => actions.close() },
        ...(mac ? [] : [{ role: 'quit' } as MenuItemConstructorOptions]),
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' }, { role: 'redo' }, { type: 'separator' },
        { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
        { type: 'separator' },
        { label: 'Copy Selection as Tab-Separated Text', accelerator: 'CmdOrCtrl+Shift+C', click: () => actions.copySelectionAsTsv() },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        { type: 'separator' },
        { label: 'Theme', submenu: [themeItem('system', 'Follow System'), themeItem('light', 'Light'), themeItem('dark', 'Dark')] },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [{ label: `About ${ctx.appName}`, click: () => actions.about() }],
    },
  ];
  if (mac) template.unshift({ role: 'appMenu' });
  return template;
}
