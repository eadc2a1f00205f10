// Saved views (issue 14): the presets name real metrics; views survive a workspace file; choosing
// one brings its controls; `kpiw analyze --view` and the report computed for a view carry its KPIs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PRESET_VIEWS, findView, type SavedView } from '../../src/shared/views';
import { METRIC_BY_ID } from '../../src/engine/metrics/catalog';
import { initialState, parseUiState, reducer, uiStateOf } from '../../src/renderer/state/store';
import { metricsOfView } from '../../src/renderer/components/ViewControls';
import { Engine } from '../../src/engine/api';
import type { MetricResult } from '../../src/shared/types';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const SAMPLE = path.resolve(__dirname, '../../resources/sample');

describe('team views', () => {
  it('the four presets name metrics of the catalog, each once', () => {
    expect(PRESET_VIEWS.map((v) => v.id)).toEqual(['support', 'customer_success', 'finance', 'executive']);
    for (const v of PRESET_VIEWS) {
      expect(v.metrics.filter((id) => !METRIC_BY_ID.has(id)), v.id).toEqual([]);
      expect(new Set(v.metrics).size, v.id).toBe(v.metrics.length);
      if (v.trend) expect(METRIC_BY_ID.has(v.trend)).toBe(true);
    }
  });

  it('a view shows its cards in its order; no view shows every metric', () => {
    const m = (id: string) => ({ id }) as MetricResult;
    const all = [m('mrr'), m('nps'), m('ticket_volume'), m('csat')];
    const view: SavedView = { id: 'v', name: 'Mine', metrics: ['csat', 'unknown', 'mrr'] };
    expect(metricsOfView(all, view).map((x) => x.id)).toEqual(['csat', 'mrr']);
    expect(metricsOfView(all, null)).toEqual(all);
    expect(findView('finance', [])?.period).toBe('month');
    expect(findView('v', [view])).toBe(view);
    expect(findView('nope', [view])).toBeNull();
  });

  it('user views and the view shown survive the workspace file; a damaged view is left out', () => {
    let s = initialState();
    const mine: SavedView = { id: 'view-1', name: 'بازبینی هفتگی', metrics: ['ticket_volume', 'csat'], period: 'week', comparison: 'yoy', segment: 'agent', calendar: 'persian' };
    s = reducer(s, { type: 'controls', controls: { views: [mine], view: 'view-1' } });
    const back = parseUiState(JSON.parse(JSON.stringify(uiStateOf(s))));
    expect(back.controls.views).toEqual([mine]);
    expect(back.controls.view).toBe('view-1');
    expect(parseUiState({ controls: { views: [mine, { id: 'x', metrics: 'all' }] } }).controls.views).toEqual([mine]);
  });

  it('changing the view alone asks the engine for nothing new; a view with another period does', () => {
    let s = initialState();
    const v0 = s.analysisVersion;
    s = reducer(s, { type: 'controls', controls: { view: 'support' } });
    expect(s.analysisVersion).toBe(v0);
    s = reducer(s, { type: 'controls', controls: { view: 'executive', period: 'quarter', comparison: 'yoy' } });
    expect(s.analysisVersion).toBe(v0 + 1);
  });
});

describe('views outside the app', () => {
  it('kpiw analyze --view support lists the support KPIs only, and names the views on a typo', () => {
    const files = ['subscriptions.csv', 'tickets.csv', 'csat_responses.csv'].map((f) => path.join(SAMPLE, f));
    const out = JSON.parse(execFileSync(process.execPath, [CLI, 'analyze', ...files, '--view', 'support', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { metrics: MetricResult[] };
    const support = PRESET_VIEWS.find((v) => v.id === 'support')!;
    expect(out.metrics.map((m) => m.id).sort()).toEqual([...support.metrics].sort());
    let err = '';
    try {
      execFileSync(process.execPath, [CLI, 'analyze', ...files, '--view', 'suport'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) { err = String((e as { stderr: string }).stderr); }
    expect(err).toContain('--view suport: no such view (support, customer_success, finance, executive)');
  });

  it('a report for a view holds its KPIs only', async () => {
    const engine = await Engine.create();
    const { readFileSync } = await import('node:fs');
    for (const f of ['subscriptions.csv', 'tickets.csv']) await engine.openFile({ source: f, bytes: readFileSync(path.join(SAMPLE, f)) });
    await engine.autoMap();
    const finance = PRESET_VIEWS.find((v) => v.id === 'finance')!;
    const bytes = await engine.exportReport({ options: { metrics: finance.metrics }, language: 'en' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ids: string[] = [];
    wb.getWorksheet(1)!.eachRow((row, n) => { const id = row.getCell(3).value; if (n > 1 && typeof id === 'string' && METRIC_BY_ID.has(id)) ids.push(id); });
    expect(ids.sort()).toEqual([...finance.metrics].sort());
  });
});
