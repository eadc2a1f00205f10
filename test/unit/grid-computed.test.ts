// Columns the engine computes next to the data of a mapped table (src/engine/mapping/gridColumns.ts),
// served by getRows, sortable and filterable in SQL. The assertions moved here from the renderer's
// own computations (test/unit/renderer-grid.test.ts), which are gone.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import type { RowsRequest, TableMapping } from '../../src/shared/types';

const enc = (s: string) => new TextEncoder().encode(s);

async function mapped(source: string, csv: string, entry: Omit<TableMapping, 'source'>): Promise<{ engine: Engine; table: string }> {
  const engine = await Engine.create();
  const result = await engine.openFile({ source, bytes: enc(csv) });
  await engine.setMapping({ version: 1, params: {}, tables: [{ source, ...entry }] });
  return { engine, table: result.tables[0]!.name };
}

/** One computed column's values by source row, in the order asked. */
async function values(engine: Engine, req: RowsRequest, column: string): Promise<unknown[]> {
  const page = await engine.getRows(req);
  const i = page.columns.indexOf(column);
  expect(i, `${column} in ${page.columns.join(', ')}`).toBeGreaterThanOrEqual(0);
  return page.rows.map((r) => r[i]);
}

describe('computed grid columns', () => {
  it('NPS bands per METRICS.md §5, with the nps.* params of the request', async () => {
    const scores = ['0', '6', '7', '8', '9', '10', '-1', '11', '6.5', '', 'nine'];
    const { engine, table } = await mapped('nps.csv', `Score,When\n${scores.map((s, i) => `${s},2024-01-${String(i + 1).padStart(2, '0')}`).join('\n')}\n`,
      { dataset: 'survey_responses', survey: 'nps', fields: { score: 'Score', responded_at: 'When' } });
    expect((await engine.listTables())[0]!.computed).toEqual([{ id: 'nps_band', column: 'computed:nps_band', unit: 'band' }]);
    const bands = await values(engine, { table, offset: 0, limit: 20 }, 'computed:nps_band');
    expect(bands.slice(0, 6)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(bands.slice(6)).toEqual([null, null, null, null, null]);
    const strict = await values(engine, { table, offset: 0, limit: 20, params: { 'nps.promoter_min': 8, 'nps.detractor_max': 5 } }, 'computed:nps_band');
    expect(strict[3]).toBe('promoter');
    await expect(engine.getRows({ table, offset: 0, limit: 20, params: { 'nps.promoter_min': -3 } })).rejects.toThrow('nps.promoter_min = -3');
    // Filterable and sortable in SQL.
    const promoters = await engine.getRows({ table, offset: 0, limit: 20, filters: [{ column: 'computed:nps_band', kind: 'text', op: 'equals', value: 'promoter' }] });
    expect(promoters.total).toBe(2);
  });

  it('CSAT surveys get no band', async () => {
    const { engine } = await mapped('csat.csv', 'Score,When\n4,2024-01-01\n', { dataset: 'survey_responses', survey: 'csat', fields: { score: 'Score', responded_at: 'When' } });
    expect((await engine.listTables())[0]!.computed).toEqual([]);
  });

  it('hours between stored date-times: first response and resolution of a ticket', async () => {
    const csv = 'Id,Opened,First reply,Closed\n'
      + 'T1,1970-01-01 00:00:00,1970-01-02 00:00:00,\n'
      + 'T2,2024-03-01 09:00:00,2024-03-02 10:30:00,2024-03-03 09:00:00\n'
      + 'T3,2024-03-01,2024-03-01 06:00:00,\n'
      + 'T4,2024-01-01 08:00:00,2024-01-01 08:30:00,2024-01-03 08:00:00\n';
    const { engine, table } = await mapped('tickets.csv', csv, { dataset: 'tickets', fields: { ticket_id: 'Id', created_at: 'Opened', first_response_at: 'First reply', resolved_at: 'Closed' } });
    expect((await engine.listTables())[0]!.computed!.map((c) => c.id)).toEqual(['first_response_hours', 'resolution_hours']);
    expect(await values(engine, { table, offset: 0, limit: 10 }, 'computed:first_response_hours')).toEqual([24, 25.5, 6, 0.5]);
    expect(await values(engine, { table, offset: 0, limit: 10 }, 'computed:resolution_hours')).toEqual([null, 48, null, 48]);
    const fastest = await values(engine, { table, offset: 0, limit: 10, sort: [{ column: 'computed:first_response_hours', direction: 'asc' }] }, '__row');
    expect(fastest[0]).toBe(5);
  });

  it('monthly amount from amount and billing interval, read as the mapping reads it', async () => {
    const rows = [['1200', 'annual'], ['90', 'quarter'], ['1200', 'year'], ['90', 'Quarterly'], ['60', '6'], ['10', 'fortnight'], ['1200', 'سالانه'], ['90', 'every 3 months'], ['1200', '年']];
    const csv = `Customer,Start,Amount,Interval\n${rows.map(([a, i], k) => `C${k},2024-01-01,${a},${i}`).join('\n')}\n`;
    const { engine, table } = await mapped('subs.csv', csv, { dataset: 'subscriptions', fields: { customer_id: 'Customer', start_date: 'Start', amount: 'Amount', billing_interval: 'Interval' } });
    expect(await values(engine, { table, offset: 0, limit: 20 }, 'computed:monthly_mrr')).toEqual([100, 30, 100, 30, 10, null, 100, 30, 100]);
    const top = await engine.getRows({ table, offset: 0, limit: 20, sort: [{ column: 'computed:monthly_mrr', direction: 'desc' }], filters: [{ column: 'computed:monthly_mrr', kind: 'number', op: 'gt', value: 50 }] });
    expect(top.total).toBe(4);
  });

  it('without an interval the amount is monthly; with an MRR column there is nothing to compute', async () => {
    const plain = await mapped('subs.csv', 'Customer,Start,Amount\nC1,2024-01-01,50\n', { dataset: 'subscriptions', fields: { customer_id: 'Customer', start_date: 'Start', amount: 'Amount' } });
    expect(await values(plain.engine, { table: plain.table, offset: 0, limit: 5 }, 'computed:monthly_mrr')).toEqual([50]);
    const withMrr = await mapped('subs.csv', 'Customer,Start,MRR,Amount\nC1,2024-01-01,75,1200\n', { dataset: 'subscriptions', fields: { customer_id: 'Customer', start_date: 'Start', mrr: 'MRR', amount: 'Amount' } });
    expect((await withMrr.engine.listTables())[0]!.computed).toEqual([]);
  });

  it('an unmapped table has no computed columns, and CSV export still sorts by them', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'misc.csv', bytes: enc('A\n1\n') });
    expect((await engine.listTables())[0]!.computed).toEqual([]);
    const { engine: e2, table } = await mapped('nps.csv', 'Score,When\n3,2024-01-01\n10,2024-01-02\n', { dataset: 'survey_responses', survey: 'nps', fields: { score: 'Score', responded_at: 'When' } });
    const csv = new TextDecoder().decode(await e2.exportCsv({ table, sort: [{ column: 'computed:nps_band', direction: 'desc' }] }));
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 3)).toEqual(['row,Score,When', '3,10,2024-01-02', '2,3,2024-01-01']);
  });

  it('a mapped customer column gets the customer’s health score of the last analysis, sortable and filterable', async () => {
    // Moved from the renderer (its own lookup in the health table is gone): the engine serves it.
    const engine = await Engine.create();
    const subs = await engine.openFile({ source: 'subs.csv', bytes: enc('Customer,MRR,Start\nC1,100,2021-01-01\nC2,50,2024-05-01\nC3,80,2023-02-01\n') });
    const tickets = await engine.openFile({ source: 'tickets.csv', bytes: enc('Id,Opened,Customer\nT1,2024-06-01 08:00:00,C1\nT2,2024-06-02 08:00:00,C9\nT3,2024-06-03 08:00:00,C2\nT4,2024-06-04 08:00:00,C1\n') });
    await engine.setMapping({ version: 1, params: {}, tables: [
      { source: 'subs.csv', dataset: 'subscriptions', fields: { customer_id: 'Customer', mrr: 'MRR', start_date: 'Start' } },
      { source: 'tickets.csv', dataset: 'tickets', fields: { ticket_id: 'Id', created_at: 'Opened', customer_id: 'Customer' } },
    ] });
    const table = tickets.tables[0]!.name;
    const computedIds = async () => (await engine.listTables()).find((t) => t.name === table)!.computed!.map((c) => c.id);
    // The table's own computed columns never include it (it belongs to an analysis).
    expect(await computedIds()).not.toContain('health_score');

    const result = await engine.computeMetrics({ asOf: '2024-06-30' });
    // The column comes with the analysis, for both tables naming customers.
    expect(result.gridColumns?.[table]).toEqual([{ id: 'health_score', column: 'computed:health_score', unit: 'score' }]);
    expect(Object.keys(result.gridColumns ?? {}).sort()).toEqual([subs.tables[0]!.name, table].sort());
    const health = result.metrics.find((m) => m.id === 'health_score')!.table!;
    const scoreOf = new Map(health.rows.map((r) => [r[0], r[1]]));
    expect(typeof scoreOf.get('C1')).toBe('number');
    expect(typeof scoreOf.get('C2')).toBe('number');
    expect(scoreOf.has('C9')).toBe(false);
    const withHealth = { analysisColumns: ['health_score' as const] };
    // Served when asked for (the grid asks for the columns its analysis added).
    expect((await engine.getRows({ table, offset: 0, limit: 10 })).columns).not.toContain('computed:health_score');
    const shown = await values(engine, { table, offset: 0, limit: 10, ...withHealth }, 'computed:health_score');
    expect(shown).toEqual([scoreOf.get('C1'), null, scoreOf.get('C2'), scoreOf.get('C1')]);
    // The subscriptions table shows it too, row by row.
    expect(await values(engine, { table: subs.tables[0]!.name, offset: 0, limit: 10, ...withHealth }, 'computed:health_score'))
      .toEqual(['C1', 'C2', 'C3'].map((c) => scoreOf.get(c)));

    const byScore = await values(engine, { table, offset: 0, limit: 10, sort: [{ column: 'computed:health_score', direction: 'desc' }] }, 'Id');
    const expected = [['T1', scoreOf.get('C1')], ['T3', scoreOf.get('C2')], ['T4', scoreOf.get('C1')]]
      .sort((x, y) => (y[1] as number) - (x[1] as number) || 0).map((x) => x[0]);
    expect(byScore.filter((id) => id !== 'T2')).toEqual(expected);
    const high = Math.max(scoreOf.get('C1') as number, scoreOf.get('C2') as number);
    const filtered = await engine.getRows({ table, offset: 0, limit: 10, filters: [{ column: 'computed:health_score', kind: 'number', op: 'ge', value: high }] });
    const best = scoreOf.get('C1') === high ? 2 : 1;
    expect(filtered.total).toBe(best);

    // Saving a workspace reopens sql.js's database (temporary tables are gone): the scores come back.
    await engine.saveWorkspace();
    expect(await values(engine, { table, offset: 0, limit: 10, ...withHealth }, 'computed:health_score')).toEqual(shown);
    // A new mapping makes the scores stale until the next analysis.
    await engine.setMapping(await engine.getMapping());
    expect((await engine.getRows({ table, offset: 0, limit: 10, ...withHealth })).columns).not.toContain('computed:health_score');
  });
});
