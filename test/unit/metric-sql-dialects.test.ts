// `kpiw sql` (Engine.metricSql): every dialect's script parses with sqlglot for that dialect; the
// DuckDB and PostgreSQL-flavoured scripts, with the CREATE VIEWs of a mapping over typed warehouse
// tables, run in DuckDB, and the families over those views give the sql.js engine's values.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetId, MappingFile } from '../../src/shared/types';
import { Engine } from '../../src/engine/api';
import { openDatabase, queryRows, type Database } from '../../src/engine/store/database';
import { createNormalizedTable, insertNormalizedRows } from '../../src/engine/mapping/normalizedSchema';
import { DATASET_BY_ID } from '../../src/engine/mapping/datasets';
import { buildMetricContext } from '../../src/engine/metrics/context';
import { FAMILIES } from '../../src/engine/metrics/catalog';
import { DIALECT_NAMES, sqlite, type DialectName } from '../../src/engine/metrics/dialect';
import { separateStatements } from '../../src/engine/metrics/warehouseSql';
import { dayFromIso, isoFromDay } from '../../src/shared/calendar/periods';
import { openDuckdbDatabase, type DuckdbDatabase } from '../../src/engine/host/duckdbDatabase';
import { AS_OF, FROM, portableTables } from './portable-fixture';

const PY = '/usr/bin/python3';
const probe = spawnSync(PY, ['-c', 'import sqlglot'], { encoding: 'utf8' });
const hasSqlglot = probe.status === 0;
if (!hasSqlglot) console.warn('metric-sql-dialects: sqlglot parse tests SKIPPED — python3-sqlglot is not importable by /usr/bin/python3 (apt install python3-sqlglot)');
let hasDuck = true;
try { await import('@duckdb/node-api'); } catch { hasDuck = false; }
if (!hasDuck) console.warn('metric-sql-dialects: DuckDB execution tests SKIPPED — @duckdb/node-api (optional dependency) is not installed');

const PARSE = `import sys, sqlglot
try:
    sqlglot.parse(sys.stdin.read(), read=sys.argv[1])
except Exception as e:
    print(str(e)[:2000]); sys.exit(1)`;

const tables = portableTables();
const mapping: MappingFile = {
  version: 1,
  tables: (Object.entries(tables) as Array<[DatasetId, Array<Record<string, unknown>>]>).map(([ds, rows]) => ({
    source: `exports/${ds}.csv`, dataset: ds,
    fields: Object.fromEntries(Object.keys(rows[0]!).filter((k) => !k.startsWith('_')).map((k) => [k, k])),
  })),
  params: {},
};

async function script(dialect: DialectName, withMap: boolean, metrics?: string[]): Promise<string> {
  const engine = await Engine.create();
  return engine.metricSql({ dialect, ...(withMap ? { mapping } : {}), asOf: AS_OF, from: FROM, ...(metrics ? { metrics } : {}) });
}

