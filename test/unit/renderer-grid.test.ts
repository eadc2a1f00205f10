// Grid logic: AG Grid models → the engine's SortSpec/FilterSpec, TSV for copying, the health column.
// (The other computed columns are the engine's: test/unit/grid-computed.test.ts.)
import { describe, expect, it } from 'vitest';
import { filterModelToSpecs, sortModelToSpecs, toTsv } from '../../src/renderer/lib/gridModel';
import { bridgeAxisMin, cohortBases, cohortMatrix, histogram, mrrBridge } from '../../src/renderer/lib/chartData';
import { periodKeyOf } from '../../src/renderer/lib/periodKey';
import { issueFilter } from '../../src/renderer/lib/issues';
import type { ColumnInfo, TableInfo } from '../../src/shared/types';

const headers: Record<string, string> = { c0: 'Customer ID', c1: 'Monthly Charges', c2: 'Signup' };
const headerOf = (id: string) => (id === '__row' ? '__row' : headers[id]);

describe('sort and filter models', () => {
  it('maps sort items to headers, dropping unknown columns and cleared sorts', () => {
    expect(sortModelToSpecs([{ colId: 'c1', sort: 'desc' }, { colId: 'zz', sort: 'asc' }, { colId: 'c0', sort: null }, { colId: '__row', sort: 'asc' }], headerOf))
      .toEqual([{ column: 'Monthly Charges', direction: 'desc' }, { column: '__row', direction: 'asc' }]);
  });

  it('maps text, number and date filters to FilterSpec', () => {
    const specs = filterModelToSpecs({
      c0: { filterType: 'text', type: 'startsWith', filter: '79' },
      c1: { filterType: 'number', type: 'inRange', filter: 20, filterTo: 70 },
      c2: { filterType: 'date', type: 'lessThan', dateFrom: '2024-03-01 00:00:00' },
    }, headerOf);
    expect(specs).toEqual([
      { column: 'Customer ID', kind: 'text', op: 'startsWith', value: '79' },
      { column: 'Monthly Charges', kind: 'number', op: 'between', value: 20, valueTo: 70 },
      { column: 'Signup', kind: 'date', op: 'before', value: '2024-03-01' },
    ]);
  });

  it('blank filters need no value; unsupported or incomplete conditions are left out', () => {
    expect(filterModelToSpecs({ c0: { filterType: 'text', type: 'blank' } }, headerOf)).toEqual([{ column: 'Customer ID', kind: 'text', op: 'blank' }]);
    expect(filterModelToSpecs({ c1: { filterType: 'number', type: 'notBlank' } }, headerOf)).toEqual([{ column: 'Monthly Charges', kind: 'number', op: 'notBlank' }]);
    expect(filterModelToSpecs({
      c0: { filterType: 'text', type: 'endsWith', filter: 'x' },
      c1: { filterType: 'number', type: 'inRange', filter: 1 },
      c2: { filterType: 'date', type: 'equals', dateFrom: null },
    }, headerOf)).toEqual([]);
    expect(filterModelToSpecs({ c1: { filterType: 'number', type: 'greaterThanOrEqual', filter: 0 } }, headerOf))
      .toEqual([{ column: 'Monthly Charges', kind: 'number', op: 'ge', value: 0 }]);
  });

  it('a combined model keeps its first condition', () => {
    expect(filterModelToSpecs({ c0: { filterType: 'text', conditions: [{ filterType: 'text', type: 'contains', filter: 'a' }, { filterType: 'text', type: 'contains', filter: 'b' }] } }, headerOf))
      .toEqual([{ column: 'Customer ID', kind: 'text', op: 'contains', value: 'a' }]);
  });
});

describe('toTsv', () => {
  it('joins with tabs and CRLF, quoting cells with tabs, newlines or quotes', () => {
    expect(toTsv([['a', 1, null], ['x\ty', 'say "hi"', 'two\nlines']])).toBe('a\t1\t\r\n"x\ty"\t"say ""hi"""\t"two\nlines"');
  });
});

