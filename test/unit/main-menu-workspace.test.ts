// The File menu's workspace and export entries (issue 5): labels, shortcuts and wiring.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuActions } from '../../src/main/menu';

describe('File menu: workspaces and exports', () => {
  it('has Open Workspace, Save, Save As, Export Report and Export CSV with their shortcuts, wired to the actions', () => {
    const calls: string[] = [];
    const actions = new Proxy({} as MenuActions, {
      get: (_t, name: string) => (...args: unknown[]) => { calls.push([name, ...args].join(':')); },
    });
    const recent = ['/clients/acme.kpiw', '/data/subs.csv'];
    const file = (buildMenuTemplate({ platform: 'linux', appName: 'KPI Workbench', recent, theme: 'system' }, actions)[0].submenu ?? []) as MenuItemConstructorOptions[];
    const byLabel = new Map(file.map((i) => [i.label, i]));
    const expected: Array<[string, string, string]> = [
      ['Open Workspace…', 'CmdOrCtrl+Shift+O', 'openWorkspace'],
      ['Save Workspace', 'CmdOrCtrl+S', 'saveWorkspace'],
      ['Save Workspace As…', 'CmdOrCtrl+Shift+S', 'saveWorkspaceAs'],
      ['Export Report…', 'CmdOrCtrl+E', 'exportReport'],
      ['Export CSV…', 'CmdOrCtrl+Shift+E', 'exportCsv'],
    ];
    for (const [label, accelerator, action] of expected) {
      const item = byLabel.get(label);
      expect(item, label).toBeDefined();
      expect(item!.accelerator).toBe(accelerator);
      (item!.click as unknown as () => void)();
      expect(calls.at(-1)).toBe(action);
    }
    // Open Recent lists workspaces and data files; a workspace opens by its path.
    const recentItems = byLabel.get('Open Recent')!.submenu as MenuItemConstructorOptions[];
    expect(recentItems[0]).toMatchObject({ label: '1. acme.kpiw', sublabel: '/clients/acme.kpiw' });
    (recentItems[0].click as unknown as () => void)();
    expect(calls.at(-1)).toBe('openRecent:/clients/acme.kpiw');
    // Every accelerator is used once.
    const accelerators = file.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});
