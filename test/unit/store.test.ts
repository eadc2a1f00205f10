import { describe, expect, it } from 'vitest';
import { openDatabase, queryAll } from '../../src/engine/store/database';
import { listTables, removeTable, saveTableInfo, uniqueTableName, getTable } from '../../src/engine/store/catalog';
import { TableWriter, sqlTypeOf } from '../../src/engine/store/tableWriter';
import type { TableInfo } from '../../src/shared/types';

function info(name: string, source: string, rowCount = 0): TableInfo {
  return { name, source, sheet: null, rowCount, encoding: 'utf-8', delimiter: ',', headerRow: 1, columns: [], issues: [] };
}

describe('catalog', () => {
  it('lists tables in import order and removes them with their data', async () => {
    const db = await openDatabase();
    expect(listTables(db)).toEqual([]);
    for (const name of ['zeta', 'alpha']) {
      new TableWriter(db, name, ['integer']).close();
      saveTableInfo(db, info(name, `${name}.csv`));
    }
    expect(listTables(db).map((t) => t.name)).toEqual(['zeta', 'alpha']);
    expect(getTable(db, 'alpha')?.source).toBe('alpha.csv');
    removeTable(db, 'zeta');
    expect(listTables(db).map((t) => t.name)).toEqual(['alpha']);
    expect(queryAll(db, "SELECT name FROM sqlite_master WHERE name = 'zeta'")).toEqual([]);
    expect(() => removeTable(db, 'zeta')).toThrow(/no imported table named "zeta"/);
  });

  it('makes SQL-safe unique table names from file and sheet names in any script', async () => {
    const db = await openDatabase();
    expect(uniqueTableName(db, '/data/Telco-Customer-Churn.csv', null)).toBe('telco_customer_churn');
    expect(uniqueTableName(db, 'C:\\exports\\Orders 2024.xlsx', 'Sheet 1')).toBe('orders_2024_sheet_1');
    expect(uniqueTableName(db, 'مشتریان.csv', null)).toBe('مشتریان');
    expect(uniqueTableName(db, 'ลูกค้า.csv', null)).toBe('ลูกค้า');
    expect(uniqueTableName(db, '客户 数据.csv', null)).toBe('客户_数据');
    expect(uniqueTableName(db, '2024.csv', null)).toBe('t_2024');
    expect(uniqueTableName(db, 'sqlite_master.csv', null)).toBe('t_sqlite_master');
    expect(uniqueTableName(db, '!!!.csv', null)).toBe('t1');
    // Taken names get a suffix; the catalog table itself is never reused.
    new TableWriter(db, 'sales', ['text']).close();
    expect(uniqueTableName(db, 'sales.csv', null)).toBe('sales_2');
    new TableWriter(db, 't1', ['text']).close();
    expect(uniqueTableName(db, '???.csv', null)).toBe('t2');
    expect(uniqueTableName(db, '__kpiw_tables.csv', null)).toBe('kpiw_tables');
  });
});

describe('TableWriter', () => {
  it('creates typed and raw columns and inserts rows across statement and batch boundaries', async () => {
    const db = await openDatabase();
    const writer = new TableWriter(db, 'w', ['integer', 'decimal', 'text', 'date']);
    const expected: unknown[][] = [];
    for (let batch = 0; batch < 3; batch++) {
      writer.begin();
      for (let i = 0; i < 257; i++) {
        const row = batch * 257 + i;
        const values = [row, null, row * 0.5, row % 7 === 0 ? `${row * 0.5}` : null, `t${row}`, null, '2024-01-02', null];
        writer.add(row + 2, values);
        expected.push([row + 2, ...values]);
      }
      writer.commit();
    }
    writer.close();
    const cols = queryAll(db, 'PRAGMA table_info(w)').map((c) => [c.name, c.type]);
    expect(cols).toEqual([['__row', 'INTEGER'], ['c0', 'INTEGER'], ['c0_raw', 'TEXT'], ['c1', 'REAL'], ['c1_raw', 'TEXT'], ['c2', 'TEXT'], ['c2_raw', 'TEXT'], ['c3', 'TEXT'], ['c3_raw', 'TEXT']]);
    const rows = queryAll(db, 'SELECT * FROM w ORDER BY __row').map((r) => Object.values(r));
    expect(rows).toEqual(expected);
  });

  it('stores NULLs and values right whichever columns are NULL throughout a statement (more column sets than prepared statements)', async () => {
    const db = await openDatabase();
    const types = Array.from({ length: 20 }, () => 'text' as const);
    const writer = new TableWriter(db, 'sparse', types);
    const expected: unknown[][] = [];
    let row = 0;
    for (let batch = 0; batch < 8; batch++) {
      writer.begin();
      for (let i = 0; i < 530; i++, row++) {
        // Each run of 200 rows has values in a different set of columns; some runs in none.
        const run = Math.floor(row / 200);
        const values = Array.from({ length: 40 }, (_, k) => (run % 5 === 4 ? null : (k === run % 40 || k === (run * 7) % 40) && row % 3 === 0 ? `v${row}.${k}` : null));
        writer.add(row + 2, values);
        expected.push([row + 2, ...values]);
      }
      writer.commit();
    }
    writer.close();
    const rows = queryAll(db, 'SELECT * FROM sparse ORDER BY __row').map((r) => Object.values(r));
    expect(rows).toEqual(expected);
  });

  it('drops the table when an import is abandoned mid-transaction', async () => {
    const db = await openDatabase();
    const writer = new TableWriter(db, 'gone', ['integer']);
    writer.begin();
    writer.add(2, [1, null]);
    writer.drop();
    expect(queryAll(db, "SELECT name FROM sqlite_master WHERE name = 'gone'")).toEqual([]);
  });

  it('maps column types to storage classes', () => {
    expect(['integer', 'boolean', 'decimal', 'currency', 'percent', 'duration', 'date', 'datetime', 'text'].map((t) => sqlTypeOf(t as never)))
      .toEqual(['INTEGER', 'INTEGER', 'REAL', 'REAL', 'REAL', 'REAL', 'TEXT', 'TEXT', 'TEXT']);
  });
});
