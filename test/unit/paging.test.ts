import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../src/engine/store/database';
import { removeTable, saveTableInfo } from '../../src/engine/store/catalog';
import { TableWriter } from '../../src/engine/store/tableWriter';
import { getRowsPage } from '../../src/engine/store/paging';
import type { FilterSpec, SortSpec, TableInfo } from '../../src/shared/types';

// A small table written the way the import pipeline writes it: typed value + raw text.
interface Rec { row: number; name: string | null; amount: number | null; amountRaw: string | null; day: string | null }
const RECORDS: Rec[] = [];
const NAMES = ['Alice', 'bob', 'Carol 50%', 'dave_x', 'Émile', 'علی', null];
for (let i = 0; i < 1200; i++) {
  const invalid = i % 97 === 5;
  const blank = i % 89 === 3;
  RECORDS.push({
    row: i + 2,
    name: NAMES[i % NAMES.length],
    amount: invalid || blank ? null : ((i * 37) % 500) - 100 + (i % 3) * 0.25,
    amountRaw: invalid ? `n/a ${i}` : null,
    day: i % 11 === 0 ? null : `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  });
}

let db: Database;
const TABLE = 'orders';

beforeAll(async () => {
  db = await openDatabase();
  const writer = new TableWriter(db, TABLE, ['text', 'decimal', 'date']);
  writer.begin();
  for (const r of RECORDS) writer.add(r.row, [r.name, null, r.amount, r.amountRaw, r.day, null]);
  writer.commit();
  writer.close();
  const info: TableInfo = {
    name: TABLE, source: 'orders.csv', sheet: null, rowCount: RECORDS.length, encoding: 'utf-8', delimiter: ',', headerRow: 1,
    columns: ['Name', 'Amount', 'Day'].map((name, i) => ({
      name, sqlName: `c${i}`, rawSqlName: `c${i}_raw`, type: (['text', 'decimal', 'date'] as const)[i], calendar: i === 2 ? 'gregorian' : null,
      nonEmpty: 0, invalid: 0, examples: [],
    })),
    issues: [],
  };
  saveTableInfo(db, info);
});

const shown = (r: Rec) => [r.row, r.name, r.amount ?? r.amountRaw, r.day];

describe('getRowsPage', () => {
  it('pages in source order with __row first and the total count', () => {
    const page = getRowsPage(db, { table: TABLE, offset: 10, limit: 5 });
    expect(page.columns).toEqual(['__row', 'Name', 'Amount', 'Day']);
    expect(page.rows).toEqual(RECORDS.slice(10, 15).map(shown));
    expect(page.total).toBe(RECORDS.length);
  });

  it('shows the raw text of invalid cells', () => {
    const page = getRowsPage(db, { table: TABLE, offset: 0, limit: 10, filters: [{ column: 'Amount', kind: 'invalid' }] });
    const expected = RECORDS.filter((r) => r.amountRaw !== null);
    expect(page.total).toBe(expected.length);
    expect(page.rows.map((r) => r[2])).toEqual(expected.slice(0, 10).map((r) => r.amountRaw));
  });

  it('sorts by a typed column with NULLs last in both directions', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const page = getRowsPage(db, { table: TABLE, offset: 0, limit: 2000, sort: [{ column: 'Amount', direction }] });
      const withValue = RECORDS.filter((r) => r.amount !== null)
        .sort((a, b) => (direction === 'asc' ? a.amount! - b.amount! : b.amount! - a.amount!) || a.row - b.row);
      const nulls = RECORDS.filter((r) => r.amount === null);
      const got = page.rows.map((r) => r[0]);
      expect(got.slice(0, withValue.length)).toEqual(withValue.map((r) => r.row));
      expect(new Set(got.slice(withValue.length))).toEqual(new Set(nulls.map((r) => r.row)));
    }
  });

  const cases: Array<[string, FilterSpec, (r: Rec) => boolean]> = [
    ['text contains (case-insensitive, % is literal)', { column: 'Name', kind: 'text', op: 'contains', value: '50%' }, (r) => !!r.name?.includes('50%')],
    ['text contains _ literally', { column: 'Name', kind: 'text', op: 'contains', value: '_' }, (r) => !!r.name?.includes('_')],
    ['text startsWith', { column: 'Name', kind: 'text', op: 'startsWith', value: 'a' }, (r) => !!r.name?.toLowerCase().startsWith('a')],
    ['text equals (Unicode)', { column: 'Name', kind: 'text', op: 'equals', value: 'علی' }, (r) => r.name === 'علی'],
    ['text notContains keeps blanks', { column: 'Name', kind: 'text', op: 'notContains', value: 'o' }, (r) => !r.name?.toLowerCase().includes('o')],
    ['text blank', { column: 'Name', kind: 'text', op: 'blank' }, (r) => r.name === null],
    ['number gt', { column: 'Amount', kind: 'number', op: 'gt', value: 250 }, (r) => r.amount !== null && r.amount > 250],
    ['number between', { column: 'Amount', kind: 'number', op: 'between', value: -10, valueTo: 10.25 }, (r) => r.amount !== null && r.amount >= -10 && r.amount <= 10.25],
    ['number ne keeps blanks', { column: 'Amount', kind: 'number', op: 'ne', value: 0 }, (r) => r.amount !== 0],
    ['number notBlank (invalid cells are not blank)', { column: 'Amount', kind: 'number', op: 'notBlank' }, (r) => r.amount !== null || r.amountRaw !== null],
    ['date before', { column: 'Day', kind: 'date', op: 'before', value: '2024-03-01' }, (r) => r.day !== null && r.day < '2024-03-01'],
    ['date between', { column: 'Day', kind: 'date', op: 'between', value: '2024-05-10', valueTo: '2024-07-03' }, (r) => r.day !== null && r.day >= '2024-05-10' && r.day <= '2024-07-03'],
    ['date eq', { column: 'Day', kind: 'date', op: 'eq', value: '2024-02-02' }, (r) => r.day === '2024-02-02'],
    ['text filter on a number column matches the shown text', { column: 'Amount', kind: 'text', op: 'equals', value: '24.5' }, (r) => r.amount === 24.5],
  ];
  it.each(cases)('filters: %s', (_label, filter, predicate) => {
    const page = getRowsPage(db, { table: TABLE, offset: 0, limit: 5000, filters: [filter] });
    const expected = RECORDS.filter(predicate).map((r) => r.row);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.rows.map((r) => r[0])).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it('never interpolates user strings into SQL', () => {
    const evil = `x'); DROP TABLE ${TABLE}; --`;
    const page = getRowsPage(db, { table: TABLE, offset: 0, limit: 5, filters: [{ column: 'Name', kind: 'text', op: 'contains', value: evil }] });
    expect(page.total).toBe(0);
    expect(getRowsPage(db, { table: TABLE, offset: 0, limit: 1 }).total).toBe(RECORDS.length);
  });

  it('restricts to drill-down rows, inline and through a temporary table, combined with filters', () => {
    const small = [5, 9, 200, 1201];
    expect(getRowsPage(db, { table: TABLE, offset: 0, limit: 100 }, { table: TABLE, rows: small }).rows.map((r) => r[0])).toEqual(small);
    const large = RECORDS.filter((r) => r.row % 2 === 0).map((r) => r.row);
    const filter: FilterSpec = { column: 'Amount', kind: 'number', op: 'lt', value: 0 };
    const page = getRowsPage(db, { table: TABLE, offset: 0, limit: 5000, filters: [filter] }, { table: TABLE, rows: large });
    const expected = RECORDS.filter((r) => r.row % 2 === 0 && r.amount !== null && r.amount < 0).map((r) => r.row);
    expect(page.rows.map((r) => r[0])).toEqual(expected);
    expect(page.total).toBe(expected.length);
    // A rows filter intersected with a long drill list.
    const rowsFilter: FilterSpec = { column: '__row', kind: 'rows', rows: RECORDS.filter((r) => r.row % 3 === 0).map((r) => r.row) };
    const both = getRowsPage(db, { table: TABLE, offset: 0, limit: 5000, filters: [rowsFilter] }, { table: TABLE, rows: large });
    expect(both.rows.map((r) => r[0])).toEqual(RECORDS.filter((r) => r.row % 6 === 0).map((r) => r.row));
    expect(getRowsPage(db, { table: TABLE, offset: 0, limit: 10 }, { table: TABLE, rows: [] }).total).toBe(0);
  });

  it('counts a re-imported table of the same name afresh (count cache follows table versions)', async () => {
    const local = await openDatabase();
    const make = (rows: number) => {
      const w = new TableWriter(local, 'again', ['integer']);
      w.begin();
      for (let i = 0; i < rows; i++) w.add(i + 2, [i, null]);
      w.commit();
      w.close();
      saveTableInfo(local, {
        name: 'again', source: 'again.csv', sheet: null, rowCount: rows, encoding: 'utf-8', delimiter: ',', headerRow: 1, issues: [],
        columns: [{ name: 'N', sqlName: 'c0', rawSqlName: 'c0_raw', type: 'integer', calendar: null, nonEmpty: rows, invalid: 0, examples: [] }],
      });
    };
    const filter: FilterSpec = { column: 'N', kind: 'number', op: 'ge', value: 5 };
    make(10);
    expect(getRowsPage(local, { table: 'again', offset: 0, limit: 1, filters: [filter] }).total).toBe(5);
    removeTable(local, 'again');
    make(20);
    expect(getRowsPage(local, { table: 'again', offset: 0, limit: 1, filters: [filter] }).total).toBe(15);
  });

  it('names unknown tables and columns in its errors', () => {
    expect(() => getRowsPage(db, { table: 'nope', offset: 0, limit: 1 })).toThrow(/no imported table named "nope"/);
    expect(() => getRowsPage(db, { table: TABLE, offset: 0, limit: 1, sort: [{ column: 'Missing', direction: 'asc' }] })).toThrow(/no column "Missing"/);
  });

  it('sorts large tables through sort indexes with the same results (asc, desc, two columns)', async () => {
    const big = await openDatabase();
    const n = 25_000;
    const writer = new TableWriter(big, 'big', ['integer', 'text']);
    writer.begin();
    const recs: Array<{ row: number; k: number | null; g: string }> = [];
    for (let i = 0; i < n; i++) {
      const rec = { row: i + 2, k: i % 13 === 0 ? null : (i * 7919) % 1000, g: ['x', 'y', 'z'][i % 3] };
      recs.push(rec);
      writer.add(rec.row, [rec.k, null, rec.g, null]);
    }
    writer.commit();
    writer.close();
    saveTableInfo(big, {
      name: 'big', source: 'big.csv', sheet: null, rowCount: n, encoding: 'utf-8', delimiter: ',', headerRow: 1, issues: [],
      columns: ['K', 'G'].map((name, i) => ({ name, sqlName: `c${i}`, rawSqlName: `c${i}_raw`, type: i === 0 ? 'integer' : 'text', calendar: null, nonEmpty: 0, invalid: 0, examples: [] })),
    });
    const byK = (dir: 1 | -1) => (a: typeof recs[number], b: typeof recs[number]) =>
      (a.k === null ? 1 : 0) - (b.k === null ? 1 : 0) || (a.k !== null && b.k !== null ? dir * (a.k - b.k) : 0) || a.row - b.row;
    const specs: Array<[SortSpec[], (a: typeof recs[number], b: typeof recs[number]) => number]> = [
      [[{ column: 'K', direction: 'asc' }], byK(1)],
      [[{ column: 'K', direction: 'desc' }], byK(-1)],
      [[{ column: 'G', direction: 'desc' }, { column: 'K', direction: 'asc' }], (a, b) => b.g.localeCompare(a.g) || byK(1)(a, b)],
    ];
    for (const [sort, compare] of specs) {
      const expected = [...recs].sort(compare).map((r) => r.row);
      for (const offset of [0, 12_345, 24_990]) {
        const page = getRowsPage(big, { table: 'big', offset, limit: 20, sort });
        expect(page.rows.map((r) => r[0])).toEqual(expected.slice(offset, offset + 20));
      }
    }
    const indexes = queryRows(big, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'big'").rows.map((r) => r[0]);
    expect(indexes).toHaveLength(3);
  });

  it('pages deep into an unsorted table by row number when the numbers have no gaps, by offset when they do', async () => {
    for (const gap of [false, true]) {
      const db = await openDatabase();
      const n = 30_000;
      const writer = new TableWriter(db, 't', ['integer']);
      writer.begin();
      // Row numbers from 2 (after the header); with a gap, rows 1000–1999 are missing (a skipped block).
      const rows = Array.from({ length: n }, (_, i) => i + 2 + (gap && i >= 998 ? 1000 : 0));
      for (const r of rows) writer.add(r, [r * 3, null]);
      writer.commit();
      writer.close();
      saveTableInfo(db, {
        name: 't', source: 't.csv', sheet: null, rowCount: n, encoding: 'utf-8', delimiter: ',', headerRow: 1, issues: [],
        columns: [{ name: 'V', sqlName: 'c0', rawSqlName: 'c0_raw', type: 'integer', calendar: null, nonEmpty: n, invalid: 0, examples: [] }],
      });
      for (const offset of [0, 1, 997, 998, 15_000, n - 7]) {
        const page = getRowsPage(db, { table: 't', offset, limit: 10 });
        expect(page.rows.map((r) => r[0]), `gap ${gap}, offset ${offset}`).toEqual(rows.slice(offset, offset + 10));
        expect(page.rows.map((r) => r[1])).toEqual(rows.slice(offset, offset + 10).map((r) => r * 3));
        expect(page.total).toBe(n);
      }
      // A filter still pages by offset over the matching rows.
      const filtered = getRowsPage(db, { table: 't', offset: 5, limit: 3, filters: [{ column: 'V', kind: 'number', op: 'gt', value: 3 * 20_000 }] });
      const matching = rows.filter((r) => r * 3 > 60_000);
      expect(filtered.rows.map((r) => r[0])).toEqual(matching.slice(5, 8));
      expect(filtered.total).toBe(matching.length);
    }
  });
});
