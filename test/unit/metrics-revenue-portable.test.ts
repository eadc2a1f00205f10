// The set-based SQL definition of the MRR movements (revenueSqlPipeline) is meant to run on other
// engines: here it runs, unchanged but for the dialect, on DuckDB and on sql.js over the same
// rows, and every query gives the same result.
import { describe, expect, it } from 'vitest';
import { duckdb as duckDialect, sqlite } from '../../src/engine/metrics/dialect';
import { revenueSqlPipeline } from '../../src/engine/metrics/families/money-revenue-base';
import { writeDayIndexTable } from '../../src/engine/metrics/families/money-common';
import { listPeriods, dayFromIso } from '../../src/shared/calendar/periods';
import { queryRows } from '../../src/engine/store/database';
import { setup, type Sub } from './money-reference';

const D = (iso: string) => dayFromIso(iso)!;

let duck: typeof import('@duckdb/node-api') | null = null;
try { duck = await import('@duckdb/node-api'); } catch { duck = null; }

describe('revenue SQL definition is portable', () => {
  it.skipIf(!duck)('gives the same movements, cohorts and tenure on DuckDB as on SQLite', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const subs: Sub[] = Array.from({ length: 400 }, (_, i) => {
      const start = D('2023-10-01') + Math.floor(rnd() * 300);
      return {
        customer_id: `c${Math.floor(rnd() * 120)}`, mrr: [10, 20.5, 99, -5][i % 4]!, start_date: start,
        end_date: rnd() < 0.5 ? start + Math.floor(rnd() * 200) : null, term_months: i % 3 === 0 ? 12 : 1,
        _seg: i % 2 ? 'x' : 'y',
      };
    });
    const { db } = await setup({ subscriptions: subs }, { fromDay: D('2024-01-01'), asOfDay: D('2024-08-15') });
    const periods = listPeriods('month', 'gregorian', D('2024-01-01'), D('2024-08-15'));
    const names = { days: 'tmp_days', months: 'tmp_months', ev: 'tmp_ev', bal: 'tmp_bal' };
    const asOfEnd = D('2024-08-16');

    const instance = await duck!.DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    await con.run(`CREATE TABLE n_subscriptions (_src VARCHAR, _row INTEGER, _seg VARCHAR, customer_id VARCHAR, mrr DOUBLE,
      start_date INTEGER, end_date INTEGER, term_months DOUBLE)`);
    const { rows } = queryRows(db, 'SELECT _src, _row, _seg, customer_id, mrr, start_date, end_date, term_months FROM n_subscriptions');
    const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));
    await con.run(`INSERT INTO n_subscriptions VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`);
    await con.run(`CREATE TABLE ${names.days} (day INTEGER, idx INTEGER)`);
    await con.run(`INSERT INTO ${names.days} VALUES ${periods.flatMap((p, i) => Array.from({ length: p.end - p.start }, (_, k) => `(${p.start + k}, ${i})`)).join(', ')}`);
    writeDayIndexTable(db, names.days, periods);

    for (const bySeg of [false, true]) {
      const onSqlite = revenueSqlPipeline('subscriptions', periods, bySeg, asOfEnd, sqlite.least, names);
      const onDuck = revenueSqlPipeline('subscriptions', periods, bySeg, asOfEnd, duckDialect.least, names);
      for (const t of [names.ev, names.bal]) { db.run(`DROP TABLE IF EXISTS ${t}`); await con.run(`DROP TABLE IF EXISTS ${t}`); }
      db.run(onSqlite.evSql); db.run(onSqlite.balSql);
      await con.run(onDuck.evSql); await con.run(onDuck.balSql);
      const norm = (r: unknown[]) => r.map((v) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v));
      const sortRows = (rs: unknown[][]) => rs.map(norm).map((r) => JSON.stringify(r)).sort();
      for (const key of ['aggSql', 'cohortSql', 'tenureEndedSql', 'tenureNowSql'] as const) {
        const a = sortRows(queryRows(db, onSqlite[key]).rows);
        const b = sortRows((await con.runAndReadAll(onDuck[key])).getRowsJS() as unknown[][]);
        expect(b, `${key} (bySeg ${bySeg})`).toEqual(a);
        expect(a.length).toBeGreaterThan(0);
      }
    }
    con.closeSync();
  });
});
