// `kpiw sql` through the built CLI: help, the clear refusals (unknown dialect, metric, argument),
// and a mapping file turned into CREATE VIEWs in the chosen dialect.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kpiw } from '../fixtures/cli';

describe('kpiw sql (built CLI)', () => {
  beforeAll(async () => { await buildCli(); }, 120_000);

  it('prints help and refuses unknown dialects, metrics and arguments with exit code 2', async () => {
    const help = await kpiw(['sql', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--dialect sqlite\|duckdb\|postgres\|bigquery\|snowflake\|trino\|spark/);
    const bad = await kpiw(['sql', '--dialect', 'oracle']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown dialect "oracle"; known: sqlite, duckdb, postgres, bigquery, snowflake, trino, spark/);
    const metric = await kpiw(['sql', '--metric', 'mrrr']);
    expect(metric.code).toBe(2);
    expect(metric.stderr).toMatch(/unknown metric "mrrr"/);
    expect((await kpiw(['sql', '--frobnicate'])).code).toBe(2);
  }, 60_000);

  it('turns a mapping file into views in Snowflake SQL, MRR from amount ÷ billing interval', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kpiw-sql-'));
    const map = path.join(dir, 'map.json');
    await writeFile(map, JSON.stringify({ version: 1, params: {}, tables: [{ source: 'billing export.csv', dataset: 'subscriptions',
      fields: { customer_id: 'Customer', amount: 'Amount', billing_interval: 'Interval', start_date: 'Start', end_date: 'End' } }] }));
    const r = await kpiw(['sql', '--dialect', 'snowflake', '--map', map, '--metric', 'mrr', '--as-of', '2024-06-30']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CREATE VIEW "n_subscriptions" AS/);
    expect(r.stdout).toMatch(/FROM "billing_export"/);
    expect(r.stdout).toMatch(/CAST\("Amount" AS DOUBLE\) \/ NULLIF\(CASE WHEN LOWER\(CAST\("Interval" AS VARCHAR\)\) IN \('month', 'monthly'\) THEN 1/);
    expect(r.stdout).toMatch(/DATEDIFF\(day, DATE '1970-01-01', CAST\("Start" AS DATE\)\) AS "start_date"/);
    expect(r.stdout).toMatch(/-- metric mrr: MRR/);
  }, 60_000);
});
