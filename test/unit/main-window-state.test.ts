import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_WINDOW_STATE, MIN_WINDOW_SIZE, fitToDisplays, loadWindowState, parseWindowState, saveWindowState, stateFromWindow,
} from '../../src/main/windowState';
import { addRecent, loadSettings, parseSettings, MAX_RECENT } from '../../src/main/settings';

const laptop = { x: 0, y: 0, width: 1440, height: 876 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('falls back to the default for missing, corrupt or foreign files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-ws-'));
    expect(await loadWindowState(path.join(dir, 'none.json'))).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(path.join(dir, 'bad.json'), '{not json');
    expect(await loadWindowState(path.join(dir, 'bad.json'))).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState({ width: 'wide', height: 3, maximized: false })).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('round-trips through the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-ws-'));
    const file = path.join(dir, 'window-state.json');
    const state = stateFromWindow({ x: 1500, y: 40, width: 1800, height: 1000 }, true);
    await saveWindowState(file, state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    expect(await loadWindowState(file)).toEqual(state);
  });

  it('keeps a position that is on a display', () => {
    const s = fitToDisplays({ x: 1600, y: 100, width: 1800, height: 1000, maximized: false }, [laptop, rightMonitor]);
    expect(s).toEqual({ x: 1600, y: 100, width: 1800, height: 1000, maximized: false });
  });

  it('drops the position when its display is gone (monitor unplugged)', () => {
    const s = fitToDisplays({ x: 1600, y: 100, width: 1800, height: 1000, maximized: true }, [laptop]);
    expect(s.x).toBeUndefined();
    expect(s.y).toBeUndefined();
    // …and shrinks the window to the largest remaining work area.
    expect(s).toMatchObject({ width: 1440, height: 876, maximized: true });
  });

  it('drops a position whose title bar is barely visible', () => {
    // Only 50 px of the title bar reach into the laptop's screen from the left.
    const s = fitToDisplays({ x: -1750, y: 10, width: 1800, height: 800, maximized: false }, [laptop]);
    expect(s.x).toBeUndefined();
  });

  it('never goes below the minimum size', () => {
    const s = fitToDisplays({ width: 200, height: 100, maximized: false }, [laptop]);
    expect(s).toEqual({ width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height, maximized: false });
  });
});

describe('settings', () => {
  it('keeps recent files most recent first, without duplicates, at most MAX_RECENT', () => {
    expect(addRecent(['/a.csv', '/b.csv'], ['/c.csv'])).toEqual(['/c.csv', '/a.csv', '/b.csv']);
    expect(addRecent(['/a.csv', '/b.csv'], ['/b.csv'])).toEqual(['/b.csv', '/a.csv']);
    // Several opened together: the last one chosen counts as the most recent.
    expect(addRecent([], ['/x.csv', '/y.csv', '/x.csv'])).toEqual(['/x.csv', '/y.csv']);
    const many = Array.from({ length: 20 }, (_, i) => `/f${i}.csv`);
    expect(addRecent(many, ['/new.csv'])).toHaveLength(MAX_RECENT);
  });

  it('repairs invalid fields instead of losing the rest', async () => {
    expect(parseSettings({ recent: ['/a.csv'], theme: 'purple' })).toEqual({ recent: ['/a.csv'], theme: 'system' });
    expect(parseSettings({ recent: 'nope', theme: 'dark' })).toEqual({ recent: [], theme: 'dark' });
    expect(await loadSettings('/nonexistent/settings.json')).toEqual({ recent: [], theme: 'system' });
  });
});
