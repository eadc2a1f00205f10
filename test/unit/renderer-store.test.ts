// The workbench reducer: what the grid shows when tables change, analysis versions, errors.
import { describe, expect, it } from 'vitest';
import { initialState, reducer, type State } from '../../src/renderer/state/store';
import type { TableInfo } from '../../src/shared/types';

const table = (name: string): TableInfo => ({
  name, source: `${name}.csv`, sheet: null, rowCount: 1, encoding: 'utf-8', delimiter: ',', headerRow: 1, columns: [], issues: [],
});

describe('workbench reducer', () => {
  it('shows the first table when none is shown, keeps the shown one, moves off a removed one', () => {
    let s: State = initialState();
    s = reducer(s, { type: 'tables', tables: [table('a'), table('b')], suggestions: [] });
    expect(s.grid?.table).toBe('a');
    s = reducer(s, { type: 'grid', grid: { table: 'b', drill: null, restriction: { filter: { column: '__row', kind: 'rows', rows: [3, 4] }, label: 'x' } } });
    s = reducer(s, { type: 'tables', tables: [table('a'), table('b'), table('c')], suggestions: [] });
    expect(s.grid).toEqual({ table: 'b', drill: null, restriction: { filter: { column: '__row', kind: 'rows', rows: [3, 4] }, label: 'x' } });
    s = reducer(s, { type: 'tables', tables: [table('c')], suggestions: [] });
    expect(s.grid).toEqual({ table: 'c', drill: null, restriction: null });
    s = reducer(s, { type: 'tables', tables: [], suggestions: [] });
    expect(s.grid).toBeNull();
  });

  it('every mapping or control change asks for a new analysis', () => {
    let s = initialState();
    const v0 = s.analysisVersion;
    s = reducer(s, { type: 'mapping', mapping: { version: 1, tables: [], params: {} } });
    s = reducer(s, { type: 'controls', controls: { period: 'quarter' } });
    expect(s.analysisVersion).toBe(v0 + 2);
    expect(s.controls.period).toBe('quarter');
    expect(s.controls.calendar).toBe('gregorian');
  });

  it('the same error twice is shown once; dismissing removes it', () => {
    let s = initialState();
    s = reducer(s, { type: 'error', where: 'sources', message: 'x.csv: the file is empty' });
    s = reducer(s, { type: 'error', where: 'sources', message: 'x.csv: the file is empty' });
    expect(s.errors).toHaveLength(1);
    s = reducer(s, { type: 'dismissError', id: s.errors[0]!.id });
    expect(s.errors).toEqual([]);
  });

  it('an import finishes with its status and failures; a reopened file replaces its entry', () => {
    let s = initialState();
    const entry = { id: 1, source: 'a.xlsx', status: 'importing' as const, progress: null, failures: [], error: null };
    s = reducer(s, { type: 'fileStarted', entry });
    s = reducer(s, { type: 'fileProgress', id: 1, progress: { source: 'a.xlsx', phase: 'reading', rows: 10, bytes: 5, totalBytes: 10, fraction: 0.5 } });
    expect(s.files[0]!.progress?.fraction).toBe(0.5);
    s = reducer(s, { type: 'fileFinished', id: 1, status: 'failed', failures: [], error: { message: 'a.xlsx: not a workbook' } });
    expect(s.files[0]).toMatchObject({ status: 'failed', error: { message: 'a.xlsx: not a workbook' }, progress: null });
    s = reducer(s, { type: 'fileStarted', entry: { ...entry, id: 2 } });
    expect(s.files.map((f) => f.id)).toEqual([2]);
  });
});
