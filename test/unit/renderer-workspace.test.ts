// What a workspace file keeps of the UI and how the UI tells unsaved changes: the saved UI state
// read back field by field, the restore action, the workspace signature, safe download names.
import { describe, expect, it } from 'vitest';
import { initialState, parseUiState, reducer, uiStateOf, workspaceSignature, type State } from '../../src/renderer/state/store';
import { safeFileName } from '../../src/renderer/lib/download';
import type { TableInfo } from '../../src/shared/types';

const table = (name: string, rowCount = 1): TableInfo => ({
  name, source: `${name}.csv`, sheet: null, rowCount, encoding: 'utf-8', delimiter: ',', headerRow: 1, columns: [], issues: [],
});

describe('workspace UI state', () => {
  it('saves the controls and the table shown, and reads them back', () => {
    let s: State = initialState();
    s = reducer(s, { type: 'tables', tables: [table('subs'), table('tickets')], suggestions: [] });
    s = reducer(s, { type: 'grid', grid: { table: 'tickets', drill: null, restriction: null } });
    s = reducer(s, { type: 'controls', controls: { period: 'quarter', calendar: 'persian', asOf: '2024-06-30', segment: 'plan', params: { 'nps.promoter_min': 8 } } });
    const saved = JSON.parse(JSON.stringify(uiStateOf(s)));
    expect(parseUiState(saved)).toEqual({
      controls: {
        period: 'quarter', calendar: 'persian', asOf: '2024-06-30', segment: 'plan', params: { 'nps.promoter_min': 8 },
        lastComplete: false, comparison: 'previous', targets: [], view: null, views: [],
      },
      table: 'tickets',
    });
  });

  it('keeps the last-complete setting and the comparison (previous period, last year or target)', () => {
    let s: State = initialState();
    expect(s.controls).toMatchObject({ lastComplete: false, comparison: 'previous' });
    s = reducer(s, { type: 'controls', controls: { lastComplete: true, comparison: 'yoy' } });
    expect(parseUiState(JSON.parse(JSON.stringify(uiStateOf(s)))).controls).toMatchObject({ lastComplete: true, comparison: 'yoy' });
    expect(parseUiState({ controls: { comparison: 'target' } }).controls).toEqual({ comparison: 'target' });
    expect(parseUiState({ controls: { lastComplete: 'yes', comparison: 'budget' } }).controls).toEqual({});
  });

  it('ignores what it cannot read (an older or foreign file) instead of failing', () => {
    expect(parseUiState(null)).toEqual({ controls: {}, table: null });
    expect(parseUiState({ controls: { period: 'fortnight', calendar: 'mayan', asOf: '30/06/2024', params: [1] }, table: 7 })).toEqual({ controls: {}, table: null });
  });

  it('restore replaces tables, mapping and controls, shows the saved table and asks for an analysis', () => {
    let s: State = initialState();
    s = reducer(s, { type: 'fileStarted', entry: { id: 1, source: 'old.csv', status: 'done', progress: null, failures: [], error: null } });
    const mapping = { version: 1 as const, tables: [{ source: 'b.csv', sheet: null, dataset: 'tickets' as const, fields: {} }], params: {} };
    const controls = { ...initialState().controls, period: 'week' as const };
    const v = s.analysisVersion;
    s = reducer(s, { type: 'restore', tables: [table('a'), table('b')], suggestions: [], mapping, controls, table: 'b' });
    expect(s.grid).toEqual({ table: 'b', drill: null, restriction: null });
    expect(s.files).toEqual([]);
    expect(s.mapping).toBe(mapping);
    expect(s.controls.period).toBe('week');
    expect(s.analysisVersion).toBe(v + 1);
    // A saved table that is no longer there: the first table.
    s = reducer(s, { type: 'restore', tables: [table('a')], suggestions: [], mapping, controls, table: 'gone' });
    expect(s.grid?.table).toBe('a');
  });

  it('the signature changes with tables, mapping and controls, not with what is shown', () => {
    let s: State = initialState();
    s = reducer(s, { type: 'tables', tables: [table('a', 10)], suggestions: [] });
    const sig = workspaceSignature(s);
    expect(workspaceSignature(reducer(s, { type: 'grid', grid: null }))).toBe(sig);
    expect(workspaceSignature(reducer(s, { type: 'theme', theme: 'dark' }))).toBe(sig);
    expect(workspaceSignature(reducer(s, { type: 'tables', tables: [table('a', 11)], suggestions: [] }))).not.toBe(sig);
    expect(workspaceSignature(reducer(s, { type: 'controls', controls: { period: 'year' } }))).not.toBe(sig);
    expect(workspaceSignature(reducer(s, { type: 'mapping', mapping: { version: 1, tables: [], params: { x: 1 } } }))).not.toBe(sig);
  });
});

describe('download names', () => {
  it('keeps names readable and free of path separators and reserved characters', () => {
    expect(safeFileName('subscriptions', '.csv')).toBe('subscriptions.csv');
    expect(safeFileName('tickets first_response_time 2024-12.csv', '.csv')).toBe('tickets first_response_time 2024-12.csv');
    expect(safeFileName('../../etc/passwd', '.kpiw')).toBe('.._.._etc_passwd.kpiw');
    expect(safeFileName('a:b*c?', '.csv')).toBe('a_b_c_.csv');
    expect(safeFileName('  ', '.kpiw')).toBe('export.kpiw');
  });
});