describe('chart data', () => {
  it('the MRR bridge ends at start + new + reactivation + expansion − contraction − churn', () => {
    const steps = mrrBridge(100000, { new: 8000, reactivation: 1000, expansion: 10000, contraction: 3000, churn: 5000 });
    expect(steps.map((x) => [x.key, x.value, x.base])).toEqual([
      ['start', 100000, 0], ['new', 8000, 100000], ['reactivation', 1000, 108000], ['expansion', 10000, 109000],
      ['contraction', 3000, 116000], ['churn', 5000, 111000], ['end', 111000, 0],
    ]);
  });

  it('the bridge axis starts below the lowest level by the levels’ span, at a round number', () => {
    // levels 29 391 … 29 391 + 247 + 350 = 29 988; span 597 → 28 794, rounded down to hundreds
    const steps = mrrBridge(29391, { new: 247, reactivation: 0, expansion: 350, contraction: 100, churn: 494 });
    expect(bridgeAxisMin(steps)).toBe(28700);
    // Large moves against a small start: down to zero.
    expect(bridgeAxisMin(mrrBridge(100, { new: 500, reactivation: 0, expansion: 0, contraction: 0, churn: 0 }))).toBe(0);
  });

  it('cohort tables with a basis column are drawn one basis at a time', () => {
    const table = { columns: ['cohort', 'basis', 'size', 'k0', 'k1'], rows: [['2024-01', 'logo', 10, 1, 0.9], ['2024-01', 'revenue', 1000, 1, 0.95], ['2024-02', 'logo', 4, 1, null]] };
    expect(cohortBases(table)).toEqual(['logo', 'revenue']);
    const m = cohortMatrix(table, 'logo');
    expect(m).toEqual({ cohorts: ['2024-01', '2024-02'], offsets: ['k0', 'k1'], cells: [[0, 0, 1], [1, 0, 0.9], [0, 1, 1]] });
    expect(cohortMatrix(table, 'revenue').cells).toEqual([[0, 0, 1], [1, 0, 0.95]]);
  });

  it('cohort matrix leaves size columns out', () => {
    const m = cohortMatrix({ columns: ['cohort', 'customers', 'm0', 'm1'], rows: [['2024-01', 10, 1, 0.8], ['2024-02', 5, 1, null]] });
    expect(m.offsets).toEqual(['m0', 'm1']);
    expect(m.cohorts).toEqual(['2024-01', '2024-02']);
    expect(m.cells).toEqual([[0, 0, 1], [1, 0, 0.8], [0, 1, 1]]);
  });

  it('histogram bins, the last one including the maximum', () => {
    expect(histogram([0, 9.99, 10, 55, 100, 101, -1], 0, 100, 10)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('period keys of event dates in each calendar', () => {
    // 2023-10-07 is 15 Mehr 1402 (Jalali), 2566 BE, ROC 112; ISO week 40 of 2023.
    expect(periodKeyOf('2023-10-07', 'month', 'gregorian')).toBe('2023-10');
    expect(periodKeyOf('2023-10-07', 'month', 'persian')).toBe('1402-07');
    expect(periodKeyOf('2023-10-07', 'day', 'persian')).toBe('1402-07-15');
    expect(periodKeyOf('2023-10-07', 'year', 'buddhist')).toBe('2566');
    expect(periodKeyOf('2023-10-07', 'quarter', 'roc')).toBe('112-Q4');
    expect(periodKeyOf('2023-10-07', 'week', 'gregorian')).toBe('2023-W40');
    expect(periodKeyOf('2021-01-03', 'week', 'gregorian')).toBe('2020-W53');
    expect(periodKeyOf('garbage', 'month', 'gregorian')).toBeNull();
  });
});

describe('issue rows in the grid', () => {
  const base = { severity: 'warning' as const, message: 'm', column: 'Amount', rows: [5, 9] };
  it('the import’s invalid and blank cells become exact column filters', () => {
    expect(issueFilter({ ...base, code: 'invalid_value', count: 40 }, true)).toEqual({ column: 'Amount', kind: 'invalid' });
    expect(issueFilter({ ...base, code: 'blank_cells', count: 40 }, true)).toEqual({ column: 'Amount', kind: 'text', op: 'blank' });
    // The mapping's findings (a value the mapping could not read) list example rows.
    expect(issueFilter({ ...base, code: 'invalid_value' }, false)).toEqual({ column: '__row', kind: 'rows', rows: [5, 9] });
    expect(issueFilter({ ...base, rows: [], code: 'ambiguous_date_order' }, true)).toBeNull();
  });
});
