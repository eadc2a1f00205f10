// The metric families, unchanged but for the dialect, on DuckDB (through the synchronous host
// handle) and on sql.js over the same normalized rows: every series point, value and numeric stat
// agrees. Runs the DuckDB dialect and the PostgreSQL one (written to run on DuckDB as well).
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetId } from '../../src/shared/types';
import { openDatabase, type Database } from '../../src/engine/store/database';
import { createNormalizedTable, insertNormalizedRows } from '../../src/engine/mapping/normalizedSchema';
import { buildMetricContext } from '../../src/engine/metrics/context';
import { FAMILIES } from '../../src/engine/metrics/catalog';
import { duckdb, postgres, sqlite, type SqlDialect } from '../../src/engine/metrics/dialect';
import { dayFromIso } from '../../src/shared/calendar/periods';
import { openDuckdbDatabase, type DuckdbDatabase } from '../../src/engine/host/duckdbDatabase';
import type { MetricOutput } from '../../src/engine/metrics/types';
import { AS_OF, FROM, portableTables } from './portable-fixture';

let available = true;
try { await import('@duckdb/node-api'); } catch { available = false; }
if (!available) console.warn('metrics-dialects-duckdb: SKIPPED — @duckdb/node-api (optional dependency) is not installed');

const tables = portableTables();
const mappedOf = () => Object.fromEntries(Object.entries(tables).map(([ds, rows]) =>
  [ds, new Set(Object.keys(rows![0]!).filter((k) => !k.startsWith('_')))])) as Partial<Record<DatasetId, Set<string>>>;

function fill(db: Database, dialect: SqlDialect): void {
  for (const [ds, rows] of Object.entries(tables) as Array<[DatasetId, Array<Record<string, unknown>>]>) {
    createNormalizedTable(db, ds, dialect);
    insertNormalizedRows(db, ds, rows);
  }
}

function computeAll(db: Database, dialect: SqlDialect, opts: { period?: 'month' | 'quarter'; segmentValue?: string | null }) {
  const out = new Map<string, Map<string, MetricOutput> | string>();
  for (const fam of FAMILIES) {
    const ctx = buildMetricContext({
      db, dialect, mapped: mappedOf(), fromDay: dayFromIso(FROM)!, asOfDay: dayFromIso(AS_OF)!,
      period: opts.period ?? 'month', segmentValue: opts.segmentValue ?? null,
    });
    try { out.set(fam.family, fam.compute(ctx)); } catch (e) { out.set(fam.family, e instanceof Error ? e.message : String(e)); }
  }
  return out;
}

const close = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : a === b;

function compare(a: ReturnType<typeof computeAll>, b: ReturnType<typeof computeAll>, label: string): number {
  let compared = 0;
  for (const [family, outA] of a) {
    const outB = b.get(family)!;
    expect(typeof outA, `${label}: ${family} on sql.js`).not.toBe('string');
    expect(outB, `${label}: ${family} on DuckDB`).toBeInstanceOf(Map);
    const ma = outA as Map<string, MetricOutput>, mb = outB as Map<string, MetricOutput>;
    expect([...mb.keys()].sort(), `${label}: ${family} metrics`).toEqual([...ma.keys()].sort());
    for (const [id, x] of ma) {
      const y = mb.get(id)!;
      const pa = x.series.map((p) => p.value), pb = y.series.map((p) => p.value);
      pa.forEach((v, i) => expect(close(v, pb[i]), `${label}: ${id} ${x.series[i]!.period}: ${v} vs ${pb[i]}`).toBe(true));
      expect(close(x.value ?? null, y.value ?? null), `${label}: ${id} value ${x.value} vs ${y.value}`).toBe(true);
      for (const [k, v] of Object.entries(x.stats ?? {})) expect(close(v, y.stats?.[k]), `${label}: ${id} stat ${k}: ${v} vs ${y.stats?.[k]}`).toBe(true);
      expect(JSON.stringify(y.table?.rows.length), `${label}: ${id} table`).toBe(JSON.stringify(x.table?.rows.length));
      compared += pa.filter((v) => v !== null).length;
    }
  }
  return compared;
}

describe.skipIf(!available)('the metric SQL runs on DuckDB with the sql.js values', () => {
  let lite: Database;
  const ducks: DuckdbDatabase[] = [];
  afterAll(() => { for (const d of ducks) d.close(); });

  for (const dialect of [duckdb, postgres]) {
    it(`${dialect.name} dialect: every family, total, a segment and quarters`, async () => {
      lite ??= await openDatabase();
      if (!ducks.length) fill(lite, sqlite);
      const duck = openDuckdbDatabase();
      ducks.push(duck);
      fill(duck.db, dialect);
      let n = 0;
      for (const opts of [{}, { segmentValue: 'pro' }, { period: 'quarter' as const }]) {
        n += compare(computeAll(lite, sqlite, opts), computeAll(duck.db, dialect, opts), `${dialect.name} ${JSON.stringify(opts)}`);
      }
      expect(n, 'non-null values compared').toBeGreaterThan(300);
    }, 120_000);
  }
});