describe('kpiw sql output', () => {
  it('splits a metric\'s shown SQL into statements (CTE bodies and UNIONs stay whole)', () => {
    expect(separateStatements('SELECT 1\n\n-- then\nWITH a AS (\nSELECT 2\n)\nSELECT * FROM a\nUNION ALL\nSELECT 3')).toEqual(
      ['SELECT 1', '-- then\nWITH a AS (\nSELECT 2\n)\nSELECT * FROM a\nUNION ALL\nSELECT 3']);
  });

  it('names unknown metrics and datasets', async () => {
    await expect(script('duckdb', false, ['no_such_metric'])).rejects.toThrow(/unknown metric "no_such_metric"/);
    const engine = await Engine.create();
    await expect(engine.metricSql({ dialect: 'duckdb', datasets: ['nope'] })).rejects.toThrow(/unknown dataset "nope"/);
  });

  it('prints one family when asked for one metric, and the schema contract without a mapping', async () => {
    const one = await script('postgres', false, ['ticket_volume']);
    expect(one).toMatch(/-- metric ticket_volume/);
    expect(one).not.toMatch(/-- metric mrr:/);
    expect(one).toMatch(/-- CREATE TABLE "n_tickets" \(/);
    expect(one).toMatch(/"created_at" DOUBLE PRECISION/);
    const bq = await script('bigquery', true);
    expect(bq).toMatch(/CREATE VIEW `n_tickets` AS/);
    expect(bq).toMatch(/UNIX_SECONDS\(CAST\(`created_at` AS TIMESTAMP\)\)/);
    expect(bq.split('\n').filter((l) => !l.startsWith('--')).join('\n')).not.toMatch(/"end"/);
  });

  for (const dialect of DIALECT_NAMES) {
    it.skipIf(!hasSqlglot)(`${dialect}: parses with sqlglot (schema contract and mapping views)`, async () => {
      for (const withMap of [false, true]) {
        const sql = await script(dialect, withMap);
        expect(sql.match(/^-- metric /gm)!.length).toBeGreaterThan(50);
        const r = spawnSync(PY, ['-c', PARSE, dialect], { input: sql, encoding: 'utf8', maxBuffer: 1 << 26 });
        expect(r.stdout + r.stderr, `${dialect} ${withMap ? 'with' : 'without'} mapping`).toBe('');
        expect(r.status).toBe(0);
      }
    }, 60_000);
  }
});

/** The fixture as a warehouse holds it: DATE, TIMESTAMP, BOOLEAN and numeric columns. */
function warehouseTables(db: Database): void {
  for (const [ds, rows] of Object.entries(tables) as Array<[DatasetId, Array<Record<string, unknown>>]>) {
    const def = DATASET_BY_ID.get(ds)!;
    const fields = def.fields.filter((f) => f.id in rows[0]!);
    const type = (k: string) => ({ date: 'DATE', datetime: 'TIMESTAMP', bool: 'BOOLEAN', id: 'VARCHAR', text: 'VARCHAR' } as Record<string, string>)[k] ?? 'DOUBLE';
    db.run(`CREATE TABLE "${ds}" (${fields.map((f) => `"${f.id}" ${type(f.kind)}`).join(', ')})`);
    const lit = (kind: string, v: unknown) => {
      if (v === null || v === undefined) return 'NULL';
      if (kind === 'date') return `DATE '${isoFromDay(v as number)}'`;
      if (kind === 'datetime') return `TIMESTAMP '${new Date((v as number) * 1000).toISOString().replace('T', ' ').replace('Z', '')}'`;
      if (kind === 'bool') return v ? 'TRUE' : 'FALSE';
      return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
    };
    db.run(`INSERT INTO "${ds}" VALUES ${rows.map((r) => `(${fields.map((f) => lit(f.kind, r[f.id])).join(', ')})`).join(',\n')}`);
  }
}

describe.skipIf(!hasDuck)('kpiw sql output runs in DuckDB', () => {
  const ducks: DuckdbDatabase[] = [];
  afterAll(() => { for (const d of ducks) d.close(); });

  for (const dialect of ['duckdb', 'postgres'] as const) {
    it(`${dialect}: the views reproduce the normalized rows, the script runs, the families give the sql.js values`, async () => {
      const lite = await openDatabase();
      for (const [ds, rows] of Object.entries(tables) as Array<[DatasetId, Array<Record<string, unknown>>]>) {
        createNormalizedTable(lite, ds); insertNormalizedRows(lite, ds, rows.map((r) => ({ ...r, _seg: null, _src: `exports/${ds}.csv` })));
      }
      const duck = openDuckdbDatabase();
      ducks.push(duck);
      warehouseTables(duck.db);
      const sql = await script(dialect, true);
      duck.db.run(sql); // views, temp tables, every metric query: runs without an error

      for (const ds of Object.keys(tables) as DatasetId[]) {
        const cols = Object.keys(tables[ds]![0]!).filter((k) => !k.startsWith('_'));
        const withDays = DATASET_BY_ID.get(ds)!.fields.filter((f) => f.kind === 'datetime' && cols.includes(f.id)).map((f) => `${f.id}_day`);
        const q = `SELECT ${[...cols, ...withDays].map((c) => `"${c}"`).join(', ')} FROM n_${ds}`;
        const norm = (rs: unknown[][]) => rs.map((r) => JSON.stringify(r.map((v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)))).sort();
        expect(norm(queryRows(duck.db, q).rows), `n_${ds} view`).toEqual(norm(queryRows(lite, q).rows));
      }

      // The engine reads rowid of its n_* tables (cache fingerprints): the views become tables first.
      for (const ds of Object.keys(tables)) duck.db.run(`CREATE TABLE m_${ds} AS SELECT * FROM n_${ds}; DROP VIEW n_${ds}; ALTER TABLE m_${ds} RENAME TO n_${ds}`);
      const mapped = Object.fromEntries(mapping.tables.map((t) => [t.dataset, new Set(Object.keys(t.fields))])) as Partial<Record<DatasetId, Set<string>>>;
      let compared = 0;
      for (const fam of FAMILIES) {
        const ctx = (db: Database, d: typeof sqlite) => buildMetricContext({ db, dialect: d, mapped, fromDay: dayFromIso(FROM)!, asOfDay: dayFromIso(AS_OF)! });
        const a = fam.compute(ctx(lite, sqlite));
        const { DIALECTS } = await import('../../src/engine/metrics/dialect');
        const b = fam.compute(ctx(duck.db, DIALECTS[dialect]));
        for (const [id, x] of a) {
          const y = b.get(id)!;
          x.series.forEach((p, i) => {
            const q = y.series[i]!.value;
            const same = typeof p.value === 'number' && typeof q === 'number' ? Math.abs(p.value - q) <= 1e-9 * Math.max(1, Math.abs(p.value)) : p.value === q;
            expect(same, `${dialect} ${id} ${p.period}: ${p.value} vs ${q}`).toBe(true);
            if (p.value !== null) compared++;
          });
        }
      }
      expect(compared).toBeGreaterThan(150);
    }, 120_000);
  }
});
